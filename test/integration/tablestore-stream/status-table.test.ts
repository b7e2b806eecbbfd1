// The reader against the local Tablestore server: exact boundary positions, reruns, resuming from rows DataX
// wrote, the byte-exact status-table format, data gaps, the committed-window fence, and transparent retries.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deflateSync, inflateSync } from 'node:zlib';
import {
  CheckpointConflictError,
  DataGapError,
  TablestoreStreamSource,
} from '../../../src/plugins/sources/tablestore-stream';
import type { TablestoreStreamClient } from '../../../src/plugins/sources/tablestore-stream/client';
import { INF_MAX, INF_MIN } from '../../../src/tablestore';
import {
  boundaryNow,
  clientFor,
  configFor,
  createStreamTable,
  describeLine,
  pk,
  readAll,
  serverNowMs,
  startServer,
  writeAll,
} from './helpers';

const puts = (prefix: string, count: number) =>
  Array.from({ length: count }, (_, i) => ({
    type: 'PUT' as const,
    primaryKey: pk(`${prefix}${i}`),
    attributes: [{ name: 'v', value: BigInt(i) }],
  }));
const texts = (lines: Awaited<ReturnType<typeof readAll>>['lines']) =>
  lines.map((l) => {
    const d = describeLine(l);
    return `${d.key} ${d.text}`;
  });

async function setup(name: string, shardCount = 4) {
  const server = await startServer({ shardCount });
  const client = clientFor(server, { sleep: async () => undefined });
  await createStreamTable(server, name);
  return { server, client };
}

test('the boundary position is exact, the next window starts right there, and a rerun yields the same records', async () => {
  const { client } = await setup('boundary');
  const source = new TablestoreStreamSource(client, configFor('boundary', 'st_boundary'));
  const start = serverNowMs() - 1000;
  await writeAll(client, 'boundary', puts('a', 40));
  const end = await boundaryNow();
  await writeAll(client, 'boundary', puts('b', 30));
  const end2 = await boundaryNow();

  const first = await readAll(source, { startMs: start, endMs: end });
  assert.equal(first.lines.filter((l) => describeLine(l).text === 'DR').length, 40);
  assert.ok(texts(first.lines).every((t) => t.startsWith('a')));
  await source.writePositions({ startMs: start, endMs: end }, first.result.positions, source.newRunVersion());

  // Each saved position points exactly at the shard's first record ≥ end: reading from them gives all of b.
  const fromPositions: string[] = [];
  for (const p of first.result.positions) {
    const page = await client.getStreamRecord({ shardIterator: p.checkpoint });
    for (const r of page.records) fromPositions.push(String(r.primaryKey[0]?.value));
  }
  assert.deepEqual(fromPositions.sort(), Array.from({ length: 30 }, (_, i) => `b${i}`).sort());

  const rerun = await readAll(source, { startMs: start, endMs: end });
  assert.deepEqual(texts(rerun.lines), texts(first.lines));
  assert.deepEqual(rerun.result.positions, first.result.positions);

  const second = await readAll(source, { startMs: end, endMs: end2 });
  assert.equal(second.result.start.kind, 'resume');
  assert.deepEqual(
    texts(second.lines)
      .filter((t) => t.endsWith('DR'))
      .sort(),
    Array.from({ length: 30 }, (_, i) => `b${i}|1 DR`).sort(),
  );
  client.close();
});

test('status rows are written in the exact DataX format', async () => {
  const { client } = await setup('format');
  const source = new TablestoreStreamSource(client, configFor('format', 'st_format'));
  const { streamId } = await source.prepare();
  const start = serverNowMs() - 1000;
  await writeAll(client, 'format', puts('a', 10));
  const end = await boundaryNow();
  const { result } = await readAll(source, { startMs: start, endMs: end });
  await source.writePositions({ startMs: start, endMs: end }, result.positions, '1700000000000-test');
  const rows = await scanAll(client, 'st_format');
  const pad = String(end).padStart(16, ' ');
  const checkpoints = rows.filter((r) => r.type === 'CheckpointForDataxReader');
  assert.deepEqual(checkpoints.map((r) => r.value).sort(), result.positions.map((p) => `${pad}\t${p.shardId}`).sort());
  for (const r of checkpoints) {
    assert.equal(r.cells.get('Version'), '1700000000000-test');
    assert.equal(r.cells.get('SkipCount'), 0n);
    assert.equal(typeof r.cells.get('Checkpoint'), 'string');
  }
  const desc = rows.find((r) => r.type === 'DataxJobDesc');
  assert.equal(desc?.value, pad);
  assert.equal(desc?.stream, streamId);
  assert.deepEqual(
    JSON.parse(inflateSync(desc?.cells.get('ShardIds_0') as Buffer).toString()),
    result.positions.map((p) => p.shardId),
  );
  assert.equal(desc?.cells.get('JobStreamId'), streamId);
  assert.equal(desc?.cells.get('TableName'), 'format');
  assert.equal(desc?.cells.get('StartTime'), BigInt(start));
  assert.equal(desc?.cells.get('EndTime'), BigInt(end));
  assert.ok(
    rows.some((r) => r.type === 'ShardTimeCheckpointForDataxReader' && /^shard-\d+\t {3}\d{13}$/.test(r.value)),
  );
  client.close();
});

test('resumes from positions a DataX run wrote (job description, non-zero SkipCount) and from legacy ShardCount rows', async () => {
  const { server, client } = await setup('datax');
  const source = new TablestoreStreamSource(client, configFor('datax', 'st_datax'));
  const { streamId } = await source.prepare();
  await writeAll(client, 'datax', puts('a', 20));
  const start = await boundaryNow();
  await writeAll(client, 'datax', puts('b', 20));
  const end = await boundaryNow();
  // Simulate DataX: every shard's checkpoint at `start` is the iterator of its first b record, except one shard
  // whose pre-2023 checkpoint is the trim horizon with SkipCount = number of its a records.
  const shards = server.admin.shards('datax');
  const pad = String(start).padStart(16, ' ');
  const rows: Parameters<TablestoreStreamClient['batchWriteRow']>[0]['rows'][number][] = [];
  let skipShard = '';
  let skipped = 0;
  for (const s of shards) {
    let it = (await client.getShardIterator({ streamId, shardId: s.shardId })).shardIterator;
    const page = await client.getStreamRecord({ shardIterator: it });
    const aCount = page.records.filter((r) => String(r.primaryKey[0]?.value).startsWith('a')).length;
    let skip = 0n;
    if (skipShard === '' && aCount > 0) {
      skipShard = s.shardId;
      skipped = aCount;
      skip = BigInt(aCount);
    } else if (aCount > 0) {
      it = (await client.getStreamRecord({ shardIterator: it, limit: aCount })).nextShardIterator as string;
    }
    rows.push({
      type: 'PUT',
      primaryKey: [
        { name: 'StreamId', value: streamId },
        { name: 'StatusType', value: 'CheckpointForDataxReader' },
        { name: 'StatusValue', value: `${pad}\t${s.shardId}` },
      ],
      attributes: [
        { name: 'Version', value: 'datax-v1' },
        { name: 'Checkpoint', value: it },
        { name: 'SkipCount', value: skip },
      ],
    });
  }
  assert.ok(skipped > 0);
  const descKey = [
    { name: 'StreamId', value: streamId },
    { name: 'StatusType', value: 'DataxJobDesc' },
    { name: 'StatusValue', value: pad },
  ];
  rows.push({
    type: 'PUT',
    primaryKey: descKey,
    attributes: [
      { name: 'ShardIds_0', value: deflateSync(Buffer.from(JSON.stringify(shards.map((s) => s.shardId)))) },
      { name: 'Version', value: 'datax-v1' },
      { name: 'TableName', value: 'datax' },
      { name: 'JobStreamId', value: streamId },
      { name: 'StartTime', value: BigInt(start - 300_000) },
      { name: 'EndTime', value: BigInt(start) },
    ],
  });
  await writeAll(client, 'st_datax', rows);
  const expectedB = Array.from({ length: 20 }, (_, i) => `b${i}|1 DR`).sort();

  const resumed = await readAll(source, { startMs: start, endMs: end });
  assert.equal(resumed.result.start.source, 'job-description');
  assert.equal(resumed.result.counts.skippedBySkipCount, skipped);
  assert.deepEqual(
    texts(resumed.lines)
      .filter((t) => t.endsWith('DR'))
      .sort(),
    expectedB,
  );

  // Legacy: no job description, a ShardCount row equal to the number of checkpoints.
  await client.deleteRow({ tableName: 'st_datax', primaryKey: descKey });
  await client.putRow({
    tableName: 'st_datax',
    primaryKey: [
      descKey[0],
      { name: 'StatusType', value: 'CheckpointForDataxReader' },
      { name: 'StatusValue', value: pad },
    ] as typeof descKey,
    attributes: [{ name: 'ShardCount', value: BigInt(shards.length) }],
  });
  const legacy = await readAll(source, { startMs: start, endMs: end });
  assert.equal(legacy.result.start.source, 'legacy-shard-count');
  assert.deepEqual(
    texts(legacy.lines)
      .filter((t) => t.endsWith('DR'))
      .sort(),
    expectedB,
  );
  client.close();
});

test('a trimmed position or a window older than the retention is a DataGapError naming shard and span', async () => {
  const { server, client } = await setup('gap', 2);
  const source = new TablestoreStreamSource(client, configFor('gap', 'st_gap'));
  const start = serverNowMs() - 1000;
  await writeAll(client, 'gap', puts('a', 10));
  const end = await boundaryNow();
  await writeAll(client, 'gap', puts('b', 10));
  const end2 = await boundaryNow();
  const { result } = await readAll(source, { startMs: start, endMs: end });
  await source.writePositions({ startMs: start, endMs: end }, result.positions, source.newRunVersion());
  server.admin.trimStream((serverNowMs() + 1) * 1000, 'gap');
  await assert.rejects(readAll(source, { startMs: end, endMs: end2 }), (error: unknown) => {
    assert.ok(error instanceof DataGapError);
    assert.equal(error.reason, 'trimmed');
    assert.equal(error.shardIds.length, 1);
    assert.equal(error.fromMs, end);
    assert.match(error.message, /Data gap on shard shard-\d+/);
    return true;
  });
  await assert.rejects(
    readAll(source, { startMs: start, endMs: end }, { nowMs: start + 24 * 3_600_000 }),
    (error: unknown) => error instanceof DataGapError && error.reason === 'retention' && error.shardIds.length === 2,
  );
  client.close();
});

test('the committed-window fence moves only by compare-and-set; conflicts throw CheckpointConflictError', async () => {
  const { client } = await setup('fence', 1);
  const source = new TablestoreStreamSource(client, configFor('fence', 'st_fence'));
  await source.prepare();
  assert.equal(await source.readCommitted('job-1'), undefined);
  await source.commitWindow('job-1', 'none', 1000, 'v1');
  assert.deepEqual(await source.readCommitted('job-1'), { endMs: 1000, version: 'v1' });
  const conflict = (reason: string) => (error: unknown) =>
    error instanceof CheckpointConflictError && error.reason === reason;
  await assert.rejects(source.commitWindow('job-1', 'none', 2000, 'v2'), conflict('exists'));
  await source.commitWindow('job-1', { expectedEndMs: 1000 }, 2000, 'v2');
  // The same commit again (a retry whose first attempt succeeded) is recognised, not a conflict.
  assert.deepEqual(await source.commitWindow('job-1', { expectedEndMs: 1000 }, 2000, 'v2'), {
    endMs: 2000,
    version: 'v2',
  });
  // A stale run that still believes the fence is at 1000 cannot move it, neither forward nor back.
  await assert.rejects(source.commitWindow('job-1', { expectedEndMs: 1000 }, 3000, 'v3'), conflict('moved'));
  await assert.rejects(source.commitWindow('job-1', { expectedEndMs: 2000 }, 1500, 'v3'), conflict('not-forward'));
  await assert.rejects(source.commitWindow('job-2', { expectedEndMs: 2000 }, 3000, 'v3'), conflict('missing'));
  assert.deepEqual(await source.readCommitted('job-1'), { endMs: 2000, version: 'v2' });
  client.close();
});

test('server busy and internal errors are retried transparently (DataX retry set, maxRetries honoured)', async () => {
  const { server, client } = await setup('faults');
  const source = new TablestoreStreamSource(client, configFor('faults', 'st_faults'));
  await source.prepare();
  const start = serverNowMs() - 1000;
  await writeAll(client, 'faults', puts('a', 300));
  const end = await boundaryNow();
  const clean = await readAll(source, { startMs: start, endMs: end });
  server.admin.setFaults([
    { kind: 'server-busy', rate: 0.3 },
    { kind: 'internal-error', rate: 0.1, operations: ['BatchWriteRow', 'GetStreamRecord'] },
  ]);
  const faulty = await readAll(source, { startMs: start, endMs: end }, { batchSize: 7 });
  await source.writePositions({ startMs: start, endMs: end }, faulty.result.positions, source.newRunVersion());
  server.admin.setFaults([]);
  assert.ok(faulty.result.retries.count > 0);
  assert.deepEqual(texts(faulty.lines).sort(), texts(clean.lines).sort());
  // With no retries allowed the same faults fail the read.
  const strict = new TablestoreStreamSource(client, configFor('faults', 'st_faults', { maxRetries: 0 }));
  server.admin.setFaults([{ kind: 'server-busy', rate: 1, operations: ['GetStreamRecord'] }]);
  await assert.rejects(readAll(strict, { startMs: start, endMs: end }), /busy/i);
  server.admin.setFaults([]);
  client.close();
});

interface RawRow {
  stream: string;
  type: string;
  value: string;
  cells: Map<string, unknown>;
}
async function scanAll(client: TablestoreStreamClient, tableName: string): Promise<RawRow[]> {
  const names = ['StreamId', 'StatusType', 'StatusValue'];
  const page = await client.getRange({
    tableName,
    inclusiveStartPrimaryKey: names.map((name) => ({ name, value: INF_MIN })),
    exclusiveEndPrimaryKey: names.map((name) => ({ name, value: INF_MAX })),
  });
  return page.rows.map((r) => ({
    stream: String(r.primaryKey[0]?.value),
    type: String(r.primaryKey[1]?.value),
    value: String(r.primaryKey[2]?.value),
    cells: new Map(r.attributes.map((c) => [c.name, c.value])),
  }));
}
