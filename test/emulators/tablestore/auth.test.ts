// Request authentication and response signing, as the SDKs see them (spec 1.3–1.5).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildRequestHeaders, messages, signRequest, verifyResponseSignature } from '../../../src/tablestore';
import { errorOf, rawCall, startServer, TEST_CREDENTIALS } from './helpers';

const empty = new Uint8Array();

test('a success response has exactly the service x-ots headers and a signature the SDKs verify', async () => {
  const server = await startServer();
  const res = await rawCall(server, 'ListTable', empty);
  assert.equal(res.status, 200);
  const headers = Object.fromEntries(res.headers.entries());
  const ots = Object.keys(headers)
    .filter((h) => h.startsWith('x-ots-'))
    .sort();
  assert.deepEqual(ots, ['x-ots-contentmd5', 'x-ots-contenttype', 'x-ots-date', 'x-ots-requestid']);
  assert.match(headers['x-ots-date']!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
  assert.match(headers.authorization!, new RegExp(`^OTS ${TEST_CREDENTIALS.accessKeyId}:`));
  assert.ok(
    verifyResponseSignature('ListTable', headers, TEST_CREDENTIALS.accessKeyId, TEST_CREDENTIALS.accessKeySecret),
  );
  assert.deepEqual(messages.ListTableResponse.decode(res.body), { tableNames: [] });
});

test('auth failures are 403 OTSAuthFailed with the service messages, unsigned and without secrets', async () => {
  const other = { accessKeyId: 'second-ak', accessKeySecret: 'second-secret' };
  const server = await startServer({ credentials: [TEST_CREDENTIALS, other] });
  const cases: Array<[string, Parameters<typeof rawCall>[3], string]> = [
    [
      'unknown key',
      { credentials: { accessKeyId: 'nobody', accessKeySecret: 'x' } },
      'The AccessKeyID does not exist.',
    ],
    ['wrong secret', { credentials: { ...TEST_CREDENTIALS, accessKeySecret: 'wrong' } }, 'Signature mismatch.'],
    ['tampered header', { headers: { 'x-ots-instancename': 'other' } }, 'Signature mismatch.'],
    ['other instance', { instanceName: 'elsewhere' }, 'The instance is not found.'],
    ['body MD5', { headers: {} }, 'Mismatch between MD5 value of request body and x-ots-contentmd5 in header.'],
  ];
  for (const [name, options, message] of cases) {
    let res;
    if (name === 'body MD5') {
      // Sign an empty body, then send another one.
      const headers = buildRequestHeaders({
        action: 'ListTable',
        body: empty,
        instanceName: server.instanceName,
        credentials: TEST_CREDENTIALS,
      });
      const r = await fetch(`${server.url}/ListTable`, { method: 'POST', headers, body: new Uint8Array([1, 2]) });
      res = { status: r.status, headers: r.headers, body: new Uint8Array(await r.arrayBuffer()) };
    } else {
      res = await rawCall(server, 'ListTable', empty, options);
    }
    const err = errorOf(res);
    assert.equal(res.status, 403, name);
    assert.equal(err.code, 'OTSAuthFailed', name);
    assert.equal(err.message, message, name);
    assert.equal(res.headers.get('authorization'), null, name);
    assert.ok(res.headers.get('x-ots-requestid'), name);
    assert.ok(!Buffer.from(res.body).toString('latin1').includes('secret'), name);
  }
  // The second configured key works and signs with its own secret.
  const ok = await rawCall(server, 'ListTable', empty, { credentials: other });
  assert.equal(ok.status, 200);
  assert.ok(
    verifyResponseSignature(
      'ListTable',
      Object.fromEntries(ok.headers.entries()),
      other.accessKeyId,
      other.accessKeySecret,
    ),
  );
});

test('Go-style canonical header capitalization and long date fractions are accepted', async () => {
  const server = await startServer();
  const headers: Record<string, string> = buildRequestHeaders({
    action: 'ListTable',
    body: empty,
    instanceName: server.instanceName,
    credentials: TEST_CREDENTIALS,
  });
  headers['x-ots-date'] = new Date().toISOString().slice(0, 20) + '91310Z';
  delete headers['x-ots-signature'];
  const goStyle: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers))
    goStyle[k.replace(/(^|-)([a-z])/g, (_m, d: string, c: string) => d + c.toUpperCase())] = v;
  goStyle['X-Ots-Signature'] = signRequest('ListTable', goStyle, TEST_CREDENTIALS.accessKeySecret);
  const res = await fetch(`${server.url}/ListTable`, { method: 'POST', headers: goStyle, body: empty });
  assert.equal(res.status, 200);
});
