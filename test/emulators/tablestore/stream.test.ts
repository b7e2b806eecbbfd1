// Stream semantics of the local server: records per write, lineage after split and merge, paging, caught-up versus
// closed shards, timestamp seek, trimming, and a property test over random workloads.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  ActionType,
  encodePrimaryKey,
  encodeRow,
  OperationType,
  RowExistenceExpectation,
  type AttributeCell,
  type PrimaryKeyColumn,
  type RowInBatchWriteRowRequest,
} from '../../../src/tablestore';
import type { TablestoreServer } from '../../../src/emulators/tablestore';
import { call, errorOf, rawCall, startServer } from './helpers';
import { listShards, readShard, readStream, streamIdOf, type ReadRecord } from './stream-reader';
import { messages } from '../../../src/tablestore';

async function createStreamTable(server: TablestoreServer, tableName: string, hours = 24): Promise<void> {
  await call(server, 'CreateTable', {
    tableMeta: {
      tableName,
      primaryKey: [
        { name: 'pk', type: 2 },
        { name: 'n', type: 1 },
      ],
    },
    reservedThroughput: { capacityUnit: { read: 0, write: 0 } },
    tableOptions: { timeToLive: -1, maxVersions: 1 },
    streamSpec: { enableStream: true, expirationTime: hours },
  });
}

const pkOf = (pk: string, n: number): PrimaryKeyColumn[] => [
  { name: 'pk', value: pk },
  { name: 'n', value: BigInt(n) },
];

const IGNORE = { rowExistence: RowExistenceExpectation.IGNORE };

async function put(server: TablestoreServer, table: string, pk: PrimaryKeyColumn[], cells: AttributeCell[]) {
  await call(server, 'PutRow', {
    tableName: table,
    row: encodeRow({ primaryKey: pk, attributes: cells }),
    condition: IGNORE,
  });
}

test('each successful write appends one record; a failed condition appends none', async () => {
  const server = await startServer({ shardCount: 1 });
  await createStreamTable(server, 's_basic');
  await put(server, 's_basic', pkOf('a', 1), [{ name: 'v', value: 'x' }]);
  const failed = await rawCall(
    server,
    'PutRow',
    messages.PutRowRequest.encode({
      tableName: 's_basic',
      row: encodeRow({ primaryKey: pkOf('a', 1), attributes: [{ name: 'v', value: 'y' }] }),
      condition: { rowExistence: RowExistenceExpectation.EXPECT_NOT_EXIST },
    }),
  );
  assert.equal(errorOf(failed).code, 'OTSConditionCheckFail');
  await call(server, 'UpdateRow', {
    tableName: 's_basic',
    rowChange: encodeRow({
      primaryKey: pkOf('a', 1),
      attributes: [
        { name: 'c', value: 5n, operation: 'INCREMENT' },
        { name: 'v', operation: 'DELETE_ALL_VERSION' },
      ],
    }),
    condition: IGNORE,
  });
  await call(server, 'DeleteRow', {
    tableName: 's_basic',
    primaryKey: encodePrimaryKey(pkOf('a', 1), { deleteMarker: true }),
    condition: IGNORE,
  });
  const records = await readStream(server, 's_basic');
  assert.deepEqual(
    records.map((r) => r.actionType),
    [ActionType.PUT_ROW, ActionType.UPDATE_ROW, ActionType.DELETE_ROW],
  );
  // INCREMENT is recorded as a put of the result with the server's timestamp (the Java reader rejects op 0x04).
  const [inc, delAll] = records[1]!.row.attributes;
  assert.equal(inc!.value, 5n);
  assert.equal(inc!.operation, undefined);
  assert.equal(typeof inc!.timestamp, 'bigint');
  assert.deepEqual(delAll, { name: 'v', operation: 'DELETE_ALL_VERSION' });
  assert.equal(records[2]!.row.deleteMarker, true);
  const seqs = records.map((r) => r.row.sequenceInfo!);
  for (let i = 1; i < seqs.length; i++) {
    const [a, b] = [seqs[i - 1]!, seqs[i]!];
    assert.ok(a.timestamp < b.timestamp || (a.timestamp === b.timestamp && a.rowIndex < b.rowIndex));
  }
});

test('an open shard that is caught up returns no records and the same iterator; a closed one ends without an iterator', async () => {
  const server = await startServer({ shardCount: 1 });
  await createStreamTable(server, 's_end');
  await put(server, 's_end', pkOf('a', 1), [{ name: 'v', value: 1n }]);
  const streamId = await streamIdOf(server, 's_end');
  const [shard] = await listShards(server, streamId);
  const it = (await call(server, 'GetShardIterator', { streamId, shardId: shard!.shardId })).shardIterator;
  const page1 = await call(server, 'GetStreamRecord', { shardIterator: it, limit: 10 });
  assert.equal(page1.streamRecords.length, 1);
  assert.equal(page1.mayMoreRecord, false);
  const page2 = await call(server, 'GetStreamRecord', { shardIterator: page1.nextShardIterator! });
  assert.equal(page2.streamRecords.length, 0);
  assert.equal(page2.nextShardIterator, page1.nextShardIterator);
  // A new write shows up behind the caught-up iterator.
  await put(server, 's_end', pkOf('b', 1), [{ name: 'v', value: 2n }]);
  const page3 = await call(server, 'GetStreamRecord', { shardIterator: page2.nextShardIterator! });
  assert.equal(page3.streamRecords.length, 1);
  // After a split the parent ends: its last page has no next iterator.
  server.admin.splitShard('s_end', shard!.shardId);
  const page4 = await call(server, 'GetStreamRecord', { shardIterator: page3.nextShardIterator! });
  assert.equal(page4.streamRecords.length, 0);
  assert.equal(page4.nextShardIterator, undefined);
  // Re-reading from an old iterator returns the same records again (iterators are durable positions).
  const again = await call(server, 'GetStreamRecord', { shardIterator: it, limit: 1 });
  assert.deepEqual(again.streamRecords, page1.streamRecords);
});

test('split and merge record lineage; DescribeStream pages through every shard in creation order', async () => {
  const server = await startServer({ shardCount: 4 });
  await createStreamTable(server, 's_lineage');
  const streamId = await streamIdOf(server, 's_lineage');
  const initial = await listShards(server, streamId);
  assert.equal(initial.length, 4);
  const [c1, c2] = server.admin.splitShard('s_lineage', initial[0]!.shardId);
  const merged = server.admin.mergeShards('s_lineage', initial[2]!.shardId, initial[3]!.shardId);
  const paged = await listShards(server, streamId, 2);
  assert.deepEqual(paged, await listShards(server, streamId));
  const byId = new Map(paged.map((s) => [s.shardId, s]));
  assert.equal(byId.get(c1!)!.parentId, initial[0]!.shardId);
  assert.equal(byId.get(c2!)!.parentId, initial[0]!.shardId);
  assert.equal(byId.get(c2!)!.parentSiblingId, undefined);
  assert.equal(byId.get(merged)!.parentId, initial[2]!.shardId);
  assert.equal(byId.get(merged)!.parentSiblingId, initial[3]!.shardId);
  assert.throws(() => server.admin.mergeShards('s_lineage', initial[1]!.shardId, c1!), /adjacent|closed/);
  assert.throws(() => server.admin.splitShard('s_lineage', initial[0]!.shardId), /closed/);
});

test('GetShardIterator with a timestamp seeks to the first record at or after it', async () => {
  const server = await startServer({ shardCount: 1 });
  await createStreamTable(server, 's_seek');
  for (let i = 0; i < 5; i++) await put(server, 's_seek', pkOf('k', i), [{ name: 'v', value: BigInt(i) }]);
  const all = await readStream(server, 's_seek');
  const third = all[2]!.row.sequenceInfo!.timestamp;
  const from = await readStream(server, 's_seek', { timestampUs: third });
  assert.deepEqual(
    from.map((r) => r.row.attributes[0]!.value),
    [2n, 3n, 4n],
  );
  const future = await readStream(server, 's_seek', { timestampUs: third * 2n });
  assert.equal(future.length, 0);
});

test('trimmed positions fail with OTSTrimmedDataAccess; disabling the stream invalidates its iterators', async () => {
  const server = await startServer({ shardCount: 1 });
  await createStreamTable(server, 's_trim');
  await put(server, 's_trim', pkOf('a', 1), [{ name: 'v', value: 1n }]);
  const streamId = await streamIdOf(server, 's_trim');
  const [shard] = await listShards(server, streamId);
  const it = (await call(server, 'GetShardIterator', { streamId, shardId: shard!.shardId })).shardIterator;
  server.admin.trimStream(Date.now() * 1000 + 1_000_000, 's_trim');
  const res = await rawCall(server, 'GetStreamRecord', messages.GetStreamRecordRequest.encode({ shardIterator: it }));
  assert.equal(res.status, 400);
  assert.equal(errorOf(res).code, 'OTSTrimmedDataAccess');
  // The trim horizon moved: a fresh iterator reads nothing, without error.
  assert.equal((await readShard(server, streamId, shard!.shardId)).records.length, 0);

  await call(server, 'UpdateTable', { tableName: 's_trim', streamSpec: { enableStream: false } });
  const desc = await call(server, 'DescribeTable', { tableName: 's_trim' });
  assert.equal(desc.streamDetails!.enableStream, false);
  assert.deepEqual((await call(server, 'ListStream', { tableName: 's_trim' })).streams, []);
  const after = await rawCall(server, 'GetStreamRecord', messages.GetStreamRecordRequest.encode({ shardIterator: it }));
  assert.equal(errorOf(after).code, 'OTSTrimmedDataAccess');
  const bad = await rawCall(
    server,
    'GetStreamRecord',
    messages.GetStreamRecordRequest.encode({ shardIterator: 'not-an-iterator!' }),
  );
  assert.equal(errorOf(bad).code, 'OTSParameterInvalid');
  await call(server, 'UpdateTable', { tableName: 's_trim', streamSpec: { enableStream: true, expirationTime: 12 } });
  assert.notEqual(await streamIdOf(server, 's_trim'), streamId);
});

// ----------------------------------------------------------------------------------------------------------------
// Property: parents-first reading yields every change exactly once, in per-key write order
// ----------------------------------------------------------------------------------------------------------------

type Op = { kind: 'put' | 'update' | 'delete'; key: number; sub: number };
const opArb: fc.Arbitrary<Op> = fc.record({
  kind: fc.constantFrom<Op['kind']>('put', 'put', 'update', 'update', 'delete'),
  key: fc.integer({ min: 0, max: 199 }),
  sub: fc.integer({ min: 0, max: 2 }),
});
const stepArb = fc.record({
  batch: fc.array(opArb, { minLength: 25, maxLength: 60 }),
  single: fc.option(fc.record({ op: opArb, expect: fc.constantFrom(0, 1, 2) }), { freq: 3 }),
});
const STEPS = 400; // ≥ 25 rows each: at least 10,000 row operations per run

function rowChange(op: Op, tag: number): { type: OperationType; bytes: Buffer } {
  const primaryKey = pkOf(`key${op.key}`, op.sub);
  if (op.kind === 'delete')
    return { type: OperationType.DELETE, bytes: encodePrimaryKey(primaryKey, { deleteMarker: true }) };
  if (op.kind === 'put') {
    return {
      type: OperationType.PUT,
      bytes: encodeRow({
        primaryKey,
        attributes: [
          { name: 'tag', value: BigInt(tag) },
          { name: 'p', value: 'put' },
        ],
      }),
    };
  }
  return {
    type: OperationType.UPDATE,
    bytes: encodeRow({
      primaryKey,
      attributes: [
        { name: 'tag', value: BigInt(tag) },
        { name: 'p', operation: 'DELETE_ALL_VERSION' },
      ],
    }),
  };
}

const describeRecord = (r: ReadRecord) =>
  `${r.actionType}:${String(r.row.attributes.find((c) => c.name === 'tag')?.value ?? '-')}`;

test('property: with a split and a merge mid-workload, parents-first reading yields every change once, in per-key order', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(stepArb, { minLength: STEPS, maxLength: STEPS }),
      fc.integer({ min: 1, max: 50 }),
      async (steps, seed) => {
        const server = await startServer({ shardCount: 4 });
        const table = `prop_${seed}_${Date.now()}`;
        await createStreamTable(server, table);
        const expected = new Map<string, string[]>();
        const exists = new Map<string, boolean>();
        let tag = 0;
        let total = 0;
        const record = (op: Op, t: number) => {
          const k = `key${op.key}/${op.sub}`;
          const action =
            op.kind === 'put'
              ? ActionType.PUT_ROW
              : op.kind === 'update'
                ? ActionType.UPDATE_ROW
                : ActionType.DELETE_ROW;
          expected.set(k, [...(expected.get(k) ?? []), `${action}:${op.kind === 'delete' ? '-' : t}`]);
          exists.set(k, op.kind !== 'delete');
          total++;
        };
        for (const [i, step] of steps.entries()) {
          if (i === Math.floor(STEPS / 3)) {
            const busiest = server.admin
              .shards(table)
              .filter((s) => s.open)
              .sort((a, b) => b.records - a.records)[0]!;
            server.admin.splitShard(table, busiest.shardId);
          }
          if (i === Math.floor((2 * STEPS) / 3)) {
            const open = server.admin
              .shards(table)
              .filter((s) => s.open)
              .sort((a, b) => a.hashRange[0] - b.hashRange[0]);
            const at = seed % (open.length - 1);
            server.admin.mergeShards(table, open[at]!.shardId, open[at + 1]!.shardId);
          }
          const rows: RowInBatchWriteRowRequest[] = step.batch.map((op) => {
            const c = rowChange(op, ++tag);
            record(op, tag);
            return { type: c.type, rowChange: c.bytes, condition: IGNORE };
          });
          const res = await call(server, 'BatchWriteRow', { tables: [{ tableName: table, rows }] });
          assert.ok(res.tables[0]!.rows.every((r) => r.isOk));
          if (step.single !== null) {
            const { op, expect } = step.single;
            const k = `key${op.key}/${op.sub}`;
            const c = rowChange(op, ++tag);
            const condition = { rowExistence: expect as 0 | 1 | 2 };
            const body =
              op.kind === 'put'
                ? messages.PutRowRequest.encode({ tableName: table, row: c.bytes, condition })
                : op.kind === 'update'
                  ? messages.UpdateRowRequest.encode({ tableName: table, rowChange: c.bytes, condition })
                  : messages.DeleteRowRequest.encode({ tableName: table, primaryKey: c.bytes, condition });
            const res1 = await rawCall(
              server,
              op.kind === 'put' ? 'PutRow' : op.kind === 'update' ? 'UpdateRow' : 'DeleteRow',
              body,
            );
            const shouldPass = expect === 0 || (expect === 1) === (exists.get(k) ?? false);
            assert.equal(res1.status === 200, shouldPass, `single ${op.kind} expect ${expect} on ${k}`);
            if (shouldPass) record(op, tag);
          }
        }
        assert.ok(total >= 10_000);
        let calls = 0;
        const records = await readStream(server, table, {
          shardLimit: 3,
          limit: () => [1, 7, 100, 1000][calls++ % 4]!,
        });
        assert.equal(records.length, total);
        const actual = new Map<string, string[]>();
        for (const r of records) {
          const pk = r.row.primaryKey;
          const k = `${String(pk[0]!.value)}/${String(pk[1]!.value)}`;
          actual.set(k, [...(actual.get(k) ?? []), describeRecord(r)]);
        }
        assert.deepEqual(actual, expected);
      },
    ),
    { numRuns: 3 },
  );
});
