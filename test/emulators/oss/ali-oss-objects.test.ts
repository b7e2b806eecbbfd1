// The npm `ali-oss` SDK, unmodified, against the local server, with the writer's configuration (IP endpoint, so
// ali-oss rewrites Host to `<bucket>.oss-cn-hangzhou.aliyuncs.com`), under both signature versions.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { crc64 } from '../../../src/emulators/oss';
import { ossClient, startServer, TEST_BUCKET } from './helpers';

/* eslint-disable @typescript-eslint/no-explicit-any -- ali-oss ships no type declarations */

for (const v4 of [false, true]) {
  describe(`ali-oss with ${v4 ? 'V4 (OSS4-HMAC-SHA256)' : 'V1'} signatures`, () => {
    test('put, get and head round-trip bytes, Content-Type, x-oss-meta-*, ETag and CRC-64', async () => {
      const client = ossClient(await startServer(), { v4 });
      const key = 'dir/hello world+plus/ünï.txt';
      const put = await client.put(key, Buffer.from('hello'), { meta: { source: 'otsync' }, mime: 'text/plain' });
      assert.equal(put.res.status, 200);
      assert.equal(put.res.headers.etag, '"5D41402ABC4B2A76B9719D911017C592"');
      assert.equal(put.res.headers['x-oss-hash-crc64ecma'], '11177612005948864433');
      assert.match(put.res.headers['x-oss-request-id'], /^[0-9A-F]{24}$/);

      const get = await client.get(key);
      assert.equal(get.content.toString(), 'hello');
      assert.equal(get.res.headers['content-type'], 'text/plain');
      assert.equal(get.res.headers['x-oss-object-type'], 'Normal');
      assert.equal(get.res.headers['x-oss-hash-crc64ecma'], crc64('hello'));
      assert.match(
        get.res.headers['last-modified'],
        /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/,
      );

      const head = await client.head(key);
      assert.equal(head.status, 200);
      assert.deepEqual(head.meta, { source: 'otsync' });
      assert.equal(head.res.headers['content-length'], '5');
      const meta = await client.getObjectMeta(key);
      assert.equal(meta.status, 200);
      assert.equal(meta.res.headers.etag, '"5D41402ABC4B2A76B9719D911017C592"');
    });

    test('get with a Range answers 206 and Content-Range; a missing key is NoSuchKey for get and head', async () => {
      const client = ossClient(await startServer(), { v4 });
      await client.put('range.bin', Buffer.from('0123456789'));
      const part = await client.get('range.bin', { headers: { Range: 'bytes=2-5' } });
      assert.equal(part.res.status, 206);
      assert.equal(part.content.toString(), '2345');
      assert.equal(part.res.headers['content-range'], 'bytes 2-5/10');
      assert.equal(part.res.headers['x-oss-hash-crc64ecma'], crc64('0123456789'));
      await assert.rejects(client.get('nope.txt'), (err: any) => err.code === 'NoSuchKey' && err.status === 404);
      await assert.rejects(client.head('nope.txt'), (err: any) => err.code === 'NoSuchKey' && err.status === 404);
    });

    test('delete is 204 and idempotent; deleteMulti reports every key, quiet mode reports none', async () => {
      const client = ossClient(await startServer(), { v4 });
      await client.put('a.txt', Buffer.from('a'));
      await client.put('b&c.txt', Buffer.from('b'));
      await client.put('d.txt', Buffer.from('d'));
      assert.equal((await client.delete('a.txt')).res.status, 204);
      assert.equal((await client.delete('a.txt')).res.status, 204);
      const verbose = await client.deleteMulti(['b&c.txt', 'never-there.txt']);
      assert.deepEqual(verbose.deleted.map((d: any) => d.Key).sort(), ['b&c.txt', 'never-there.txt']);
      const quiet = await client.deleteMulti(['d.txt'], { quiet: true });
      assert.deepEqual(quiet.deleted, []);
      assert.deepEqual((await client.list({})).objects ?? [], []);
    });

    test('list (V1) pages with prefix, marker, max-keys and delimiter; every entry has an Owner', async () => {
      const client = ossClient(await startServer(), { v4 });
      for (const key of ['logs/a.txt', 'logs/b.txt', 'logs/sub/c.txt', 'logs/sub/d.txt', 'other.txt']) {
        await client.put(key, Buffer.from(key));
      }
      const first = await client.list({ prefix: 'logs/', delimiter: '/', 'max-keys': 2 });
      assert.deepEqual(
        first.objects.map((o: any) => o.name),
        ['logs/a.txt', 'logs/b.txt'],
      );
      assert.equal(first.isTruncated, true);
      assert.equal(first.nextMarker, 'logs/b.txt');
      assert.equal(first.objects[0].owner.id.length > 0, true);
      assert.match(first.objects[0].lastModified, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$/);
      assert.equal(first.objects[0].size, 10);
      assert.equal(first.objects[0].type, 'Normal');
      const second = await client.list({ prefix: 'logs/', delimiter: '/', 'max-keys': 2, marker: first.nextMarker });
      assert.deepEqual(second.objects ?? [], []);
      assert.deepEqual(second.prefixes, ['logs/sub/']);
      assert.equal(second.isTruncated, false);
      const all = await client.list({ 'max-keys': 1000 });
      assert.deepEqual(
        all.objects.map((o: any) => o.name),
        ['logs/a.txt', 'logs/b.txt', 'logs/sub/c.txt', 'logs/sub/d.txt', 'other.txt'],
      );
    });

    test('listV2 pages with continuation tokens, start-after, KeyCount and fetch-owner', async () => {
      const client = ossClient(await startServer(), { v4 });
      for (const key of ['k1', 'k2', 'k3', 'k4', 'k5']) await client.put(key, Buffer.from(key));
      const seen: string[] = [];
      let token: string | undefined;
      do {
        const page: any = await client.listV2({ 'max-keys': 2, ...(token ? { 'continuation-token': token } : {}) });
        assert.equal(page.keyCount, page.objects.length);
        assert.equal(page.objects[0].owner, null);
        seen.push(...page.objects.map((o: any) => o.name));
        token = page.isTruncated ? page.nextContinuationToken : undefined;
      } while (token);
      assert.deepEqual(seen, ['k1', 'k2', 'k3', 'k4', 'k5']);
      const after = await client.listV2({ 'start-after': 'k3', 'fetch-owner': true });
      assert.deepEqual(
        after.objects.map((o: any) => o.name),
        ['k4', 'k5'],
      );
      assert.ok(after.objects[0].owner.id);
    });

    test('append creates an Appendable object, continues at its length, and 409s a wrong position', async () => {
      const client = ossClient(await startServer(), { v4 });
      const first = await client.append('log.txt', Buffer.from('hello'));
      assert.equal(first.nextAppendPosition, '5');
      const second = await client.append('log.txt', Buffer.from(' world'), { position: first.nextAppendPosition });
      assert.equal(second.nextAppendPosition, '11');
      assert.equal(second.res.headers['x-oss-hash-crc64ecma'], crc64('hello world'));
      await assert.rejects(
        client.append('log.txt', Buffer.from('!'), { position: 5 }),
        (err: any) => err.code === 'PositionNotEqualToLength' && err.status === 409,
      );
      const head = await client.head('log.txt');
      assert.equal(head.res.headers['x-oss-object-type'], 'Appendable');
      assert.equal(head.res.headers['x-oss-next-append-position'], '11');
      assert.equal((await client.get('log.txt')).content.toString(), 'hello world');
      await client.put('normal.txt', Buffer.from('x'));
      await assert.rejects(
        client.append('normal.txt', Buffer.from('y'), { position: 1 }),
        (err: any) => err.code === 'ObjectNotAppendable' && err.status === 409,
      );
    });

    test('copy duplicates bytes and metadata (COPY) or takes new ones (REPLACE), also across buckets', async () => {
      const server = await startServer({ buckets: [TEST_BUCKET, 'otsync-other'] });
      const client = ossClient(server, { v4 });
      await client.put('src dir/a+b.txt', Buffer.from('copied'), { meta: { a: '1' }, mime: 'text/plain' });
      const copied = await client.copy('dst.txt', 'src dir/a+b.txt');
      assert.equal(copied.res.status, 200);
      assert.equal(copied.data.etag, (await client.head('src dir/a+b.txt')).res.headers.etag);
      const head = await client.head('dst.txt');
      assert.deepEqual(head.meta, { a: '1' });
      assert.equal(head.res.headers['content-type'], 'text/plain');
      await client.copy('replaced.txt', 'src dir/a+b.txt', { meta: { b: '2' } });
      assert.deepEqual((await client.head('replaced.txt')).meta, { b: '2' });
      const other = ossClient(server, { v4, bucket: 'otsync-other' });
      await other.copy('from-other.txt', 'src dir/a+b.txt', TEST_BUCKET);
      assert.equal((await other.get('from-other.txt')).content.toString(), 'copied');
      await assert.rejects(client.copy('x.txt', 'missing.txt'), (err: any) => err.code === 'NoSuchKey');
    });

    test('x-oss-forbid-overwrite: true refuses to replace an existing key with 409 FileAlreadyExists', async () => {
      const client = ossClient(await startServer(), { v4 });
      const forbid = { headers: { 'x-oss-forbid-overwrite': 'true' } };
      await client.put('once.txt', Buffer.from('1'), forbid);
      await assert.rejects(
        client.put('once.txt', Buffer.from('2'), forbid),
        (err: any) => err.code === 'FileAlreadyExists' && err.status === 409,
      );
      await assert.rejects(client.copy('once.txt', 'once.txt', forbid), (err: any) => err.code === 'FileAlreadyExists');
      await assert.rejects(
        client.initMultipartUpload('once.txt', forbid),
        (err: any) => err.code === 'FileAlreadyExists',
      );
      assert.equal((await client.get('once.txt')).content.toString(), '1');
      await client.put('once.txt', Buffer.from('3'), { headers: { 'x-oss-forbid-overwrite': 'false' } });
      assert.equal((await client.get('once.txt')).content.toString(), '3');
    });

    test('putBucket creates a bucket (409 BucketAlreadyExists the second time); getBucketInfo describes it', async () => {
      const server = await startServer();
      const client = ossClient(server, { v4 });
      const created = await client.putBucket('otsync-new-bucket');
      assert.equal(created.bucket, 'otsync-new-bucket');
      await assert.rejects(
        client.putBucket('otsync-new-bucket'),
        (err: any) => err.code === 'BucketAlreadyExists' && err.status === 409,
      );
      const info = await client.getBucketInfo('otsync-new-bucket');
      assert.equal(info.bucket.Name, 'otsync-new-bucket');
      assert.equal(info.bucket.Location, 'oss-cn-hangzhou');
      assert.equal(info.bucket.ExtranetEndpoint, 'oss-cn-hangzhou.aliyuncs.com');
      assert.equal(info.bucket.StorageClass, 'Standard');
      assert.match(info.bucket.CreationDate, /\.000Z$/);
      assert.equal(info.bucket.AccessControlList.Grant, 'private');
      await assert.rejects(client.getBucketInfo('otsync-missing'), (err: any) => err.code === 'NoSuchBucket');
      const inNew = ossClient(server, { v4, bucket: 'otsync-new-bucket' });
      await inNew.put('x.txt', Buffer.from('x'));
      assert.equal((await inNew.get('x.txt')).content.toString(), 'x');
    });

    test('a wrong secret is SignatureDoesNotMatch and an unknown key id InvalidAccessKeyId', async () => {
      const server = await startServer();
      const wrongSecret = ossClient(server, {
        v4,
        credentials: { accessKeyId: 'test-oss-ak', accessKeySecret: 'not-the-secret' },
      });
      await assert.rejects(wrongSecret.put('a.txt', Buffer.from('a')), (err: any) => {
        return err.code === 'SignatureDoesNotMatch' && err.status === 403;
      });
      const unknown = ossClient(server, { v4, credentials: { accessKeyId: 'nobody', accessKeySecret: 'x' } });
      await assert.rejects(unknown.get('a.txt'), (err: any) => err.code === 'InvalidAccessKeyId' && err.status === 403);
    });
  });
}
