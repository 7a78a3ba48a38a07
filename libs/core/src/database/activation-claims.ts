import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/**
 * Who took an activation id: an invoker that runs it, a controller that refused it (503), or a controller that failed
 * it as lost with its invoker (it never started, and it never will: its "invoker lost" record is final).
 */
export type ClaimOutcome = 'run' | 'refused' | 'lost';

/** The result of one claim: `won` when this call inserted it; `outcome` is what the id is bound to either way. */
export interface Claim {
  won: boolean;
  outcome: ClaimOutcome;
}

/**
 * The first-writer-wins claim row per activation id (table `activation_claims`). The invoker claims `run` before it
 * runs an activation and runs it only when it won; a controller claims `refused` before it answers 503 for an enqueue
 * RabbitMQ did not confirm in time, and answers 503 only when it won; a controller recovering an offline invoker's work
 * claims `lost` before it records an activation as lost with that invoker. A message routed despite a lost confirm therefore
 * never runs after a 503, and a message delivered twice runs once.
 *
 * Durability: a refusal commits synchronously (it backs a promise made to a client). A `run` claim commits without
 * waiting for the WAL flush (~0.3 ms instead of 0.5–2 ms on the warm path); it is visible to every other session at
 * once, and only a PostgreSQL crash within the WAL writer's delay could lose it. So a refusal is taken only while
 * PostgreSQL provably ran without a restart since the message was published (see {@link refuse}): then any `run`
 * claim of that message is still there, and the refusal cannot win over a run that already started.
 * The controllers' maintenance job deletes claims older than `WISP_ACTIVATION_CLAIM_RETENTION` (24 h by default).
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
    const held = await this.outcomeOf(activationId);
    // A concurrent claim that is still committing is not visible yet: assume the outcome that runs nothing more for a
    // would-be runner, and the one that keeps a record for a controller.
    return { won: false, outcome: held ?? (outcome === 'run' ? 'refused' : 'run') };
  }

  /**
   * Claims `activationId` as `refused` (the controller answers 503), but only when PostgreSQL has been up without a
   * restart for longer than `sincePublishMs` (+1 s for the trip here): a crash in between may have lost an invoker's
   * asynchronously committed `run` claim. Otherwise the id is claimed `lost` (nothing may start it any more, but it may
   * have run): the caller cannot promise "never runs" and must accept the activation and see that it gets a record.
   */
  async refuse(activationId: string, sincePublishMs: number): Promise<Claim> {
    const inserted: { outcome: ClaimOutcome }[] = await this.dataSource.query(
      `INSERT INTO activation_claims (activation_id, outcome)
         SELECT $1, CASE WHEN pg_postmaster_start_time() < now() - make_interval(secs => $2::float8 / 1000 + 1) THEN 'refused' ELSE 'lost' END
       ON CONFLICT (activation_id) DO NOTHING RETURNING outcome`,
      [activationId, Math.max(0, sincePublishMs)],
    );
    if (inserted.length > 0) return { won: true, outcome: inserted[0].outcome };
    return { won: false, outcome: (await this.outcomeOf(activationId)) ?? 'run' };
  }

  /** What `activationId` is bound to, or undefined when nobody claimed it yet (it never started). */
  async outcomeOf(activationId: string): Promise<ClaimOutcome | undefined> {
    const rows: { outcome: ClaimOutcome }[] = await this.dataSource.query('SELECT outcome FROM activation_claims WHERE activation_id = $1', [activationId]);
    return rows[0]?.outcome;
  }
}
