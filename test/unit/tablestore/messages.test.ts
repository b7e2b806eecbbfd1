// Protobuf messages: field numbers, 64-bit integers as bigint, required-field enforcement, presence of optional
// fields, and agreement with the npm SDK's compiled schema.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import {
  ActionType,
  Direction,
  MessageCodecError,
  messages,
  OPERATIONS,
  OperationType,
  RowExistenceExpectation,
  StreamStatus,
  TableStatus,
  tablestoreRoot,
  type DescribeStreamResponse,
  type GetStreamRecordResponse,
} from '../../../src/tablestore';

/** Protobuf base-128 varint of a non-negative integer, written here independently of protobufjs. */
function varint(value: bigint): string {
  const bytes: number[] = [];
  let v = value;
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) byte |= 0x80;
    bytes.push(byte);
  } while (v > 0n);
  return Buffer.from(bytes).toString('hex');
}

test('GetShardIteratorRequest carries the ★ timestamp (field 3) and token (field 4)', () => {
  const bytes = messages.GetShardIteratorRequest.encode({
    streamId: 's',
    shardId: 'h',
    timestamp: 1700000000000123n,
    token: 't',
  });
  assert.equal(Buffer.from(bytes).toString('hex'), `0a0173120168` + `18${varint(1700000000000123n)}` + `220174`);
  assert.deepEqual(messages.GetShardIteratorRequest.decode(bytes), {
    streamId: 's',
    shardId: 'h',
    timestamp: 1700000000000123n,
    token: 't',
  });
});

test('int64 fields decode as bigint across the whole signed range', () => {
  for (const creationTime of [0n, 1n, -1n, (1n << 63n) - 1n, -(1n << 63n), 1700000000000123n]) {
    const response: DescribeStreamResponse = {
      streamId: 'sid',
      expirationTime: 168,
      tableName: 't',
      creationTime,
      streamStatus: StreamStatus.STREAM_ACTIVE,
      shards: [
        { shardId: 'a' },
        { shardId: 'b', parentId: 'a' },
        { shardId: 'c', parentId: 'a', parentSiblingId: 'b' },
      ],
      nextShardId: 'd',
    };
    assert.deepEqual(
      messages.DescribeStreamResponse.decode(messages.DescribeStreamResponse.encode(response)),
      response,
    );
  }
});

test('GetStreamRecordResponse keeps ★ fields and distinguishes an absent next iterator from an empty one', () => {
  const page: GetStreamRecordResponse = {
    streamRecords: [
      { actionType: ActionType.PUT_ROW, record: Buffer.from([0x75, 0, 0, 0]), originRecord: Buffer.from([1]) },
      { actionType: ActionType.DELETE_ROW, record: Buffer.from([0x75, 0, 0, 0]) },
    ],
    consumed: { capacityUnit: { read: 1, write: 0 } },
    mayMoreRecord: false,
  };
  const closed = messages.GetStreamRecordResponse.decode(messages.GetStreamRecordResponse.encode(page));
  assert.deepEqual(closed, page);
  assert.equal('nextShardIterator' in closed, false, 'absent = shard closed (spec 4.7)');
  const caughtUp = messages.GetStreamRecordResponse.decode(
    messages.GetStreamRecordResponse.encode({ streamRecords: [], nextShardIterator: '' }),
  );
  assert.equal(caughtUp.nextShardIterator, '');
  assert.deepEqual(caughtUp.streamRecords, []);
});

test('empty messages encode to zero bytes and zero bytes decode to empty messages', () => {
  assert.equal(messages.ListTableRequest.encode({}).length, 0);
  assert.deepEqual(messages.ListTableRequest.decode(new Uint8Array(0)), {});
  assert.deepEqual(messages.ListTableResponse.decode(new Uint8Array(0)), { tableNames: [] });
  assert.deepEqual(messages.ListStreamResponse.decode(new Uint8Array(0)), { streams: [] });
});

test('encode refuses a message missing a required field and names the path', () => {
  assert.throws(
    () =>
      messages.BatchWriteRowRequest.encode({
        tables: [
          {
            tableName: 't',
            rows: [{ type: OperationType.PUT, rowChange: new Uint8Array(0) } as never],
          },
        ],
      }),
    (err: unknown) =>
      err instanceof MessageCodecError &&
      err.messageType === 'BatchWriteRowRequest' &&
      /missing required field 'tables\[0\]\.rows\[0\]\.condition'/.test(err.message),
  );
  assert.throws(() => messages.GetRangeResponse.encode({ rows: new Uint8Array(0) } as never), /'consumed'/);
  assert.throws(
    () => messages.GetRowResponse.encode({ consumed: {} as never, row: new Uint8Array(0) }),
    /'consumed\.capacityUnit'/,
  );
});

test('decode rejects truncated bodies and missing required fields with OTSParameterInvalid', () => {
  const full = messages.DescribeTableRequest.encode({ tableName: 'orders' });
  for (const bytes of [full.subarray(0, full.length - 1), Buffer.from('12026f6b', 'hex'), Buffer.from([0xff])]) {
    assert.throws(
      () => messages.DescribeTableRequest.decode(bytes),
      (err: unknown) =>
        err instanceof MessageCodecError && err.code === 'OTSParameterInvalid' && err.httpStatus === 400,
    );
  }
});

test('DescribeTableResponse round-trips with every field the Go SDK dereferences (spec 1.8)', () => {
  const response = {
    tableMeta: {
      tableName: 'orders',
      primaryKey: [
        { name: 'id', type: 2 as const },
        { name: 'seq', type: 1 as const, option: 1 as const },
      ],
      definedColumn: [],
      indexMeta: [],
    },
    reservedThroughputDetails: { capacityUnit: { read: 0, write: 0 }, lastIncreaseTime: 1700000000n },
    tableOptions: { timeToLive: -1, maxVersions: 1, deviationCellVersionInSec: 86400n },
    tableStatus: TableStatus.ACTIVE,
    streamDetails: { enableStream: true, streamId: 's', expirationTime: 24, lastEnableTime: 1n, columnsToGet: [] },
    shardSplits: [],
    indexMetas: [],
  };
  assert.deepEqual(messages.DescribeTableResponse.decode(messages.DescribeTableResponse.encode(response)), response);
});

/* eslint-disable @typescript-eslint/no-explicit-any -- the npm SDK ships no type declarations */
const npmProto: any = (() => {
  createRequire(__filename)('tablestore');
  return createRequire(require.resolve('tablestore'))('./lib/protocol/tablestore_compiled_proto.js').main.proto;
})();

test('the npm SDK decodes our requests and we decode its requests (shared fields agree)', () => {
  const ours = messages.GetRangeRequest.encode({
    tableName: 't',
    direction: Direction.BACKWARD,
    maxVersions: 1,
    limit: 10,
    inclusiveStartPrimaryKey: Buffer.from('aa', 'hex'),
    exclusiveEndPrimaryKey: Buffer.from('bb', 'hex'),
  });
  const npmDecoded = npmProto.GetRangeRequest.decode(ours);
  assert.equal(npmDecoded.tableName, 't');
  assert.equal(npmDecoded.direction, 1);
  assert.equal(npmDecoded.limit, 10);

  const npmBytes = npmProto.PutRowRequest.encode({
    tableName: 't',
    row: Buffer.from('75000000', 'hex'),
    condition: { rowExistence: 2 },
  }).finish();
  assert.deepEqual(messages.PutRowRequest.decode(npmBytes), {
    tableName: 't',
    row: Buffer.from('75000000', 'hex'),
    condition: { rowExistence: RowExistenceExpectation.EXPECT_NOT_EXIST },
  });
});

test('every codec names a type of the loaded schema and every operation has both messages', () => {
  const root = tablestoreRoot();
  for (const codec of Object.values(messages)) assert.ok(root.lookupType(codec.typeName), codec.typeName);
  for (const [operation, { request, response }] of Object.entries(OPERATIONS)) {
    assert.equal(messages[request].typeName, `otsync.tablestore.${operation}Request`);
    assert.equal(messages[response].typeName, `otsync.tablestore.${operation}Response`);
  }
  assert.equal(Object.keys(OPERATIONS).length, 16);
});
