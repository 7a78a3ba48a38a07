import type { Client } from 'pg';

/** Samples the number of stored activations every 250 ms (its own connection would be fairer; one query is cheap). */
export class RowSampler {
  readonly samples: { t: number; rows: number }[] = [];
  private timer?: NodeJS.Timeout;
  private busy = false;

  constructor(private readonly db: Client) {}

  start(): this {
    this.timer = setInterval(() => void this.sample(), 250);
    return this;
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private async sample(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const t = Date.now();
      const r = await this.db.query<{ n: string }>('SELECT count(*) AS n FROM activations');
      this.samples.push({ t, rows: Number(r.rows[0].n) });
    } finally {
      this.busy = false;
    }
  }
}
