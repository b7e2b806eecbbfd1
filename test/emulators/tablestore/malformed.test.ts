// Malformed requests get the real error codes, and random requests never crash or hang the server.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  buildRequestHeaders,
  encodePrimaryKey,
  encodeRow,
  messages,
  RowExistenceExpectation,
  verifyResponseSignature,
} from '../../../src/tablestore';
import { call, errorOf, rawCall, startServer, TEST_CREDENTIALS } from './helpers';

async function serverWithTable() {
  const server = await startServer({ shardCount: 2 });
  await call(server, 'CreateTable', {
    tableMeta: { tableName: 't', primaryKey: [{ name: 'pk', type: 2 }] },
    reservedThroughput: { capacityUnit: { read: 0, write: 0 } },
    tableOptions: { timeToLive: -1, maxVersions: 1 },
    streamSpec: { enableStream: true, expirationTime: 1 },
  });
  return server;
}

const putBody = (row: Uint8Array) =>
  messages.PutRowRequest.encode({ tableName: 't', row, condition: { rowExistence: RowExistenceExpectation.IGNORE } });
const goodRow = () =>
  encodeRow({ primaryKey: [{ name: 'pk', value: 'a' }], attributes: [{ name: 'c', value: 'hello' }] });

test('malformed protobuf, truncated PlainBuffer and corrupted checksums are 400 OTSParameterInvalid', async () => {
  const server = await serverWithTable();
  const cases: Array<[string, Uint8Array, RegExp]> = [
    ['random protobuf', Buffer.from('\xff\xff\xff\xff garbage', 'latin1'), /PutRowRequest/],
    ['truncated row', putBody(goodRow().subarray(0, 20)), /truncated|exceeds/],
    ['missing row checksum', putBody(goodRow().subarray(0, goodRow().length - 2)), /missing checksum|expected/],
  ];
  const corruptCell = Buffer.from(goodRow());
  const at = corruptCell.indexOf(Buffer.from('hello')) + 1;
  corruptCell[at] = corruptCell[at]! ^ 0x20; // flip a bit of the value
  cases.push(['cell checksum', putBody(corruptCell), /Cell data broken, checksum is mismatch/]);
  const corruptRow = Buffer.from(goodRow());
  corruptRow[corruptRow.length - 1] = corruptRow[corruptRow.length - 1]! ^ 0xff;
  cases.push(['row checksum', putBody(corruptRow), /checksum is mismatch/]);
  for (const [name, body, message] of cases) {
    const res = await rawCall(server, 'PutRow', body);
    const err = errorOf(res);
    assert.equal(res.status, 400, name);
    assert.equal(err.code, 'OTSParameterInvalid', name);
    assert.match(err.message, message, name);
  }
});

test('schema, table and request-shape errors carry the service codes', async () => {
  const server = await serverWithTable();
  const expectError = async (action: string, body: Uint8Array, status: number, code: string, message?: RegExp) => {
    const res = await rawCall(server, action, body);
    const err = errorOf(res);
    assert.equal(res.status, status, `${action}: ${err.message}`);
    assert.equal(err.code, code);
    if (message) assert.match(err.message, message);
  };
  const wrongKey = encodeRow({ primaryKey: [{ name: 'other', value: 'a' }], attributes: [{ name: 'c', value: 1n }] });
  await expectError(
    'PutRow',
    putBody(wrongKey),
    400,
    'OTSInvalidPK',
    /Validate PK name fail\. Input: other, Meta: pk\./,
  );
  const twoKeys = encodeRow({
    primaryKey: [
      { name: 'pk', value: 'a' },
      { name: 'x', value: 1n },
    ],
  });
  await expectError('PutRow', putBody(twoKeys), 400, 'OTSInvalidPK', /Validate PK size fail\. Input: 2, Meta: 1\./);
  const missing = messages.GetRowRequest.encode({
    tableName: 'nope',
    primaryKey: encodePrimaryKey([{ name: 'pk', value: 'a' }]),
    maxVersions: 1,
  });
  await expectError('GetRow', missing, 404, 'OTSObjectNotExist', /^Requested table does not exist\.$/);
  const noVersion = messages.GetRowRequest.encode({
    tableName: 't',
    primaryKey: encodePrimaryKey([{ name: 'pk', value: 'a' }]),
  });
  await expectError('GetRow', noVersion, 400, 'OTSParameterInvalid', /No version condition/);
  const noMarker = messages.DeleteRowRequest.encode({
    tableName: 't',
    primaryKey: encodePrimaryKey([{ name: 'pk', value: 'a' }]),
    condition: { rowExistence: 0 },
  });
  await expectError('DeleteRow', noMarker, 400, 'OTSParameterInvalid', /missing RowDeleteMarker/);
  await expectError(
    'BatchWriteRow',
    messages.BatchWriteRowRequest.encode({ tables: [] }),
    400,
    'OTSParameterInvalid',
    /No row is specified/,
  );
  await expectError(
    'ComputeSplitPointsBySize',
    new Uint8Array(),
    400,
    'OTSParameterInvalid',
    /^Unsupported operation: ComputeSplitPointsBySize\.$/,
  );
  const exists = messages.CreateTableRequest.encode({
    tableMeta: { tableName: 't', primaryKey: [{ name: 'pk', type: 2 }] },
    reservedThroughput: { capacityUnit: { read: 0, write: 0 } },
    tableOptions: { timeToLive: -1, maxVersions: 1 },
  });
  await expectError('CreateTable', exists, 409, 'OTSObjectAlreadyExist');
  const range = messages.GetRangeRequest.encode({
    tableName: 't',
    direction: 0,
    maxVersions: 1,
    inclusiveStartPrimaryKey: encodePrimaryKey([{ name: 'pk', value: 'z' }]),
    exclusiveEndPrimaryKey: encodePrimaryKey([{ name: 'pk', value: 'a' }]),
  });
  await expectError('GetRange', range, 400, 'OTSParameterInvalid', /Begin key must less than end key in FORWARD/);
});

test('method, missing headers, bad dates and oversized bodies are rejected before any work', async () => {
  const server = await serverWithTable();
  const get = await rawCall(server, 'ListTable', new Uint8Array(), { method: 'GET' });
  assert.equal(get.status, 405);
  assert.equal(errorOf(get).code, 'OTSMethodNotAllowed');
  const noDate = await rawCall(server, 'ListTable', new Uint8Array(), { headers: { 'x-ots-date': '' } });
  assert.equal(noDate.status, 400);
  assert.match(errorOf(noDate).message, /Invalid date format|Missing header/);
  const body = new Uint8Array();
  const headers = buildRequestHeaders({
    action: 'ListTable',
    body,
    instanceName: server.instanceName,
    credentials: TEST_CREDENTIALS,
  });
  delete (headers as Record<string, string>)['x-ots-contentmd5'];
  const res = await fetch(`${server.url}/ListTable`, { method: 'POST', headers, body });
  const missing = { status: res.status, headers: res.headers, body: new Uint8Array(await res.arrayBuffer()) };
  assert.equal(missing.status, 400);
  assert.equal(errorOf(missing).message, 'Missing header: x-ots-contentmd5.');
  const big = await rawCall(server, 'PutRow', new Uint8Array(5 * 1024 * 1024 + 1));
  assert.equal(big.status, 413);
  assert.equal(errorOf(big).code, 'OTSRequestBodyTooLarge');
});

test('error responses carry request id, body MD5 and a valid signature (unless authentication failed)', async () => {
  const server = await serverWithTable();
  const res = await rawCall(server, 'DescribeTable', messages.DescribeTableRequest.encode({ tableName: 'nope' }));
  assert.equal(res.status, 404);
  assert.ok(res.headers.get('x-ots-requestid'));
  assert.equal(res.headers.get('x-ots-contenttype'), 'protocol buffer');
  const headers = Object.fromEntries(res.headers.entries());
  assert.ok(
    verifyResponseSignature('DescribeTable', headers, TEST_CREDENTIALS.accessKeyId, TEST_CREDENTIALS.accessKeySecret),
  );
});

const ACTIONS = [
  'PutRow',
  'GetRow',
  'UpdateRow',
  'DeleteRow',
  'GetRange',
  'BatchWriteRow',
  'BatchGetRow',
  'CreateTable',
  'UpdateTable',
  'DescribeTable',
  'ListTable',
  'DeleteTable',
  'ListStream',
  'DescribeStream',
  'GetShardIterator',
  'GetStreamRecord',
  'Nope',
];
const KNOWN_STATUSES = new Set([200, 400, 403, 404, 405, 409, 413]);

test('fuzz: 2,000 random and mutated requests never crash or hang the server and always get a protobuf answer', async () => {
  const server = await serverWithTable();
  const valid = [
    ['PutRow', putBody(goodRow())],
    [
      'GetRow',
      messages.GetRowRequest.encode({
        tableName: 't',
        primaryKey: encodePrimaryKey([{ name: 'pk', value: 'a' }]),
        maxVersions: 1,
      }),
    ],
    [
      'UpdateRow',
      messages.UpdateRowRequest.encode({
        tableName: 't',
        rowChange: encodeRow({
          primaryKey: [{ name: 'pk', value: 'b' }],
          attributes: [{ name: 'n', value: 1n, operation: 'INCREMENT' }],
        }),
        condition: { rowExistence: 0 },
      }),
    ],
    ['ListStream', messages.ListStreamRequest.encode({ tableName: 't' })],
  ] as const;
  const requestArb = fc.oneof(
    fc.record({
      action: fc.constantFrom(...ACTIONS),
      body: fc.uint8Array({ maxLength: 300 }),
      dropHeader: fc.boolean(),
    }),
    fc
      .record({
        base: fc.constantFrom(...valid),
        at: fc.nat(),
        byte: fc.integer({ min: 0, max: 255 }),
        cut: fc.nat(),
      })
      .map(({ base, at, byte, cut }) => {
        const body = Buffer.from(base[1]);
        if (body.length > 0) body[at % body.length] = byte;
        return {
          action: base[0],
          body: cut % 3 === 0 ? body.subarray(0, cut % (body.length + 1)) : body,
          dropHeader: false,
        };
      }),
  );
  const requests = fc.sample(requestArb, { numRuns: 2000, seed: 42 });
  let i = 0;
  const worker = async () => {
    while (i < requests.length) {
      const r = requests[i++]!;
      const ac = AbortSignal.timeout(10_000);
      const headers = buildRequestHeaders({
        action: r.action,
        body: r.body,
        instanceName: server.instanceName,
        credentials: TEST_CREDENTIALS,
      });
      if (r.dropHeader) delete (headers as Record<string, string>)['x-ots-apiversion'];
      const res = await fetch(`${server.url}/${r.action}`, { method: 'POST', headers, body: r.body, signal: ac });
      const body = new Uint8Array(await res.arrayBuffer());
      assert.ok(KNOWN_STATUSES.has(res.status), `status ${res.status} for ${r.action}`);
      if (res.status !== 200) {
        const err = errorOf({ status: res.status, headers: res.headers, body });
        assert.ok(
          err.code.startsWith('OTS') && err.code !== 'OTSInternalServerError',
          `${r.action}: ${err.code} ${err.message}`,
        );
      }
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  const list = await call(server, 'ListTable', {});
  assert.ok(list.tableNames.includes('t'));
});
