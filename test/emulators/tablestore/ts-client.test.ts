// otsync's own TablestoreStreamClient against the local server, checked against the official Go SDK: for the same
// table, both must read the same records, in the same order, with the same sequence info — before and after a
// shard split and merge, and in small pages. Then a 12,000-write workload read through the production client alone.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { TablestoreStreamClient } from '../../../src/plugins/sources/tablestore-stream/client';
import { DEFAULT_CACHE_DIR, ensureGoClient, runClient } from '../../conformance/build-clients';
import type { StreamRecordLine } from '../../conformance/format';
import { readStreamNormalized, type ReaderTarget } from '../../conformance/ts-reader';
import { conformanceEnv, startServer, TEST_CREDENTIALS } from './helpers';
import type { TablestoreServer } from '../../../src/emulators/tablestore';

let goBin: string;
before(async () => {
  goBin = await ensureGoClient(DEFAULT_CACHE_DIR);
});

const base = String(Math.floor(Date.now() / 1000) * 1000);

function target(server: TablestoreServer, tableName: string, limit?: number): ReaderTarget {
  return {
    endpoint: server.url,
    instanceName: server.instanceName,
    accessKeyId: TEST_CREDENTIALS.accessKeyId,
    accessKeySecret: TEST_CREDENTIALS.accessKeySecret,
    tableName,
    ...(limit === undefined ? {} : { limit }),
  };
}

function splitAndMerge(server: TablestoreServer, table: string): void {
  const busiest = server.admin
    .shards(table)
    .filter((s) => s.open)
    .sort((a, b) => b.records - a.records)[0]!;
  server.admin.splitShard(table, busiest.shardId);
  const open = server.admin
    .shards(table)
    .filter((s) => s.open)
    .sort((a, b) => a.hashRange[0] - b.hashRange[0]);
  server.admin.mergeShards(table, open[0]!.shardId, open[1]!.shardId);
}

test('the TypeScript client reads exactly what the Go SDK reads: records, order, shards and sequence info', async () => {
  const server = await startServer({ shardCount: 4 });
  const env = conformanceEnv(server, 'ts_conf', { OTS_BASE_TIMESTAMP_MS: base });
  await runClient(goBin, 'write', env);
  const fromGo = (await runClient(goBin, 'read-stream', env)) as StreamRecordLine[];
  const fromTs = await readStreamNormalized(target(server, 'ts_conf'));
  assert.equal(fromGo.length, 12);
  assert.deepEqual(fromTs, fromGo);
});

test('after a split and a merge, read in pages of 2, the TypeScript client still matches the Go SDK', async () => {
  const server = await startServer({ shardCount: 4 });
  const env = conformanceEnv(server, 'ts_lineage', { OTS_BASE_TIMESTAMP_MS: base, OTS_STREAM_RECORD_LIMIT: '2' });
  await runClient(goBin, 'write', env);
  splitAndMerge(server, 'ts_lineage');
  // More writes after the split and merge land in the children, which must come after their parents.
  const client = new TablestoreStreamClient({
    endpoint: server.url,
    instanceName: server.instanceName,
    credentials: TEST_CREDENTIALS,
  });
  for (let i = 0; i < 50; i++) {
    const primaryKey = [
      { name: 'pk', value: ['a', 'b', 'c', 'd', 'e'][i % 5]! },
      { name: 'seq', value: BigInt(i % 2) },
    ];
    await client.updateRow({ tableName: 'ts_lineage', primaryKey, cells: [{ name: 'later', value: BigInt(i) }] });
  }
  client.close();
  const fromGo = (await runClient(goBin, 'read-stream', env)) as StreamRecordLine[];
  const fromTs = await readStreamNormalized(target(server, 'ts_lineage', 2));
  assert.equal(fromGo.length, 62);
  assert.deepEqual(fromTs, fromGo);
});

test('12,000 writes over 4 shards with a split and a merge: the client reads each change once, in per-key order', async () => {
  const server = await startServer({ shardCount: 4 });
  const table = 'ts_volume';
  const client = new TablestoreStreamClient({
    endpoint: server.url,
    instanceName: server.instanceName,
    credentials: TEST_CREDENTIALS,
  });
  try {
    // The Go client creates the table (with stream) and writes its 12 records; then the volume goes in.
    await runClient(goBin, 'write', conformanceEnv(server, table, { OTS_BASE_TIMESTAMP_MS: base }));
    const expected = new Map<string, string[]>();
    for (const r of await readStreamNormalized(target(server, table))) {
      const k = JSON.stringify(r.primaryKey.map((c) => c.value));
      expected.set(k, [...(expected.get(k) ?? []), r.action]);
    }
    const WRITES = 12_000;
    for (let i = 0; i < WRITES; i++) {
      if (i === WRITES / 3 || i === (2 * WRITES) / 3) splitAndMerge(server, table);
      const primaryKey = [
        { name: 'pk', value: `k${(i * 7919) % 300}` },
        { name: 'seq', value: BigInt(i % 3) },
      ];
      const kind = i % 5;
      if (kind === 4) await client.deleteRow({ tableName: table, primaryKey });
      else if (kind === 3) {
        await client.updateRow({ tableName: table, primaryKey, cells: [{ name: 'n', value: BigInt(i) }] });
      } else await client.putRow({ tableName: table, primaryKey, attributes: [{ name: 'n', value: BigInt(i) }] });
      const k = JSON.stringify([primaryKey[0]!.value, String(primaryKey[1]!.value)]);
      expected.set(k, [...(expected.get(k) ?? []), kind === 4 ? 'DELETE' : kind === 3 ? 'UPDATE' : 'PUT']);
    }
    const read = await readStreamNormalized(target(server, table, 500));
    assert.equal(read.length, WRITES + 12);
    const actual = new Map<string, string[]>();
    for (const r of read) {
      const k = JSON.stringify(r.primaryKey.map((c) => c.value));
      actual.set(k, [...(actual.get(k) ?? []), r.action]);
    }
    assert.deepEqual(actual, expected);
  } finally {
    client.close();
  }
});
