import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type ActivationRecord, ActivationWriter, derivedActivationId, newActivationId } from '@wisp/core';
import { FeedEventMetrics } from '../metrics/feed-event.metrics';

/** One feed event's row in the ledger: the ids its fire uses, and whether that fire is already durable. */
export interface FeedEventEntry {
  subscriptionId: string;
  eventKey: string;
  /** The trigger activation id of this event's fire (the rules' activation ids are derived from it). */
  activationId: string;
  /** The trigger record's start: a fire repeated after a crash stores the same (id, start) key, hence one record. */
  start: number;
  /** The fire committed: the event is a duplicate, to acknowledge without firing. */
  fired: boolean;
}

type Row = { activation_id: string; start: string | number; fired: boolean };

/**
 * The effectively-once ledger of feed events (table `feed_event_fires`). {@link open} runs before a fire and binds the
 * event identity to the ids that fire will use; {@link settle} stores the trigger's record and marks the event fired
 * in one transaction, after the rules' messages were confirmed by the broker. So a crash before `settle` leaves the
 * event pending, and its redelivery fires again with the same ids (each rule activation still runs once: the invokers
 * claim activation ids), and a crash after it leaves the event fired, and its redelivery fires nothing.
 */
@Injectable()
export class FeedEventLedger {
  private readonly writer: ActivationWriter;

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly metrics: FeedEventMetrics,
  ) {
    this.writer = new ActivationWriter(db);
  }

  /**
   * The entry of `eventKey`: the existing one, or a new pending one. With `fresh`, the source says this is a first
   * delivery (MQTT's DUP flag clear): an earlier row under the same key is another event (MQTT packet ids are reused
   * once acknowledged), so the row is started over with a fresh activation id. Otherwise the id is derived from the
   * identity, so even two processes racing on one event agree on it.
   */
  async open(subscriptionId: string, eventKey: string, fresh = false): Promise<FeedEventEntry> {
    const start = Date.now();
    const activationId = fresh ? newActivationId() : derivedActivationId('feed-event', subscriptionId, eventKey);
    const conflict = fresh ? 'DO UPDATE SET activation_id = EXCLUDED.activation_id, start = EXCLUDED.start, fired = false' : 'DO NOTHING';
    const inserted: Row[] = await this.db.query(
      `INSERT INTO feed_event_fires (subscription_id, event_key, activation_id, start) VALUES ($1, $2, $3, $4)
       ON CONFLICT (subscription_id, event_key) ${conflict} RETURNING activation_id, start, fired`,
      [subscriptionId, eventKey, activationId, start],
    );
    let row = inserted[0];
    if (!row) {
      row = (await this.db.query('SELECT activation_id, start, fired FROM feed_event_fires WHERE subscription_id = $1 AND event_key = $2', [subscriptionId, eventKey]))[0];
      if (!row) throw new Error(`the feed event ${eventKey} vanished from the ledger (its subscription was deleted)`);
      this.metrics.repeated(row.fired ? 'duplicate' : 'refired');
    }
    return { subscriptionId, eventKey, activationId: row.activation_id, start: Number(row.start), fired: row.fired };
  }

  /** The fire is durable: stores its record (if the trigger had rules) and marks the event fired, in one transaction. */
  async settle(entry: FeedEventEntry, record: ActivationRecord | undefined): Promise<void> {
    await this.db.transaction(async (tx) => {
      if (record) await this.writer.insertWith((sql, params) => tx.query(sql, params), record);
      await tx.query('UPDATE feed_event_fires SET fired = true WHERE subscription_id = $1 AND event_key = $2', [entry.subscriptionId, entry.eventKey]);
    });
    entry.fired = true;
  }
}
