/** Shapes of the public REST API v1 documents the console reads (only the fields it uses). */

/** An OpenWhisk key/value pair (parameters, annotations). */
export interface KeyValue {
  key: string;
  value: unknown;
}

/** A parameter's documentation, as `GET /api/v1/catalog` lists it. */
export interface ParameterDoc {
  name: string;
  description: string;
  required?: boolean;
  type?: string;
  default?: unknown;
  secret?: boolean;
}

/** One package of `GET /api/v1/catalog`. */
export interface CatalogPackage {
  name: string;
  path: string;
  version: string;
  description: string;
  parameters: ParameterDoc[];
  actions: { name: string; path: string; description: string; parameters: ParameterDoc[]; sampleInput?: unknown; sampleOutput?: unknown }[];
  feeds: { name: string; path: string; provider: string; description: string; parameters: ParameterDoc[]; sampleInput?: unknown }[];
}

/** An action as GET returns it (a list item has no `exec.code`). */
export interface ActionDoc {
  namespace: string;
  name: string;
  version?: string;
  publish?: boolean;
  annotations?: KeyValue[];
  parameters?: KeyValue[];
  limits?: { timeout?: number; memory?: number; logs?: number; concurrency?: number };
  exec?: { kind: string; code?: string; main?: string; binary?: boolean; image?: string; components?: string[] };
  updated?: number;
}

/** A rule link inside a trigger document: `rules: {"ns/rule": {action, status}}`. */
export interface TriggerRuleLink {
  action: { name: string; path: string };
  status: string;
}

/** A trigger as GET returns it. */
export interface TriggerDoc {
  namespace: string;
  name: string;
  annotations?: KeyValue[];
  parameters?: KeyValue[];
  rules?: Record<string, TriggerRuleLink>;
  updated?: number;
}

/** A rule; lists carry no status, GET does. */
export interface RuleDoc {
  namespace: string;
  name: string;
  trigger: { name: string; path: string };
  action: { name: string; path: string };
  status?: string;
  annotations?: KeyValue[];
}

/** An activation: a list item (`statusCode`, no response) or a whole record (`response`). */
export interface ActivationDoc {
  namespace: string;
  name: string;
  activationId: string;
  start: number;
  end?: number;
  duration?: number;
  cause?: string;
  statusCode?: number;
  annotations?: KeyValue[];
  response?: { status: string; statusCode?: number; success: boolean; result?: unknown; size?: number };
  logs?: string[];
  version?: string;
}

/** What a feed's READ answers (`config`, `status`, provider `details`). */
export interface FeedRead {
  config?: Record<string, unknown>;
  status?: { active: boolean; reason?: string; dateChanged?: number; dateChangedISO?: string; firedCount?: number; lastFiredAt?: string };
  details?: Record<string, unknown>;
}

/** A dead letter: an event a rule could not deliver after its retries. */
export interface DeadLetterDoc {
  id: string;
  namespace: string;
  created: string | number;
  [field: string]: unknown;
}
