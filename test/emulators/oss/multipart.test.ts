// Multipart uploads through ali-oss (managed `multipartUpload` from a file, and the low-level calls) and the
// CompleteMultipartUpload checks of spec 5.9 through raw requests, in the order the spec lists them.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { crc64 } from '../../../src/emulators/oss';
import { contentMd5, ossClient, rawRequest, startServer, tmpDir, xmlField } from './helpers';

/* eslint-disable @typescript-eslint/no-explicit-any -- ali-oss ships no type declarations */

const md5Hex = (data: Buffer) => createHash('md5').update(data).digest('hex').toUpperCase();

function completeXml(parts: { number: number; etag: string }[]): string {
  const items = parts.map((p) => `<Part><PartNumber>${p.number}</PartNumber><ETag>"${p.etag}"</ETag></Part>`);
  return `<?xml version="1.0" encoding="UTF-8"?><CompleteMultipartUpload>${items.join('')}</CompleteMultipartUpload>`;
}

for (const v4 of [false, true]) {
  describe(`multipart with ali-oss ${v4 ? 'V4' : 'V1'}`, () => {
    test('multipartUpload of a 1.3 MB file in 100 KB parts gives the same bytes, a -N ETag and the CRC', async () => {
      const server = await startServer();
      const client = ossClient(server, { v4 });
      const data = randomBytes(1_300_000);
      const file = path.join(tmpDir(), 'big.bin');
      fs.writeFileSync(file, data);
      const result = await client.multipartUpload('big/big.bin', file, { partSize: 102400, parallel: 4 });
      assert.equal(result.res.status, 200);
      assert.match(result.etag, /^"[0-9A-F]{32}-13"$/);
      const get = await client.get('big/big.bin');
      assert.ok(Buffer.compare(get.content, data) === 0);
      assert.equal(get.res.headers['x-oss-object-type'], 'Multipart');
      assert.equal(get.res.headers['x-oss-hash-crc64ecma'], crc64(data));
    });

    test('init, uploadPart (Buffer), listParts, complete: only listed parts form the object', async () => {
      const server = await startServer();
      const client = ossClient(server, { v4 });
      const init = await client.initMultipartUpload('parts.bin', {
        meta: { kind: 'parts' },
        mime: 'application/x-test',
      });
      assert.match(init.uploadId, /^[0-9A-F]{32}$/);
      const one = randomBytes(102400);
      const two = randomBytes(5000);
      const stray = randomBytes(10);
      const p1 = await client.uploadPart('parts.bin', init.uploadId, 1, one, 0, one.length);
      const p2 = await client.uploadPart('parts.bin', init.uploadId, 2, two, 0, two.length);
      await client.uploadPart('parts.bin', init.uploadId, 3, stray, 0, stray.length);
      assert.equal(p1.etag, `"${md5Hex(one)}"`);
      assert.equal(p1.res.headers['x-oss-hash-crc64ecma'], crc64(one));
      await assert.rejects(client.head('parts.bin'), (err: any) => err.status === 404);
      const listed = await client.listParts('parts.bin', init.uploadId, { 'max-parts': 2 });
      assert.deepEqual(
        listed.parts.map((p: any) => p.PartNumber),
        ['1', '2'],
      );
      assert.equal(listed.isTruncated, 'true'); // ali-oss passes the XML text through
      assert.equal(listed.nextPartNumberMarker, '2');
      assert.equal(listed.parts[0].Size, '102400');
      assert.match(listed.parts[0].LastModified, /\.000Z$/);
      const done = await client.completeMultipartUpload('parts.bin', init.uploadId, [
        { number: 1, etag: p1.etag },
        { number: 2, etag: p2.etag },
      ]);
      assert.equal(done.res.status, 200);
      assert.match(done.etag, /-2"$/);
      const whole = Buffer.concat([one, two]);
      const get = await client.get('parts.bin');
      assert.ok(Buffer.compare(get.content, whole) === 0);
      assert.equal(get.res.headers['content-type'], 'application/x-test');
      assert.equal(get.res.headers['x-oss-meta-kind'], 'parts');
      await assert.rejects(
        client.uploadPart('parts.bin', init.uploadId, 4, one, 0, 10),
        (err: any) => err.code === 'NoSuchUpload' && err.status === 404,
      );
    });

    test('abortMultipartUpload is 204 and forgets the upload', async () => {
      const client = ossClient(await startServer(), { v4 });
      const init = await client.initMultipartUpload('aborted.bin');
      await client.uploadPart('aborted.bin', init.uploadId, 1, Buffer.from('x'), 0, 1);
      const aborted = await client.abortMultipartUpload('aborted.bin', init.uploadId);
      assert.equal(aborted.res.status, 204);
      await assert.rejects(client.listParts('aborted.bin', init.uploadId), (err: any) => err.code === 'NoSuchUpload');
      await assert.rejects(client.abortMultipartUpload('aborted.bin', init.uploadId), (err: any) => err.status === 404);
    });
  });
}

describe('CompleteMultipartUpload checks (raw requests)', () => {
  async function upload(sizes: number[]) {
    const server = await startServer();
    const client = ossClient(server);
    const init = await client.initMultipartUpload('checked.bin');
    const etags: string[] = [];
    for (const [i, size] of sizes.entries()) {
      const body = randomBytes(size);
      await client.uploadPart('checked.bin', init.uploadId, i + 1, body, 0, size);
      etags.push(md5Hex(body));
    }
    const complete = (
      parts: { number: number; etag: string }[],
      headers: Record<string, string> = {},
      body?: string,
    ) => {
      const xml = body ?? completeXml(parts);
      return rawRequest(server, {
        method: 'POST',
        key: 'checked.bin',
        query: `uploadId=${init.uploadId}`,
        subres: { uploadId: init.uploadId },
        headers: { 'content-type': 'application/xml', 'content-md5': contentMd5(xml), ...headers },
        body: xml,
      });
    };
    return { server, client, uploadId: init.uploadId, etags, complete };
  }

  test('an unknown upload id is 404 NoSuchUpload, before the body is looked at', async () => {
    const server = await startServer();
    const res = await rawRequest(server, {
      method: 'POST',
      key: 'x.bin',
      query: 'uploadId=0000',
      subres: { uploadId: '0000' },
      body: 'not xml',
    });
    assert.equal(res.status, 404);
    assert.equal(xmlField(res.body, 'Code'), 'NoSuchUpload');
  });

  test('unparsable XML is 400 MalformedXML', async () => {
    const { complete } = await upload([10]);
    const res = await complete([], {}, '<CompleteMultipartUpload><Part>');
    assert.equal(res.status, 400);
    assert.equal(xmlField(res.body, 'Code'), 'MalformedXML');
  });

  test('part numbers not strictly ascending are 400 InvalidPartOrder', async () => {
    const { complete, etags } = await upload([102400, 102400]);
    const res = await complete([
      { number: 2, etag: etags[1]! },
      { number: 1, etag: etags[0]! },
    ]);
    assert.equal(res.status, 400);
    assert.equal(xmlField(res.body, 'Code'), 'InvalidPartOrder');
  });

  test('a part never uploaded or with another ETag is 400 InvalidPart; ETags compare without case', async () => {
    const { complete, etags } = await upload([10]);
    const missing = await complete([{ number: 7, etag: etags[0]! }]);
    assert.equal(xmlField(missing.body, 'Code'), 'InvalidPart');
    const wrong = await complete([{ number: 1, etag: '0'.repeat(32) }]);
    assert.equal(wrong.status, 400);
    assert.equal(xmlField(wrong.body, 'Code'), 'InvalidPart');
    const lower = await complete([{ number: 1, etag: etags[0]!.toLowerCase() }]);
    assert.equal(lower.status, 200);
  });

  test('a non-last part under 102400 bytes is 400 EntityTooSmall; the last part may be small', async () => {
    const { complete, etags, client } = await upload([102399, 10]);
    const res = await complete([
      { number: 1, etag: etags[0]! },
      { number: 2, etag: etags[1]! },
    ]);
    assert.equal(res.status, 400);
    assert.equal(xmlField(res.body, 'Code'), 'EntityTooSmall');
    const onlyFirst = await complete([{ number: 1, etag: etags[0]! }]);
    assert.equal(onlyFirst.status, 200);
    assert.equal(onlyFirst.headers.etag, xmlField(onlyFirst.body, 'ETag')?.replace(/&quot;/g, '"'));
    assert.equal((await client.head('checked.bin')).res.headers['content-length'], '102399');
  });

  test('x-oss-forbid-overwrite on Complete is 409 FileAlreadyExists when the key exists', async () => {
    const { complete, etags, client } = await upload([10]);
    await client.put('checked.bin', Buffer.from('existing'));
    const res = await complete([{ number: 1, etag: etags[0]! }], { 'x-oss-forbid-overwrite': 'true' });
    assert.equal(res.status, 409);
    assert.equal(xmlField(res.body, 'Code'), 'FileAlreadyExists');
    assert.equal((await client.get('checked.bin')).content.toString(), 'existing');
  });
});
