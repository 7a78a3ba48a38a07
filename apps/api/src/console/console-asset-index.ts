import { createHash } from 'node:crypto';
import { extname } from 'node:path';

/** Content types of the files a Vite build emits; anything else is served as bytes. */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

/** Content type by file name. */
export function contentTypeOf(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/** Hashed build output never changes under its name; everything else (index.html, favicon) is revalidated. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const REVALIDATE = 'no-cache';

/** One built file: its bytes when they fit the memory bound, else only its path on disk. */
export interface ConsoleAsset {
  /** Path relative to the console's root, with `/` separators, e.g. `assets/index-abc.js`. */
  path: string;
  contentType: string;
  cacheControl: string;
  size: number;
  etag: string;
  body?: Buffer;
  /** Absolute path, for files served from disk (beyond the memory bound). */
  file: string;
}

/** Memory bounds of the asset index. */
export interface AssetBounds {
  /** Total bytes held in memory. */
  maxBytes: number;
  /** Largest single file held in memory. */
  maxFileBytes: number;
}

export const DEFAULT_BOUNDS: AssetBounds = { maxBytes: 16 * 1024 * 1024, maxFileBytes: 4 * 1024 * 1024 };

/** A file found in the build directory. */
export interface BuiltFile {
  path: string;
  file: string;
  size: number;
  read: () => Buffer;
}

/**
 * Indexes the build's files by relative path. Only indexed paths are ever served, so no request path reaches the
 * file system. Files are kept in memory smallest first until the bound; the rest are read per request.
 */
export function indexAssets(files: readonly BuiltFile[], bounds: AssetBounds = DEFAULT_BOUNDS): Map<string, ConsoleAsset> {
  const index = new Map<string, ConsoleAsset>();
  let held = 0;
  for (const f of [...files].sort((a, b) => a.size - b.size)) {
    const bytes = f.read();
    const keep = f.size <= bounds.maxFileBytes && held + f.size <= bounds.maxBytes;
    if (keep) held += f.size;
    index.set(f.path, {
      path: f.path,
      contentType: contentTypeOf(f.path),
      cacheControl: f.path.startsWith('assets/') ? IMMUTABLE : REVALIDATE,
      size: f.size,
      etag: `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 27)}"`,
      file: f.file,
      ...(keep ? { body: bytes } : {}),
    });
  }
  return index;
}

/** What to answer for a path under `/console/`. */
export type AssetLookup = { kind: 'asset'; asset: ConsoleAsset } | { kind: 'not-found' };

/**
 * Resolves a request path (after `/console/`, already URL-decoded by the router) to a built file: an exact file,
 * or `index.html` for any app route (the SPA fallback). Paths that look like files (`assets/…`, a name with an
 * extension at the top level) that are not in the build answer 404 rather than the app, so a missing script is not HTML.
 */
export function lookupAsset(index: ReadonlyMap<string, ConsoleAsset>, requestPath: string): AssetLookup {
  const path = requestPath.replace(/^\/+/, '');
  const exact = path === '' ? undefined : index.get(path);
  if (exact) return { kind: 'asset', asset: exact };
  // Only top-level names look like files: app routes are nested and may hold dots (an action named `a.b`).
  if (path.startsWith('assets/') || (!path.includes('/') && /\.[A-Za-z0-9]{1,8}$/.test(path))) return { kind: 'not-found' };
  const app = index.get('index.html');
  return app ? { kind: 'asset', asset: app } : { kind: 'not-found' };
}
