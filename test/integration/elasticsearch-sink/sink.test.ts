import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, describe, it } from 'node:test';
import { Client } from '@elastic/elasticsearch';
import { ElasticsearchSink } from '../../../src/plugins/sinks/elasticsearch';
import type { CompiledElasticsearchConfig } from '../../../src/plugins/sinks/elasticsearch/schema';
import { elasticsearchUrl } from '../../helpers/env';
import { col, config, rec } from '../../unit/plugins/sinks/elasticsearch/records';

const url = elasticsearchUrl();
const es = new Client({ node: url });
const created: string[] = [];
const quiet = { warn: () => undefined, info: () => undefined };

after(async () => {
  await Promise.all(created.map((index) => es.indices.delete({ index }, { ignore: [404] })));
  await es.close();
});

function newIndex(): string {
  const index = `otsync-sink-${randomUUID()}`;
  created.push(index);
  return index;
}

async function open(cfg: CompiledElasticsearchConfig): Promise<ElasticsearchSink> {
  const sink = new ElasticsearchSink(cfg, { endpoints: [url] }, { logger: quiet, sleep: async () => undefined });
  await sink.prepare();
  return sink;
}

async function source(index: string, id: string): Promise<Record<string, unknown> | undefined> {
  const res = await es.get<Record<string, unknown>>({ index, id }, { ignore: [404] });
  return res.found ? res._source : undefined;
}

const T = 1_800_000_000_000_000n;

describe('Elasticsearch sink against the real server', () => {
  it('creates the index with the mapping from the column types, and gc_deletes for versioning', async () => {
    const index = newIndex();
    const sink = await open(
      config(index, {
        columns: [
          col('uid', 'id'),
          col('name', 'text', { mapping: { fields: { raw: { type: 'keyword' } } } }),
          col('age', 'long'),
          col('at', 'date', { origin: true, format: 'yyyy-MM-dd' }),
          col('r', 'routing'),
        ],
        dstDynamic: 'strict',
        settings: { index: { number_of_shards: 2 } },
      }),
    );
    await sink.close();
    const mapping = await es.indices.getMapping({ index });
    assert.deepEqual(mapping[index]?.mappings, {
      dynamic: 'strict',
      properties: {
        name: { type: 'text', fields: { raw: { type: 'keyword' } } },
        age: { type: 'long' },
        at: { type: 'date', format: 'yyyy-MM-dd' },
      },
    });
    const settings = await es.indices.getSettings({ index });
    assert.equal(settings[index]?.settings?.index?.gc_deletes, '7d');
    assert.equal(settings[index]?.settings?.index?.number_of_shards, '2');
  });

  it('raises gc_deletes on an existing index whose tombstones expire too early', async () => {
    const index = newIndex();
    await es.indices.create({ index, settings: { index: { gc_deletes: '60s' } } });
    const sink = await open(config(index, { gcDeletes: '3d' }));
    await sink.close();
    const settings = await es.indices.getSettings({ index });
    assert.equal(settings[index]?.settings?.index?.gc_deletes, '3d');
  });

  it('cleanup deletes and recreates the index, keeping includeSettingKeys', async () => {
    const index = newIndex();
    await es.indices.create({ index, settings: { index: { number_of_shards: 3 } } });
    await es.index({ index, id: 'old', document: { name: 'x' }, refresh: true });
    const sink = await open(config(index, { cleanup: true }));
    await sink.close();
    assert.equal(await source(index, 'old'), undefined);
    const settings = await es.indices.getSettings({ index });
    assert.equal(settings[index]?.settings?.index?.number_of_shards, '3');
  });

  it('a mapping conflict with the existing index fails prepare with a typed, permanent error', async () => {
    const index = newIndex();
    await es.indices.create({ index, mappings: { properties: { age: { type: 'keyword' } } } });
    const sink = new ElasticsearchSink(config(index), { endpoints: [url] }, { logger: quiet });
    await assert.rejects(sink.prepare(), (e: Error & { retryable?: boolean; operation?: string }) => {
      assert.equal(e.name, 'ElasticsearchRequestError');
      assert.equal(e.retryable, false);
      assert.match(e.message, /put mapping: HTTP 400 illegal_argument_exception/);
      return true;
    });
    await sink.close();
  });

  it('out-of-order and replayed batches never regress a document; a rerun is all skippedStale', async () => {
    const index = newIndex();
    const sink = await open(config(index));
    const put = rec('PUT', ['u1', 'alice', 30n], { ts: T });
    const update = rec('UPDATE', ['u1', null, 31n], { ts: T + 10n });
    const newer = rec('PUT', ['u1', 'alicia', 40n], { ts: T + 20n });
    assert.deepEqual(await sink.write([newer]), { written: 1, skippedStale: 0, dirty: 0, dirtySamples: [] });
    const replay = await sink.write([put, update]);
    assert.equal(replay.written, 0);
    assert.equal(replay.skippedStale, 2);
    assert.deepEqual(await source(index, 'u1'), { name: 'alicia', age: 40 });
    const rerun = await sink.write([put, update, newer]);
    assert.deepEqual([rerun.written, rerun.skippedStale], [0, 3]);
    const { _version } = await es.get({ index, id: 'u1' });
    assert.equal(BigInt(_version ?? 0), (T + 20n) * 1024n);
    await sink.close();
  });

  it('deletes propagate with their version, and an older replayed write does not bring the document back', async () => {
    const index = newIndex();
    const sink = await open(config(index));
    await sink.write([rec('PUT', ['u2', 'bob', 1n], { ts: T })]);
    const del = await sink.write([rec('DELETE', ['u2', null, null], { ts: T + 5n })]);
    assert.deepEqual([del.written, del.skippedStale], [1, 0]);
    assert.equal(await source(index, 'u2'), undefined);
    const replay = await sink.write([rec('PUT', ['u2', 'bob', 1n], { ts: T })]);
    assert.deepEqual([replay.written, replay.skippedStale], [0, 1]);
    assert.equal(await source(index, 'u2'), undefined);
    // A delete of a document that was never there is applied (it records the version).
    const ghost = await sink.write([rec('DELETE', ['nobody', null, null], { ts: T })]);
    assert.equal(ghost.written, 1);
    await sink.close();
  });

  it('partial updates keep the fields they did not touch, across batches and within one', async () => {
    const index = newIndex();
    const sink = await open(
      config(index, {
        columns: [col('uid', 'id'), col('name', 'keyword'), col('age', 'long'), col('city', 'keyword')],
      }),
    );
    await sink.write([rec('PUT', ['u3', 'carol', 20n, 'Hangzhou'], { ts: T })]);
    // Batch 2: two updates of one row (folded into one patch, merged with the stored document).
    const r = await sink.write([
      rec('UPDATE', ['u3', null, 21n, null], { ts: T + 1n }),
      rec('UPDATE', ['u3', 'caroline', null, null], { ts: T + 2n }),
    ]);
    assert.deepEqual([r.written, r.skippedStale], [2, 0]);
    assert.deepEqual(await source(index, 'u3'), { name: 'caroline', age: 21, city: 'Hangzhou' });
    // An update of a row the index never saw creates it with the touched fields (others null).
    await sink.write([rec('UPDATE', ['u4', null, 5n, null], { ts: T })]);
    assert.deepEqual(await source(index, 'u4'), { name: null, age: 5, city: null });
    // DELETE then UPDATE in one batch: the row exists again with only the update's fields.
    await sink.write([
      rec('DELETE', ['u3', null, null, null], { ts: T + 3n }),
      rec('UPDATE', ['u3', null, null, 'Beijing'], { ts: T + 4n }),
    ]);
    assert.deepEqual(await source(index, 'u3'), { name: null, age: null, city: 'Beijing' });
    await sink.close();
  });

  it('large integers survive a partial-update merge exactly', async () => {
    const index = newIndex();
    const sink = await open(config(index));
    await sink.write([rec('PUT', ['big', 'x', 9_007_199_254_740_993n], { ts: T })]);
    await sink.write([rec('UPDATE', ['big', 'y', null], { ts: T + 1n })]);
    const raw = await fetch(`${url}/${index}/_source/big`).then((r) => r.text());
    assert.equal(raw, '{"name":"y","age":9007199254740993}');
    await sink.close();
  });

  it('counts dirty records: conversion failures and item 400s, matched to the right records', async () => {
    const index = newIndex();
    const sink = await open(
      config(index, {
        columns: [col('uid', 'id'), col('name', 'keyword'), col('age', 'long'), col('at', 'date', { origin: true })],
      }),
    );
    const r = await sink.write([
      rec('PUT', ['d1', 'a', 'XYZZY-1', null], { ts: T }),
      rec('PUT', ['d2', 'b', 2n, 'XYZZY-2'], { ts: T }),
      rec('PUT', ['d3', 'c', 3n, '2024-01-01'], { ts: T }),
    ]);
    assert.deepEqual([r.written, r.skippedStale, r.dirty], [1, 0, 2]);
    assert.equal(r.dirtySamples.length, 2);
    assert.match(r.dirtySamples[0] ?? '', /^parse error for column: age: /);
    assert.match(
      r.dirtySamples[1] ?? '',
      /^status 400 .*document_parsing_exception|^status 400 .*mapper_parsing_exception/,
    );
    assert.ok(!r.dirtySamples.join(' ').includes('XYZZY'), 'no values in dirty samples');
    assert.ok(await source(index, 'd3'));
    assert.equal(await source(index, 'd2'), undefined);
    await sink.close();
  });

  it('DataX-identical mode reproduces DataX: update + doc_as_upsert, nulls written, no deletes, dataxEmits:false skipped', async () => {
    const index = newIndex();
    const sink = await open(
      config(index, { actionType: 'update', externalVersioning: false, propagateDeletes: false }),
    );
    await sink.write([rec('PUT', ['x1', 'dora', 50n])]);
    const r = await sink.write([
      rec('UPDATE', ['x1', null, 51n]),
      rec('DELETE', ['x1', null, null]),
      rec('UPDATE', ['x1', 'ignored', 0n], { dataxEmits: false }),
    ]);
    assert.deepEqual([r.written, r.skippedStale, r.dirty], [1, 0, 0]);
    // enableWriteNull: true (the default) erases `name`, exactly as DataX does with partial rows.
    assert.deepEqual(await source(index, 'x1'), { name: null, age: 51 });
    const { _version } = await es.get({ index, id: 'x1' });
    assert.equal(_version, 2);
    await sink.close();
  });

  it('DataX index mode with enableWriteNull false leaves nulls out; deleteBy sends deletes', async () => {
    const index = newIndex();
    const sink = await open(
      config(index, {
        externalVersioning: false,
        propagateDeletes: false,
        enableWriteNull: false,
        deleteBy: [{ name: ['gone', 'removed'] }],
      }),
    );
    await sink.write([rec('PUT', ['y1', 'eve', null]), rec('PUT', ['y2', 'fay', 1n])]);
    assert.deepEqual(await source(index, 'y1'), { name: 'eve' });
    await sink.write([rec('PUT', ['y2', 'removed', 1n])]);
    assert.equal(await source(index, 'y2'), undefined);
    await sink.close();
  });

  it('deletes propagate unversioned when only versioning is switched off', async () => {
    const index = newIndex();
    const sink = await open(config(index, { externalVersioning: false }));
    await sink.write([rec('PUT', ['z1', 'gus', 1n]), rec('DELETE', ['z1', null, null])]);
    assert.equal(await source(index, 'z1'), undefined);
    const settings = await es.indices.getSettings({ index });
    assert.equal(settings[index]?.settings?.index?.gc_deletes, undefined);
    await sink.close();
  });

  it('finishWindow points the alias at the index, exclusively when asked', async () => {
    const a = newIndex();
    const b = newIndex();
    const alias = `otsync-alias-${randomUUID()}`;
    const first = await open(config(a, { alias }));
    await first.finishWindow();
    await first.close();
    const second = await open(config(b, { alias, aliasMode: 'exclusive' }));
    await second.finishWindow();
    await second.close();
    const res = await es.indices.getAlias({ name: alias });
    assert.deepEqual(Object.keys(res), [b]);
  });
});
