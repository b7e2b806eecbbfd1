// Error paths of the client against an in-process server on 127.0.0.1:0 that authenticates every request with
// src/tablestore's authenticateRequest: retries (spec 2.4), non-retryable codes, network failures, non-protobuf
// 5xx bodies, response signature checks (spec 1.4/1.5) and request signing (spec 1.3).
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, test } from 'node:test';
import {
  TablestoreClientOptionError,
  TablestoreNetworkError,
  TablestoreResponseError,
  TablestoreStreamClient,
  type RetryEvent,
  type TablestoreStreamClientOptions,
} from '../../../../../src/plugins/sources/tablestore-stream/client';
import { buildResponseHeaders, messages, TablestoreError } from '../../../../../src/tablestore';
import {
  ACCESS_KEY_ID,
  ACCESS_KEY_SECRET,
  INSTANCE,
  startTestServer,
  type Handler,
  type TestServer,
} from './in-process-server';

const servers: TestServer[] = [];
const clients: TablestoreStreamClient[] = [];
after(async () => {
  for (const client of clients) client.close();
  await Promise.all(servers.map((s) => s.close()));
});

const EMPTY_PAGE = messages.GetStreamRecordResponse.encode({ streamRecords: [], nextShardIterator: 'it-next' });
const WRITE_OK = messages.PutRowResponse.encode({ consumed: { capacityUnit: { read: 0, write: 1 } } });
const PK = [{ name: 'id', value: 1n }];

async function setup(handler: Handler, options: Partial<TablestoreStreamClientOptions> = {}) {
  const server = await startTestServer(handler);
  servers.push(server);
  const delays: number[] = [];
  const retries: RetryEvent[] = [];
  const client = new TablestoreStreamClient({
    endpoint: server.endpoint,
    instanceName: INSTANCE,
    credentials: { accessKeyId: ACCESS_KEY_ID, accessKeySecret: ACCESS_KEY_SECRET },
    retry: { maxRetries: 5, baseDelayMs: 100, maxDelayMs: 1000 },
    // No real waiting: record the pauses instead.
    sleep: async (ms) => {
      delays.push(ms);
    },
    random: () => 0.5,
    onRetry: (event) => retries.push(event),
    ...options,
  });
  clients.push(client);
  return { server, client, delays, retries };
}

/** Fails the test if `err`'s message, hint or stack leaks the secret. */
function assertNoSecret(err: unknown): void {
  const text = err instanceof Error ? `${err.message} ${String((err as { hint?: string }).hint)} ${err.stack}` : '';
  assert.ok(!text.includes(ACCESS_KEY_SECRET), 'error text contains the AccessKey secret');
}

test('retryable codes are retried with jittered backoff, then the call succeeds', async () => {
  const { server, client, delays, retries } = await setup((_req, i) =>
    i < 2 ? { error: new TablestoreError('OTSServerBusy', 'Server is busy.') } : { body: EMPTY_PAGE },
  );
  const page = await client.getStreamRecord({ shardIterator: 'it-0' });
  assert.equal(page.nextShardIterator, 'it-next');
  assert.equal(server.requests.length, 3);
  assert.deepEqual(delays, [50, 100]); // random 0.5 × caps 100, 200
  assert.deepEqual(
    retries.map((r) => [r.operation, r.retry, (r.error as TablestoreError).code]),
    [
      ['GetStreamRecord', 1, 'OTSServerBusy'],
      ['GetStreamRecord', 2, 'OTSServerBusy'],
    ],
  );
  // Every attempt is signed afresh and carries the same body.
  assert.ok(server.requests.every((r) => r.body.equals(server.requests[0]!.body)));
});

test('OTSRowOperationConflict is retried even for a conditional write (nothing was applied)', async () => {
  const { server, client } = await setup((_req, i) =>
    i === 0
      ? { error: new TablestoreError('OTSRowOperationConflict', 'Data is being modified by the other request.') }
      : { body: WRITE_OK },
  );
  await client.putRow({ tableName: 't', primaryKey: PK }, { condition: { rowExistence: 'EXPECT_NOT_EXIST' } });
  assert.equal(server.requests.length, 2);
});

test('non-retryable codes are thrown at once with their class, code, status and request id', async () => {
  const cases: Array<[TablestoreError, () => (c: TablestoreStreamClient) => Promise<unknown>]> = [
    [
      new TablestoreError('OTSTrimmedDataAccess', 'Requested stream data is already trimmed or does not exist.'),
      () => (c) => c.getStreamRecord({ shardIterator: 'old' }),
    ],
    [
      new TablestoreError('OTSParameterInvalid', 'Invalid stream id.'),
      () => (c) => c.describeStream({ streamId: 'bad' }),
    ],
    [
      new TablestoreError('OTSObjectNotExist', 'Requested table does not exist.'),
      () => (c) => c.describeTable('missing'),
    ],
    [
      new TablestoreError('OTSConditionCheckFail', 'Condition check failed.'),
      () => (c) =>
        c.updateRow(
          { tableName: 't', primaryKey: PK, cells: [{ name: 'v', value: 1n }] },
          { condition: { rowExistence: 'EXPECT_EXIST' } },
        ),
    ],
  ];
  for (const [error, call] of cases) {
    const { server, client, delays } = await setup(() => ({ error }));
    await assert.rejects(call()(client), (err: unknown) => {
      assert.ok(err instanceof TablestoreError, `${error.code}: ${String(err)}`);
      assert.equal(err.code, error.code);
      assert.equal(err.message, error.message);
      assert.equal(err.httpStatus, error.httpStatus);
      assert.match(err.requestId ?? '', /^[0-9a-f-]{36}$/);
      return true;
    });
    assert.equal(server.requests.length, 1, error.code);
    assert.deepEqual(delays, []);
  }
});

test("the client keys on the code, not the status: OTSTrimmedDataAccess with 404 (as Alibaba's mock sends it)", async () => {
  const { client } = await setup(() => ({
    error: new TablestoreError('OTSTrimmedDataAccess', 'gone', { httpStatus: 404 }),
  }));
  await assert.rejects(client.getStreamRecord({ shardIterator: 'x' }), {
    code: 'OTSTrimmedDataAccess',
    httpStatus: 404,
  });
});

test('retries are bounded by maxRetries; then the last error is thrown unchanged', async () => {
  const { server, client, delays } = await setup(
    () => ({ error: new TablestoreError('OTSServerBusy', 'Server is busy.') }),
    {
      retry: { maxRetries: 3, baseDelayMs: 100, maxDelayMs: 250 },
    },
  );
  await assert.rejects(client.describeStream({ streamId: 's' }), { name: 'TablestoreError', code: 'OTSServerBusy' });
  assert.equal(server.requests.length, 4);
  assert.deepEqual(delays, [50, 100, 125]); // caps 100, 200, 250 (maxDelayMs)
});

test('maxRetries 0 disables retrying', async () => {
  const { server, client } = await setup(() => ({ error: new TablestoreError('OTSServerBusy', 'Server is busy.') }), {
    retry: { maxRetries: 0 },
  });
  await assert.rejects(client.listStream(), { code: 'OTSServerBusy' });
  assert.equal(server.requests.length, 1);
});

test('OTSInternalServerError is retried for GetStreamRecord but not for PutRow unless declared idempotent', async () => {
  const internal = () => new TablestoreError('OTSInternalServerError', 'Internal server error.');
  const read = await setup((_req, i) => (i === 0 ? { error: internal() } : { body: EMPTY_PAGE }));
  await read.client.getStreamRecord({ shardIterator: 'it' });
  assert.equal(read.server.requests.length, 2);

  const write = await setup((_req, i) => (i === 0 ? { error: internal() } : { body: WRITE_OK }));
  await assert.rejects(write.client.putRow({ tableName: 't', primaryKey: PK }), { code: 'OTSInternalServerError' });
  assert.equal(write.server.requests.length, 1);
  await write.client.putRow({ tableName: 't', primaryKey: PK }, { idempotent: true });
  assert.equal(write.server.requests.length, 2);
});

test('a destroyed socket is a TablestoreNetworkError, retried for reads', async () => {
  const { server, client } = await setup((_req, i) => (i === 0 ? { destroy: true } : { body: EMPTY_PAGE }));
  const page = await client.getStreamRecord({ shardIterator: 'it' });
  assert.equal(page.records.length, 0);
  assert.equal(server.requests.length, 2);
});

test('a destroyed socket fails a write at once: it may have been applied', async () => {
  const { server, client } = await setup(() => ({ destroy: true }));
  await assert.rejects(
    client.updateRow({ tableName: 't', primaryKey: PK, cells: [{ name: 'v', value: 'x' }] }),
    (err: unknown) => {
      assert.ok(err instanceof TablestoreNetworkError);
      assert.equal(err.operation, 'UpdateRow');
      assert.equal(err.notSent, false);
      assert.equal(err.attempts, 1);
      assertNoSecret(err);
      return true;
    },
  );
  assert.equal(server.requests.length, 1);
});

test('network errors exhaust maxRetries and report the attempts made', async () => {
  const { server, client } = await setup(() => ({ destroy: true }), { retry: { maxRetries: 2 } });
  await assert.rejects(client.describeStream({ streamId: 's' }), (err: unknown) => {
    assert.ok(err instanceof TablestoreNetworkError);
    assert.equal(err.attempts, 3);
    return true;
  });
  assert.equal(server.requests.length, 3);
});

test('connection refused is retried even for writes: the request never left', async () => {
  // Take a free port, then close it, so connecting is refused.
  const probe = http.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  const delays: number[] = [];
  const client = new TablestoreStreamClient({
    endpoint: `http://127.0.0.1:${port}`,
    instanceName: INSTANCE,
    credentials: { accessKeyId: ACCESS_KEY_ID, accessKeySecret: ACCESS_KEY_SECRET },
    retry: { maxRetries: 2 },
    sleep: async (ms) => void delays.push(ms),
  });
  clients.push(client);
  await assert.rejects(client.putRow({ tableName: 't', primaryKey: PK }), (err: unknown) => {
    assert.ok(err instanceof TablestoreNetworkError);
    assert.equal(err.errorCode, 'ECONNREFUSED');
    assert.equal(err.notSent, true);
    assert.equal(err.attempts, 3);
    return true;
  });
  assert.equal(delays.length, 2);
});

test('a server that never answers trips the request timeout, which is retried for reads', async () => {
  const { server, client } = await setup((_req, i) => (i === 0 ? { hang: true } : { body: EMPTY_PAGE }), {
    timeouts: { requestMs: 150 },
  });
  await client.getStreamRecord({ shardIterator: 'it' });
  assert.equal(server.requests.length, 2);
  const { client: noRetry } = await setup(() => ({ hang: true }), {
    timeouts: { requestMs: 100 },
    retry: { maxRetries: 0 },
  });
  await assert.rejects(noRetry.getStreamRecord({ shardIterator: 'it' }), {
    name: 'TablestoreNetworkError',
    timedOut: true,
  });
});

test('a 5xx body that is not a protobuf Error becomes a retryable OTSServerUnavailable (as the Go SDK does)', async () => {
  const html = Buffer.from('<html>502 Bad Gateway</html>');
  const { server, client } = await setup((_req, i) =>
    i === 0 ? { raw: { status: 502, body: html, headers: { 'content-type': 'text/html' } } } : { body: EMPTY_PAGE },
  );
  await client.getStreamRecord({ shardIterator: 'it' });
  assert.equal(server.requests.length, 2);

  const { client: once } = await setup(() => ({ raw: { status: 503, body: html, headers: {} } }), {
    retry: { maxRetries: 0 },
  });
  await assert.rejects(once.getStreamRecord({ shardIterator: 'it' }), {
    code: 'OTSServerUnavailable',
    httpStatus: 503,
  });
});

test('a 4xx body that is not a protobuf Error is OTSClientUnknownError and not retried', async () => {
  const { server, client } = await setup(() => ({ raw: { status: 400, body: Buffer.from('nope'), headers: {} } }));
  await assert.rejects(client.listStream(), { code: 'OTSClientUnknownError', httpStatus: 400 });
  assert.equal(server.requests.length, 1);
});

test('a success response with a bad signature is rejected and not retried', async () => {
  const body = EMPTY_PAGE;
  const headers = buildResponseHeaders({
    action: 'GetStreamRecord',
    body,
    credentials: { accessKeyId: ACCESS_KEY_ID, accessKeySecret: 'some-other-secret' },
  });
  const { server, client } = await setup(() => ({ raw: { status: 200, body, headers } }));
  await assert.rejects(client.getStreamRecord({ shardIterator: 'it' }), (err: unknown) => {
    assert.ok(err instanceof TablestoreResponseError);
    assert.match(err.message, /signature/);
    assertNoSecret(err);
    return true;
  });
  assert.equal(server.requests.length, 1);
});

test('a success response without authorization is rejected (Java SDK default) unless verifyResponses is off', async () => {
  const body = EMPTY_PAGE;
  const unsigned = buildResponseHeaders({ action: 'GetStreamRecord', body });
  const { client } = await setup(() => ({ raw: { status: 200, body, headers: unsigned } }));
  await assert.rejects(client.getStreamRecord({ shardIterator: 'it' }), /lacks the 'authorization' header/);
  const { client: lenient } = await setup(() => ({ raw: { status: 200, body, headers: unsigned } }), {
    verifyResponses: false,
  });
  assert.equal((await lenient.getStreamRecord({ shardIterator: 'it' })).nextShardIterator, 'it-next');
});

test('a body that does not match its signed x-ots-contentmd5 is rejected', async () => {
  const headers = buildResponseHeaders({
    action: 'GetStreamRecord',
    body: EMPTY_PAGE,
    credentials: { accessKeyId: ACCESS_KEY_ID, accessKeySecret: ACCESS_KEY_SECRET },
  });
  const tampered = messages.GetStreamRecordResponse.encode({ streamRecords: [], nextShardIterator: 'it-evil' });
  const { client } = await setup(() => ({ raw: { status: 200, body: tampered, headers } }));
  await assert.rejects(client.getStreamRecord({ shardIterator: 'it' }), { name: 'TablestoreResponseError' });
});

test('an error response with a bad signature is rejected; an unsigned one is accepted (Python SDK leniency)', async () => {
  const error = messages.Error.encode({ code: 'OTSServerBusy', message: 'Server is busy.' });
  const badlySigned = buildResponseHeaders({
    action: 'ListStream',
    body: error,
    credentials: { accessKeyId: ACCESS_KEY_ID, accessKeySecret: 'wrong' },
  });
  const { client } = await setup(() => ({ raw: { status: 503, body: error, headers: badlySigned } }));
  await assert.rejects(client.listStream(), { name: 'TablestoreResponseError' });

  const unsigned = buildResponseHeaders({ action: 'ListStream', body: error });
  const { client: second } = await setup(() => ({ raw: { status: 503, body: error, headers: unsigned } }), {
    retry: { maxRetries: 0 },
  });
  await assert.rejects(second.listStream(), { name: 'TablestoreError', code: 'OTSServerBusy' });
});

test('requests are signed so that authenticateRequest verifies them; a wrong secret is OTSAuthFailed, not retried', async () => {
  const { server, client } = await setup(() => ({ body: messages.ListStreamResponse.encode({ streams: [] }) }));
  await client.listStream({ tableName: 't' });
  await client.listStream();
  assert.equal(server.requests.length, 2); // both passed authenticateRequest
  assert.equal(server.requests[0]!.auth.instanceName, INSTANCE);
  assert.equal(server.requests[1]!.body.length, 0); // empty message = empty body (spec 1.1)

  const { client: wrong } = await setup(() => ({ body: new Uint8Array() }), {
    credentials: { accessKeyId: ACCESS_KEY_ID, accessKeySecret: 'not-the-secret' },
  });
  await assert.rejects(wrong.listStream(), (err: unknown) => {
    assert.ok(err instanceof TablestoreError);
    assert.equal(err.code, 'OTSAuthFailed');
    assert.equal(err.message, 'Signature mismatch.');
    return true;
  });
});

test('an STS token is sent as x-ots-ststoken and covered by the signature', async () => {
  const { server, client } = await setup(() => ({ body: messages.ListStreamResponse.encode({ streams: [] }) }), {
    credentials: { accessKeyId: ACCESS_KEY_ID, accessKeySecret: ACCESS_KEY_SECRET, securityToken: 'sts-token-1' },
  });
  await client.listStream();
  assert.equal(server.requests[0]!.auth.stsToken, 'sts-token-1');
});

test('an aborted signal stops the call without retrying', async () => {
  const { server, client } = await setup(() => ({ error: new TablestoreError('OTSServerBusy', 'Server is busy.') }));
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(client.getStreamRecord({ shardIterator: 'it' }, { signal: controller.signal }), {
    name: 'TablestoreNetworkError',
  });
  assert.equal(server.requests.length, 0);
});

test('invalid options and arguments fail before anything is sent, naming the option', async () => {
  const base = { instanceName: INSTANCE, credentials: { accessKeyId: 'a', accessKeySecret: 'b' } };
  assert.throws(() => new TablestoreStreamClient({ ...base, endpoint: 'http://h/prefix' }), { option: 'endpoint' });
  assert.throws(() => new TablestoreStreamClient({ ...base, endpoint: 'ftp://h' }), { option: 'endpoint' });
  assert.throws(() => new TablestoreStreamClient({ ...base, endpoint: 'http://h', retry: { maxRetries: -1 } }), {
    option: 'retry.maxRetries',
  });
  const { server, client } = await setup(() => ({ body: EMPTY_PAGE }));
  await assert.rejects(client.getStreamRecord({ shardIterator: 'it', limit: 0 }), TablestoreClientOptionError);
  await assert.rejects(client.updateRow({ tableName: 't', primaryKey: PK, cells: [] }), { option: 'cells' });
  assert.equal(server.requests.length, 0);
});
