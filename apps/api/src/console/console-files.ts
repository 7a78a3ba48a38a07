import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { BuiltFile } from './console-asset-index';

/**
 * Where `npm run build` puts the console: `dist/console`, found beside the compiled API (dist/apps/api/src/console
 * → dist/console) or under the working directory.
 */
export function consoleRootCandidates(): string[] {
  return [join(__dirname, '..', '..', '..', '..', 'console'), join(process.cwd(), 'dist', 'console')];
}

/** The first candidate directory holding an `index.html`, if any. */
export function findConsoleRoot(candidates: readonly string[] = consoleRootCandidates()): string | undefined {
  return candidates.find((dir) => existsSync(join(dir, 'index.html')));
}

/** Every regular file under `root` (symbolic links are not followed), as relative `/`-separated paths. */
export function listBuiltFiles(root: string): BuiltFile[] {
  const out: BuiltFile[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const file = join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.isFile()) out.push({ path: relative(root, file).split(sep).join('/'), file, size: statSync(file).size, read: () => readFileSync(file) });
    }
  };
  walk(root);
  return out;
}
