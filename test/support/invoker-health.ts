import { E2E } from './e2e-env';

/** Polls the API's `GET /invokers` until `invokerId` reports `up`. */
export async function waitForInvoker(invokerId: string, timeoutMs = 30_000, apihost: string = E2E.apihost): Promise<void> {
  await waitForInvokerState(invokerId, 'up', timeoutMs, apihost);
}

/** Polls `GET /invokers` until `invokerId` has `state` (`up`, `offline`) or is absent when state is undefined. */
export async function waitForInvokerState(invokerId: string, state: string | undefined, timeoutMs: number, apihost: string = E2E.apihost): Promise<void> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      last = await (await fetch(`${apihost}/invokers`)).json();
      if ((last as Record<string, string>)[invokerId] === state) return;
    } catch (e) {
      last = e;
    }
    if (Date.now() > until) throw new Error(`invoker ${invokerId} not ${state} within ${timeoutMs} ms (last: ${JSON.stringify(last)})`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
