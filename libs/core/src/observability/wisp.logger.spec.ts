import { PassThrough } from 'node:stream';
import { loadConfig } from '../config/wisp-config';
import { noteActivationId, withLogContext } from './log-context';
import { scrubSecrets } from './secret-scrubber';
import { WispLogger } from './wisp.logger';

const KEY = '23bc46b1-71f6-4ed5-8c54-816aa4f8c502:123zO3xZCLrMN6v2BKK1dXYFpXlPkccOFqm12CdAsMgRU4VrNZ9lyGVCGuMDGIwP';

function capture(level = 'log'): { logger: WispLogger; lines: () => any[] } {
  const out = new PassThrough();
  let text = '';
  out.on('data', (c: Buffer) => (text += c.toString()));
  const logger = new WispLogger(loadConfig({ WISP_LOG_LEVEL: level, WISP_LOG_FORMAT: 'auto' }), 'test', out);
  return { logger, lines: () => text.split('\n').filter(Boolean).map((l) => JSON.parse(l)) };
}

describe('scrubSecrets', () => {
  it('removes key secrets, Basic credentials, URL passwords and named secrets, keeping what names them', () => {
    const text = scrubSecrets(
      `key ${KEY} auth Basic ${Buffer.from(KEY).toString('base64')} url postgres://app:s3cr3t@db:5432/x amqp://guest:guest@127.0.0.1 password=hunter2 "token": "ghp_abcdef123456"`,
    );
    expect(text).toContain('23bc46b1-71f6-4ed5-8c54-816aa4f8c502:[redacted]');
    for (const secret of ['123zO3xZCLrMN6v2', Buffer.from(KEY).toString('base64'), 's3cr3t', 'guest@', 'hunter2', 'ghp_abcdef123456']) expect(text).not.toContain(secret);
    expect(text).toContain('postgres://app:[redacted]@db:5432/x');
  });
});

describe('WispLogger', () => {
  it('writes one JSON object a line on a stream that is not a TTY, with level, context and app', () => {
    const { logger, lines } = capture();
    logger.log('hello', 'Ctx');
    logger.warn({ some: 'object' });
    expect(lines()).toEqual([
      expect.objectContaining({ level: 'info', msg: 'hello', context: 'Ctx', app: 'test', time: expect.any(String) }),
      expect.objectContaining({ level: 'warn', msg: '{"some":"object"}' }),
    ]);
  });

  it('carries the transaction id and the activation id of the context it is written in', async () => {
    const { logger, lines } = capture();
    const context = { transactionId: 'tx-1' };
    await withLogContext(context, async () => {
      logger.log('before');
      await new Promise((r) => setImmediate(r));
      noteActivationId('act-1');
      logger.log('after');
    });
    logger.log('outside');
    const [before, after, outside] = lines();
    expect(before).toMatchObject({ transactionId: 'tx-1' });
    expect(before.activationId).toBeUndefined();
    expect(after).toMatchObject({ transactionId: 'tx-1', activationId: 'act-1' });
    expect(outside.transactionId).toBeUndefined();
  });

  it('scrubs messages, stacks and structured fields, and honours the level', () => {
    const { logger, lines } = capture('warn');
    logger.log('dropped below warn');
    logger.error(`failed with ${KEY}`, `Error: x\n    at f (amqp://u:pw@host)`, 'Ctx');
    logger.line('warn', { url: 'postgres://a:b@c/d', headers: { authorization: 'Basic abc' }, authKey: KEY }, 'structured');
    const [error, line] = lines();
    expect(lines()).toHaveLength(2);
    expect(JSON.stringify(error)).not.toContain('123zO3xZ');
    expect(error.stack).toContain('amqp://u:[redacted]@host');
    expect(JSON.stringify(line)).not.toMatch(/a:b@|Basic abc|123zO3xZ/);
  });
});
