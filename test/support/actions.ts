import { http } from './http';

/** Creates (or replaces) an action with plain HTTP; returns the stored action. */
export async function putAction(key: string, name: string, code: string, extra: Record<string, unknown> = {}): Promise<any> {
  const { exec, ...rest } = extra as { exec?: Record<string, unknown> };
  const r = await http('PUT', `/api/v1/namespaces/_/actions/${name}?overwrite=true`, { key, body: { exec: { kind: 'nodejs:20', code, ...exec }, ...rest } });
  if (r.status !== 200) throw new Error(`PUT action ${name} → ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

/** Polls `GET activations/{id}` until the record exists (non-blocking invokes, fired rules). */
export async function waitForActivation(key: string, id: string, timeoutMs = 30_000): Promise<any> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const r = await http('GET', `/api/v1/namespaces/_/activations/${id}`, { key });
    if (r.status === 200) return r.body;
    if (r.status !== 404) throw new Error(`GET activation ${id} → ${r.status} ${JSON.stringify(r.body)}`);
    if (Date.now() > until) throw new Error(`activation ${id} not stored within ${timeoutMs} ms`);
    await new Promise((res) => setTimeout(res, 100));
  }
}

/** The value of an annotation on an entity or activation. */
export function annotation(entity: { annotations?: { key: string; value: unknown }[] }, key: string): unknown {
  return entity.annotations?.find((a) => a.key === key)?.value;
}
