// Cross-checks against the npm `tablestore` SDK (a real client of the service): its PlainBuffer writer and its
// request signer must agree with ours, except for the npm writer's trailing zero padding (spec 3.9).
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import {
  buildRequestHeaders,
  decodeRow,
  encodePrimaryKey,
  encodeRow,
  INF_MAX,
  INF_MIN,
  verifyRequestSignature,
} from '../../../src/tablestore';

/* eslint-disable @typescript-eslint/no-explicit-any -- the npm SDK ships no type declarations */
const TableStore: any = createRequire(__filename)('tablestore');
const long = (n: number): unknown => TableStore.Long.fromNumber(n);

/** The npm writer's output with its zero padding removed; fails if anything but zeros was appended. */
function withoutPadding(bytes: Buffer, exact: Buffer): Buffer {
  assert.ok(bytes.length >= exact.length, 'npm output shorter than ours');
  assert.ok(
    bytes.subarray(exact.length).every((b) => b === 0),
    'npm output has non-zero bytes after the row',
  );
  return bytes.subarray(0, exact.length);
}

test('npm SDK PutRow bytes equal ours and decode to the same row', () => {
  const npm: Buffer = TableStore.PlainBufferBuilder.serializeForPutRow(
    [{ pk1: 'a' }, { pk2: long(7) }],
    [
      { c1: 'hello' },
      { c2: long(42), timestamp: 1700000000000 },
      { c3: 1.5 },
      { c4: true },
      { c5: Buffer.from([1, 2, 3]) },
    ],
  );
  const ours = encodeRow({
    primaryKey: [
      { name: 'pk1', value: 'a' },
      { name: 'pk2', value: 7n },
    ],
    attributes: [
      { name: 'c1', value: 'hello' },
      { name: 'c2', value: 42n, timestamp: 1700000000000n },
      { name: 'c3', value: 1.5 },
      { name: 'c4', value: true },
      { name: 'c5', value: Buffer.from([1, 2, 3]) },
    ],
  });
  assert.equal(withoutPadding(npm, ours).toString('hex'), ours.toString('hex'));
  assert.deepEqual(decodeRow(npm), decodeRow(ours));
});

test('npm SDK UpdateRow bytes (put, delete one version, delete all, increment) equal ours', () => {
  const npm: Buffer = TableStore.PlainBufferBuilder.serializeForUpdateRow(
    [{ id: 'u1' }],
    [
      { PUT: [{ c1: 'x' }, { c2: long(5), timestamp: 1700000000000 }] },
      { DELETE: [{ c3: 1699999999999 }] },
      { DELETE_ALL: ['c4'] },
      { INCREMENT: [{ c5: long(-3) }] },
    ],
  );
  const ours = encodeRow({
    primaryKey: [{ name: 'id', value: 'u1' }],
    attributes: [
      { name: 'c1', value: 'x' },
      { name: 'c2', value: 5n, timestamp: 1700000000000n },
      { name: 'c3', operation: 'DELETE_ONE_VERSION', timestamp: 1699999999999n },
      { name: 'c4', operation: 'DELETE_ALL_VERSION' },
      { name: 'c5', operation: 'INCREMENT', value: -3n },
    ],
  });
  assert.equal(withoutPadding(npm, ours).toString('hex'), ours.toString('hex'));
  assert.deepEqual(decodeRow(npm), decodeRow(ours));
});

test('npm SDK DeleteRow and primary-key bytes equal ours, INF and AUTO_INCREMENT included', () => {
  const pk = [
    { name: 'pk1', value: 'k' },
    { name: 'pk2', value: -1n },
  ] as const;
  const npmDelete: Buffer = TableStore.PlainBufferBuilder.serializeForDeleteRow([{ pk1: 'k' }, { pk2: long(-1) }]);
  const oursDelete = encodePrimaryKey([...pk], { deleteMarker: true });
  assert.equal(withoutPadding(npmDelete, oursDelete).toString('hex'), oursDelete.toString('hex'));

  const npmKey: Buffer = TableStore.PlainBufferBuilder.serializePrimaryKey([
    { a: TableStore.INF_MIN },
    { b: TableStore.INF_MAX },
    { c: TableStore.PK_AUTO_INCR },
    { d: Buffer.from('bin') },
  ]);
  const oursKey = encodePrimaryKey([
    { name: 'a', value: INF_MIN },
    { name: 'b', value: INF_MAX },
    { name: 'c', value: { special: 'AUTO_INCREMENT' } },
    { name: 'd', value: Buffer.from('bin') },
  ]);
  assert.equal(withoutPadding(npmKey, oursKey).toString('hex'), oursKey.toString('hex'));
  assert.ok(npmKey.length > oursKey.length, 'the npm SDK pads INF/AUTO_INCREMENT keys (spec 3.9)');
  assert.deepEqual(decodeRow(npmKey).primaryKey, decodeRow(oursKey).primaryKey);
});

test('npm SDK Signer and buildRequestHeaders produce the same signature for the same request', () => {
  const date = new Date('2024-01-02T03:04:05.678Z');
  const body = Buffer.from('0a04746573741001', 'hex');
  const ours = buildRequestHeaders({
    action: 'GetRow',
    body,
    instanceName: 'inst1',
    credentials: { accessKeyId: 'testAK', accessKeySecret: 'testSecret' },
    date,
  });
  const request = {
    path: '/GetRow',
    method: 'POST',
    headers: {
      'x-ots-apiversion': '2015-12-31',
      'x-ots-instancename': 'inst1',
      'x-ots-contentmd5': ours['x-ots-contentmd5'],
    } as Record<string, string>,
  };
  new TableStore.Signer(request).addAuthorization({ accessKeyId: 'testAK', secretAccessKey: 'testSecret' }, date);
  assert.equal(request.headers['x-ots-signature'], ours['x-ots-signature']);
  assert.equal(request.headers['x-ots-date'], ours['x-ots-date']);
  assert.ok(verifyRequestSignature('GetRow', request.headers, 'testSecret'));
});
