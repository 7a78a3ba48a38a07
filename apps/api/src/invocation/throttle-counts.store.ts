import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** What a controller hands to the shared counters in one sync. */
export interface CountDelta {
  namespace: string;
  kind: string;
  /** Epoch second of a rate bucket; 0 for a claim (in flight plus the share taken), whose count replaces the stored one. */
  second: number;
  count: number;
}

/** The other controllers' share of one (namespace, kind), as last stored. */
export interface OthersCount {
  namespace: string;
  kind: string;
  total: number;
}

/** A claim row (`second = 0`) not refreshed for this long belongs to a stopped controller and no longer counts, ms. */
export const GAUGE_FRESH_MS = 5_000;
/** A controller not seen for this long is not live, ms. */
export const CONTROLLER_LIVE_MS = 5_000;

/**
 * The shared throttle counters in PostgreSQL (`throttle_counts`, `throttle_controllers`; unlogged: they are
 * ephemeral). One statement per sync writes a controller's deltas and gauges, refreshes its presence, and the next
 * reads the others' counts of the namespaces it serves; nothing here runs on an invoke's path.
 */
@Injectable()
export class ThrottleCountsStore {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  /** Adds `deltas` (rates) or replaces them (gauges) for `controllerId`, and marks it live. */
  async write(controllerId: string, deltas: CountDelta[], now: number): Promise<void> {
    await this.db.query(
      `WITH seen AS (INSERT INTO throttle_controllers (controller_id, seen) VALUES ($1, $2)
                     ON CONFLICT (controller_id) DO UPDATE SET seen = EXCLUDED.seen)
       INSERT INTO throttle_counts (namespace, kind, controller_id, second, count, updated)
       SELECT ns, kind, $1, second, count, $2 FROM unnest($3::text[], $4::text[], $5::bigint[], $6::int[]) AS d(ns, kind, second, count)
       ON CONFLICT (namespace, kind, controller_id, second) DO UPDATE
         SET count = CASE WHEN EXCLUDED.second = 0 THEN EXCLUDED.count ELSE throttle_counts.count + EXCLUDED.count END,
             updated = EXCLUDED.updated`,
      [controllerId, now, deltas.map((d) => d.namespace), deltas.map((d) => d.kind), deltas.map((d) => d.second), deltas.map((d) => d.count)],
    );
  }

  /** The other controllers' counts over the last `windowS` seconds plus their fresh claims, for `namespaces`. */
  async others(controllerId: string, namespaces: string[], now: number, windowS: number): Promise<OthersCount[]> {
    if (namespaces.length === 0) return [];
    const rows = (await this.db.query(
      `SELECT namespace, kind, sum(count)::int AS total FROM throttle_counts
        WHERE controller_id <> $1 AND namespace = ANY($2::text[])
          AND ((second = 0 AND updated > $4) OR second > $3)
        GROUP BY namespace, kind`,
      [controllerId, namespaces, Math.floor(now / 1000) - windowS, now - GAUGE_FRESH_MS],
    )) as { namespace: string; kind: string; total: number }[];
    return rows.map((r) => ({ namespace: r.namespace, kind: r.kind, total: Number(r.total) }));
  }

  /** How many controllers are live: this one, and the others that synced within {@link CONTROLLER_LIVE_MS}. */
  async liveControllers(controllerId: string, now: number): Promise<number> {
    const [r] = (await this.db.query('SELECT count(*)::int AS n FROM throttle_controllers WHERE seen > $1 AND controller_id <> $2', [now - CONTROLLER_LIVE_MS, controllerId])) as { n: number }[];
    return 1 + Number(r.n);
  }

  /** Deletes buckets past any window, stale gauges, and controllers gone for a minute. */
  async sweep(now: number, windowS: number): Promise<void> {
    await this.db.query(
      `DELETE FROM throttle_counts WHERE (second = 0 AND updated < $2) OR (second > 0 AND second < $1)`,
      [Math.floor(now / 1000) - 2 * windowS, now - 60_000],
    );
    await this.db.query('DELETE FROM throttle_controllers WHERE seen < $1', [now - 60_000]);
  }

  /** Removes this controller's presence and claims (shutdown), so the others' shares grow at once. */
  async leave(controllerId: string): Promise<void> {
    await this.db.query('DELETE FROM throttle_controllers WHERE controller_id = $1', [controllerId]);
    await this.db.query('DELETE FROM throttle_counts WHERE controller_id = $1 AND second = 0', [controllerId]);
  }
}
