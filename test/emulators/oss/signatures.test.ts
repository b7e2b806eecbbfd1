// The V1 and V4 signature rules against the spec's test vectors (spec 2.6, 3.7), both as functions and end to
// end through the server, plus the tolerances of spec 3.2 and 3.5 (oss2's header layout, empty query values).
import assert from 'node:assert/strict';
import http from 'node:http';
import { test } from 'node:test';
import { parseQuery } from '../../../src/emulators/oss/addressing';
import { authenticate } from '../../../src/emulators/oss/auth/authenticate';
import type { RequestToSign } from '../../../src/emulators/oss/auth/request-to-sign';
import { signV1, stringToSignV1 } from '../../../src/emulators/oss/auth/signature-v1';
import {
  canonicalRequestV4,
  parseAuthorizationV4,
  signV4,
  stringToSignV4,
} from '../../../src/emulators/oss/auth/signature-v4';
import { ossClient, startServer, xmlField } from './helpers';

const KEY = { accessKeyId: 'AKTEST', accessKeySecret: 'SKTEST' };
const MD5_HELLO = 'XUFAKrxLKna5cZ2REBfFkg==';

function request(method: string, key: string, query: string, headers: Record<string, string>): RequestToSign {
  return { method, bucket: 'examplebucket', key, query: parseQuery(query), headers };
}

const v1Put = request('PUT', 'dir/hello world.txt', '', {
  'content-md5': MD5_HELLO,
  'content-type': 'text/plain',
  'x-oss-date': 'Wed, 01 Jan 2025 00:00:00 GMT',
  'x-oss-forbid-overwrite': 'true',
  'x-oss-meta-a': '1',
});
const v1Append = request('POST', 'log.txt', 'append=&position=5', {
  'content-md5': MD5_HELLO,
  'content-type': 'text/plain',
  'x-oss-date': 'Wed, 01 Jan 2025 00:00:00 GMT',
});

test('V1 spec vectors: PutObject and AppendObject (?append= read as the bare flag)', () => {
  assert.equal(
    stringToSignV1(v1Put),
    'PUT\nXUFAKrxLKna5cZ2REBfFkg==\ntext/plain\nWed, 01 Jan 2025 00:00:00 GMT\n' +
      'x-oss-date:Wed, 01 Jan 2025 00:00:00 GMT\nx-oss-forbid-overwrite:true\nx-oss-meta-a:1\n' +
      '/examplebucket/dir/hello world.txt',
  );
  assert.equal(signV1('SKTEST', stringToSignV1(v1Put)), 'EWSoVMXrDQ1rt1/8Yfm49ggE9Ts=');
  assert.match(stringToSignV1(v1Append), /\n\/examplebucket\/log\.txt\?append&position=5$/);
  assert.equal(signV1('SKTEST', stringToSignV1(v1Append)), 'w08q5HPB/67QcCUOTD4H8BDDlho=');
  const signed = { ...v1Put, headers: { ...v1Put.headers, authorization: 'OSS AKTEST:EWSoVMXrDQ1rt1/8Yfm49ggE9Ts=' } };
  assert.deepEqual(authenticate(signed, KEY), { accessKeyId: 'AKTEST', signatureVersion: 1 });
});

test('V1: the Date header stands in for x-oss-date (oss2), and unsigned query parameters are ignored', () => {
  const { 'x-oss-date': date, ...rest } = v1Append.headers as Record<string, string>;
  const oss2Style = { ...v1Append, query: parseQuery('append&position=5&prefix=x'), headers: { ...rest, date: date! } };
  assert.match(
    stringToSignV1(oss2Style),
    /^POST\n.+\ntext\/plain\nWed, 01 Jan 2025 00:00:00 GMT\n\/examplebucket\/log\.txt\?append&position=5$/,
  );
});

const v4Headers = {
  'content-type': 'text/plain',
  'x-oss-content-sha256': 'UNSIGNED-PAYLOAD',
  'x-oss-date': '20250101T000000Z',
};
const v4Put = request('PUT', 'dir/hello world.txt', '', {
  ...v4Headers,
  'content-md5': MD5_HELLO,
  'x-oss-forbid-overwrite': 'true',
});
const v4Append = request('POST', 'log.txt', 'append=&position=5', v4Headers);
const SCOPE = '20250101/cn-hangzhou/oss/aliyun_v4_request';

test('V4 spec vectors: canonical request, its hash, and the signatures', () => {
  const canonical = canonicalRequestV4(v4Put, []);
  assert.equal(
    canonical,
    'PUT\n/examplebucket/dir/hello%20world.txt\n\ncontent-md5:XUFAKrxLKna5cZ2REBfFkg==\ncontent-type:text/plain\n' +
      'x-oss-content-sha256:UNSIGNED-PAYLOAD\nx-oss-date:20250101T000000Z\nx-oss-forbid-overwrite:true\n\n\nUNSIGNED-PAYLOAD',
  );
  const toSign = stringToSignV4(canonical, '20250101T000000Z', SCOPE);
  assert.equal(toSign.split('\n')[3], 'd2d5de511c81e5c7d0c524e213d015a78d05ae94c84fdd10c5182cd94d2bd2e1');
  assert.equal(
    signV4('SKTEST', '20250101', 'cn-hangzhou', 'oss', toSign),
    'ee6ad69f4097868be9393545cd7c2579ace3e671bb56f6ed93d1bc079cf0823c',
  );
  const appendCanonical = canonicalRequestV4(v4Append, []);
  assert.equal(appendCanonical.split('\n')[2], 'append&position=5');
  assert.equal(
    signV4('SKTEST', '20250101', 'cn-hangzhou', 'oss', stringToSignV4(appendCanonical, '20250101T000000Z', SCOPE)),
    'c8a891a45e68fcbcf42265b9bc1bc045a875f36c9cfdfcccb7f565465e5bac4c',
  );
});

test('V4 Authorization is parsed in ali-oss and oss2 layouts alike; empty AdditionalHeaders is malformed', () => {
  const sig = 'ee6ad69f4097868be9393545cd7c2579ace3e671bb56f6ed93d1bc079cf0823c';
  const aliOss = `OSS4-HMAC-SHA256 Credential=AKTEST/${SCOPE},Signature=${sig}`;
  const oss2 = `OSS4-HMAC-SHA256 Credential=AKTEST/${SCOPE}, Signature=${sig}, AdditionalHeaders=host`;
  assert.deepEqual(parseAuthorizationV4(aliOss), {
    accessKeyId: 'AKTEST',
    date: '20250101',
    region: 'cn-hangzhou',
    product: 'oss',
    additionalHeaders: [],
    signature: sig,
  });
  assert.deepEqual((parseAuthorizationV4(oss2) as { additionalHeaders: string[] }).additionalHeaders, ['host']);
  assert.equal(typeof parseAuthorizationV4(`${aliOss},AdditionalHeaders=`), 'string');
  for (const authorization of [aliOss, `OSS4-HMAC-SHA256 Signature=${sig} , Credential=AKTEST/${SCOPE}`]) {
    const signed = { ...v4Put, headers: { ...v4Put.headers, authorization } };
    assert.deepEqual(authenticate(signed, KEY), { accessKeyId: 'AKTEST', signatureVersion: 4 });
  }
});

test('V4 tolerates empty query values signed as `name=` (spec 3.5): ali-oss list({prefix: ""})', async () => {
  const client = ossClient(await startServer(), { v4: true });
  await client.put('x.txt', Buffer.from('x'));
  const listed = await client.list({ prefix: '', marker: '' });
  assert.deepEqual(
    listed.objects.map((o: { name: string }) => o.name),
    ['x.txt'],
  );
});

/** Sends exactly the spec's request to a server holding the spec's AccessKey. */
async function sendVector(path: string, method: string, headers: Record<string, string>, authorization: string) {
  const server = await startServer({ credentials: KEY, buckets: ['examplebucket'] });
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: server.port,
        method,
        path,
        headers: { ...headers, host: 'examplebucket.oss-cn-hangzhou.aliyuncs.com', authorization },
      },
      (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end('hello');
  });
}

test('the server accepts the spec vectors end to end (V1 and V4 PutObject, V1 AppendObject)', async () => {
  const v1 = await sendVector(
    '/dir/hello%20world.txt',
    'PUT',
    v1Put.headers as Record<string, string>,
    'OSS AKTEST:EWSoVMXrDQ1rt1/8Yfm49ggE9Ts=',
  );
  assert.equal(v1.status, 200, v1.body);
  const append = await sendVector(
    '/log.txt?append=&position=0',
    'POST',
    v1Append.headers as Record<string, string>,
    'OSS AKTEST:w08q5HPB/67QcCUOTD4H8BDDlho=',
  );
  // The vector signs position=5, so sending position=0 must fail with the server's string to sign in the error.
  assert.equal(append.status, 403);
  assert.match(xmlField(append.body, 'StringToSign') ?? '', /\?append&amp;position=0$/);
  const v4 = await sendVector(
    '/dir/hello%20world.txt',
    'PUT',
    v4Put.headers as Record<string, string>,
    `OSS4-HMAC-SHA256 Credential=AKTEST/${SCOPE},Signature=ee6ad69f4097868be9393545cd7c2579ace3e671bb56f6ed93d1bc079cf0823c`,
  );
  assert.equal(v4.status, 200, v4.body);
});
