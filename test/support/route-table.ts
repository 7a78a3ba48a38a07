import 'reflect-metadata';
import { join } from 'node:path';
import { METHOD_METADATA, MODULE_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common';
import { E2E } from './e2e-env';

/** One route of the API as Nest registers it: `GET /api/v1/namespaces/:ns/actions/:name`. */
export interface ApiRoute {
  method: string;
  path: string;
  /** `METHOD path`, the key the isolation matrix is written against. */
  key: string;
}

type ModuleLike = { module?: unknown; imports?: unknown[]; controllers?: unknown[] } | (new (...a: never[]) => unknown);

/**
 * Every route of the built controller (`dist/apps/api/src/app.module.js`), read from Nest's own decorator metadata by
 * walking the module graph from `AppModule` (static and dynamic modules). Nothing is instantiated, so no service is
 * contacted; a route added to any controller appears here without touching this file.
 */
export function apiRouteTable(): ApiRoute[] {
  const { AppModule } = require(join(E2E.repoRoot, 'dist/apps/api/src/app.module.js'));
  const controllers = new Set<Function>();
  const seen = new Set<unknown>();
  const visit = (m: ModuleLike | undefined): void => {
    if (!m || seen.has(m)) return;
    seen.add(m);
    const cls = typeof m === 'function' ? m : (m.module as Function | undefined);
    const dynamic = typeof m === 'function' ? {} : m;
    for (const c of [...(cls ? (Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, cls) ?? []) : []), ...(dynamic.controllers ?? [])]) controllers.add(c);
    for (const i of [...(cls ? (Reflect.getMetadata(MODULE_METADATA.IMPORTS, cls) ?? []) : []), ...(dynamic.imports ?? [])]) visit(i as ModuleLike);
  };
  visit(AppModule);
  const routes: ApiRoute[] = [];
  for (const c of controllers) {
    const prefixes = asList(Reflect.getMetadata(PATH_METADATA, c));
    for (const name of Object.getOwnPropertyNames(c.prototype)) {
      const handler = c.prototype[name];
      if (typeof handler !== 'function' || Reflect.getMetadata(METHOD_METADATA, handler) === undefined) continue;
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
      for (const prefix of prefixes) {
        for (const sub of asList(Reflect.getMetadata(PATH_METADATA, handler))) {
          const path = `/${[prefix, sub].map((s) => s.replace(/^\/+|\/+$/g, '')).filter(Boolean).join('/')}`;
          routes.push({ method, path, key: `${method} ${path}` });
        }
      }
    }
  }
  return routes.sort((a, b) => a.key.localeCompare(b.key));
}

function asList(v: unknown): string[] {
  if (v === undefined) return [''];
  return Array.isArray(v) ? v.map(String) : [String(v)];
}
