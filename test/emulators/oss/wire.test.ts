// The wire shapes SDKs depend on, checked with raw HTTP requests signed by ali-oss's own signer: error XML and
// `x-oss-err`, request ids, addressing (virtual-hosted and path style), Content-MD5, chunked bodies, the health
// check, and the 501 for operations this server does not implement.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { test } from 'node:test';
import { contentMd5, ossClient, rawRequest, signV1, startServer, TEST_BUCKET, xmlField } from './helpers';

test('GET of a missing key is 404 with the <Error> XML of spec 4.2 and x-oss-ec', async () => {
  const server = await startServer();
  const res = await rawRequest(server, { method: 'GET', key: 'missing/key.txt' });
  assert.equal(res.status, 404);
  assert.equal(res.headers['content-type'], 'application/xml');
  assert.match(String(res.headers['x-oss-request-id']), /^[0-9A-F]{24}$/);
  assert.equal(res.headers['x-oss-ec'], '0026-00000001');
  assert.match(res.body, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<Error>/);
  assert.equal(xmlField(res.body, 'Code'), 'NoSuchKey');
  assert.equal(xmlField(res.body, 'Message'), 'The specified key does not exist.');
  assert.equal(xmlField(res.body, 'RequestId'), res.headers['x-oss-request-id']);
  assert.equal(xmlField(res.body, 'HostId'), `${TEST_BUCKET}.oss-cn-hangzhou.aliyuncs.com`);
  assert.equal(xmlField(res.body, 'Key'), 'missing/key.txt');
  assert.equal(xmlField(res.body, 'EC'), '0026-00000001');
});

test('HEAD errors have no body and carry the error XML base64-encoded in x-oss-err', async () => {
  const server = await startServer();
  const res = await rawRequest(server, { method: 'HEAD', key: 'missing.txt' });
  assert.equal(res.status, 404);
  assert.equal(res.body, '');
  const xml = Buffer.from(String(res.headers['x-oss-err']), 'base64').toString('utf8');
  assert.equal(xmlField(xml, 'Code'), 'NoSuchKey');
  assert.equal(res.headers['x-oss-ec'], '0026-00000001');
});

test('a bad signature is 403 SignatureDoesNotMatch with the server StringToSign and no secret', async () => {
  const server = await startServer();
  const res = await rawRequest(server, {
    method: 'PUT',
    key: 'a.txt',
    body: 'x',
    credentials: { accessKeyId: 'test-oss-ak', accessKeySecret: 'wrong' },
  });
  assert.equal(res.status, 403);
  assert.equal(xmlField(res.body, 'Code'), 'SignatureDoesNotMatch');
  assert.match(xmlField(res.body, 'StringToSign') ?? '', /^PUT\n\n\n.+GMT\nx-oss-date:.+\n\/otsync-test\/a\.txt$/);
  assert.equal(xmlField(res.body, 'OSSAccessKeyId'), 'test-oss-ak');
  assert.doesNotMatch(res.body, /test-oss-secret-value/);
  const unsigned = await rawRequest(server, { method: 'GET', key: 'a.txt', sign: false });
  assert.equal(unsigned.status, 403);
  assert.equal(xmlField(unsigned.body, 'Code'), 'AccessDenied');
});

test('a Content-MD5 that does not match the body is 400 InvalidDigest and stores nothing', async () => {
  const server = await startServer();
  const res = await rawRequest(server, {
    method: 'PUT',
    key: 'digest.txt',
    headers: { 'content-md5': contentMd5('something else') },
    body: 'hello',
  });
  assert.equal(res.status, 400);
  assert.equal(xmlField(res.body, 'Code'), 'InvalidDigest');
  assert.equal((await rawRequest(server, { method: 'HEAD', key: 'digest.txt' })).status, 404);
  const ok = await rawRequest(server, {
    method: 'PUT',
    key: 'digest.txt',
    headers: { 'content-md5': contentMd5('hello') },
    body: 'hello',
  });
  assert.equal(ok.status, 200);
});

test('path style (Host 127.0.0.1, as oss2 sends) addresses /<bucket>/<key>; the signature covers the same resource', async () => {
  const server = await startServer();
  const put = await rawRequest(server, { method: 'PUT', key: 'dir/a b+c.txt', body: 'path style', style: 'path' });
  assert.equal(put.status, 200);
  const client = ossClient(server);
  assert.equal((await client.get('dir/a b+c.txt')).content.toString(), 'path style');
  const list = await rawRequest(server, { method: 'GET', query: 'prefix=dir%2F', style: 'path' });
  assert.equal(list.status, 200);
  assert.equal(xmlField(list.body, 'Key'), 'dir/a b+c.txt');
  assert.match(list.body, /<Owner><ID>\d+<\/ID><DisplayName>\d+<\/DisplayName><\/Owner>/);
  const missingBucket = await rawRequest(server, { method: 'GET', bucket: 'no-such-bucket', key: 'x', style: 'path' });
  assert.equal(missingBucket.status, 404);
  assert.equal(xmlField(missingBucket.body, 'Code'), 'NoSuchBucket');
  assert.equal(xmlField(missingBucket.body, 'BucketName'), 'no-such-bucket');
});

test('a chunked body (no Content-Length) is streamed in and stored whole', async () => {
  const server = await startServer();
  const client = ossClient(server);
  const { Readable } = await import('node:stream');
  const chunks = Array.from({ length: 50 }, (_, i) => Buffer.alloc(10_000, i));
  const result = await client.putStream('chunked.bin', Readable.from(chunks));
  assert.equal(result.res.status, 200);
  const got = await client.get('chunked.bin');
  assert.ok(Buffer.compare(got.content, Buffer.concat(chunks)) === 0);
});

test('DeleteMultipleObjects without Content-MD5 is refused; with encoding-type=url keys come back encoded', async () => {
  const server = await startServer();
  const xml = '<Delete><Quiet>false</Quiet><Object><Key>a b.txt</Key></Object></Delete>';
  const missing = await rawRequest(server, { method: 'POST', query: 'delete', subres: { delete: '' }, body: xml });
  assert.equal(missing.status, 400);
  assert.equal(xmlField(missing.body, 'Code'), 'MissingArgument');
  const res = await rawRequest(server, {
    method: 'POST',
    query: 'delete=&encoding-type=url',
    subres: { delete: '' },
    headers: { 'content-md5': contentMd5(xml) },
    body: xml,
  });
  assert.equal(res.status, 200);
  assert.equal(xmlField(res.body, 'Key'), 'a%20b.txt');
  assert.equal(xmlField(res.body, 'EncodingType'), 'url');
});

test('object names outside 1..1023 bytes or starting with a backslash are 400 InvalidObjectName', async () => {
  const server = await startServer();
  const long = await rawRequest(server, { method: 'PUT', key: 'k'.repeat(1024), body: 'x' });
  assert.equal(long.status, 400);
  assert.equal(xmlField(long.body, 'Code'), 'InvalidObjectName');
  const backslash = await rawRequest(server, { method: 'PUT', key: '\\x', body: 'x' });
  assert.equal(xmlField(backslash.body, 'Code'), 'InvalidObjectName');
  assert.equal((await rawRequest(server, { method: 'PUT', key: 'k'.repeat(1023), body: 'x' })).status, 200);
});

test('append without position is MissingArgument; the 409 carries x-oss-next-append-position and the CRC', async () => {
  const server = await startServer();
  const noPosition = await rawRequest(server, {
    method: 'POST',
    key: 'a.log',
    query: 'append',
    subres: { append: '' },
    body: 'x',
  });
  assert.equal(noPosition.status, 400);
  assert.equal(xmlField(noPosition.body, 'Code'), 'MissingArgument');
  const append = (position: number, body: string) =>
    rawRequest(server, {
      method: 'POST',
      key: 'a.log',
      query: `append&position=${position}`,
      subres: { append: '', position: String(position) },
      body,
    });
  assert.equal((await append(0, 'abc')).headers['x-oss-next-append-position'], '3');
  const conflict = await append(0, 'zzz');
  assert.equal(conflict.status, 409);
  assert.equal(xmlField(conflict.body, 'Code'), 'PositionNotEqualToLength');
  assert.equal(conflict.headers['x-oss-next-append-position'], '3');
  assert.ok(conflict.headers['x-oss-hash-crc64ecma']);
});

test('concurrent appends at the same position: exactly one wins, the other gets 409', async () => {
  const server = await startServer();
  const client = ossClient(server);
  await client.append('race.log', Buffer.from('start'));
  const results = await Promise.allSettled(
    Array.from({ length: 5 }, (_, i) => client.append('race.log', Buffer.from(`writer-${i}`), { position: 5 })),
  );
  assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
  assert.ok(results.every((r) => r.status === 'fulfilled' || (r.reason as { status: number }).status === 409));
  assert.match((await client.get('race.log')).content.toString(), /^startwriter-\d$/);
});

test('GET /_admin/health answers ok without a signature; other unimplemented APIs are 501 NotImplemented', async () => {
  const server = await startServer();
  const health = await fetch(`${server.url}/_admin/health`);
  assert.equal(health.status, 200);
  assert.equal(await health.text(), 'ok');
  const acl = await rawRequest(server, { method: 'GET', key: 'a.txt', query: 'acl', subres: { acl: '' } });
  assert.equal(acl.status, 501);
  assert.equal(xmlField(acl.body, 'Code'), 'NotImplemented');
});

test('Range requests: open-ended and suffix ranges; an unsatisfiable range returns the whole object', async () => {
  const server = await startServer();
  await ossClient(server).put('r.txt', Buffer.from('0123456789'));
  const get = (range: string) => rawRequest(server, { method: 'GET', key: 'r.txt', headers: { range } });
  const open = await get('bytes=7-');
  assert.equal(open.status, 206);
  assert.equal(open.body, '789');
  const suffix = await get('bytes=-3');
  assert.equal(suffix.headers['content-range'], 'bytes 7-9/10');
  const beyond = await get('bytes=20-30');
  assert.equal(beyond.status, 200);
  assert.equal(beyond.body, '0123456789');
});

test('a request the client abandons mid-body stores nothing and leaves no temp file', async () => {
  const server = await startServer();
  const headers: Record<string, string> = { 'x-oss-date': new Date().toUTCString(), 'content-length': '1000' };
  headers.authorization = signV1('PUT', `/${TEST_BUCKET}/half.bin`, headers);
  await new Promise<void>((resolve) => {
    const req = http.request({
      host: '127.0.0.1',
      port: server.port,
      method: 'PUT',
      path: '/half.bin',
      headers: { host: `${TEST_BUCKET}.oss-cn-hangzhou.aliyuncs.com`, ...headers },
    });
    req.on('error', () => resolve());
    req.on('response', () => resolve());
    req.write(Buffer.alloc(100));
    setTimeout(() => req.destroy(), 50);
  });
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal((await rawRequest(server, { method: 'HEAD', key: 'half.bin' })).status, 404);
  assert.deepEqual(fs.readdirSync(path.join(server.dataDir, 'tmp')), []);
});

test('in the query `+` is a space (oss2 form-encodes values through requests), while `%2B` is a plus', async () => {
  const server = await startServer();
  const client = ossClient(server);
  for (const key of ['dir one/x.txt', 'dir one/y.txt', 'dir+one/z.txt']) await client.put(key, Buffer.from('x'));
  const keysOf = (body: string) => [...body.matchAll(/<Key>([^<]*)<\/Key>/g)].map((m) => m[1]);
  const spaced = await rawRequest(server, { method: 'GET', query: 'prefix=dir+one%2F', style: 'path' });
  assert.deepEqual(keysOf(spaced.body), ['dir one/x.txt', 'dir one/y.txt']);
  const after = await rawRequest(server, {
    method: 'GET',
    query: 'list-type=2&prefix=dir+one%2F&start-after=dir+one%2Fx.txt',
  });
  assert.deepEqual(keysOf(after.body), ['dir one/y.txt']);
  const plus = await rawRequest(server, { method: 'GET', query: 'prefix=dir%2Bone' });
  assert.deepEqual(keysOf(plus.body), ['dir+one/z.txt']);
});
