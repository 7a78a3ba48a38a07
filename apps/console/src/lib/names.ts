/** A fully qualified entity name split into its parts. */
export interface EntityPath {
  namespace: string;
  /** The package, for an entity inside one. */
  pkg?: string;
  name: string;
}

/**
 * Splits `/ns/name`, `/ns/pkg/name`, `ns/name` or a bare `name` (then in `defaultNamespace`).
 * A two-part name without a leading slash is `ns/name`, as `path` fields of rules carry it.
 */
export function splitPath(path: string, defaultNamespace = '_'): EntityPath {
  const parts = path.replace(/^\//, '').split('/').filter((p) => p !== '');
  if (parts.length >= 3) return { namespace: parts[0], pkg: parts[1], name: parts.slice(2).join('/') };
  if (parts.length === 2) return { namespace: parts[0], name: parts[1] };
  return { namespace: defaultNamespace, name: parts[0] ?? '' };
}

/** `/ns/pkg/name` or `/ns/name`. */
export function qualifiedName(p: EntityPath): string {
  return `/${p.namespace}/${p.pkg ? `${p.pkg}/` : ''}${p.name}`;
}

/** The REST path of an entity: `/api/v1/namespaces/{ns}/{collection}/{pkg}/{name}`, each segment encoded. */
export function entityUrl(collection: 'actions' | 'triggers' | 'rules' | 'packages', p: EntityPath): string {
  const segments = [p.namespace, collection, ...(p.pkg ? [p.pkg] : []), p.name];
  return `/api/v1/namespaces/${segments.map(encodeURIComponent).join('/')}`;
}

/** The name an action is known by inside its namespace: `pkg/name` or `name`. */
export function localName(p: EntityPath): string {
  return p.pkg ? `${p.pkg}/${p.name}` : p.name;
}

const ENTITY_NAME = /^[A-Za-z0-9_][A-Za-z0-9_@.\- ]*$/;

/** OpenWhisk's entity name rule; returns an error text, or undefined when the name is valid. */
export function entityNameError(name: string, what = 'name'): string | undefined {
  if (name.trim() === '') return `The ${what} is required.`;
  if (name.length > 256) return `The ${what} is longer than 256 characters.`;
  if (!ENTITY_NAME.test(name) || name.endsWith(' ')) return `The ${what} may hold letters, digits, _, @, ., - and inner spaces, and must start with a letter, digit or _.`;
  return undefined;
}
