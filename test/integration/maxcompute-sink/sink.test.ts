// The MaxCompute sink against the local MaxCompute server over the real REST and Tunnel protocol: one upload
// session per window, nothing visible before the commit, idempotent commits, overwrite for truncate, DataX type
// conversions with range checks, dirty records, and a corrupted block refused with the real error.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { MaxComputeServer } from '../../../src/emulators/maxcompute';
import { RecordStreamWriter } from '../../../src/maxcompute';
import { MaxComputeConfigError, MaxComputeRequestError } from '../../../src/plugins/sinks/maxcompute';
import { SignedHttp } from '../../../src/plugins/sinks/maxcompute/http';
import { TunnelClient } from '../../../src/plugins/sinks/maxcompute/tunnel';
import { batches, noProgress, record } from '../oss-sink/helpers';
import { MC_CREDENTIALS, PROJECT, sinkFor, startMaxCompute } from './helpers';

let server: MaxComputeServer;
before(async () => {
  server = await startMaxCompute();
  await server.sql(
    PROJECT,
    'CREATE TABLE person (id STRING, colname STRING, version BIGINT, colvalue STRING, optype STRING, sequenceinfo STRING) PARTITIONED BY (pt STRING)',
  );
  await server.sql(
    PROJECT,
    'CREATE TABLE typed (k STRING, small INT, amount DECIMAL(10,2), ratio DOUBLE, ok BOOLEAN, at DATETIME)',
  );
});
after(async () => {
  await server?.close();
});

const W = { startMs: Date.UTC(2024, 2, 15, 2, 10), endMs: Date.UTC(2024, 2, 15, 2, 15) };
const ctx = { jobId: 'job', window: W };
/** Seed 002's multi-version line: pk, column name, version, value, op code, sequence info. */
const mv = (id: string, col: string, version: bigint, value: string | null, op: string) =>
  record('s1', [id, col, version, value, op, `1:${version}:0`]);

test('a window is invisible until its commit, which adds it once — a repeated commit adds nothing', async () => {
  const sink = sinkFor(server, { partition: 'pt=20240315' });
  await sink.prepare();
  const rows = [mv('a', 'name', 1n, 'Ann', 'U'), mv('a', 'age', 1n, null, 'DO'), mv('b', 'name', 2n, 'Bo', 'U')];
  const result = await sink.writeWindow(ctx, batches(rows), noProgress);
  assert.equal(result.written, 3);
  assert.ok(result.pendingCommit, 'a pending commit');
  assert.deepEqual(await server.rows(PROJECT, 'person', 'pt=20240315'), [], 'nothing visible before the commit');
  await sink.commitPending(result.pendingCommit);
  const committed = await server.rows(PROJECT, 'person', 'pt=20240315');
  assert.deepEqual(committed, [
    ['a', 'name', 1n, 'Ann', 'U', '1:1:0'],
    ['a', 'age', 1n, null, 'DO', '1:1:0'],
    ['b', 'name', 2n, 'Bo', 'U', '1:2:0'],
  ]);
  await sink.commitPending(result.pendingCommit); // a retried commit activity
  assert.equal((await server.rows(PROJECT, 'person', 'pt=20240315')).length, 3, 'not applied twice');
});

test('truncate: true replaces the partition atomically at commit (an overwrite session), and adds it when missing', async () => {
  const sink = sinkFor(server, { partition: 'pt=20240316', truncate: true });
  const first = await sink.writeWindow(ctx, batches([mv('x', 'c', 1n, 'one', 'U')]), noProgress);
  await sink.commitPending(first.pendingCommit!);
  const second = await sink.writeWindow(
    ctx,
    batches([mv('y', 'c', 2n, 'two', 'U'), mv('z', 'c', 3n, 'three', 'U')]),
    noProgress,
  );
  assert.equal((await server.rows(PROJECT, 'person', 'pt=20240316')).length, 1, 'the old rows stay until the commit');
  await sink.commitPending(second.pendingCommit!);
  assert.deepEqual(
    (await server.rows(PROJECT, 'person', 'pt=20240316')).map((r) => r[0]),
    ['y', 'z'],
  );
});

test('values convert by column type with range checks; what does not fit is dirty, never wrapped', async () => {
  const sink = sinkFor(
    server,
    { table: 'typed', partition: '', column: ['k', 'small', 'amount', 'ratio', 'ok', 'at'] },
    {},
    {
      mode: 'single_version_and_update_only',
      column: ['k', 'small', 'amount', 'ratio', 'ok', 'at'].map((name) => ({ name })),
    },
  );
  await sink.prepare();
  const rows = [
    record('s', ['ok1', 7n, '12.345', 1.5, true, 1_700_000_000_000n]),
    record('s', ['big', 2n ** 40n, '1', 1, false, null]), // INT overflow: dirty (DataX would wrap)
    record('s', ['nan', 'abc', '1', 1, false, null]), // not a number: dirty
    record('s', ['ok2', null, '-0.005', null, 'TRUE', '2024-03-15 10:00:00']),
  ];
  const result = await sink.writeWindow(ctx, batches(rows), noProgress);
  assert.deepEqual([result.written, result.dirty], [2, 2]);
  assert.ok(
    result.dirtySamples.every((s) => !s.includes('abc') && !s.includes(String(2n ** 40n))),
    'data-free samples',
  );
  await sink.commitPending(result.pendingCommit!);
  assert.deepEqual(await server.rows(PROJECT, 'typed'), [
    ['ok1', 7n, '12.35', 1.5, true, 1_700_000_000_000n],
    ['ok2', null, '-0.01', null, true, BigInt(Date.UTC(2024, 2, 15, 10))],
  ]);
});

test('a window larger than a block goes up as several blocks, committed together', async () => {
  const sink = sinkFor(server, { partition: 'pt=20240317' }, { blockBytes: 64 * 1024 });
  const rows = Array.from({ length: 5000 }, (_, i) => mv(`k${i}`, 'c', BigInt(i), 'v'.repeat(50), 'U'));
  const result = await sink.writeWindow(ctx, batches(rows), noProgress);
  const blocks = (JSON.parse(result.pendingCommit!.token) as { blocks: number[] }).blocks;
  assert.ok(blocks.length > 3, `${blocks.length} blocks`);
  await sink.commitPending(result.pendingCommit!);
  assert.equal((await server.rows(PROJECT, 'person', 'pt=20240317')).length, 5000);
});

test('configuration errors: a missing table, a partition on the wrong levels, an unknown column', async () => {
  await assert.rejects(
    sinkFor(server, { table: 'nosuch' }).prepare(),
    (e: unknown) => e instanceof MaxComputeConfigError && /does not exist/.test(e.message),
  );
  await assert.rejects(
    sinkFor(server, { partition: 'ds=1' }).prepare(),
    (e: unknown) => e instanceof MaxComputeConfigError && /partition/.test(e.message),
  );
  await assert.rejects(
    sinkFor(server, { partition: '' }).prepare(),
    (e: unknown) => e instanceof MaxComputeConfigError && /is partitioned/.test(e.message),
  );
  await assert.rejects(
    sinkFor(server, { column: ['id', 'nosuch', 'version', 'colvalue', 'optype', 'sequenceinfo'] }).prepare(),
    (e: unknown) => e instanceof MaxComputeConfigError && /nosuch/.test(e.message),
  );
});

test('a corrupted block is refused with CorruptedDataStream; nothing of the session becomes visible', async () => {
  await server.sql(PROJECT, "ALTER TABLE person ADD IF NOT EXISTS PARTITION (pt='20240318')");
  const http = new SignedHttp(server.tunnelEndpoint, MC_CREDENTIALS, { attempts: 1, backoffMs: 10, timeoutMs: 10_000 });
  const tunnel = new TunnelClient(http, PROJECT);
  const session = await tunnel.create('person', 'pt=20240318', false);
  const good = new RecordStreamWriter(session.columns);
  good.write(['a', 'c', 1n, 'v', 'U', 's']);
  await tunnel.putBlock('person', 'pt=20240318', session.uploadId, 0, good.finish());
  const bad = new RecordStreamWriter(session.columns);
  bad.write(['b', 'c', 2n, 'v', 'U', 's']);
  const body = bad.finish();
  body[3] = body[3]! ^ 0xff; // inside the first field's bytes: the record CRC no longer matches
  await assert.rejects(
    tunnel.putBlock('person', 'pt=20240318', session.uploadId, 1, body),
    (e: unknown) => e instanceof MaxComputeRequestError && /CorruptedDataStream|MalformedDataStream/.test(e.code ?? ''),
  );
  const reloaded = await tunnel.reload('person', 'pt=20240318', session.uploadId);
  assert.deepEqual(reloaded.blocks, [0], 'the bad block was not recorded');
  assert.deepEqual(
    await server.rows(PROJECT, 'person', 'pt=20240318'),
    [],
    'nothing visible (the writer never commits a failed window)',
  );
});
