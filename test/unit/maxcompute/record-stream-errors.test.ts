// Rejections: the decoder's MalformedDataStream / CorruptedDataStream cases (spec §5.2, §5.4) and the writer's
// RecordValueError / UnsupportedTypeError, with data-free messages and no partial records left behind.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  RecordStreamError,
  RecordStreamWriter,
  RecordValueError,
  UnsupportedTypeError,
  decodeRecordStream,
  type TunnelColumn,
  type TunnelValue,
} from '../../../src/maxcompute';
import { EXAMPLE_COLUMNS, EXAMPLE_HEX } from './fixtures';

const EXAMPLE = Buffer.from(EXAMPLE_HEX, 'hex');
const FOOTER_0 = 'f0ffff7f00f8ffff7f00';

function rejects(
  body: Uint8Array | string,
  code: RecordStreamError['code'],
  columns = EXAMPLE_COLUMNS,
): RecordStreamError {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'hex') : body;
  let caught: unknown;
  try {
    decodeRecordStream(bytes, columns);
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof RecordStreamError, `expected a RecordStreamError, got ${String(caught)}`);
  assert.equal(caught.code, code, caught.message);
  return caught;
}

function withByte(at: number, value: number): Buffer {
  const copy = Buffer.from(EXAMPLE);
  copy[at] = value;
  return copy;
}

test('a flipped byte in a value, a record CRC or the total CRC → CorruptedDataStream', () => {
  rejects(withByte(6, 0x64), 'CorruptedDataStream'); // "abc" → "abd"
  rejects(withByte(15, 0x40), 'CorruptedDataStream'); // 1.5 → 2.5 (double's top byte 3f → 40)
  rejects(withByte(17, 0x00), 'CorruptedDataStream'); // true → false
  rejects(withByte(53, 0x84), 'CorruptedDataStream'); // record 1 CRC
  rejects(withByte(83, 0x05), 'CorruptedDataStream'); // total CRC
});

test('a footer count that disagrees with the records → CorruptedDataStream', () => {
  rejects(withByte(74, 0x06), 'CorruptedDataStream'); // count 3
  rejects(withByte(74, 0x02), 'CorruptedDataStream'); // count 1
  rejects(withByte(74, 0x03), 'CorruptedDataStream'); // count -2
});

test('every truncation of the example → MalformedDataStream', () => {
  for (let length = 0; length < EXAMPLE.length; length++) {
    const error = rejects(EXAMPLE.subarray(0, length), 'MalformedDataStream');
    assert.ok(error.offset <= length);
  }
});

test('bytes after the footer → MalformedDataStream', () => {
  rejects(Buffer.concat([EXAMPLE, Buffer.from([0])]), 'MalformedDataStream');
  rejects(FOOTER_0 + FOOTER_0, 'MalformedDataStream');
});

test('a wire type that does not match the column type → MalformedDataStream', () => {
  rejects(withByte(0, 0x09), 'MalformedDataStream'); // bigint field as fixed64
  rejects(withByte(2, 0x10), 'MalformedDataStream'); // string field as varint
  rejects(withByte(7, 0x1a), 'MalformedDataStream'); // double field as length-delimited
  rejects('0d0000803f' + '80c0ff7f00' + FOOTER_0, 'MalformedDataStream', [{ name: 'f', type: 'double' }]);
});

test('an unknown field number → MalformedDataStream', () => {
  rejects('5802' + '80c0ff7f00' + FOOTER_0, 'MalformedDataStream'); // field 11 of 10 columns
  rejects('0002' + '80c0ff7f00' + FOOTER_0, 'MalformedDataStream'); // field 0
  rejects('80c0ff7e00' + FOOTER_0, 'MalformedDataStream'); // a large non-magic field number
});

test('structural errors → MalformedDataStream', () => {
  rejects('', 'MalformedDataStream');
  rejects('0802' + FOOTER_0, 'MalformedDataStream'); // footer inside an unfinished record
  rejects('f8ffff7f00', 'MalformedDataStream'); // checksum without count
  rejects('f0ffff7f00' + '0802', 'MalformedDataStream'); // count not followed by checksum
  rejects('f1ffff7f00f8ffff7f00', 'MalformedDataStream'); // count with wire type 1
  rejects('08020804' + '80c0ff7f00' + FOOTER_0, 'MalformedDataStream'); // field 1 twice in one record
  rejects('08ffffffffffffffffff7f' + '80c0ff7f00' + FOOTER_0, 'MalformedDataStream'); // varint over 64 bits
  rejects('1205616263' + '80c0ff7f00' + FOOTER_0, 'MalformedDataStream'); // length past the end of the data
});

test('values the column type cannot hold → MalformedDataStream', () => {
  const narrow: TunnelColumn[] = [
    { name: 'i', type: 'int' },
    { name: 'b', type: 'boolean' },
    { name: 'd', type: 'decimal(10,2)' },
    { name: 't', type: 'timestamp' },
  ];
  rejects('088080808010' + '80c0ff7f00' + FOOTER_0, 'MalformedDataStream', narrow); // 2^31
  rejects('1002' + '80c0ff7f00' + FOOTER_0, 'MalformedDataStream', narrow); // boolean byte 2
  rejects('1a03616263' + '80c0ff7f00' + FOOTER_0, 'MalformedDataStream', narrow); // decimal "abc"
  rejects('220080a8d6b907' + '80c0ff7f00' + FOOTER_0, 'MalformedDataStream', narrow); // nanos 1e9
  rejects('220001' + '80c0ff7f00' + FOOTER_0, 'MalformedDataStream', narrow); // nanos -1
});

test('the writer rejects values whose JS type does not fit, naming the column but never the value', () => {
  const writer = new RecordStreamWriter(EXAMPLE_COLUMNS);
  const cases: Array<[TunnelValue[], number]> = [
    [['SECRET-VALUE'], 0],
    [[1], 0],
    [[1n, 7], 1],
    [[1n, 'x', 1n], 2],
    [[1n, 'x', 1, 'yes'], 3],
    [[1n, 'x', 1, true, new Date(0) as unknown as TunnelValue], 4],
    [[null, null, null, null, null, 12.34], 5],
    [[null, null, null, null, null, 'SECRET-VALUE'], 5],
    [[null, null, null, null, null, null, new Uint8Array(1)], 6],
    [[null, null, null, null, null, null, null, 1], 7],
    [[null, null, null, null, null, null, null, null, 1700000000000n], 8],
    [[null, null, null, null, null, null, null, null, { seconds: 1n, nanos: 1_000_000_000 }], 8],
    [[null, null, null, null, null, null, null, null, { seconds: 1n, nanos: -1 }], 8],
    [[null, null, null, null, null, null, null, null, { seconds: 1n, nanos: 0.5 }], 8],
    [[null, null, null, null, null, null, null, null, { seconds: 1, nanos: 0 } as unknown as TunnelValue], 8],
    [[null, null, null, null, null, null, null, null, null, 1n << 31n], 9],
    [[null, null, null, null, null, null, null, null, null, -(1n << 31n) - 1n], 9],
    [[1n << 63n], 0],
  ];
  for (const [values, index] of cases) {
    assert.throws(
      () => writer.write(values),
      (error: unknown) => {
        assert.ok(error instanceof RecordValueError);
        assert.equal(error.columnIndex, index);
        assert.equal(error.columnName, EXAMPLE_COLUMNS[index]?.name);
        assert.equal(error.columnType, EXAMPLE_COLUMNS[index]?.type);
        assert.match(error.message, new RegExp(`column ${index + 1} '${EXAMPLE_COLUMNS[index]?.name}'`));
        assert.doesNotMatch(error.message, /SECRET|1700000000000|12\.34/);
        return true;
      },
    );
  }
  assert.throws(() => writer.write(new Array<TunnelValue>(11).fill(null)), RecordValueError);
  assert.equal(writer.recordCount, 0);
  assert.equal(writer.finish().toString('hex'), FOOTER_0);
});

test('narrow integer ranges are enforced by the writer: tinyint, smallint, int', () => {
  const columns = [
    { name: 'a', type: 'tinyint' },
    { name: 'b', type: 'smallint' },
  ];
  const writer = new RecordStreamWriter(columns);
  writer.write([-128n, -32768n]);
  writer.write([127n, 32767n]);
  assert.throws(() => writer.write([128n]), RecordValueError);
  assert.throws(() => writer.write([0n, -32769n]), RecordValueError);
  assert.deepEqual(decodeRecordStream(writer.finish(), columns), [
    [-128n, -32768n],
    [127n, 32767n],
  ]);
});

test('a rejected record leaves no bytes and no CRC state behind', () => {
  const good1: TunnelValue[] = [1n, 'abc', 1.5];
  const bad: TunnelValue[] = [2n, 'long enough to move the write position', 1.5, 'not a boolean'];
  const good2: TunnelValue[] = [-1n, ''];
  const clean = new RecordStreamWriter(EXAMPLE_COLUMNS);
  clean.write(good1);
  clean.write(good2);
  const dirty = new RecordStreamWriter(EXAMPLE_COLUMNS);
  dirty.write(good1);
  const before = dirty.byteLength;
  assert.throws(() => dirty.write(bad), RecordValueError);
  assert.equal(dirty.byteLength, before);
  dirty.write(good2);
  assert.equal(dirty.finish().toString('hex'), clean.finish().toString('hex'));
});

test('unsupported column types are rejected when the writer or decoder is built', () => {
  for (const type of [
    'array<bigint>',
    'map<string,bigint>',
    'struct<a:int,b:string>',
    'interval_day_time',
    'interval_year_month',
    'varchar',
    'decimal(1,2,3)',
    'bigint(10)',
    'no_such_type',
    'decimal(10,',
    '',
  ]) {
    assert.throws(() => new RecordStreamWriter([{ name: 'c', type }]), UnsupportedTypeError, type);
    assert.throws(() => decodeRecordStream(Buffer.from(FOOTER_0, 'hex'), [{ name: 'c', type }]), UnsupportedTypeError);
  }
});
