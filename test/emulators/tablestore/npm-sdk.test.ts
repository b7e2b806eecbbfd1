// The npm `tablestore` SDK (row calls only; it has no stream calls) against the local server. It pads its
// PlainBuffers with zeros (spec 3.9) and mis-decodes errors into `code = HTTP status`, with the OTS code only in
// the message (spec 2.4), which is what these tests assert on.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { startServer, TEST_CREDENTIALS } from './helpers';

/* eslint-disable @typescript-eslint/no-explicit-any -- the npm SDK ships no type declarations */
const TableStore: any = createRequire(__filename)('tablestore');
const Long = TableStore.Long;

async function npmClient() {
  const server = await startServer();
  const client = new TableStore.Client({
    accessKeyId: TEST_CREDENTIALS.accessKeyId,
    secretAccessKey: TEST_CREDENTIALS.accessKeySecret,
    endpoint: server.url,
    instancename: server.instanceName,
    maxRetries: 0,
  });
  const callApi = (method: string, params: object): Promise<any> =>
    new Promise((resolve, reject) => {
      client[method](params, (err: unknown, data: unknown) => (err ? reject(err) : resolve(data)));
    });
  return { server, call: callApi };
}

const ignore = () => new TableStore.Condition(TableStore.RowExistenceExpectation.IGNORE, null);
const key = (pk: string, n: number) => [{ pk }, { n: Long.fromNumber(n) }];

async function createTable(call: (m: string, p: object) => Promise<any>, tableName: string) {
  await call('createTable', {
    tableMeta: {
      tableName,
      primaryKey: [
        { name: 'pk', type: 'STRING' },
        { name: 'n', type: 'INTEGER' },
      ],
    },
    reservedThroughput: { capacityUnit: { read: 0, write: 0 } },
    tableOptions: { timeToLive: -1, maxVersions: 3 },
    streamSpecification: { enableStream: true, expirationTime: 24 },
  });
}

test('npm SDK: create, list and describe a table with a stream', async () => {
  const { call } = await npmClient();
  await createTable(call, 'npm_meta');
  const list = await call('listTable', {});
  assert.deepEqual(list.tableNames, ['npm_meta']);
  const desc = await call('describeTable', { tableName: 'npm_meta' });
  assert.equal(desc.tableMeta.tableName, 'npm_meta');
  assert.equal(desc.tableOptions.maxVersions, 3);
  assert.equal(desc.streamDetails.enableStream, true);
  assert.equal(desc.streamDetails.expirationTime, 24);
  await assert.rejects(
    call('createTable', {
      tableMeta: { tableName: 'npm_meta', primaryKey: [{ name: 'pk', type: 'STRING' }] },
      reservedThroughput: { capacityUnit: { read: 0, write: 0 } },
      tableOptions: { timeToLive: -1, maxVersions: 1 },
    }),
    (err: any) => err.code === 409 && /OTSObjectAlreadyExist/.test(err.message),
  );
  await call('deleteTable', { tableName: 'npm_meta' });
  assert.deepEqual((await call('listTable', {})).tableNames, []);
});

test('npm SDK: putRow, getRow with versions, updateRow put/delete/delete-all/increment, deleteRow', async () => {
  const { call } = await npmClient();
  await createTable(call, 'npm_rows');
  await call('putRow', {
    tableName: 'npm_rows',
    condition: new TableStore.Condition(TableStore.RowExistenceExpectation.EXPECT_NOT_EXIST, null),
    primaryKey: key('a', 1),
    attributeColumns: [{ name: 'alice' }, { age: Long.fromNumber(30) }, { score: 1.5 }, { ok: true }],
  });
  await assert.rejects(
    call('putRow', {
      tableName: 'npm_rows',
      condition: new TableStore.Condition(TableStore.RowExistenceExpectation.EXPECT_NOT_EXIST, null),
      primaryKey: key('a', 1),
      attributeColumns: [{ name: 'again' }],
    }),
    (err: any) => err.code === 403 && /OTSConditionCheckFail/.test(err.message),
  );
  const now = Date.now();
  await call('updateRow', {
    tableName: 'npm_rows',
    condition: ignore(),
    primaryKey: key('a', 1),
    updateOfAttributeColumns: [
      { PUT: [{ name: 'alice2', timestamp: now + 5 }] },
      { DELETE_ALL: ['score'] },
      { INCREMENT: [{ age: Long.fromNumber(2) }] },
    ],
  });
  const got = await call('getRow', { tableName: 'npm_rows', primaryKey: key('a', 1), maxVersions: 3 });
  const cells = got.row.attributes.map((c: any) => [c.columnName, String(c.columnValue)]);
  assert.deepEqual(cells, [
    ['age', '32'],
    ['age', '30'],
    ['name', 'alice2'],
    ['name', 'alice'],
    ['ok', 'true'],
  ]);
  const oldName = got.row.attributes.find((c: any) => c.columnName === 'name' && c.columnValue === 'alice');
  await call('updateRow', {
    tableName: 'npm_rows',
    condition: ignore(),
    primaryKey: key('a', 1),
    updateOfAttributeColumns: [{ DELETE: [{ name: Long.fromNumber(Number(oldName.timestamp)) }] }],
  });
  const after = await call('getRow', {
    tableName: 'npm_rows',
    primaryKey: key('a', 1),
    maxVersions: 3,
    columnsToGet: ['name'],
  });
  assert.deepEqual(
    after.row.attributes.map((c: any) => c.columnValue),
    ['alice2'],
  );
  await call('deleteRow', {
    tableName: 'npm_rows',
    condition: new TableStore.Condition(TableStore.RowExistenceExpectation.EXPECT_EXIST, null),
    primaryKey: key('a', 1),
  });
  const gone = await call('getRow', { tableName: 'npm_rows', primaryKey: key('a', 1), maxVersions: 1 });
  assert.equal(gone.row.primaryKey, undefined);
});

test('npm SDK: getRange forward and backward with INF bounds pages through every row', async () => {
  const { call } = await npmClient();
  await createTable(call, 'npm_range');
  for (const [pk, n] of [
    ['b', 2],
    ['a', 1],
    ['c', 3],
    ['a', 2],
    ['b', 1],
  ] as const) {
    await call('putRow', {
      tableName: 'npm_range',
      condition: ignore(),
      primaryKey: key(pk, n),
      attributeColumns: [{ v: `${pk}${n}` }],
    });
  }
  const readAll = async (direction: string, start: unknown, end: unknown) => {
    const seen: string[] = [];
    let from = start;
    for (let page = 0; page < 10 && from; page++) {
      const res = await call('getRange', {
        tableName: 'npm_range',
        direction,
        inclusiveStartPrimaryKey: from,
        exclusiveEndPrimaryKey: end,
        limit: 2,
        maxVersions: 1,
      });
      for (const row of res.rows) seen.push(row.attributes[0].columnValue);
      from = res.nextStartPrimaryKey ? res.nextStartPrimaryKey.map((c: any) => ({ [c.name]: c.value })) : null;
    }
    return seen;
  };
  const min = [{ pk: TableStore.INF_MIN }, { n: TableStore.INF_MIN }];
  const max = [{ pk: TableStore.INF_MAX }, { n: TableStore.INF_MAX }];
  assert.deepEqual(await readAll(TableStore.Direction.FORWARD, min, max), ['a1', 'a2', 'b1', 'b2', 'c3']);
  assert.deepEqual(await readAll(TableStore.Direction.BACKWARD, max, min), ['c3', 'b2', 'b1', 'a2', 'a1']);
});

test('npm SDK: batchWriteRow and batchGetRow keep request order and report per-row failures', async () => {
  const { call } = await npmClient();
  await createTable(call, 'npm_batch');
  const write = await call('batchWriteRow', {
    tables: [
      {
        tableName: 'npm_batch',
        rows: [
          {
            type: 'PUT',
            condition: ignore(),
            primaryKey: key('x', 1),
            attributeColumns: [{ v: 'one' }],
            returnContent: { returnType: TableStore.ReturnType.Primarykey },
          },
          {
            type: 'PUT',
            condition: ignore(),
            primaryKey: key('x', 2),
            attributeColumns: [{ v: 'two' }],
            returnContent: { returnType: TableStore.ReturnType.Primarykey },
          },
          {
            type: 'UPDATE',
            condition: new TableStore.Condition(TableStore.RowExistenceExpectation.EXPECT_EXIST, null),
            primaryKey: key('nope', 9),
            attributeColumns: [{ PUT: [{ v: 'never' }] }],
            returnContent: { returnType: TableStore.ReturnType.Primarykey },
          },
        ],
      },
    ],
  });
  const results = write.tables;
  assert.deepEqual(
    results.map((r: any) => r.isOk),
    [true, true, false],
  );
  assert.equal(results[2].errorCode, 'OTSConditionCheckFail');
  const read = await call('batchGetRow', {
    tables: [{ tableName: 'npm_batch', primaryKey: [key('x', 2), key('zz', 0), key('x', 1)], maxVersions: 1 }],
  });
  const rows = read.tables[0];
  assert.deepEqual(
    rows.map((r: any) => r.isOk),
    [true, true, true],
  );
  assert.deepEqual(
    rows.map((r: any) => r.attributes?.[0]?.columnValue ?? null),
    ['two', null, 'one'],
  );
});

test('npm SDK: a wrong secret gets 403 OTSAuthFailed', async () => {
  const { server } = await npmClient();
  const client = new TableStore.Client({
    accessKeyId: TEST_CREDENTIALS.accessKeyId,
    secretAccessKey: 'wrong',
    endpoint: server.url,
    instancename: server.instanceName,
    maxRetries: 0,
  });
  await assert.rejects(
    new Promise((resolve, reject) =>
      client.listTable({}, (err: unknown, data: unknown) => (err ? reject(err) : resolve(data))),
    ),
    (err: any) => err.code === 403 && /OTSAuthFailed/.test(err.message) && /Signature mismatch/.test(err.message),
  );
});
