import SwaggerParser from '@apidevtools/swagger-parser';
import { E2E } from '../support/e2e-env';
import { http } from '../support/http';
import { createTestNamespace, type TestNamespace, uniqueName } from '../support/namespaces';
import { OpenApiResponses } from '../support/openapi-validator';
import { apiRouteTable } from '../support/route-table';

/** `:ns` → `{ns}`, `*path` → `{path}`: a Nest route as an OpenAPI path. */
const openApiPath = (route: string) => route.replace(/[:*](\w+)/g, '{$1}');

describe('OpenAPI document and Swagger UI', () => {
  let doc: any;
  let responses: OpenApiResponses;
  let tenant: TestNamespace;

  beforeAll(async () => {
    const r = await http('GET', '/api/v1/api-docs');
    expect(r.status).toBe(200);
    doc = r.body;
    responses = new OpenApiResponses(doc);
    tenant = await createTestNamespace('openapi');
  });

  it('is a valid OpenAPI 3 document with Basic auth', async () => {
    expect(doc.openapi).toMatch(/^3\./);
    await expect(SwaggerParser.validate(structuredClone(doc))).resolves.toBeDefined();
    expect(doc.components.securitySchemes.basic).toMatchObject({ type: 'http', scheme: 'basic' });
    expect(doc.paths['/api/v1/namespaces/{ns}/actions/{name}'].put.security).toEqual([{ basic: [] }]);
  });

  it('describes every v1 route the API registers, and only those', () => {
    const routes = apiRouteTable().filter((r) => r.path.startsWith('/api/v1'));
    expect(routes.length).toBeGreaterThan(30);
    const missing = routes.filter((r) => {
      const item = doc.paths[openApiPath(r.path)];
      return !item || (r.method === 'ALL' ? !item.get : !item[r.method.toLowerCase()]);
    });
    expect(missing.map((r) => r.key)).toEqual([]);
    const registered = new Set(routes.map((r) => openApiPath(r.path)));
    expect(Object.keys(doc.paths).filter((p) => !registered.has(p))).toEqual([]);
  });

  it('names path and query parameters, request bodies and error statuses', () => {
    const invoke = doc.paths['/api/v1/namespaces/{ns}/actions/{name}'].post;
    expect(invoke.parameters.map((p: any) => `${p.in}:${p.name}`)).toEqual(expect.arrayContaining(['path:ns', 'path:name', 'query:blocking', 'query:result']));
    expect(Object.keys(invoke.responses)).toEqual(expect.arrayContaining(['200', '202', '401', '404', '429', '503']));
    const put = doc.paths['/api/v1/namespaces/{ns}/actions/{name}'].put;
    expect(put.requestBody.content['application/json'].schema.$ref).toBe('#/components/schemas/ActionPutDto');
    const list = doc.paths['/api/v1/namespaces/{ns}/activations'].get;
    expect(list.parameters.map((p: any) => p.name)).toEqual(expect.arrayContaining(['limit', 'skip', 'since', 'upto', 'name', 'docs']));
  });

  it('matches real answers of several routes', async () => {
    const { key } = tenant;
    const action = uniqueName('doc-action');
    const trigger = uniqueName('doc-trigger');
    const rule = uniqueName('doc-rule');
    const ns = '/api/v1/namespaces/_';
    const check = async (method: string, docPath: string, path: string, body?: unknown, auth = true) => {
      const r = await http(method, path, { key: auth ? key : undefined, body });
      expect({ route: `${method} ${path}`, errors: responses.errors(method, docPath, r.status, r.body) }).toEqual({ route: `${method} ${path}`, errors: [] });
      return r;
    };
    await check('GET', '/api/v1', '/api/v1', undefined, false);
    await check('GET', '/api/v1/namespaces', '/api/v1/namespaces');
    await check('GET', '/api/v1/namespaces/{ns}/limits', `${ns}/limits`);
    const put = await check('PUT', '/api/v1/namespaces/{ns}/actions/{name}', `${ns}/actions/${action}`, { exec: { kind: 'nodejs:20', code: 'function main(p) { return { echo: p.x ?? null } }' }, parameters: [{ key: 'x', value: 1 }] });
    expect(put.status).toBe(200);
    await check('GET', '/api/v1/namespaces/{ns}/actions/{name}', `${ns}/actions/${action}`);
    await check('GET', '/api/v1/namespaces/{ns}/actions', `${ns}/actions?limit=5`);
    const run = await check('POST', '/api/v1/namespaces/{ns}/actions/{name}', `${ns}/actions/${action}?blocking=true`, { x: 'doc' });
    expect(run.status).toBe(200);
    await check('GET', '/api/v1/namespaces/{ns}/activations/{id}', `${ns}/activations/${run.body.activationId}`);
    await check('GET', '/api/v1/namespaces/{ns}/activations/{id}/logs', `${ns}/activations/${run.body.activationId}/logs`);
    await check('GET', '/api/v1/namespaces/{ns}/activations', `${ns}/activations?limit=3`);
    await check('GET', '/api/v1/namespaces/{ns}/activations', `${ns}/activations?limit=3&docs=true`);
    await check('PUT', '/api/v1/namespaces/{ns}/triggers/{name}', `${ns}/triggers/${trigger}`, {});
    await check('PUT', '/api/v1/namespaces/{ns}/rules/{name}', `${ns}/rules/${rule}`, { trigger: `/_/${trigger}`, action: `/_/${action}` });
    await check('GET', '/api/v1/namespaces/{ns}/triggers/{name}', `${ns}/triggers/${trigger}`);
    const fired = await check('POST', '/api/v1/namespaces/{ns}/triggers/{name}', `${ns}/triggers/${trigger}`, { x: 'fired' });
    expect(fired.status).toBe(202);
    await check('GET', '/api/v1/namespaces/{ns}/rules', `${ns}/rules`);
    await check('GET', '/api/v1/catalog', '/api/v1/catalog');
    const missing = await check('GET', '/api/v1/namespaces/{ns}/actions/{name}', `${ns}/actions/${uniqueName('none')}`);
    expect(missing.status).toBe(404);
    const denied = await check('GET', '/api/v1/namespaces/{ns}/actions', `${ns}/actions`, undefined, false);
    expect(denied.status).toBe(401);
  });

  it('serves Swagger UI from the installed package, with nothing from another host', async () => {
    const page = await fetch(`${E2E.apihost}/api/v1/docs/`);
    expect(page.status).toBe(200);
    const html = await page.text();
    const sources = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(sources).toContain('./swagger-ui-bundle.js');
    expect(sources.filter((s) => /^(https?:)?\/\//.test(s))).toEqual([]);
    const bundle = await fetch(`${E2E.apihost}/api/v1/docs/swagger-ui-bundle.js`);
    expect(bundle.status).toBe(200);
    expect((await bundle.text()).length).toBeGreaterThan(100_000);
    const init = await (await fetch(`${E2E.apihost}/api/v1/docs/swagger-ui-init.js`)).text();
    expect(init).toContain('Wisp REST API v1');
  });
});
