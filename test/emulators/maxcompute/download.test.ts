// Download sessions read committed data back: a snapshot at creation (later commits and overwrites do not change
// it), row ranges, column selection, deflate when accepted; and the spec's worked example (5.5), uploaded as its
// literal bytes, comes back byte for byte.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import zlib from 'node:zlib';
import type { MaxComputeServer } from '../../../src/emulators/maxcompute';
import { decodeRecordStream } from '../../../src/maxcompute';
import { rawRequest, rejectsWith, startServer, TestClient, tunnelCode } from './helpers';

let server: MaxComputeServer;
let client: TestClient;

before(async () => {
  server = await startServer();
  client = new TestClient(server);
  await client.sql('CREATE TABLE logs (id BIGINT, msg STRING, ok BOOLEAN)');
  const s = await client.createUpload('logs');
  await client.putBlock('logs', s, 0, [
    [1n, 'one', true],
    [2n, 'two', false],
  ]);
  await client.putBlock('logs', s, 1, [
    [3n, 'three', null],
    [4n, null, true],
    [5n, 'five', false],
  ]);
  await client.commit('logs', s.UploadID);
});

test('a download reads every committed row, raw or deflated', async () => {
  const raw = await client.download('logs');
  assert.equal(raw.session.Status, 'normal');
  assert.equal(raw.session.RecordCount, 5);
  assert.equal(raw.encoding, undefined);
  assert.deepEqual(raw.rows, [
    [1n, 'one', true],
    [2n, 'two', false],
    [3n, 'three', null],
    [4n, null, true],
    [5n, 'five', false],
  ]);
  const deflated = await client.download('logs', { deflate: true });
  assert.equal(deflated.encoding, 'deflate');
  assert.deepEqual(deflated.rows, raw.rows);
});

test('row ranges and column selection', async () => {
  const middle = await client.download('logs', { start: 1, count: 3 });
  assert.deepEqual(
    middle.rows.map((r) => r[0]),
    [2n, 3n, 4n],
  );
  const picked = await client.download('logs', { start: 3, count: 2, columns: ['msg', 'id'] });
  assert.deepEqual(picked.rows, [
    [null, 4n],
    ['five', 5n],
  ]);
  await rejectsWith(client.download('logs', { start: 4, count: 2 }), 'InvalidRowRange', 400);
  await rejectsWith(client.download('logs', { columns: ['nope'] }), 'InvalidColumnSpec', 400);
});

test('a download session is a snapshot: later commits and overwrites do not change it', async () => {
  await client.sql('CREATE TABLE snap (id BIGINT)');
  const s1 = await client.createUpload('snap');
  await client.putBlock('snap', s1, 0, [[1n], [2n]]);
  await client.commit('snap', s1.UploadID);
  const created = await rawRequest(server, {
    method: 'POST',
    rest: false,
    path: client.tablePath('snap'),
    query: [['downloads', '']],
  });
  const download = JSON.parse(created.text) as { DownloadID: string; RecordCount: number };
  assert.equal(download.RecordCount, 2);
  const s2 = await client.createUpload('snap', { overwrite: true });
  await client.putBlock('snap', s2, 0, [[9n]]);
  await client.commit('snap', s2.UploadID);
  const read = await rawRequest(server, {
    method: 'GET',
    rest: false,
    path: client.tablePath('snap'),
    query: [
      ['data', ''],
      ['downloadid', download.DownloadID],
      ['rowrange', '(0,2)'],
    ],
  });
  assert.equal(read.status, 200, read.text);
  assert.deepEqual(decodeRecordStream(read.body, [{ name: 'id', type: 'bigint' }]), [[1n], [2n]]);
  assert.deepEqual(await server.rows('otsync_test', 'snap'), [[9n]]);
  const status = await rawRequest(server, {
    method: 'GET',
    rest: false,
    path: client.tablePath('snap'),
    query: [['downloadid', download.DownloadID]],
  });
  assert.equal((JSON.parse(status.text) as { Status: string }).Status, 'normal');
  const unknown = await rawRequest(server, {
    method: 'GET',
    rest: false,
    path: client.tablePath('snap'),
    query: [['downloadid', '20250101000000aaaaaaaaaaaaaaaa']],
  });
  assert.equal(tunnelCode(unknown), 'NoSuchDownload');
});

/** Spec 5.5: two records over ten columns, 84 bytes. */
const WORKED_EXAMPLE =
  '0802120361626319000000000000f83f20012880a0abfef962320531322e333440b6b3024a80c49fd50caab4de75500380c0ff7f83a39896090801120080c0ff7fc2e6cec20af0ffff7f04f8ffff7f8ab4adab04';

test('the spec’s worked example is accepted as sent (deflated) and read back byte for byte', async () => {
  await client.sql(
    'CREATE TABLE example (id BIGINT, name STRING, score DOUBLE, ok BOOLEAN, ts DATETIME, amount DECIMAL(10,2), ' +
      'note STRING, d DATE, t TIMESTAMP, i INT) PARTITIONED BY (pt STRING)',
  );
  const s = await client.createUpload('example', { partition: 'pt=1', createPartition: true });
  const put = await client.putBlockBytes('example', s.UploadID, 0, Buffer.from(WORKED_EXAMPLE, 'hex'), {
    deflate: true,
  });
  assert.equal(put.status, 200, put.text);
  await client.commit('example', s.UploadID);
  const rows = await server.rows('otsync_test', 'example', 'pt=1');
  assert.deepEqual(rows[0], [
    1n,
    'abc',
    1.5,
    true,
    1700000000000n,
    '12.34',
    null,
    19675n,
    { seconds: 1700000000n, nanos: 123456789 },
    -2n,
  ]);
  assert.deepEqual(rows[1], [-1n, '', null, null, null, null, null, null, null, null]);
  const created = await rawRequest(server, {
    method: 'POST',
    rest: false,
    path: client.tablePath('example'),
    query: [
      ['downloads', ''],
      ['partition', 'pt=1'],
    ],
  });
  const id = (JSON.parse(created.text) as { DownloadID: string }).DownloadID;
  const read = await rawRequest(server, {
    method: 'GET',
    rest: false,
    path: client.tablePath('example'),
    query: [
      ['data', ''],
      ['downloadid', id],
      ['rowrange', '(0,2)'],
      ['partition', 'pt=1'],
    ],
    headers: { 'accept-encoding': 'deflate' },
  });
  assert.equal(zlib.inflateSync(read.body).toString('hex'), WORKED_EXAMPLE);
});
