// Alibaba's official Python SDK (oss2, CRC checks on) against the local OSS server, with both signature versions, and
// the official npm SDK (ali-oss) and oss2 reading back each other's objects. Every size, MD5 and CRC-64 below is
// computed here independently of the server and of oss2 (crcmod), so three implementations agree on the bytes.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { after, before, test } from 'node:test';
import OSS from 'ali-oss';
import { createOssServer } from '../../../src/emulators/oss';
import { ensureConformancePython, OSS2_CONFORMANCE_SCRIPT } from '../../conformance/python';

const CREDENTIALS = { accessKeyId: 'oss2-conformance-ak', accessKeySecret: 'oss2-conformance-secret' };
const BUCKET = 'conformance';
const REGION = 'oss-cn-hangzhou';
const KB = 1024;

type OssServer = Awaited<ReturnType<typeof createOssServer>>;

let python: string;
let server: OssServer;
let dataDir: string;

before(async () => {
  python = ensureConformancePython();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'otsync-oss2-'));
  server = await createOssServer({
    port: 0,
    host: '127.0.0.1',
    dataDir,
    credentials: CREDENTIALS,
    buckets: [BUCKET],
    region: REGION,
  });
});

after(async () => {
  await server?.close();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------------------------
// Independent reference values
// ---------------------------------------------------------------------------------------------------------------

/** The script's data: byte i = (i * 131 + seed * 17 + (i >> 8)) mod 256. */
function pattern(size: number, seed: number): Buffer {
  const out = Buffer.alloc(size);
  for (let i = 0; i < size; i++) out[i] = (i * 131 + seed * 17 + (i >> 8)) & 0xff;
  return out;
}

const CRC_TABLE = (() => {
  const table: bigint[] = [];
  for (let n = 0n; n < 256n; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1n ? (c >> 1n) ^ 0xc96c5795d7870f42n : c >> 1n;
    table.push(c);
  }
  return table;
})();

/** CRC-64/XZ (spec 6), plainly with BigInt: slow, but not the server's code nor oss2's. */
function crc64(data: Uint8Array): string {
  let crc = 0xffffffffffffffffn;
  for (const byte of data) crc = CRC_TABLE[Number((crc ^ BigInt(byte)) & 0xffn)]! ^ (crc >> 8n);
  return (crc ^ 0xffffffffffffffffn).toString();
}

const md5 = (data: Uint8Array): string => createHash('md5').update(data).digest('hex');

// ---------------------------------------------------------------------------------------------------------------
// Running the Python client
// ---------------------------------------------------------------------------------------------------------------

interface Oss2Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function execOss2(args: readonly string[], env: Record<string, string>): Promise<Oss2Run> {
  // Nothing OSS-related leaks in from the developer's shell or the test runner's stack.
  const childEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('OSS_')));
  return new Promise((resolve, reject) => {
    const child = spawn(python, [OSS2_CONFORMANCE_SCRIPT, ...args], {
      env: {
        ...childEnv,
        OSS_ENDPOINT: server.url,
        OSS_BUCKET: BUCKET,
        OSS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
        OSS_ACCESS_KEY_SECRET: CREDENTIALS.accessKeySecret,
        OSS_REGION: REGION,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 180_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

async function runOss2<T>(args: readonly string[], env: Record<string, string>): Promise<T> {
  const res = await execOss2(args, env);
  assert.equal(res.code, 0, `oss2_conformance.py ${args.join(' ')} exited ${res.code}:\n${res.stderr}`);
  return JSON.parse(res.stdout) as T;
}

// ---------------------------------------------------------------------------------------------------------------
// The workload, with each signature version
// ---------------------------------------------------------------------------------------------------------------

interface WorkloadSummary {
  auth: string;
  bucket: string;
  bucketInfo: Record<string, string | null>;
  put: Record<'bytes' | 'file', { key: string; size: number; crc: string; etag: string }>;
  get: {
    whole: { size: number; crc: string; etag: string };
    range: { status: number; contentRange: string; size: number; md5: string };
    toFile: { size: number; crc: string };
  };
  head: { size: number; objectType: string; contentType: string; etag: string; crc: string; meta: string };
  exists: { present: boolean; missing: boolean };
  append: {
    first: { nextPosition: number; crc: string };
    second: { nextPosition: number; crc: string };
    wrongPosition: { status: number; code: string; nextPosition: number };
    objectType: string;
    size: number;
  };
  multipart: {
    parts: { partNumber: number; size: number; etag: string; crc: string }[];
    listParts: { partNumber: number; size: number; etag: string }[];
    complete: { crc: string; etag: string };
    objectType: string;
    size: number;
  };
  resumable: { size: number; crc: string; objectType: string };
  abort: { status: number; listPartsAfter: string; objectExists: boolean };
  listV1: {
    firstPage: { keys: string[]; prefixes: string[]; isTruncated: boolean; nextMarker: string };
    delimited: { keys: string[]; prefixes: string[] };
    flat: string[];
  };
  listV2: {
    firstPage: { keys: string[]; prefixes: string[]; isTruncated: boolean };
    delimited: { keys: string[]; prefixes: string[] };
    flat: string[];
    startAfter: string[];
  };
  copy: { etag: string; size: number; crc: string; objectType: string };
  batchDelete: { deleted: string[]; remaining: string[] };
  delete: { status: number; again: number; existsAfter: boolean };
  noSuchKey: Record<'get' | 'head' | 'copy', { status: number; code: string; key?: string }>;
}

for (const auth of ['v1', 'v4'] as const) {
  test(`oss2 with ${auth === 'v1' ? 'oss2.Auth (V1)' : "oss2.AuthV4, region 'cn-hangzhou'"} runs the whole workload, CRC checks on`, async () => {
    const p = `${auth}/`;
    const s = await runOss2<WorkloadSummary>(['workload'], {
      OSS_AUTH: auth,
      OSS_PREFIX: p,
      OSS_REGION: 'cn-hangzhou',
    });
    assert.equal(s.auth, auth);
    assert.equal(s.bucket, BUCKET);
    assert.equal(s.bucketInfo.name, BUCKET);
    assert.equal(s.bucketInfo.location, REGION);
    assert.equal(s.bucketInfo.storageClass, 'Standard');

    const data1 = pattern(1000, 1);
    const text = Buffer.from('hello oss2 \u2603 line\n'.repeat(200));
    assert.deepEqual(s.put.bytes, { key: `${p}put/bytes.bin`, size: 1000, crc: crc64(data1), etag: s.put.bytes.etag });
    assert.equal(s.put.bytes.etag, md5(data1).toUpperCase(), 'ETag is the upper-case hex MD5');
    assert.deepEqual(s.put.file, {
      key: `${p}put/file.txt`,
      size: text.length,
      crc: crc64(text),
      etag: md5(text).toUpperCase(),
    });

    assert.deepEqual(s.get, {
      whole: { size: 1000, crc: crc64(data1), etag: md5(data1).toUpperCase() },
      range: { status: 206, contentRange: 'bytes 100-299/1000', size: 200, md5: md5(data1.subarray(100, 300)) },
      toFile: { size: text.length, crc: crc64(text) },
    });
    assert.deepEqual(s.head, {
      size: 1000,
      objectType: 'Normal',
      contentType: 'application/x-conformance',
      etag: md5(data1).toUpperCase(),
      crc: crc64(data1),
      meta: 'oss2',
    });
    assert.deepEqual(s.exists, { present: true, missing: false });

    const [a1, a2] = [pattern(3000, 2), pattern(5000, 3)];
    assert.deepEqual(s.append, {
      first: { nextPosition: 3000, crc: crc64(a1) },
      second: { nextPosition: 8000, crc: crc64(Buffer.concat([a1, a2])) },
      wrongPosition: { status: 409, code: 'PositionNotEqualToLength', nextPosition: 8000 },
      objectType: 'Appendable',
      size: 8000,
    });

    const parts = [pattern(100 * KB, 10), pattern(150 * KB, 11), pattern(30 * KB, 12)];
    assert.deepEqual(
      s.multipart.parts,
      parts.map((d, i) => ({ partNumber: i + 1, size: d.length, etag: md5(d).toUpperCase(), crc: crc64(d) })),
    );
    assert.deepEqual(
      s.multipart.listParts,
      s.multipart.parts.map(({ partNumber, size, etag }) => ({ partNumber, size, etag })),
    );
    assert.equal(s.multipart.complete.crc, crc64(Buffer.concat(parts)));
    assert.match(s.multipart.complete.etag, /^[0-9A-F]{32}-3$/);
    assert.equal(s.multipart.objectType, 'Multipart');
    assert.equal(s.multipart.size, 280 * KB);
    assert.deepEqual(s.resumable, { size: 1024 * KB, crc: crc64(pattern(1024 * KB, 13)), objectType: 'Multipart' });
    assert.deepEqual(s.abort, { status: 204, listPartsAfter: 'NoSuchUpload', objectExists: false });

    // Keys in UTF-8 byte order, `+` and spaces kept, CommonPrefixes rolled up; V1 and V2 (url-encoded) agree.
    const l = `${p}list/`;
    const flat = [
      'a.txt',
      'b+c.txt',
      'dir one/x.txt',
      'dir one/y.txt',
      'dir2/z.txt',
      '\u00fcml\u00e4ut \u2603.txt',
    ].map((k) => l + k);
    const delimited = {
      keys: [`${l}a.txt`, `${l}b+c.txt`, `${l}\u00fcml\u00e4ut \u2603.txt`],
      prefixes: [`${l}dir one/`, `${l}dir2/`],
    };
    assert.deepEqual(s.listV1.delimited, delimited);
    assert.deepEqual(s.listV1.flat, flat);
    assert.deepEqual(
      {
        keys: s.listV1.firstPage.keys,
        prefixes: s.listV1.firstPage.prefixes,
        isTruncated: s.listV1.firstPage.isTruncated,
      },
      { keys: [`${l}a.txt`, `${l}b+c.txt`], prefixes: [`${l}dir one/`], isTruncated: true },
    );
    assert.deepEqual(s.listV2.delimited, delimited);
    assert.deepEqual(s.listV2.flat, flat);
    assert.deepEqual(s.listV2.firstPage, {
      keys: [`${l}a.txt`, `${l}b+c.txt`],
      prefixes: [`${l}dir one/`],
      isTruncated: true,
    });
    assert.deepEqual(s.listV2.startAfter, flat.slice(3));

    assert.deepEqual(s.copy, { etag: s.copy.etag, size: 1000, crc: crc64(data1), objectType: 'Normal' });
    assert.deepEqual(s.batchDelete, { deleted: flat.slice(0, 3).sort(), remaining: flat.slice(3) });
    assert.deepEqual(s.delete, { status: 204, again: 204, existsAfter: false });
    assert.deepEqual(s.noSuchKey, {
      get: { status: 404, code: 'NoSuchKey', key: `${p}no/such/key.bin` },
      head: { status: 404, code: 'NoSuchKey' },
      copy: { status: 404, code: 'NoSuchKey' },
    });
  });

  test(`oss2 (${auth}) with a wrong secret fails with SignatureDoesNotMatch`, async () => {
    const res = await execOss2(['read-objects', `${auth}/put/bytes.bin`], {
      OSS_AUTH: auth,
      OSS_ACCESS_KEY_SECRET: 'not-the-secret',
    });
    assert.equal(res.code, 1, res.stdout);
    assert.match(res.stderr, /403 SignatureDoesNotMatch/);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// ali-oss and oss2 on the same bytes
// ---------------------------------------------------------------------------------------------------------------

interface ObjectLine {
  key: string;
  size: number;
  md5: string;
  crc: string;
  serverCrc: string;
  objectType: string;
  contentType?: string;
  meta?: Record<string, string>;
  head16?: string;
}

function aliOss(authorizationV4: boolean): OSS {
  return new OSS({
    endpoint: server.url,
    region: REGION,
    bucket: BUCKET,
    accessKeyId: CREDENTIALS.accessKeyId,
    accessKeySecret: CREDENTIALS.accessKeySecret,
    authorizationV4,
    timeout: 60_000,
  });
}

const headerOf = (res: { headers: object }, name: string): string | undefined =>
  (res.headers as Record<string, string | undefined>)[name];

test('ali-oss and oss2 read back each other’s Normal, Appendable and Multipart objects with the same CRC-64', async () => {
  const p = 'cross/';
  const client = aliOss(false);

  // ali-oss writes: a Buffer with metadata, a chunked stream, three appends and a managed multipart upload.
  const written = new Map<string, { data: Buffer; objectType: string }>();
  const normal = pattern(250 * KB, 40);
  const put = await client.put(`${p}from-ali-oss/normal.bin`, normal, {
    mime: 'application/octet-stream',
    headers: { 'x-oss-meta-origin': 'ali-oss', 'x-oss-meta-sequence': '1' },
  });
  assert.equal(headerOf(put.res, 'x-oss-hash-crc64ecma'), crc64(normal));
  written.set(`${p}from-ali-oss/normal.bin`, { data: normal, objectType: 'Normal' });

  const streamed = pattern(70 * KB, 41);
  await client.putStream(
    `${p}from-ali-oss/streamed.bin`,
    Readable.from([streamed.subarray(0, 1000), streamed.subarray(1000)]),
  );
  written.set(`${p}from-ali-oss/streamed.bin`, { data: streamed, objectType: 'Normal' });

  const chunks = [Buffer.from('{"n":1}\n'), pattern(4000, 42), Buffer.from('z\u00eb \u2603\n')];
  let position = '0';
  for (const chunk of chunks) {
    const res = await client.append(`${p}from-ali-oss/appendable.log`, chunk, { position });
    position = res.nextAppendPosition;
  }
  const appended = Buffer.concat(chunks);
  assert.equal(position, String(appended.length));
  written.set(`${p}from-ali-oss/appendable.log`, { data: appended, objectType: 'Appendable' });

  const big = pattern(350 * KB, 43);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'otsync-ali-oss-'));
  try {
    fs.writeFileSync(path.join(tmp, 'big.bin'), big);
    const mpu = await client.multipartUpload(`${p}from-ali-oss/multipart.bin`, path.join(tmp, 'big.bin'), {
      partSize: 100 * KB,
      parallel: 2,
    });
    assert.equal(mpu.res.status, 200);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  written.set(`${p}from-ali-oss/multipart.bin`, { data: big, objectType: 'Multipart' });

  // oss2 reads them with each signature version; its CRC (crcmod), the server's and ours agree.
  for (const auth of ['v1', 'v4']) {
    const read = await runOss2<{ objects: ObjectLine[] }>(['read-objects', ...written.keys()], { OSS_AUTH: auth });
    assert.deepEqual(
      read.objects.map(({ key, size, md5: m, crc, serverCrc, objectType }) => ({
        key,
        size,
        md5: m,
        crc,
        serverCrc,
        objectType,
      })),
      [...written].map(([key, { data, objectType }]) => ({
        key,
        size: data.length,
        md5: md5(data),
        crc: crc64(data),
        serverCrc: crc64(data),
        objectType,
      })),
      `oss2 ${auth} reads what ali-oss wrote`,
    );
    const first = read.objects[0]!;
    assert.equal(first.contentType, 'application/octet-stream');
    assert.deepEqual(first.meta, { 'x-oss-meta-origin': 'ali-oss', 'x-oss-meta-sequence': '1' });
    assert.equal(first.head16, normal.subarray(0, 16).toString('base64'));
  }

  // oss2 writes (V4), ali-oss reads (V1 and V4).
  const wrote = await runOss2<{ objects: ObjectLine[] }>(['write-objects'], { OSS_AUTH: 'v4', OSS_PREFIX: p });
  assert.deepEqual(
    wrote.objects.map((o) => [o.key, o.objectType, o.size]),
    [
      [`${p}from-oss2/normal.bin`, 'Normal', 300 * KB],
      [`${p}from-oss2/appendable.log`, 'Appendable', 8 + 2000 + Buffer.byteLength('z\u00eb \u2603\n')],
      [`${p}from-oss2/multipart.bin`, 'Multipart', 207 * KB],
    ],
  );
  for (const v4 of [false, true]) {
    const reader = aliOss(v4);
    for (const o of wrote.objects) {
      const got = await reader.get(o.key);
      const content = got.content as Buffer;
      assert.equal(content.length, o.size, o.key);
      assert.equal(md5(content), o.md5, `${o.key}: ali-oss (V4 ${v4}) reads the bytes oss2 wrote`);
      assert.equal(crc64(content), o.crc, o.key);
      assert.equal(o.serverCrc, o.crc, o.key);
      assert.equal(headerOf(got.res, 'x-oss-hash-crc64ecma'), o.crc, o.key);
      const head = await reader.head(o.key);
      assert.equal(headerOf(head.res, 'x-oss-object-type'), o.objectType, o.key);
    }
  }

  // Both listings see all seven objects.
  const listed = await client.listV2({ prefix: p, 'max-keys': '100' }, {});
  assert.deepEqual(
    listed.objects.map((o) => o.name),
    [...written.keys(), ...wrote.objects.map((o) => o.key)].sort(),
  );
});
