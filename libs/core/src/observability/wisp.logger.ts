import type { LoggerService, LogLevel } from '@nestjs/common';
import pino, { type Logger as Pino } from 'pino';
import pinoPretty from 'pino-pretty';
import type { WispConfig } from '../config/wisp-config';
import { currentLogContext } from './log-context';
import { REDACTED, REDACTED_PATHS, scrubSecrets } from './secret-scrubber';

const PINO_LEVEL: Record<LogLevel, pino.Level> = { fatal: 'fatal', error: 'error', warn: 'warn', log: 'info', debug: 'debug', verbose: 'trace' };

/** Fields of one structured line beside its message (e.g. the access log's method, route, status). */
export type LogFields = Record<string, unknown>;

/**
 * Nest's logger over pino: one JSON object a line when stdout is not a TTY (or `WISP_LOG_FORMAT=json`), pino-pretty
 * for a person otherwise. Every line carries the transaction id and activation id of the request or activation it is
 * written for (from {@link currentLogContext}), and passes {@link scrubSecrets}; structured fields are censored by path.
 */
export class WispLogger implements LoggerService {
  private readonly pino: Pino;

  constructor(config: Pick<WispConfig, 'logLevel' | 'logFormat'>, readonly app: string, stream: NodeJS.WritableStream = process.stdout) {
    const pretty = config.logFormat === 'pretty' || (config.logFormat === 'auto' && (stream as { isTTY?: boolean }).isTTY === true);
    const destination = pretty ? pinoPretty({ colorize: true, destination: stream, sync: true }) : stream;
    this.pino = pino(
      {
        level: PINO_LEVEL[config.logLevel],
        base: { app },
        timestamp: pino.stdTimeFunctions.isoTime,
        formatters: { level: (label) => ({ level: label }) },
        redact: { paths: REDACTED_PATHS, censor: REDACTED },
        mixin: () => {
          const c = currentLogContext();
          return c ? { ...(c.transactionId && { transactionId: c.transactionId }), ...(c.activationId && { activationId: c.activationId }) } : {};
        },
      },
      destination as pino.DestinationStream,
    );
  }

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  /** One structured line with `fields` beside the message (strings in it scrubbed like the message). */
  line(level: pino.Level, fields: LogFields, message: string): void {
    if (!this.pino.isLevelEnabled(level)) return;
    const scrubbed = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, typeof v === 'string' ? scrubSecrets(v) : v]));
    this.pino[level](scrubbed, scrubSecrets(message));
  }

  /** Nest passes the context (class name) last, and for errors the stack before it. */
  private write(level: pino.Level, message: unknown, rest: unknown[]): void {
    if (!this.pino.isLevelEnabled(level)) return;
    const args = [...rest];
    const context = args.length > 0 && typeof args[args.length - 1] === 'string' ? (args.pop() as string) : undefined;
    const fields: LogFields = context ? { context } : {};
    const first = args[0];
    if (level === 'error' && typeof first === 'string' && first.includes('\n    at ')) fields.stack = scrubSecrets(first);
    else if (first instanceof Error) fields.stack = scrubSecrets(first.stack ?? first.message);
    const text = message instanceof Error ? (message.stack ?? message.message) : typeof message === 'string' ? message : JSON.stringify(message);
    this.pino[level](fields, scrubSecrets(text ?? String(message)));
  }
}
