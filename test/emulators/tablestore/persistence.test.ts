// With a data directory, a restarted server keeps its tables, rows, streams, shards and iterators, also after a
// kill -9 in the middle of writes and with a torn tail in its log.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { encodePrimaryKey, encodeRow, RowExistenceExpectation } from '../../../src/tablestore';
import type { TablestoreServer } from '../../../src/emulators/tablestore';
import { call, startServer, stopServer } from './helpers';
import { listShards, readStream, streamIdOf } from './stream-reader';

const IGNORE = { rowExistence: RowExistenceExpectation.IGNORE };
const dirs: string[] = [];
const tmpDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'otsync-ts-'));
  dirs.push(dir);
  return dir;
};
after(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

async function createTable(server: TablestoreServer, tableName: string) {
  await call(server, 'CreateTable', {
    tableMeta: {
      tableName,
      primaryKey: [
        { name: 'pk', type: 2 },
        { name: 'n', type: 1 },
      ],
    },
    reservedThroughput: { capacityUnit: { read: 0, write: 0 } },
    tableOptions: { timeToLive: -1, maxVersions: 2 },
    streamSpec: { enableStream: true, expirationTime: 24 },
  });
}

async function put(server: TablestoreServer, table: string, pk: string, n: number, value: string) {
  await call(server, 'PutRow', {
    tableName: table,
    row: encodeRow({
      primaryKey: [
        { name: 'pk', value: pk },
        { name: 'n', value: BigInt(n) },
      ],
      attributes: [{ name: 'v', value }],
    }),
    condition: IGNORE,
  });
}

async function snapshot(server: TablestoreServer, table: string) {
  const rows = await call(server, 'GetRange', {
    tableName: table,
    direction: 0,
    maxVersions: 2,
    inclusiveStartPrimaryKey: encodePrimaryKey([
      { name: 'pk', value: { special: 'INF_MIN' } },
      { name: 'n', value: { special: 'INF_MIN' } },
    ]),
    exclusiveEndPrimaryKey: encodePrimaryKey([
      { name: 'pk', value: { special: 'INF_MAX' } },
      { name: 'n', value: { special: 'INF_MAX' } },
    ]),
  });
  const streamId = await streamIdOf(server, table);
  return {
    rows: Buffer.from(rows.rows).toString('hex'),
    describe: await call(server, 'DescribeTable', { tableName: table }),
    shards: await listShards(server, streamId),
    records: await readStream(server, table),
  };
}

test('a restarted server keeps tables, rows, stream records, lineage and iterators', async () => {
  const dataDir = tmpDir();
  const first = await startServer({ dataDir, shardCount: 2 });
  await createTable(first, 'p1');
  for (let i = 0; i < 20; i++) await put(first, 'p1', `k${i % 7}`, i % 3, `v${i}`);
  await call(first, 'UpdateRow', {
    tableName: 'p1',
    rowChange: encodeRow({
      primaryKey: [
        { name: 'pk', value: 'k1' },
        { name: 'n', value: 1n },
      ],
      attributes: [{ name: 'c', value: 3n, operation: 'INCREMENT' }],
    }),
    condition: IGNORE,
  });
  await call(first, 'DeleteRow', {
    tableName: 'p1',
    primaryKey: encodePrimaryKey(
      [
        { name: 'pk', value: 'k2' },
        { name: 'n', value: 2n },
      ],
      { deleteMarker: true },
    ),
    condition: IGNORE,
  });
  const shards = first.admin.shards('p1');
  first.admin.splitShard('p1', shards[0]!.shardId);
  for (let i = 0; i < 10; i++) await put(first, 'p1', `k${i}`, 9, `after${i}`);
  const streamId = await streamIdOf(first, 'p1');
  const iterator = (await call(first, 'GetShardIterator', { streamId, shardId: shards[1]!.shardId })).shardIterator;
  const before = await snapshot(first, 'p1');
  await stopServer(first);

  const second = await startServer({ dataDir, shardCount: 2 });
  const after = await snapshot(second, 'p1');
  assert.deepEqual(after, before);
  const page = await call(second, 'GetStreamRecord', { shardIterator: iterator, limit: 1000 });
  assert.ok(page.streamRecords.length > 0);
  // New shards get fresh ids after a restart.
  const open = second.admin.shards('p1').filter((s) => s.open);
  const children = second.admin.splitShard('p1', open[0]!.shardId);
  assert.ok(children.every((c) => !before.shards.some((s) => s.shardId === c)));
  await stopServer(second);
});

test('recovery drops a torn or corrupted log tail and keeps everything before it', async () => {
  const dataDir = tmpDir();
  const first = await startServer({ dataDir });
  await createTable(first, 'p2');
  await put(first, 'p2', 'a', 1, 'kept');
  const before = await snapshot(first, 'p2');
  await stopServer(first);
  const log = path.join(dataDir, 'tablestore.wal');
  const intact = fs.statSync(log).size;
  fs.appendFileSync(log, '{"op":"row","table":"p2","change":{"kind":"delete"');
  const torn = await startServer({ dataDir });
  assert.deepEqual(await snapshot(torn, 'p2'), before);
  await stopServer(torn);
  assert.equal(fs.statSync(log).size, intact);
  fs.appendFileSync(log, '{"op":"deleteTable","name":"p2"}\t00000000\n');
  const corrupt = await startServer({ dataDir });
  assert.deepEqual(await snapshot(corrupt, 'p2'), before);
});

test('after kill -9 during writes, every acknowledged write is still there', async () => {
  const dataDir = tmpDir();
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'persistence-child.ts'), dataDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('\n')) resolve(out.trim());
      });
      child.once('exit', (code) => reject(new Error(`child exited with ${code}`)));
    });
    const remote = { url, instanceName: 'testinst' } as TablestoreServer;
    await createTable(remote, 'p3');
    const acked: number[] = [];
    let stop = false;
    const writer = async (w: number) => {
      for (let i = w; !stop; i += 4) {
        try {
          await put(remote, 'p3', `w${w}`, i, `value${i}`);
          acked.push(i);
        } catch {
          return;
        }
      }
    };
    const writers = [0, 1, 2, 3].map(writer);
    while (acked.length < 200) await new Promise((r) => setTimeout(r, 5));
    child.kill('SIGKILL');
    stop = true;
    await Promise.all(writers);

    const restarted = await startServer({ dataDir });
    const records = await readStream(restarted, 'p3');
    const written = new Set(records.map((r) => Number(r.row.primaryKey[1]!.value)));
    for (const i of acked) assert.ok(written.has(i), `acknowledged write ${i} lost`);
    assert.ok(records.length >= acked.length);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});
