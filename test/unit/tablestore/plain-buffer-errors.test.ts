// Malformed PlainBuffer: every defect must surface as a PlainBufferError carrying OTSParameterInvalid / HTTP 400,
// never as a crash, a hang or a silently wrong row.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  crc8,
  crc8Byte,
  decodeRow,
  decodeRows,
  encodeRow,
  INF_MIN,
  PlainBufferError,
  TablestoreError,
  type PlainBufferRow,
} from '../../../src/tablestore';

const ROW: PlainBufferRow = {
  primaryKey: [
    { name: 'pk1', value: 'a' },
    { name: 'pk2', value: 7n },
  ],
  attributes: [
    { name: 'c1', value: 'hello', timestamp: 1700000000000n },
    { name: 'c2', operation: 'DELETE_ONE_VERSION', timestamp: 1700000000000n },
    { name: 'c3', operation: 'DELETE_ALL_VERSION' },
  ],
  deleteMarker: false,
  sequenceInfo: { epoch: 3, timestamp: 1700000000000123n, rowIndex: 9 },
};
const BYTES = encodeRow(ROW);

function assertPlainBufferError(fn: () => unknown, message?: RegExp): PlainBufferError {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  assert.ok(caught instanceof PlainBufferError, `expected PlainBufferError, got ${String(caught)}`);
  assert.ok(caught instanceof TablestoreError);
  assert.equal(caught.code, 'OTSParameterInvalid');
  assert.equal(caught.httpStatus, 400);
  assert.equal(caught.retryable, false);
  if (message) assert.match(caught.message, message);
  return caught;
}

test('a flipped bit in a cell name, value or timestamp fails the cell checksum', () => {
  // Offsets inside: pk1's name, pk1's value, c1's timestamp.
  const nameAt = BYTES.indexOf(Buffer.from('pk1'));
  const valueAt = BYTES.indexOf(Buffer.from('hello'));
  const tsAt = BYTES.indexOf(Buffer.from('0068e5cf8b010000', 'hex'));
  for (const at of [nameAt, nameAt + 2, valueAt + 1, tsAt + 3]) {
    const corrupted = Buffer.from(BYTES);
    corrupted[at] = (corrupted[at] as number) ^ 0x10;
    assertPlainBufferError(() => decodeRow(corrupted), /^Cell data broken, checksum is mismatch$/);
  }
});

test('a wrong cell checksum byte is reported at its offset', () => {
  const corrupted = Buffer.from(BYTES);
  const at = BYTES.indexOf(0x0a, BYTES.indexOf(Buffer.from('pk1')));
  corrupted[at + 1] = (corrupted[at + 1] as number) ^ 0xff;
  const err = assertPlainBufferError(() => decodeRow(corrupted), /Cell data broken/);
  assert.equal(err.offset, at);
});

test('a wrong row checksum fails even when every cell checks out', () => {
  const corrupted = Buffer.from(BYTES);
  corrupted[corrupted.length - 1] = (corrupted[corrupted.length - 1] as number) ^ 0x01;
  assertPlainBufferError(() => decodeRow(corrupted), /Row data broken, checksum is mismatch/);
});

test('toggling the delete marker changes the expected row checksum', () => {
  const marked = encodeRow({ primaryKey: ROW.primaryKey, deleteMarker: true });
  // Drop the marker byte (0x08) but keep the checksum computed with it.
  const markerAt = marked.length - 3;
  assert.equal(marked[markerAt], 0x08);
  const unmarked = Buffer.concat([marked.subarray(0, markerAt), marked.subarray(markerAt + 1)]);
  assertPlainBufferError(() => decodeRow(unmarked), /Row data broken/);
});

test('every truncation of a valid row is rejected, never decoded', () => {
  for (let length = 1; length < BYTES.length; length++) {
    assertPlainBufferError(() => decodeRow(BYTES.subarray(0, length)));
  }
});

test('a row cut right before its checksum reports the missing checksum', () => {
  assertPlainBufferError(() => decodeRow(BYTES.subarray(0, BYTES.length - 2)), /^Invalid row: missing checksum\.$/);
});

test('a bad header, empty input and a header with no row are rejected by decodeRow', () => {
  const badHeader = Buffer.from(BYTES);
  badHeader[0] = 0x76;
  assertPlainBufferError(() => decodeRow(badHeader), /bad header/);
  assertPlainBufferError(() => decodeRow(Buffer.alloc(0)), /exactly one row, found 0/);
  assertPlainBufferError(() => decodeRow(Buffer.from('75000000', 'hex')), /exactly one row, found 0/);
  assert.deepEqual(decodeRows(Buffer.alloc(0)), []);
});

test('non-zero bytes after the row are rejected; zero padding is not', () => {
  assert.equal(decodeRow(Buffer.concat([BYTES, Buffer.alloc(7)])).attributes.length, 3);
  assertPlainBufferError(() => decodeRow(Buffer.concat([BYTES, Buffer.from([0x00, 0x05])])));
  // A second complete row is a multi-row buffer, not a single row.
  const two = Buffer.concat([BYTES, BYTES.subarray(4)]);
  assertPlainBufferError(() => decodeRow(two), /exactly one row, found 2/);
  assert.equal(decodeRows(two).length, 2);
});

test('a value length that disagrees with the value is rejected although no checksum covers it', () => {
  const corrupted = Buffer.from(BYTES);
  const vlenAt = BYTES.indexOf(Buffer.from('0506000000', 'hex')) + 1; // pk1 = "a": vlen 6
  corrupted.writeInt32LE(7, vlenAt);
  assertPlainBufferError(() => decodeRow(corrupted), /value length 7/);
});

test('negative and oversized lengths are rejected without allocating', () => {
  const corrupted = Buffer.from(BYTES);
  const nameLengthAt = BYTES.indexOf(Buffer.from('pk1')) - 4;
  corrupted.writeInt32LE(-1, nameLengthAt);
  assertPlainBufferError(() => decodeRow(corrupted), /length -1/);
  corrupted.writeInt32LE(0x7fffffff, nameLengthAt);
  assertPlainBufferError(() => decodeRow(corrupted), /exceeds the data/);
});

test('unknown value types, NULL values and unknown op bytes are rejected', () => {
  const nullValue = Buffer.from(BYTES);
  const vtypeAt = BYTES.indexOf(Buffer.from('0506000000', 'hex')) + 5;
  nullValue[vtypeAt] = 0x06;
  assertPlainBufferError(() => decodeRow(nullValue), /unsupported value type 0x06/);

  const unknownOp = Buffer.from(BYTES);
  const opAt = BYTES.indexOf(Buffer.from('0603', 'hex')) + 1;
  unknownOp[opAt] = 0x02;
  assertPlainBufferError(() => decodeRow(unknownOp), /unknown cell operation 0x02/);
});

/** Hand-assembles a cell with a correct checksum (spec 3.7), so that only the rule under test is broken. */
function rawCell(name: string, parts: { value?: string; op?: number; ts?: bigint; tsBeforeOp?: boolean }): Buffer {
  const nameBytes = Buffer.from(name);
  const value = parts.value === undefined ? undefined : Buffer.from(parts.value, 'hex');
  const ts = parts.ts === undefined ? undefined : Buffer.alloc(8);
  if (ts !== undefined) ts.writeBigInt64LE(parts.ts as bigint);
  let crc = crc8(nameBytes);
  if (value) crc = crc8(value, crc);
  if (ts) crc = crc8(ts, crc);
  if (parts.op !== undefined) crc = crc8Byte(crc, parts.op);
  const len = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeInt32LE(n);
    return b;
  };
  const opBytes = parts.op === undefined ? [] : [Buffer.from([0x06, parts.op])];
  const tsBytes = ts === undefined ? [] : [Buffer.from([0x07]), ts];
  return Buffer.concat([
    Buffer.from([0x03, 0x04]),
    len(nameBytes.length),
    nameBytes,
    ...(value ? [Buffer.from([0x05]), len(value.length), value] : []),
    ...(parts.tsBeforeOp ? [...tsBytes, ...opBytes] : [...opBytes, ...tsBytes]),
    Buffer.from([0x0a, crc]),
  ]);
}

/** Hand-assembles a one-row buffer with a correct row checksum. */
function rawRow(pk: Buffer[], attributes: Buffer[]): Buffer {
  let crc = 0;
  for (const cell of [...pk, ...attributes]) crc = crc8Byte(crc, cell[cell.length - 1] as number);
  crc = crc8Byte(crc, 0);
  return Buffer.concat([
    Buffer.from('7500000001', 'hex'),
    ...pk,
    ...(attributes.length > 0 ? [Buffer.from([0x02]), ...attributes] : []),
    Buffer.from([0x09, crc]),
  ]);
}

const PK = rawCell('k', { value: '000300000000000000' }); // INTEGER 3

test('the hand assembler agrees with the encoder, so the rule tests below break one rule only', () => {
  const ours = encodeRow({
    primaryKey: [{ name: 'k', value: 3n }],
    attributes: [{ name: 'c', operation: 'DELETE_ONE_VERSION', timestamp: 5n }],
  });
  assert.equal(rawRow([PK], [rawCell('c', { op: 0x03, ts: 5n })]).toString('hex'), ours.toString('hex'));
});

test('the decoder rejects primary-key cells of attribute-only types or with timestamp or operation', () => {
  const doublePk = rawCell('k', { value: '01000000000000f83f' });
  assertPlainBufferError(() => decodeRow(rawRow([doublePk], [])), /can not be used as primary key/);
  const boolPk = rawCell('k', { value: '0201' });
  assertPlainBufferError(() => decodeRow(rawRow([boolPk], [])), /can not be used as primary key/);
  const stampedPk = rawCell('k', { value: '000300000000000000', ts: 1n });
  assertPlainBufferError(() => decodeRow(rawRow([stampedPk], [])), /carries a timestamp/);
  const opPk = rawCell('k', { value: '000300000000000000', op: 0x01 });
  assertPlainBufferError(() => decodeRow(rawRow([opPk], [])), /carries a cell operation/);
  assertPlainBufferError(() => decodeRow(rawRow([rawCell('k', {})], [])), /has no value/);
});

test('the decoder enforces the attribute cell rules of spec 3.5', () => {
  const cases: Array<[Buffer, RegExp]> = [
    [rawCell('c', { value: '09' }), /allowed in primary keys only/],
    [rawCell('c', { op: 0x01, ts: 1n }), /deletes all versions but carries a timestamp/],
    [rawCell('c', { op: 0x01, value: '0201' }), /deletes all versions but carries a value/],
    [rawCell('c', { op: 0x03 }), /deletes one version but has no timestamp/],
    [rawCell('c', { op: 0x04, value: '0201' }), /INTEGER/],
    [rawCell('c', {}), /neither a value/],
    // Timestamp before op: every SDK reads the parts in wire order only.
    [rawCell('c', { op: 0x03, ts: 1n, tsBeforeOp: true }), /found tag 0x06/],
  ];
  for (const [cell, message] of cases) assertPlainBufferError(() => decodeRow(rawRow([PK], [cell])), message);
});

test('the encoder enforces the same rules', () => {
  assertPlainBufferError(
    () => encodeRow({ primaryKey: [{ name: 'k', value: 1.5 as unknown as bigint }] }),
    /double can not be used as primary key/,
  );
  assertPlainBufferError(
    () => encodeRow({ primaryKey: [], attributes: [{ name: 'c', value: 'v', operation: 'DELETE_ALL_VERSION' }] }),
    /deletes all versions but carries a value/,
  );
  assertPlainBufferError(
    () => encodeRow({ primaryKey: [], attributes: [{ name: 'c', operation: 'DELETE_ALL_VERSION', timestamp: 1n }] }),
    /deletes all versions but carries a timestamp/,
  );
  assertPlainBufferError(
    () => encodeRow({ primaryKey: [], attributes: [{ name: 'c', operation: 'DELETE_ONE_VERSION' }] }),
    /deletes one version but has no timestamp/,
  );
  assertPlainBufferError(
    () => encodeRow({ primaryKey: [], attributes: [{ name: 'c', operation: 'INCREMENT', value: 1.5 }] }),
    /INTEGER/,
  );
  assertPlainBufferError(() => encodeRow({ primaryKey: [], attributes: [{ name: 'c' }] }), /neither a value/);
  assertPlainBufferError(
    () => encodeRow({ primaryKey: [], attributes: [{ name: 'c', value: INF_MIN as unknown as string }] }),
    /placeholder/,
  );
});

test('TAG_ROW_DATA must be followed by at least one cell (grammar: cell+)', () => {
  // Without this rule, turning TAG_ROW_PK (0x01) into TAG_ROW_DATA (0x02) in a cell-less row would go unnoticed.
  assertPlainBufferError(() => decodeRow(Buffer.from('7500000002080907', 'hex')), /expected an attribute cell/);
  assert.equal(decodeRow(Buffer.from('7500000001080907', 'hex')).deleteMarker, true);
});

test('values of unsupported JavaScript types are refused by the encoder', () => {
  for (const value of [null, undefined, {}, Symbol('x')]) {
    assertPlainBufferError(() => encodeRow({ primaryKey: [{ name: 'k', value: value as unknown as string }] }));
  }
});

test('unknown extension sub-tags are skipped by their length, as the Java SDK does', () => {
  const bytes = encodeRow({
    primaryKey: [{ name: 'k', value: 3n }],
    sequenceInfo: { epoch: 1, timestamp: 2n, rowIndex: 3 },
  });
  const extAt = bytes.length - 2 - 29; // TAG_EXTENSION, elen, 24 bytes of sequence info; then the row checksum
  assert.equal(bytes[extAt], 0x0b);
  const unknownItem = Buffer.from('2003000000aabbcc', 'hex'); // sub-tag 0x20, length 3
  const ext = bytes.subarray(extAt, bytes.length - 2);
  const grown = Buffer.from(ext);
  grown.writeInt32LE(ext.readInt32LE(1) + unknownItem.length, 1);
  const patched = Buffer.concat([bytes.subarray(0, extAt), grown, unknownItem, bytes.subarray(bytes.length - 2)]);
  assert.deepEqual(decodeRow(patched).sequenceInfo, { epoch: 1, timestamp: 2n, rowIndex: 3 });
  // An extension length that does not cover its items is corruption.
  const short = Buffer.from(patched);
  short.writeInt32LE(ext.readInt32LE(1) - 1, extAt + 1);
  assertPlainBufferError(() => decodeRow(short));
});

test('the encoder rejects integers and timestamps outside 64 bits and sequence fields outside 32 bits', () => {
  assertPlainBufferError(() => encodeRow({ primaryKey: [{ name: 'k', value: 1n << 63n }] }), /64-bit/);
  assertPlainBufferError(
    () => encodeRow({ primaryKey: [], attributes: [{ name: 'c', value: 1n, timestamp: -(1n << 64n) }] }),
    /64-bit/,
  );
  assertPlainBufferError(
    () => encodeRow({ primaryKey: [], sequenceInfo: { epoch: 2 ** 31, timestamp: 0n, rowIndex: 0 } }),
    /32-bit/,
  );
});

test('random garbage never escapes as anything but a PlainBufferError', () => {
  let seed = 42;
  const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
  for (let i = 0; i < 2000; i++) {
    const garbage = Buffer.alloc(4 + (next() % 60));
    garbage.writeUInt32LE(0x75, 0);
    for (let j = 4; j < garbage.length; j++) garbage[j] = next() % 18; // mostly valid tag bytes
    try {
      decodeRows(garbage);
    } catch (err) {
      assert.ok(err instanceof PlainBufferError, `input ${garbage.toString('hex')} threw ${String(err)}`);
    }
  }
});
