// The batch Tunnel upload against the local server, over HTTP with core-signed requests: blocks (raw, deflate,
// chunked or fixed length) are invisible until commit, commit appends or (overwrite) replaces, blocks land in
// ascending id, a re-PUT replaces a block, bad blocks are rejected and never listed, and a closed session refuses
// further blocks and commits.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { MaxComputeServer } from '../../../src/emulators/maxcompute';
import { rejectsWith, startServer, TestClient, tunnelCode, type SessionJson } from './helpers';

let server: MaxComputeServer;
let client: TestClient;

before(async () => {
  server = await startServer();
  client = new TestClient(server);
  await client.sql('CREATE TABLE events (id BIGINT, name STRING, score DOUBLE) PARTITIONED BY (pt STRING)');
  await client.sql('CREATE TABLE plain (id BIGINT, note STRING)');
});

async function partition(pt: string): Promise<string> {
  await client.sql(`ALTER TABLE events ADD IF NOT EXISTS PARTITION (pt='${pt}')`);
  return `pt=${pt}`;
}

test('blocks are invisible until commit; commit appends them in ascending block id', async () => {
  const pt = await partition('append');
  const first = await client.createUpload('events', { partition: pt });
  assert.equal(first.Status, 'normal');
  assert.equal(first.IsOverwrite, false);
  await client.putBlock('events', first, 1, [[2n, 'b', 2.5]]);
  await client.putBlock('events', first, 0, [[1n, 'a', null]], { deflate: true });
  assert.deepEqual(await server.rows('otsync_test', 'events', pt), []);
  const reloaded = await client.reload('events', first.UploadID);
  assert.deepEqual(
    reloaded.UploadedBlockList.map((b) => [b.BlockID, b.RecordCount]),
    [
      [0, 1],
      [1, 1],
    ],
  );
  const committed = await client.commit('events', first.UploadID);
  assert.equal(committed.Status, 'closed');
  assert.deepEqual(await server.rows('otsync_test', 'events', pt), [
    [1n, 'a', null],
    [2n, 'b', 2.5],
  ]);

  const second = await client.createUpload('events', { partition: pt });
  await client.putBlock('events', second, 0, [[3n, 'c', 3]]);
  await client.commit('events', second.UploadID);
  assert.deepEqual(
    (await server.rows('otsync_test', 'events', pt)).map((r) => r[0]),
    [1n, 2n, 3n],
  );
});

test('overwrite replaces the partition only at commit; other partitions are untouched', async () => {
  const pt = await partition('over');
  const other = await partition('other');
  for (const target of [pt, other]) {
    const s = await client.createUpload('events', { partition: target });
    await client.putBlock('events', s, 0, [[10n, 'old', 1]]);
    await client.commit('events', s.UploadID);
  }
  const session = await client.createUpload('events', { partition: pt, overwrite: true });
  assert.equal(session.IsOverwrite, true);
  await client.putBlock('events', session, 5, [
    [20n, 'new', 2],
    [21n, 'new', 3],
  ]);
  assert.deepEqual(await server.rows('otsync_test', 'events', pt), [[10n, 'old', 1]]);
  await client.commit('events', session.UploadID);
  assert.deepEqual(
    (await server.rows('otsync_test', 'events', pt)).map((r) => r[0]),
    [20n, 21n],
  );
  assert.deepEqual(await server.rows('otsync_test', 'events', other), [[10n, 'old', 1]]);
});

test('overwrite of a non-partitioned table with no blocks empties it', async () => {
  const s = await client.createUpload('plain');
  await client.putBlock('plain', s, 0, [[1n, 'x']]);
  await client.commit('plain', s.UploadID);
  assert.equal((await server.rows('otsync_test', 'plain')).length, 1);
  const empty = await client.createUpload('plain', { overwrite: true });
  await client.commit('plain', empty.UploadID);
  assert.deepEqual(await server.rows('otsync_test', 'plain'), []);
});

test('a re-PUT replaces the block; fixed-length and chunked bodies both work', async () => {
  const pt = await partition('replace');
  const s = await client.createUpload('events', { partition: pt });
  const old = TestClient.encode(s, [[1n, 'first try', 0]]);
  assert.equal((await client.putBlockBytes('events', s.UploadID, 0, old, { chunked: false })).status, 200);
  const again = TestClient.encode(s, [
    [1n, 'second try', 0],
    [2n, null, null],
  ]);
  assert.equal((await client.putBlockBytes('events', s.UploadID, 0, again, { chunked: true })).status, 200);
  assert.deepEqual(
    (await client.reload('events', s.UploadID)).UploadedBlockList.map((b) => b.RecordCount),
    [2],
  );
  await client.commit('events', s.UploadID);
  assert.deepEqual(await server.rows('otsync_test', 'events', pt), [
    [1n, 'second try', 0],
    [2n, null, null],
  ]);
});

test('a corrupted or truncated block is rejected and not recorded; the good blocks commit alone', async () => {
  const pt = await partition('bad');
  const s = await client.createUpload('events', { partition: pt });
  await client.putBlock('events', s, 0, [[1n, 'good', 1]]);
  const body = TestClient.encode(s, [[2n, 'flipped', 2]]);
  const flipped = Buffer.from(body);
  flipped[4] = flipped[4]! ^ 0x01; // inside the string 'flipped': only the CRC notices
  const corrupted = await client.putBlockBytes('events', s.UploadID, 1, flipped);
  assert.equal(corrupted.status, 400);
  assert.equal(tunnelCode(corrupted), 'CorruptedDataStream');
  assert.ok(corrupted.headers['x-odps-request-id']);
  const truncated = await client.putBlockBytes('events', s.UploadID, 2, body.subarray(0, body.length - 3));
  assert.equal(truncated.status, 400);
  assert.equal(tunnelCode(truncated), 'MalformedDataStream');
  const garbage = await client.putBlockBytes('events', s.UploadID, 3, Buffer.from('not a record stream'));
  assert.equal(tunnelCode(garbage), 'MalformedDataStream');
  assert.deepEqual(
    (await client.reload('events', s.UploadID)).UploadedBlockList.map((b) => b.BlockID),
    [0],
  );
  await client.commit('events', s.UploadID);
  assert.deepEqual(await server.rows('otsync_test', 'events', pt), [[1n, 'good', 1]]);
});

test('block ids outside 0..19999 are InvalidBlockID', async () => {
  const pt = await partition('ids');
  const s = await client.createUpload('events', { partition: pt });
  const body = TestClient.encode(s, [[1n, 'x', 1]]);
  for (const id of ['20000', '-1', 'abc', '']) {
    const response = await client.putBlockBytes('events', s.UploadID, id, body);
    assert.equal(tunnelCode(response), 'InvalidBlockID', `block id '${id}'`);
  }
  assert.equal((await client.putBlockBytes('events', s.UploadID, 19999, body)).status, 200);
});

test('after commit, PUT and a second commit are StatusConflict', async () => {
  const pt = await partition('closed');
  const s: SessionJson = await client.createUpload('events', { partition: pt });
  await client.putBlock('events', s, 0, [[1n, 'x', 1]]);
  await client.commit('events', s.UploadID);
  await rejectsWith(client.putBlock('events', s, 1, [[2n, 'y', 2]]), 'StatusConflict', 409);
  await rejectsWith(client.commit('events', s.UploadID), 'StatusConflict', 409);
  assert.equal((await client.reload('events', s.UploadID)).Status, 'closed');
  assert.equal((await server.rows('otsync_test', 'events', pt)).length, 1);
});

test('partition checks: missing spec, unknown partition, create_partition, spec on a plain table', async () => {
  await rejectsWith(client.createUpload('events'), 'MissingPartitionSpec', 400);
  await rejectsWith(client.createUpload('events', { partition: 'pt=nope' }), 'NoSuchPartition', 404);
  await rejectsWith(client.createUpload('events', { partition: 'region=x' }), 'InvalidPartitionSpec', 400);
  await rejectsWith(client.createUpload('plain', { partition: 'pt=1' }), 'InvalidPartitionSpec', 400);
  await rejectsWith(client.createUpload('missing_table'), 'NoSuchTable', 404);
  const s = await client.createUpload('events', { partition: "pt='created'", createPartition: true });
  await client.putBlock('events', s, 0, [[7n, 'made', 7]]);
  await rejectsWith(client.download('events', { partition: 'pt=created' }), 'NoSuchPartition');
  await client.commit('events', s.UploadID);
  assert.deepEqual(await server.rows('otsync_test', 'events', 'pt=created'), [[7n, 'made', 7]]);
});

test('the session JSON carries both nullable spellings, Owner, Initiated and the partition keys', async () => {
  await client.sql(
    'CREATE TABLE IF NOT EXISTS typed (id BIGINT NOT NULL, amount DECIMAL(10,2)) PARTITIONED BY (pt STRING)',
  );
  const s = await client.createUpload('typed', { partition: 'pt=1', createPartition: true });
  assert.deepEqual(
    s.Schema.columns.map((c) => [c.name, c.type, c.nullable, c.isNullable]),
    [
      ['id', 'bigint', false, false],
      ['amount', 'decimal(10,2)', true, true],
    ],
  );
  assert.deepEqual(
    s.Schema.partitionKeys.map((c) => c.name),
    ['pt'],
  );
  assert.equal(s.Owner, 'ALIYUN$local');
  assert.ok(!Number.isNaN(Date.parse(s.Initiated)));
  assert.equal(s.MaxFieldSize, 8388608);
  assert.match(s.UploadID, /^\d{14}[0-9a-f]{16}$/);
});

test('an unknown upload id is NoSuchUpload; an injected fault fails the next block only', async () => {
  await rejectsWith(client.reload('events', '2025010100000000000000deadbeef'), 'NoSuchUpload', 404);
  const pt = await partition('fault');
  const s = await client.createUpload('events', { partition: pt });
  server.injectFault({ operation: 'UploadBlock' });
  await rejectsWith(client.putBlock('events', s, 0, [[1n, 'x', 1]]), 'ServiceUnavailable', 503);
  await client.putBlock('events', s, 0, [[1n, 'x', 1]]);
  server.injectFault({ operation: 'Commit', status: 500, code: 'InternalServerError' });
  await rejectsWith(client.commit('events', s.UploadID), 'InternalServerError', 500);
  assert.deepEqual(await server.rows('otsync_test', 'events', pt), []);
  await client.commit('events', s.UploadID);
  assert.equal((await server.rows('otsync_test', 'events', pt)).length, 1);
});
