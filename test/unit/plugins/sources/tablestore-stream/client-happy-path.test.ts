// The client against a scripted in-process server speaking real protobuf bodies: every DescribeStream page is read,
// the GetShardIterator token loop is followed, a GetStreamRecord sequence decodes exactly, and the table/row calls
// send what the service expects (conditions included).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  TablestoreStreamClient,
  type ChangeRecord,
  type StreamShard,
} from '../../../../../src/plugins/sources/tablestore-stream/client';
import {
  ActionType,
  ComparatorType,
  decodeRow,
  decodeValueBytes,
  encodeRow,
  FilterType,
  LogicalOperator,
  messages,
  PrimaryKeyType,
  RowExistenceExpectation,
  StreamStatus,
  TableStatus,
  TablestoreError,
  type GetStreamRecordResponse,
  type PlainBufferRow,
  type StreamRecord,
} from '../../../../../src/tablestore';
import {
  ACCESS_KEY_ID,
  ACCESS_KEY_SECRET,
  INSTANCE,
  startTestServer,
  type Reply,
  type TestServer,
} from './in-process-server';

const STREAM_ID = 'orders_1700000000000000';
const SHARDS: StreamShard[] = [
  { shardId: 's0' },
  { shardId: 's1' },
  { shardId: 's2', parentId: 's0' },
  { shardId: 's3', parentId: 's0' },
  { shardId: 's4', parentId: 's1', parentSiblingId: 's2' },
];

// ---- records: built with the src/tablestore encoder, with the ChangeRecord each must decode to ----------------------

interface Fixture {
  message: StreamRecord;
  expected: ChangeRecord;
}

function fixture(actionType: ActionType, row: PlainBufferRow, expected: ChangeRecord): Fixture {
  return { message: { actionType, record: encodeRow(row) }, expected };
}

const pk = (id: bigint, name: string) => [
  { name: 'id', value: id },
  { name: 'name', value: name },
];
const seq = (timestamp: bigint, rowIndex = 0) => ({ epoch: 1, timestamp, rowIndex });

const RECORDS: Fixture[] = [
  fixture(
    ActionType.PUT_ROW,
    {
      primaryKey: pk(1n, 'a'),
      attributes: [
        { name: 'price', value: 9.5, timestamp: 1700000000000n },
        { name: 'qty', value: 9007199254740993n, timestamp: 1700000000000n },
      ],
      sequenceInfo: seq(1700000000000001n),
    },
    {
      action: 'PUT',
      primaryKey: pk(1n, 'a'),
      cells: [
        { name: 'price', operation: 'PUT', value: 9.5, timestamp: 1700000000000n },
        { name: 'qty', operation: 'PUT', value: 9007199254740993n, timestamp: 1700000000000n },
      ],
      sequence: seq(1700000000000001n),
    },
  ),
  fixture(
    ActionType.UPDATE_ROW,
    {
      primaryKey: pk(1n, 'a'),
      attributes: [
        { name: 'note', value: Buffer.from('hi'), timestamp: 1700000000005n },
        { name: 'price', operation: 'DELETE_ONE_VERSION', timestamp: 1700000000000n },
        { name: 'qty', operation: 'DELETE_ALL_VERSION' },
      ],
      sequenceInfo: seq(1700000000000002n),
    },
    {
      action: 'UPDATE',
      primaryKey: pk(1n, 'a'),
      cells: [
        { name: 'note', operation: 'PUT', value: Buffer.from('hi'), timestamp: 1700000000005n },
        { name: 'price', operation: 'DELETE_ONE_VERSION', timestamp: 1700000000000n },
        { name: 'qty', operation: 'DELETE_ALL_VERSIONS' },
      ],
      sequence: seq(1700000000000002n),
    },
  ),
  fixture(
    ActionType.PUT_ROW,
    { primaryKey: pk(2n, 'b'), sequenceInfo: seq(1700000000000002n, 1) },
    { action: 'PUT', primaryKey: pk(2n, 'b'), cells: [], sequence: seq(1700000000000002n, 1) },
  ),
  fixture(
    ActionType.DELETE_ROW,
    { primaryKey: pk(1n, 'a'), deleteMarker: true, sequenceInfo: seq(1700000000000003n) },
    { action: 'DELETE', primaryKey: pk(1n, 'a'), cells: [], sequence: seq(1700000000000003n) },
  ),
];

/** GetStreamRecord pages by iterator; `it-2` is caught up on an open shard, `closed-0` ends a closed shard. */
const PAGES: Record<string, GetStreamRecordResponse> = {
  'it-0': { streamRecords: RECORDS.slice(0, 2).map((r) => r.message), nextShardIterator: 'it-1' },
  'it-1': {
    streamRecords: RECORDS.slice(2, 3).map((r) => r.message),
    nextShardIterator: 'it-2',
    consumed: { capacityUnit: { read: 1, write: 0 } },
    mayMoreRecord: false,
  },
  'it-2': { streamRecords: [], nextShardIterator: 'it-2' },
  'closed-0': { streamRecords: RECORDS.slice(3).map((r) => r.message) },
};

// ---- the scripted server --------------------------------------------------------------------------------------------

function answer(action: string, body: Buffer): Reply {
  switch (action) {
    case 'ListStream': {
      const { tableName } = messages.ListStreamRequest.decode(body);
      const streams =
        tableName === 'orders' || tableName === undefined
          ? [{ streamId: STREAM_ID, tableName: 'orders', creationTime: 1700000000000000n }]
          : [];
      return { body: messages.ListStreamResponse.encode({ streams }) };
    }
    case 'DescribeStream': {
      const request = messages.DescribeStreamRequest.decode(body);
      const start =
        request.inclusiveStartShardId === undefined
          ? 0
          : SHARDS.findIndex((s) => s.shardId === request.inclusiveStartShardId);
      const limit = request.shardLimit ?? 2;
      const page = SHARDS.slice(start, start + limit);
      const next = SHARDS[start + limit];
      return {
        body: messages.DescribeStreamResponse.encode({
          streamId: request.streamId,
          expirationTime: 24,
          tableName: 'orders',
          creationTime: 1700000000000000n,
          streamStatus: StreamStatus.STREAM_ACTIVE,
          shards: page,
          ...(next === undefined ? {} : { nextShardId: next.shardId }),
        }),
      };
    }
    case 'GetShardIterator': {
      const request = messages.GetShardIteratorRequest.decode(body);
      // A timestamp seek answered in two steps (spec 4.6).
      if (request.timestamp !== undefined && request.token === undefined) {
        return { body: messages.GetShardIteratorResponse.encode({ shardIterator: 'partial', nextToken: 'tok-1' }) };
      }
      return { body: messages.GetShardIteratorResponse.encode({ shardIterator: 'it-0' }) };
    }
    case 'GetStreamRecord': {
      const request = messages.GetStreamRecordRequest.decode(body);
      const page = PAGES[request.shardIterator];
      if (page === undefined) {
        return {
          error: new TablestoreError(
            'OTSTrimmedDataAccess',
            'Requested stream data is already trimmed or does not exist.',
          ),
        };
      }
      return { body: messages.GetStreamRecordResponse.encode(page) };
    }
    case 'DescribeTable':
      return {
        body: messages.DescribeTableResponse.encode({
          tableMeta: {
            tableName: 'orders',
            primaryKey: [
              { name: 'id', type: PrimaryKeyType.INTEGER },
              { name: 'name', type: PrimaryKeyType.STRING },
            ],
          },
          reservedThroughputDetails: { capacityUnit: { read: 0, write: 0 }, lastIncreaseTime: 1n },
          tableOptions: { timeToLive: -1, maxVersions: 1, deviationCellVersionInSec: 86400n },
          tableStatus: TableStatus.ACTIVE,
          streamDetails: {
            enableStream: true,
            streamId: STREAM_ID,
            expirationTime: 24,
            lastEnableTime: 1700000000000000n,
          },
        }),
      };
    case 'GetRow': {
      const request = messages.GetRowRequest.decode(body);
      const key = decodeRow(request.primaryKey).primaryKey;
      const row =
        key[0]?.value === 1n
          ? encodeRow({ primaryKey: key, attributes: [{ name: 'Version', value: 3n, timestamp: 5n }] })
          : new Uint8Array();
      return { body: messages.GetRowResponse.encode({ consumed: { capacityUnit: { read: 1, write: 0 } }, row }) };
    }
    default:
      return { body: messages.PutRowResponse.encode({ consumed: { capacityUnit: { read: 1, write: 1 } } }) };
  }
}

let server: TestServer;
let client: TablestoreStreamClient;

before(async () => {
  server = await startTestServer((request) => answer(request.action, request.body));
  client = new TablestoreStreamClient({
    endpoint: server.endpoint,
    instanceName: INSTANCE,
    credentials: { accessKeyId: ACCESS_KEY_ID, accessKeySecret: ACCESS_KEY_SECRET },
  });
});
after(async () => {
  client.close();
  await server.close();
});

function requestsOf(action: string): Buffer[] {
  return server.requests.filter((r) => r.action === action).map((r) => r.body);
}

// ---- tests ----------------------------------------------------------------------------------------------------------

test('listStream and describeTable find the stream id, as DataX and the stream client do (spec 4.10 step 1)', async () => {
  assert.deepEqual(await client.listStream({ tableName: 'orders' }), [
    { streamId: STREAM_ID, tableName: 'orders', creationTime: 1700000000000000n },
  ]);
  assert.deepEqual(await client.listStream({ tableName: 'other' }), []);
  assert.deepEqual(await client.describeTable('orders'), {
    tableName: 'orders',
    primaryKey: [
      { name: 'id', type: 'INTEGER', autoIncrement: false },
      { name: 'name', type: 'STRING', autoIncrement: false },
    ],
    timeToLive: -1,
    maxVersions: 1,
    stream: {
      enabled: true,
      streamId: STREAM_ID,
      expirationTimeHours: 24,
      lastEnableTime: 1700000000000000n,
      columnsToGet: [],
    },
  });
});

test('describeStreamAllPages reads every page, starting each at the previous next_shard_id, keeping lineage', async () => {
  const before = requestsOf('DescribeStream').length;
  const description = await client.describeStreamAllPages(STREAM_ID);
  assert.deepEqual(description, {
    streamId: STREAM_ID,
    tableName: 'orders',
    expirationTimeHours: 24,
    creationTime: 1700000000000000n,
    status: 'ACTIVE',
    shards: SHARDS,
  });
  const sent = requestsOf('DescribeStream')
    .slice(before)
    .map((b) => messages.DescribeStreamRequest.decode(b));
  assert.deepEqual(
    sent.map((r) => r.inclusiveStartShardId),
    [undefined, 's2', 's4'],
  );
  // A caller-chosen page size is sent on every page.
  const single = await client.describeStreamAllPages(STREAM_ID, { shardLimit: 1 });
  assert.deepEqual(single.shards, SHARDS);
  assert.equal(requestsOf('DescribeStream').length - before, 3 + 5);
});

test('describeStream returns one page with nextShardId', async () => {
  const page = await client.describeStream({ streamId: STREAM_ID, shardLimit: 3 });
  assert.deepEqual(page.shards, SHARDS.slice(0, 3));
  assert.equal(page.nextShardId, 's3');
});

test('seekShardIterator follows next_token to the final iterator; the timestamp is sent in µs as int64', async () => {
  const before = requestsOf('GetShardIterator').length;
  const iterator = await client.seekShardIterator({ streamId: STREAM_ID, shardId: 's0', timestamp: 1700000000000000n });
  assert.equal(iterator, 'it-0');
  const sent = requestsOf('GetShardIterator')
    .slice(before)
    .map((b) => messages.GetShardIteratorRequest.decode(b));
  assert.deepEqual(sent, [
    { streamId: STREAM_ID, shardId: 's0', timestamp: 1700000000000000n },
    { streamId: STREAM_ID, shardId: 's0', timestamp: 1700000000000000n, token: 'tok-1' },
  ]);
  assert.deepEqual(await client.getShardIterator({ streamId: STREAM_ID, shardId: 's0', timestamp: 1n }), {
    shardIterator: 'partial',
    nextToken: 'tok-1',
  });
});

test('a GetStreamRecord sequence decodes every record exactly, then reports caught up', async () => {
  const records: ChangeRecord[] = [];
  let iterator = await client.seekShardIterator({ streamId: STREAM_ID, shardId: 's0' });
  for (;;) {
    const page = await client.getStreamRecord({ shardIterator: iterator, limit: 100 });
    records.push(...page.records);
    assert.equal(page.shardClosed, false);
    if (page.records.length === 0) {
      assert.equal(page.nextShardIterator, 'it-2');
      break;
    }
    iterator = page.nextShardIterator as string;
  }
  assert.deepEqual(
    records,
    RECORDS.slice(0, 3).map((r) => r.expected),
  );
  const sent = requestsOf('GetStreamRecord').map((b) => messages.GetStreamRecordRequest.decode(b));
  assert.deepEqual(sent.slice(-3), [
    { shardIterator: 'it-0', limit: 100 },
    { shardIterator: 'it-1', limit: 100 },
    { shardIterator: 'it-2', limit: 100 },
  ]);
  const second = await client.getStreamRecord({ shardIterator: 'it-1' });
  assert.deepEqual(second.consumed, { read: 1, write: 0 });
  assert.equal(second.mayMoreRecord, false);
});

test('a page without next_shard_iterator closes the shard after its records', async () => {
  const page = await client.getStreamRecord({ shardIterator: 'closed-0' });
  assert.deepEqual(page.records, [RECORDS[3]!.expected]);
  assert.equal(page.shardClosed, true);
  assert.equal(page.nextShardIterator, undefined);
});

test('an unknown iterator surfaces OTSTrimmedDataAccess: the checkpoint is lost', async () => {
  await assert.rejects(client.getStreamRecord({ shardIterator: 'expired' }), { code: 'OTSTrimmedDataAccess' });
});

test('getRow returns the row, or undefined when absent; maxVersions defaults to 1', async () => {
  const row = await client.getRow({ tableName: 'status', primaryKey: [{ name: 'k', value: 1n }] });
  assert.deepEqual(row, {
    primaryKey: [{ name: 'k', value: 1n }],
    attributes: [{ name: 'Version', value: 3n, timestamp: 5n }],
  });
  assert.equal(await client.getRow({ tableName: 'status', primaryKey: [{ name: 'k', value: 2n }] }), undefined);
  const sent = messages.GetRowRequest.decode(requestsOf('GetRow').at(-1)!);
  assert.equal(sent.maxVersions, 1);
});

test('putRow sends the row and a row-existence condition', async () => {
  const result = await client.putRow(
    {
      tableName: 'status',
      primaryKey: [{ name: 'k', value: 'a' }],
      attributes: [{ name: 'Checkpoint', value: 'it-9' }],
    },
    { condition: { rowExistence: 'EXPECT_NOT_EXIST' } },
  );
  assert.deepEqual(result.consumed, { read: 1, write: 1 });
  const sent = messages.PutRowRequest.decode(requestsOf('PutRow').at(-1)!);
  assert.equal(sent.tableName, 'status');
  assert.equal(sent.condition.rowExistence, RowExistenceExpectation.EXPECT_NOT_EXIST);
  assert.equal(sent.condition.columnCondition, undefined);
  assert.deepEqual(decodeRow(sent.row), {
    primaryKey: [{ name: 'k', value: 'a' }],
    attributes: [{ name: 'Checkpoint', value: 'it-9' }],
    deleteMarker: false,
  });
});

test('updateRow sends cell operations and a composite column condition as Filter bytes', async () => {
  await client.updateRow(
    {
      tableName: 'status',
      primaryKey: [{ name: 'k', value: 'a' }],
      cells: [
        { name: 'Checkpoint', value: 'it-10' },
        { name: 'Old', operation: 'DELETE_ALL_VERSIONS' },
        { name: 'Version', value: 4n, timestamp: 6n },
      ],
    },
    {
      condition: {
        rowExistence: 'EXPECT_EXIST',
        columnCondition: {
          combinator: 'AND',
          conditions: [
            { column: 'Version', comparator: 'EQUAL', value: 3n },
            { column: 'Owner', comparator: 'NOT_EQUAL', value: 'x', passIfMissing: true },
          ],
        },
      },
    },
  );
  const sent = messages.UpdateRowRequest.decode(requestsOf('UpdateRow').at(-1)!);
  assert.equal(sent.condition.rowExistence, RowExistenceExpectation.EXPECT_EXIST);
  assert.deepEqual(decodeRow(sent.rowChange).attributes, [
    { name: 'Checkpoint', value: 'it-10' },
    { name: 'Old', operation: 'DELETE_ALL_VERSION' },
    { name: 'Version', value: 4n, timestamp: 6n },
  ]);
  const filter = messages.Filter.decode(sent.condition.columnCondition!);
  assert.equal(filter.type, FilterType.FT_COMPOSITE_COLUMN_VALUE);
  const composite = messages.CompositeColumnValueFilter.decode(filter.filter);
  assert.equal(composite.combinator, LogicalOperator.LO_AND);
  const [first, second] = composite.subFilters.map((f) => messages.SingleColumnValueFilter.decode(f.filter));
  assert.deepEqual(
    { ...first!, columnValue: decodeValueBytes(first!.columnValue) },
    {
      comparator: ComparatorType.CT_EQUAL,
      columnName: 'Version',
      columnValue: 3n,
      filterIfMissing: true, // a missing Version fails the condition by default
      latestVersionOnly: true,
    },
  );
  assert.equal(second!.filterIfMissing, false);
});

test('deleteRow sends the key with the delete marker', async () => {
  await client.deleteRow({ tableName: 'status', primaryKey: [{ name: 'k', value: 'a' }] });
  const sent = messages.DeleteRowRequest.decode(requestsOf('DeleteRow').at(-1)!);
  assert.equal(decodeRow(sent.primaryKey).deleteMarker, true);
  assert.equal(sent.condition.rowExistence, RowExistenceExpectation.IGNORE);
});

test('sequential calls reuse one keep-alive connection', async () => {
  const before = server.requests.length;
  for (let i = 0; i < 20; i++) await client.getStreamRecord({ shardIterator: 'it-2' });
  const ports = new Set(server.requests.slice(before).map((r) => r.remotePort));
  assert.equal(ports.size, 1);
});
