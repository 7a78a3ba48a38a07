/**
 * The nodejs runtime image tests run actions in: WISP_RUNTIME_IMAGE, as the invoker reads it, so a checkout can test a
 * proxy change under its own tag without touching the shared `wisp/action-nodejs:20`.
 */
export const RUNTIME_IMAGE = process.env.WISP_RUNTIME_IMAGE ?? 'wisp/action-nodejs:20';
