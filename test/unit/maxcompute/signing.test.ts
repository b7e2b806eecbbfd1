// Request signatures of spec §2: the classic and V4 test vectors, canonical-string rules, and Authorization parsing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  authorizationHeader,
  canonicalString,
  parseAuthorization,
  signClassic,
  signV4,
  type SignableRequest,
} from '../../../src/maxcompute';

const DATE = 'Wed, 01 Jan 2025 00:00:00 GMT';

const CREATE_SESSION: SignableRequest = {
  method: 'POST',
  resource: '/projects/myproj/tables/mytable',
  query: [
    ['uploads', ''],
    ['partition', 'pt=20250101'],
    ['curr_project', 'myproj'],
  ],
  headers: {
    date: DATE,
    'x-odps-tunnel-version': '6',
    'x-odps-user-agent': 'pyodps/0.12.2',
    'odps-tunnel-date-transform': 'v1',
    'content-length': '0',
  },
};

test('§2.1: canonical string of the session-creation vector, as pyodps builds it', () => {
  assert.equal(
    canonicalString(CREATE_SESSION),
    'POST\n\n\n' +
      `${DATE}\n` +
      'x-odps-tunnel-version:6\n' +
      'x-odps-user-agent:pyodps/0.12.2\n' +
      '/projects/myproj/tables/mytable?curr_project=myproj&partition=pt=20250101&uploads',
  );
});

test('§2.1: classic signature vector → ODPS AKTEST:nppfGXOiCngGA2WqKnzRCaQdt1w=', () => {
  const signature = signClassic(canonicalString(CREATE_SESSION), 'SKTEST');
  assert.equal(signature, 'nppfGXOiCngGA2WqKnzRCaQdt1w=');
  assert.equal(authorizationHeader('AKTEST', signature), 'ODPS AKTEST:nppfGXOiCngGA2WqKnzRCaQdt1w=');
});

test('§2.1: block upload vector → 7NIXW14dCSIu6PGrsnBpOlo1D3g=', () => {
  const req: SignableRequest = {
    method: 'put',
    resource: '/projects/myproj/tables/mytable',
    query: [
      ['blockid', '0'],
      ['curr_project', 'myproj'],
      ['partition', 'pt=20250101'],
      ['uploadid', '20250101abcdef'],
    ],
    headers: { 'content-type': 'application/octet-stream', 'x-odps-tunnel-version': '6', date: DATE },
  };
  assert.equal(signClassic(canonicalString(req), 'SKTEST'), '7NIXW14dCSIu6PGrsnBpOlo1D3g=');
});

test('§2.2: V4 signature vector (20250101, cn-hangzhou) → GLJLF8OJp5w150R/O7trZ9O8NjI=', () => {
  const signature = signV4(canonicalString(CREATE_SESSION), 'SKTEST', '20250101', 'cn-hangzhou');
  assert.equal(signature, 'GLJLF8OJp5w150R/O7trZ9O8NjI=');
  assert.equal(
    authorizationHeader('AKTEST', signature, { date: '20250101', region: 'cn-hangzhou' }),
    'ODPS AKTEST/20250101/cn-hangzhou/odps/aliyun_v4_request:GLJLF8OJp5w150R/O7trZ9O8NjI=',
  );
});

test('canonical string: content-md5/type lines, x-odps-* query parameters signed, odps-tunnel-* headers not, names lower-cased', () => {
  const text = canonicalString({
    method: 'GET',
    resource: '/projects/p',
    query: [
      ['x-odps-b', 'q'],
      ['a', 'v'],
    ],
    headers: {
      'Content-MD5': 'md5',
      'content-type': 'text/xml',
      date: DATE,
      'X-ODPS-A': ' spaced ',
      'odps-tunnel-x': 'nope',
      'x-odps-c': undefined,
    },
  });
  assert.equal(text, `GET\nmd5\ntext/xml\n${DATE}\nx-odps-a: spaced \nx-odps-b:q\n/projects/p?a=v&x-odps-b=q`);
  assert.equal(
    canonicalString({ method: 'GET', resource: '/projects/p', query: [], headers: { date: DATE } }),
    `GET\n\n\n${DATE}\n/projects/p`,
  );
});

test('parseAuthorization: classic and V4 forms, split at the last colon', () => {
  assert.deepEqual(parseAuthorization('ODPS AKTEST:nppfGXOiCngGA2WqKnzRCaQdt1w='), {
    accessKeyId: 'AKTEST',
    signature: 'nppfGXOiCngGA2WqKnzRCaQdt1w=',
  });
  assert.deepEqual(
    parseAuthorization('ODPS AKTEST/20250101/cn-hangzhou/odps/aliyun_v4_request:GLJLF8OJp5w150R/O7trZ9O8NjI='),
    {
      accessKeyId: 'AKTEST',
      signature: 'GLJLF8OJp5w150R/O7trZ9O8NjI=',
      v4: { date: '20250101', region: 'cn-hangzhou' },
    },
  );
  assert.deepEqual(parseAuthorization('ODPS a:b:sig'), { accessKeyId: 'a:b', signature: 'sig' });
});

test('parseAuthorization round-trips authorizationHeader and rejects malformed values', () => {
  const v4 = { date: '20240229', region: 'ap-southeast-1' };
  assert.deepEqual(parseAuthorization(authorizationHeader('ak', 'c2ln', v4)), {
    accessKeyId: 'ak',
    signature: 'c2ln',
    v4,
  });
  for (const bad of [
    '',
    'ODPS',
    'ODPS ',
    'ODPS AKTEST',
    'ODPS :sig',
    'ODPS AKTEST:',
    'Basic AKTEST:sig',
    'ODPS AKTEST/20250101/cn-hangzhou:sig',
    'ODPS AKTEST/2025-01-01/cn-hangzhou/odps/aliyun_v4_request:sig',
    'ODPS AKTEST/20250101/cn-hangzhou/oss/aliyun_v4_request:sig',
    'ODPS /20250101/cn-hangzhou/odps/aliyun_v4_request:sig',
  ]) {
    assert.equal(parseAuthorization(bad), undefined, bad);
  }
});
