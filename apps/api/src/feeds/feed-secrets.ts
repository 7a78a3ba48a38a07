import { Injectable } from '@nestjs/common';
import { isSealed, redactSecret, redactUrl, SecretBox } from '@wisp/core';
import { FeedProviderRegistry, type FeedSecretShape } from '@wisp/feeds';

type Fields = Record<string, unknown>;

/**
 * The secret fields of feed configs and parameters (each provider lists its own in `secretFields`): sealed before
 * they reach PostgreSQL, opened when a row is read back, redacted for READ and activation records. Only listed
 * fields are ever opened, so a tenant's value elsewhere that merely looks sealed is left as it is; a listed field
 * is always sealed on write, whatever the tenant sent in it.
 */
@Injectable()
export class FeedSecrets {
  constructor(
    private readonly box: SecretBox,
    private readonly registry: FeedProviderRegistry,
  ) {}

  /** The secret fields of `kind` and how each is redacted. */
  fieldsOf(kind: string): Readonly<Record<string, FeedSecretShape>> {
    return this.registry.find(kind)?.secretFields ?? {};
  }

  /** A copy of `values` with every listed string field sealed under the active key. */
  seal(kind: string, values: Fields): Fields {
    return this.map(kind, values, (v) => this.box.seal(v));
  }

  /** A copy of `values` with every listed sealed field opened (a legacy plaintext value passes as it is). */
  open(kind: string, values: Fields): Fields {
    return this.map(kind, values, (v) => (isSealed(v) ? this.box.open(v) : v));
  }

  /** A copy of opened `values` with every listed field redacted (`ghp_…abcd`, URLs without password or query values). */
  redact(kind: string, values: Fields): Fields {
    const shapes = this.fieldsOf(kind);
    return this.map(kind, values, (v, field) => (shapes[field] === 'url' ? redactUrl(v) : redactSecret(v)));
  }

  /** Whether a stored row still holds a listed field in plaintext (written before secrets were sealed). */
  hasPlaintext(kind: string, values: Fields): boolean {
    return Object.keys(this.fieldsOf(kind)).some((f) => typeof values[f] === 'string' && !isSealed(values[f]));
  }

  /** Names of the listed fields whose opened value differs between `before` and `after` (audit of secret changes). */
  changed(kind: string, before: Fields, after: Fields): string[] {
    return Object.keys(this.fieldsOf(kind)).filter((f) => before[f] !== after[f]);
  }

  private map(kind: string, values: Fields, fn: (value: string, field: string) => string): Fields {
    const out: Fields = { ...values };
    for (const field of Object.keys(this.fieldsOf(kind))) {
      const v = out[field];
      if (typeof v === 'string') out[field] = fn(v, field);
    }
    return out;
  }
}
