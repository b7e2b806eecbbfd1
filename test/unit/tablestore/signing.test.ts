// Request and response signatures: the vectors of spec 1.3 and 1.5, and the server-side checks built on them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  authenticateRequest,
  buildRequestHeaders,
  buildResponseHeaders,
  contentMd5,
  formatResponseDate,
  parseOtsDate,
  requestStringToSign,
  responseStringToSign,
  signRequest,
  signResponse,
  TablestoreError,
  verifyRequestSignature,
  verifyResponseSignature,
} from '../../../src/tablestore';

const CREDENTIALS = { accessKeyId: 'testAK', accessKeySecret: 'testSecret' };
const DATE = new Date('2024-01-02T03:04:05.678Z');
const EMPTY = new Uint8Array(0);

const SPEC_REQUEST_HEADERS = {
  'x-ots-date': '2024-01-02T03:04:05.678Z',
  'x-ots-apiversion': '2015-12-31',
  'x-ots-accesskeyid': 'testAK',
  'x-ots-instancename': 'inst1',
  'x-ots-contentmd5': '1B2M2Y8AsgTpgAmY7PhCfg==',
};

test('spec 1.3: MD5 of an empty body', () => {
  assert.equal(contentMd5(EMPTY), '1B2M2Y8AsgTpgAmY7PhCfg==');
});

test('spec 1.3: request string to sign and signature', () => {
  assert.equal(
    requestStringToSign('ListTable', SPEC_REQUEST_HEADERS),
    '/ListTable\nPOST\n\nx-ots-accesskeyid:testAK\nx-ots-apiversion:2015-12-31\n' +
      'x-ots-contentmd5:1B2M2Y8AsgTpgAmY7PhCfg==\nx-ots-date:2024-01-02T03:04:05.678Z\nx-ots-instancename:inst1\n',
  );
  assert.equal(signRequest('ListTable', SPEC_REQUEST_HEADERS, 'testSecret'), 'gR6QhT7JzIZf7tQh3oTYijGjwWk=');
});

test('spec 1.3: buildRequestHeaders produces the vector signature', () => {
  const headers = buildRequestHeaders({
    action: 'ListTable',
    body: EMPTY,
    instanceName: 'inst1',
    credentials: CREDENTIALS,
    date: DATE,
  });
  assert.deepEqual(headers, { ...SPEC_REQUEST_HEADERS, 'x-ots-signature': 'gR6QhT7JzIZf7tQh3oTYijGjwWk=' });
});

test('signing ignores non-x-ots headers, the signature itself, header-name case and surrounding whitespace', () => {
  const goStyle = {
    'X-Ots-Date': ' 2024-01-02T03:04:05.678Z',
    'X-Ots-Apiversion': '2015-12-31 ',
    'X-Ots-Accesskeyid': 'testAK',
    'X-Ots-Instancename': 'inst1',
    'X-Ots-Contentmd5': '1B2M2Y8AsgTpgAmY7PhCfg==',
    'X-Ots-Signature': 'whatever',
    'User-Agent': 'aliyun-tablestore-sdk-golang/4.0.2',
    'Content-Length': 0,
  };
  assert.equal(signRequest('ListTable', goStyle, 'testSecret'), 'gR6QhT7JzIZf7tQh3oTYijGjwWk=');
});

test('verifyRequestSignature accepts the right secret only and covers every x-ots header', () => {
  const headers = { ...SPEC_REQUEST_HEADERS, 'x-ots-signature': 'gR6QhT7JzIZf7tQh3oTYijGjwWk=' };
  assert.equal(verifyRequestSignature('ListTable', headers, 'testSecret'), true);
  assert.equal(verifyRequestSignature('ListTable', headers, 'otherSecret'), false);
  assert.equal(verifyRequestSignature('GetRow', headers, 'testSecret'), false);
  assert.equal(verifyRequestSignature('ListTable', { ...headers, 'x-ots-instancename': 'inst2' }, 'testSecret'), false);
  assert.equal(verifyRequestSignature('ListTable', { ...headers, 'x-ots-sdk-traceid': 'x' }, 'testSecret'), false);
  assert.equal(verifyRequestSignature('ListTable', SPEC_REQUEST_HEADERS, 'testSecret'), false);
});

test('spec 1.5: response string to sign and authorization header', () => {
  const headers = {
    'x-ots-contentmd5': '1B2M2Y8AsgTpgAmY7PhCfg==',
    'x-ots-contenttype': 'protocol buffer',
    'x-ots-date': '2024-01-02T03:04:05.678901Z',
    'x-ots-requestid': 'req-1',
  };
  assert.equal(
    responseStringToSign('ListTable', headers),
    'x-ots-contentmd5:1B2M2Y8AsgTpgAmY7PhCfg==\nx-ots-contenttype:protocol buffer\n' +
      'x-ots-date:2024-01-02T03:04:05.678901Z\nx-ots-requestid:req-1\n/ListTable',
  );
  assert.equal(signResponse('ListTable', headers, 'testAK', 'testSecret'), 'OTS testAK:gItUyGh+/TCRg1h085CplmHsOT4=');
  const signed = { ...headers, authorization: 'OTS testAK:gItUyGh+/TCRg1h085CplmHsOT4=' };
  assert.equal(verifyResponseSignature('ListTable', signed, 'testAK', 'testSecret'), true);
  assert.equal(verifyResponseSignature('ListTable', signed, 'otherAK', 'testSecret'), false);
  assert.equal(
    verifyResponseSignature('ListTable', { ...signed, 'x-ots-requestid': 'req-2' }, 'testAK', 'testSecret'),
    false,
  );
});

test('spec 1.5: buildResponseHeaders sends exactly the service headers, signed over the exact body', () => {
  const headers = buildResponseHeaders({
    action: 'ListTable',
    body: EMPTY,
    requestId: 'req-1',
    date: DATE,
    credentials: CREDENTIALS,
  });
  assert.deepEqual(Object.keys(headers).sort(), [
    'authorization',
    'x-ots-contentmd5',
    'x-ots-contenttype',
    'x-ots-date',
    'x-ots-requestid',
  ]);
  assert.equal(headers['x-ots-date'], '2024-01-02T03:04:05.678000Z');
  assert.equal(headers['x-ots-contenttype'], 'protocol buffer');
  assert.ok(verifyResponseSignature('ListTable', headers, 'testAK', 'testSecret'));
  const unauthenticated = buildResponseHeaders({ action: 'ListTable', body: Buffer.from('x') });
  assert.equal(unauthenticated.authorization, undefined);
  assert.equal(unauthenticated['x-ots-contentmd5'], contentMd5(Buffer.from('x')));
  assert.match(unauthenticated['x-ots-requestid'] ?? '', /^[0-9a-f-]{36}$/);
});

test('response dates carry six fractional digits; request dates parse with any fraction', () => {
  assert.equal(formatResponseDate(DATE, 901), '2024-01-02T03:04:05.678901Z');
  assert.equal(parseOtsDate('2024-01-02T03:04:05.678Z')?.toISOString(), '2024-01-02T03:04:05.678Z');
  assert.equal(parseOtsDate('2024-01-02T03:04:05Z')?.toISOString(), '2024-01-02T03:04:05.000Z');
  // The Go SDK's layout writes month/day/hour digits after the dot (spec 1.9).
  assert.equal(parseOtsDate('2024-09-13T10:59:07.91310Z')?.toISOString(), '2024-09-13T10:59:07.913Z');
  assert.equal(parseOtsDate('2024-01-02T03:04:05.678901Z')?.toISOString(), '2024-01-02T03:04:05.678Z');
  for (const bad of ['2024-02-31T00:00:00Z', '2024-01-02 03:04:05Z', '2024-01-02T24:00:00Z', 'yesterday', '']) {
    assert.equal(parseOtsDate(bad), undefined, bad);
  }
});

function signedRequest(action: string, body: Uint8Array) {
  return buildRequestHeaders({ action, body, instanceName: 'inst1', credentials: CREDENTIALS, date: DATE });
}

function authError(fn: () => unknown): TablestoreError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof TablestoreError, String(err));
    return err;
  }
  assert.fail('expected a TablestoreError');
}

const lookupSecret = (id: string) => (id === 'testAK' ? 'testSecret' : undefined);

test('authenticateRequest accepts a correctly signed request and returns its key', () => {
  const body = Buffer.from('0a0174', 'hex');
  const result = authenticateRequest({ action: 'GetRow', headers: signedRequest('GetRow', body), body, lookupSecret });
  assert.deepEqual(result, { ...CREDENTIALS, instanceName: 'inst1', stsToken: undefined });
});

test('authenticateRequest: missing header → 400 OTSParameterInvalid naming the header', () => {
  const headers: Record<string, string> = { ...signedRequest('GetRow', EMPTY) };
  delete headers['x-ots-contentmd5'];
  const err = authError(() => authenticateRequest({ action: 'GetRow', headers, body: EMPTY, lookupSecret }));
  assert.equal(err.code, 'OTSParameterInvalid');
  assert.equal(err.httpStatus, 400);
  assert.equal(err.message, 'Missing header: x-ots-contentmd5.');
});

test('authenticateRequest: unknown AccessKey ID, wrong signature, body MD5 mismatch → 403 OTSAuthFailed', () => {
  const headers = signedRequest('GetRow', EMPTY);
  const cases: Array<[Parameters<typeof authenticateRequest>[0], string]> = [
    [{ action: 'GetRow', headers, body: EMPTY, lookupSecret: () => undefined }, 'The AccessKeyID does not exist.'],
    [{ action: 'GetRow', headers, body: EMPTY, lookupSecret: () => 'wrong' }, 'Signature mismatch.'],
    [{ action: 'PutRow', headers, body: EMPTY, lookupSecret }, 'Signature mismatch.'],
    [
      { action: 'GetRow', headers, body: Buffer.from('tampered'), lookupSecret },
      'Mismatch between MD5 value of request body and x-ots-contentmd5 in header.',
    ],
  ];
  for (const [options, message] of cases) {
    const err = authError(() => authenticateRequest(options));
    assert.equal(err.code, 'OTSAuthFailed');
    assert.equal(err.httpStatus, 403);
    assert.equal(err.message, message);
    assert.doesNotMatch(err.message, /testSecret|wrong/);
  }
});

test('authenticateRequest: malformed date → 400; clock skew checked only when asked', () => {
  const bad = { ...signedRequest('GetRow', EMPTY), 'x-ots-date': 'Tue, 02 Jan 2024 03:04:05 GMT' };
  const err = authError(() => authenticateRequest({ action: 'GetRow', headers: bad, body: EMPTY, lookupSecret }));
  assert.equal(err.code, 'OTSParameterInvalid');
  assert.match(err.message, /^Invalid date format: /);

  const headers = signedRequest('GetRow', EMPTY);
  const later = new Date(DATE.getTime() + 16 * 60 * 1000);
  authenticateRequest({ action: 'GetRow', headers, body: EMPTY, lookupSecret, now: later });
  const skew = authError(() =>
    authenticateRequest({
      action: 'GetRow',
      headers,
      body: EMPTY,
      lookupSecret,
      now: later,
      maxClockSkewMs: 15 * 60 * 1000,
    }),
  );
  assert.equal(skew.code, 'OTSAuthFailed');
  assert.match(skew.message, /^Mismatch between system time and x-ots-date/);
});
