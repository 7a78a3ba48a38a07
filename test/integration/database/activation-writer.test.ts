import type { DataSource } from 'typeorm';
import { type ActivationRecord, ActivationWriter, migrateDatabase, newActivationId } from '@wisp/core';
import { queryOnce } from '../../support/sql';

/** A database of this suite alone, so parallel runs of other suites never share it. */
const DB_URL = 'postgres://postgres@127.0.0.1:5432/wisp_it_hostile_bytes_writer';

function record(response: ActivationRecord['response'], logs: string[], annotations: ActivationRecord['annotations'] = []): ActivationRecord {
  return {
    activationId: newActivationId(), namespace: 'guest', name: 'hostile', entityName: 'hostile', version: '0.0.1', subject: 'guest',
    start: Date.now(), end: Date.now() + 1, duration: 1, cause: null, response, logs, annotations, publish: false,
  };
}

describe('ActivationWriter with text PostgreSQL refuses (real PostgreSQL)', () => {
  let ds: DataSource;
  let writer: ActivationWriter;
  beforeAll(async () => {
    ds = await migrateDatabase(DB_URL);
    await ds.query('TRUNCATE activations');
    writer = new ActivationWriter(ds);
  });
  afterAll(async () => {
    await writer.close();
    await ds.destroy();
  });

  const stored = async (id: string) => (await queryOnce<{ response: any; logs: string[]; annotations: any[] }>(DB_URL, 'SELECT response, logs, annotations FROM activations WHERE activation_id = $1', [id]))[0];

  it('stores results, keys, logs and annotations holding NUL and lone surrogates, escaped, in one batch with clean records', async () => {
    const hostile = record(
      { statusCode: 0, result: { nul: 'a\u0000b', high: 'x\ud800', low: '\udc00y', reversed: '\udc00\ud800', ['key\ud83d']: 1, pair: '\ud83d\ude00' } },
      ['line with \u0000 NUL', 'lone \udfff surrogate'],
      [{ key: 'note\u0000', value: '\ud800' }],
    );
    const clean = record({ statusCode: 0, result: { ok: true } }, ['fine']);
    await Promise.all([writer.write(hostile), writer.write(clean)]);
    const row = await stored(hostile.activationId);
    expect(row.response.result).toEqual({ nul: 'a\\u0000b', high: 'x\\ud800', low: '\\udc00y', reversed: '\\udc00\\ud800', ['key\\ud83d']: 1, pair: '\ud83d\ude00' });
    expect(row.logs).toEqual(['line with \\u0000 NUL', 'lone \\udfff surrogate']);
    expect(row.annotations).toEqual([{ key: 'note\\u0000', value: '\\ud800' }]);
    expect((await stored(clean.activationId)).response.result).toEqual({ ok: true });
  });

  it('keeps a string that already spells an escape as it was', async () => {
    const r = record({ statusCode: 0, result: { text: 'literal \\u0000 and \\\\ud800' } }, []);
    await writer.write(r);
    expect((await stored(r.activationId)).response.result).toEqual({ text: 'literal \\u0000 and \\\\ud800' });
  });
});
