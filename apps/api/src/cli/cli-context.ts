import { createDataSource, loadConfig, migrateDatabase, type WispConfig } from '@wisp/core';
import type { DataSource } from 'typeorm';

/** Options every command accepts (set on the root program). */
export interface GlobalOptions {
  json?: boolean;
}

/**
 * What a command needs, made on first use: the config is read and the database opened only when a command's action
 * runs, never while arguments are parsed (so `--help` and usage errors work with no database).
 */
export class CliContext {
  private config?: WispConfig;

  constructor(
    readonly out: NodeJS.WritableStream = process.stdout,
    readonly err: NodeJS.WritableStream = process.stderr,
  ) {}

  /** The validated configuration (throws the config's own error listing every bad variable). */
  get wisp(): WispConfig {
    this.config ??= loadConfig();
    return this.config;
  }

  /** Runs `work` on a migrated database connection, closed afterwards. */
  async withDb<T>(work: (db: DataSource) => Promise<T>): Promise<T> {
    await (await migrateDatabase(this.wisp.databaseUrl)).destroy();
    const db = await createDataSource(this.wisp.databaseUrl, 2).initialize();
    try {
      return await work(db);
    } finally {
      await db.destroy();
    }
  }

  /** Prints `data` as JSON with `--json`, else `text` (a string or a function making it). */
  print(options: GlobalOptions, data: unknown, text: string | (() => string)): void {
    const body = options.json ? JSON.stringify(data, null, 2) : typeof text === 'function' ? text() : text;
    this.out.write(body.endsWith('\n') ? body : `${body}\n`);
  }

  /** A progress line for long work (stderr, so stdout stays the result). */
  progress(line: string): void {
    this.err.write(`… ${line}\n`);
  }
}

/** Rows as a table: columns padded to their widest cell, a header line first. */
export function table(headers: string[], rows: (string | number)[][]): string {
  if (rows.length === 0) return '(none)';
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  return cells.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ')).join('\n');
}
