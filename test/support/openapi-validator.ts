import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

type Schema = Record<string, unknown>;
const DOC_ID = 'wisp-openapi';

/**
 * OpenAPI 3.0's schema dialect as JSON Schema for ajv: `nullable: true` becomes `anyOf [the schema, null]`, and
 * component references point into the document registered under {@link DOC_ID}.
 */
function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (!node || typeof node !== 'object') return node;
  const out: Schema = {};
  for (const [k, v] of Object.entries(node as Schema)) {
    if (k === '$ref' && typeof v === 'string') out.$ref = v.replace(/^#\//, `${DOC_ID}#/`);
    else if (k !== 'nullable' && k !== 'example') out[k] = toJsonSchema(v);
  }
  return (node as Schema).nullable === true ? { anyOf: [out, { type: 'null' }] } : out;
}

/** Checks real answers against the response schemas an OpenAPI 3.0 document declares. */
export class OpenApiResponses {
  private readonly ajv = new Ajv({ strict: false, allErrors: true });
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(private readonly doc: any) {
    addFormats(this.ajv);
    this.ajv.addSchema({ $id: DOC_ID, components: toJsonSchema(doc.components) }, DOC_ID);
  }

  /** Schema errors of `body` as the answer `status` of `method path` (path as in the document); throws when undeclared. */
  errors(method: string, path: string, status: number, body: unknown): string[] {
    const key = `${method} ${path} ${status}`;
    let validate = this.compiled.get(key);
    if (!validate) {
      const response = this.doc.paths[path]?.[method.toLowerCase()]?.responses?.[String(status)];
      if (!response) throw new Error(`the document declares no ${status} for ${method} ${path}`);
      const schema = response.content?.['application/json']?.schema;
      if (!schema) throw new Error(`the document gives no JSON schema for ${key}`);
      validate = this.ajv.compile(toJsonSchema(schema) as Schema);
      this.compiled.set(key, validate);
    }
    return validate(body) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`);
  }
}
