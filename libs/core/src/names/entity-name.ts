import { BadRequestError, Messages } from '../errors';

/** OpenWhisk's EntityName.REGEX: alnum/_ first, then word chars, space, @ . & -, not ending in a space, ≤ 256 chars. */
const NAME = /^(?:[\w]|[\w][\w@ .&-]{0,254}[\w@.&-])$/;
const MAX = 256;

/** True when `name` is a legal entity name segment. */
export function isEntityName(name: string): boolean {
  return NAME.test(name);
}

/** Validates one entity name segment. @throws BadRequestError with OpenWhisk's text. */
export function assertEntityName(name: string): string {
  if (name.length > MAX) throw new BadRequestError(Messages.nameTooLong(name.length));
  if (!NAME.test(name)) throw new BadRequestError(Messages.illegalEntityName);
  return name;
}

/** Validates a namespace segment. @throws BadRequestError with OpenWhisk's text. */
export function assertNamespace(ns: string): string {
  if (ns.length > MAX || !NAME.test(ns)) throw new BadRequestError(Messages.illegalNamespace);
  return ns;
}

/** Validates a package name, which additionally may not be `default`. */
export function assertPackageName(name: string): string {
  assertEntityName(name);
  if (name === 'default') throw new BadRequestError(Messages.packageNameReserved);
  return name;
}
