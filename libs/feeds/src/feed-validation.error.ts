/** Invalid feed parameters; its message names the parameter and becomes the feed action's error. */
export class FeedValidationError extends Error {}
