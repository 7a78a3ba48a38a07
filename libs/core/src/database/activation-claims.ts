import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ActivationRecord } from '../activations';
import { toStorableValue } from '../text';

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
 * The record an activation accepted without a confirm gets unless its run stores one first: what, and in how long (ms).
 * It is kept in the claim row, so the claims janitor writes it even if the controller that accepted it is gone.
 */
export interface LostFallback {
  record: ActivationRecord;
  dueInMs: number;
}

/** A fallback record whose time has come (see {@link ActivationClaims.dueFallbacks}). */
export interface DueFallback {
  activationId: string;
  record: ActivationRecord;
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

  /**
   * Claims `activationId` for `outcome`; tells whether this call won and what the id is bound to. A `claimant` token
   * makes retries safe: a claim whose INSERT committed although its reply was lost (query timeout while PostgreSQL was
   * paused) is recognised as won when the same claimant tries again, instead of looking like someone else's.
   */
  async claim(activationId: string, outcome: ClaimOutcome, claimant?: string): Promise<Claim> {
    const commit = outcome === 'run' ? 'off' : 'on';
    const inserted: unknown[] = await this.dataSource.query(
      `INSERT INTO activation_claims (activation_id, outcome, claimant)
         SELECT $1, $2, $4 FROM (SELECT set_config('synchronous_commit', $3, true)) AS commit_mode
       ON CONFLICT (activation_id) DO NOTHING RETURNING outcome`,
      [activationId, outcome, commit, claimant ?? null],
    );
    if (inserted.length > 0) return { won: true, outcome };
    const held = await this.holderOf(activationId);
    if (held && claimant !== undefined && held.claimant === claimant && held.outcome === outcome) return { won: true, outcome };
    // A concurrent claim that is still committing is not visible yet: assume the outcome that runs nothing more for a
    // would-be runner, and the one that keeps a record for a controller.
    return { won: false, outcome: held?.outcome ?? (outcome === 'run' ? 'refused' : 'run') };
  }

  /**
   * Claims `activationId` as `refused` (the controller answers 503), but only when PostgreSQL has been up without a
   * restart for longer than `sincePublishMs` (+1 s for the trip here): a crash in between may have lost an invoker's
   * asynchronously committed `run` claim. Otherwise the id is claimed `lost` with `fallback` (nothing may start it any
   * more, but it may have run): the caller cannot promise "never runs", accepts the activation, and the claims janitor
   * stores the fallback record once it is due unless the run stored its own. One statement either way.
   */
  async refuse(activationId: string, sincePublishMs: number, fallback: LostFallback): Promise<Claim> {
    const inserted: { outcome: ClaimOutcome }[] = await this.dataSource.query(
      `INSERT INTO activation_claims (activation_id, outcome, record_due, fallback)
         SELECT $1, v.outcome,
                CASE WHEN v.outcome = 'lost' THEN now() + make_interval(secs => $3::float8 / 1000) END,
                CASE WHEN v.outcome = 'lost' THEN $4::jsonb END
           FROM (SELECT CASE WHEN pg_postmaster_start_time() < now() - make_interval(secs => $2::float8 / 1000 + 1) THEN 'refused' ELSE 'lost' END AS outcome) AS v
       ON CONFLICT (activation_id) DO NOTHING RETURNING outcome`,
      [activationId, Math.max(0, sincePublishMs), Math.max(0, fallback.dueInMs), JSON.stringify(toStorableValue(fallback.record))],
    );
    if (inserted.length > 0) return { won: true, outcome: inserted[0].outcome };
    return { won: false, outcome: (await this.outcomeOf(activationId)) ?? 'run' };
  }

  /**
   * Binds an activation the controller accepted without being able to refuse it in time (no confirm, and the refusal
   * could not be stored before the answer was due) to `lost` with `fallback`. A `refused` row is this same controller's
   * refusal that committed after it gave up waiting (nobody else refuses this id): it becomes `lost` too, so the answered
   * 202 gets its record. A `run` claim wins: that run stores the record.
   */
  async acceptLost(activationId: string, fallback: LostFallback): Promise<Claim> {
    const bound: unknown[] = await this.dataSource.query(
      `INSERT INTO activation_claims (activation_id, outcome, record_due, fallback)
         VALUES ($1, 'lost', now() + make_interval(secs => $2::float8 / 1000), $3::jsonb)
       ON CONFLICT (activation_id) DO UPDATE SET outcome = 'lost', record_due = EXCLUDED.record_due, fallback = EXCLUDED.fallback
         WHERE activation_claims.outcome = 'refused'
       RETURNING outcome`,
      [activationId, Math.max(0, fallback.dueInMs), JSON.stringify(toStorableValue(fallback.record))],
    );
    if (bound.length > 0) return { won: true, outcome: 'lost' };
    return { won: false, outcome: (await this.outcomeOf(activationId)) ?? 'run' };
  }

  /** Fallback records whose time has come, oldest first (at most `limit`). */
  async dueFallbacks(limit: number): Promise<DueFallback[]> {
    const rows: { activation_id: string; fallback: ActivationRecord }[] = await this.dataSource.query(
      'SELECT activation_id, fallback FROM activation_claims WHERE record_due <= now() ORDER BY record_due LIMIT $1',
      [limit],
    );
    return rows.map((r) => ({ activationId: r.activation_id, record: r.fallback }));
  }

  /** Marks fallbacks as handled (their record, or the run's, is stored). */
  async settleFallbacks(activationIds: string[]): Promise<void> {
    if (activationIds.length === 0) return;
    await this.dataSource.query('UPDATE activation_claims SET record_due = NULL, fallback = NULL WHERE activation_id = ANY($1)', [activationIds]);
  }

  /**
   * Deletes a `refused` claim of `activationId`, so a message of that id can run again; true when there was one. For
   * derived ids only, whose starter retries with the same id after its 503 (a `run` or `lost` claim stays).
   */
  async rearm(activationId: string): Promise<boolean> {
    const [, count]: [unknown, number] = await this.dataSource.query("DELETE FROM activation_claims WHERE activation_id = $1 AND outcome = 'refused'", [activationId]);
    return count > 0;
  }

  /** What `activationId` is bound to, or undefined when nobody claimed it yet (it never started). */
  async outcomeOf(activationId: string): Promise<ClaimOutcome | undefined> {
    return (await this.holderOf(activationId))?.outcome;
  }


  private async holderOf(activationId: string): Promise<{ outcome: ClaimOutcome; claimant: string | null } | undefined> {
    const rows: { outcome: ClaimOutcome; claimant: string | null }[] = await this.dataSource.query('SELECT outcome, claimant FROM activation_claims WHERE activation_id = $1', [activationId]);
    return rows[0];
  }
}
