import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Who took an activation id: an invoker that runs it, or a controller that refused it (503). */
export type ClaimOutcome = 'run' | 'refused';

/** The result of one claim: `won` when this call inserted it; `outcome` is what the id is bound to either way. */
export interface Claim {
  won: boolean;
  outcome: ClaimOutcome;
}

/**
 * The first-writer-wins claim row per activation id (table `activation_claims`). The invoker claims `run` before it
 * runs an activation and runs it only when it won; a controller claims `refused` before it answers 503 for an enqueue
 * RabbitMQ did not confirm in time, and answers 503 only when it won. A message routed despite a lost confirm therefore
 * never runs after a 503, and a message delivered twice runs once.
 *
 * Durability: a refusal commits synchronously (it backs a promise made to a client). A `run` claim commits without
 * waiting for the WAL flush (~0.3 ms instead of 0.5–2 ms on the warm path); it is visible to every other session at
 * once, and only a PostgreSQL crash within the WAL writer's delay could lose it. The controllers' maintenance job
 * deletes claims older than `WISP_ACTIVATION_CLAIM_RETENTION` (24 h by default).
 */
@Injectable()
export class ActivationClaims {
  constructor(private readonly dataSource: DataSource) {}

  /** Claims `activationId` for `outcome`; tells whether this call won and what the id is bound to. */
  async claim(activationId: string, outcome: ClaimOutcome): Promise<Claim> {
    const commit = outcome === 'run' ? 'off' : 'on';
    const inserted: unknown[] = await this.dataSource.query(
      `INSERT INTO activation_claims (activation_id, outcome)
         SELECT $1, $2 FROM (SELECT set_config('synchronous_commit', $3, true)) AS commit_mode
       ON CONFLICT (activation_id) DO NOTHING RETURNING outcome`,
      [activationId, outcome, commit],
    );
    if (inserted.length > 0) return { won: true, outcome };
    const rows: { outcome: ClaimOutcome }[] = await this.dataSource.query('SELECT outcome FROM activation_claims WHERE activation_id = $1', [activationId]);
    // A concurrent claim that is still committing is not visible yet; only the invoker claims `run`, only one controller refuses.
    return { won: false, outcome: rows[0]?.outcome ?? (outcome === 'run' ? 'refused' : 'run') };
  }
}
