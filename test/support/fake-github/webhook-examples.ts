/** Real webhook payloads GitHub documents, from `@octokit/webhooks-examples`. */
interface WebhookDefinition {
  name: string;
  examples: Record<string, unknown>[];
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const definitions = require('@octokit/webhooks-examples') as WebhookDefinition[];

/** The first example payload of `event` (with `action` when given). */
export function githubExample(event: string, action?: string): Record<string, unknown> {
  const def = definitions.find((d) => d.name === event);
  const example = def?.examples.find((e) => action === undefined || e.action === action);
  if (!example) throw new Error(`@octokit/webhooks-examples has no ${event}${action ? `.${action}` : ''} example`);
  return structuredClone(example);
}
