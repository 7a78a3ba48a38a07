import { BadRequestError, NotFoundError } from '@wisp/core';
import type { SubjectService } from '../auth/subject.service';
import type { PackagesService } from '../packages/packages.service';

/** What `wisp catalog install` asks for. */
export interface CatalogInstallRequest {
  /** Catalog package name (`utils`). */
  name: string;
  /** Binding name in the namespace; default the package name. */
  as?: string;
  namespace: string;
  params: Record<string, unknown>;
}

/**
 * Installs a catalog package for a user: a package binding `namespace/as` → `/whisk.system/name` with the given
 * parameters (created, or updated when it exists), as `wsk package bind` would, made as the namespace's owner.
 */
export async function installCatalogBinding(req: CatalogInstallRequest, subjects: SubjectService, packages: PackagesService) {
  const owner = await subjects.ownerIdentity(req.namespace);
  if (!owner) throw new NotFoundError(`Namespace ${req.namespace} has no active key.`);
  const parameters = Object.entries(req.params).map(([key, value]) => ({ key, value }));
  return packages.put(owner, req.namespace, req.as ?? req.name, { binding: { namespace: 'whisk.system', name: req.name }, parameters }, true);
}

/** Parses `-p key value` pairs (values that parse as JSON are JSON, as `wsk` does) and `--flag value` options. */
export function parseCatalogArgs(args: string[]): { positional: string[]; options: Record<string, string>; params: Record<string, unknown> } {
  const positional: string[] = [];
  const options: Record<string, string> = {};
  const params: Record<string, unknown> = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-p' || a === '--param') {
      const key = args[i + 1];
      const raw = args[i + 2];
      if (key === undefined || raw === undefined) throw new BadRequestError(`${a} needs a key and a value`);
      params[key] = parseValue(raw);
      i += 2;
    } else if (a.startsWith('--')) {
      const value = args[i + 1];
      if (value === undefined) throw new BadRequestError(`${a} needs a value`);
      options[a.slice(2)] = value;
      i += 1;
    } else positional.push(a);
  }
  return { positional, options, params };
}

function parseValue(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}
