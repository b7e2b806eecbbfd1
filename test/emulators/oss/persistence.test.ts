// With the same data directory a restarted server has the same buckets, objects (all three types), metadata and
// in-progress uploads; leftovers of interrupted writes are ignored and swept. Without one, the temp directory
// goes away on close.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { crc64 } from '../../../src/emulators/oss';
import { ossClient, startServer, stopServer, tmpDir } from './helpers';

test('a restarted server keeps buckets, objects, metadata, appendable state and in-progress uploads', async () => {
  const dataDir = tmpDir();
  const first = await startServer({ dataDir });
  let client = ossClient(first);
  await client.put('normal.txt', Buffer.from('normal'), { meta: { m: 'v' }, mime: 'text/plain' });
  await client.append('log.txt', Buffer.from('one,'));
  const big = randomBytes(102400);
  const done = await client.initMultipartUpload('done.bin');
  const p1 = await client.uploadPart('done.bin', done.uploadId, 1, big, 0, big.length);
  await client.completeMultipartUpload('done.bin', done.uploadId, [{ number: 1, etag: p1.etag }]);
  const pending = await client.initMultipartUpload('pending.bin');
  const pendingPart = await client.uploadPart('pending.bin', pending.uploadId, 1, big, 0, big.length);
  await client.putBucket('otsync-second');
  await stopServer(first);

  const second = await startServer({ dataDir, buckets: [] });
  client = ossClient(second);
  const normal = await client.get('normal.txt');
  assert.equal(normal.content.toString(), 'normal');
  assert.equal(normal.res.headers['x-oss-meta-m'], 'v');
  assert.equal(normal.res.headers['content-type'], 'text/plain');
  const appended = await client.append('log.txt', Buffer.from('two'), { position: 4 });
  assert.equal(appended.res.headers['x-oss-hash-crc64ecma'], crc64('one,two'));
  assert.equal((await client.head('done.bin')).res.headers['x-oss-object-type'], 'Multipart');
  const parts = await client.listParts('pending.bin', pending.uploadId);
  assert.equal(parts.parts.PartNumber, '1'); // one part: ali-oss returns the element, not a list
  await client.completeMultipartUpload('pending.bin', pending.uploadId, [{ number: 1, etag: pendingPart.etag }]);
  assert.equal((await client.get('pending.bin')).content.length, 102400);
  assert.equal((await client.getBucketInfo('otsync-second')).bucket.Name, 'otsync-second');
  const listed = await client.list({});
  assert.deepEqual(
    listed.objects.map((o: { name: string }) => o.name),
    ['done.bin', 'log.txt', 'normal.txt', 'pending.bin'],
  );
});

test('leftovers of a crash (temp files, unreferenced data, bytes past an appendable object’s length) are invisible', async () => {
  const dataDir = tmpDir();
  const first = await startServer({ dataDir });
  await ossClient(first).append('log.txt', Buffer.from('kept'));
  await stopServer(first);
  const bucketDir = path.join(dataDir, 'buckets', 'otsync-test');
  fs.writeFileSync(path.join(dataDir, 'tmp', 'half-written'), 'partial');
  fs.writeFileSync(path.join(bucketDir, 'blobs', 'orphan'), 'renamed but never committed');
  const [meta] = fs.readdirSync(path.join(bucketDir, 'objects'));
  const blob = JSON.parse(fs.readFileSync(path.join(bucketDir, 'objects', meta!), 'utf8')).blob as string;
  fs.appendFileSync(path.join(bucketDir, 'blobs', blob), 'TORN');
  fs.mkdirSync(path.join(bucketDir, 'uploads', 'NEVERCOMMITTED'));

  const second = await startServer({ dataDir });
  const client = ossClient(second);
  assert.equal((await client.get('log.txt')).content.toString(), 'kept');
  assert.deepEqual(fs.readdirSync(path.join(dataDir, 'tmp')), []);
  assert.deepEqual(fs.readdirSync(path.join(bucketDir, 'blobs')), [blob]);
  assert.deepEqual(fs.readdirSync(path.join(bucketDir, 'uploads')), []);
  await client.append('log.txt', Buffer.from('+more'), { position: 4 });
  const whole = await client.get('log.txt');
  assert.equal(whole.content.toString(), 'kept+more');
  assert.equal(whole.res.headers['x-oss-hash-crc64ecma'], crc64('kept+more'));
});

test('without dataDir the server uses a temp directory and removes it on close', async () => {
  const server = await startServer();
  await ossClient(server).put('a.txt', Buffer.from('a'));
  assert.ok(fs.existsSync(server.dataDir));
  await stopServer(server);
  assert.equal(fs.existsSync(server.dataDir), false);
});
