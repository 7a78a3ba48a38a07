/** One path component of an image name (Docker's reference grammar): lower-case, separators between alphanumerics. */
const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
/** A registry host, with an optional port. */
const DOMAIN = '[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]{1,5})?';
const REFERENCE = new RegExp(`^(?:${DOMAIN}/)?${COMPONENT}(?:/${COMPONENT})*(?::[\\w][\\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$`);
/** Docker's own bound on a reference. */
const MAX_LENGTH = 255;

/**
 * True when `image` is a Docker image reference (`[host[:port]/]name[/name…][:tag][@sha256:…]`). Anything else never
 * reaches the engine's API, whose URL paths it would become: `../../x` makes the engine redirect the invoker elsewhere.
 */
export function isImageReference(image: string): boolean {
  return image.length <= MAX_LENGTH && REFERENCE.test(image);
}
