// The record stream of spec §5.5, byte for byte: both records, record CRCs, total CRC, the single-record block and the empty block.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Crc32c, RecordStreamWriter, decodeRecordStream } from '../../../src/maxcompute';
import { EXAMPLE_COLUMNS, EXAMPLE_HEX, EXAMPLE_RECORD_1, EXAMPLE_RECORD_2, padded } from './fixtures';

test('§5.5: the two-record example encodes to the 84 bytes of the spec', () => {
  const writer = new RecordStreamWriter(EXAMPLE_COLUMNS);
  writer.write(EXAMPLE_RECORD_1);
  writer.write(EXAMPLE_RECORD_2);
  assert.equal(writer.recordCount, 2);
  assert.equal(writer.byteLength, 84 - 14, 'byteLength excludes the 14-byte footer');
  const body = writer.finish();
  assert.equal(body.length, 84);
  assert.equal(body.toString('hex'), EXAMPLE_HEX);
});

test('§5.5: record CRCs 0x92C61183 / 0xA853B342 end the records and total 0x456B5A0A is their CRC', () => {
  const body = Buffer.from(EXAMPLE_HEX, 'hex');
  // end-of-record tag, then uint32(record CRC)
  assert.equal(body.subarray(48, 57).toString('hex'), '80c0ff7f83a3989609');
  assert.equal(body.subarray(61, 70).toString('hex'), '80c0ff7fc2e6cec20a');
  assert.equal(new Crc32c().updateInt32(0x92c61183).updateInt32(0xa853b342).value, 0x456b5a0a);
  assert.equal(body.subarray(75).toString('hex'), 'f8ffff7f8ab4adab04');
});

test('§5.5: record 1 alone ends with count 1 and total CRC f0ffff7f02 f8ffff7f9a8ab89c0b', () => {
  const writer = new RecordStreamWriter(EXAMPLE_COLUMNS);
  writer.write(EXAMPLE_RECORD_1);
  const body = writer.finish();
  const expected = EXAMPLE_HEX.slice(0, 57 * 2) + 'f0ffff7f02f8ffff7f9a8ab89c0b';
  assert.equal(body.toString('hex'), expected);
});

test('§5.5: the example decodes back to its values, NULLs included', () => {
  const rows = decodeRecordStream(Buffer.from(EXAMPLE_HEX, 'hex'), EXAMPLE_COLUMNS);
  assert.deepEqual(rows, [padded(EXAMPLE_RECORD_1, 10), padded(EXAMPLE_RECORD_2, 10)]);
});

test('§5.2: an empty block is just the footer, and decodes to no records', () => {
  const body = new RecordStreamWriter(EXAMPLE_COLUMNS).finish();
  assert.equal(body.toString('hex'), 'f0ffff7f00f8ffff7f00');
  assert.deepEqual(decodeRecordStream(body, EXAMPLE_COLUMNS), []);
});

test('a record of all NULLs is just end-of-record with the CRC of nothing', () => {
  const writer = new RecordStreamWriter(EXAMPLE_COLUMNS);
  writer.write([]);
  writer.write([null, null]);
  const body = writer.finish();
  assert.equal(body.subarray(0, 10).toString('hex'), '80c0ff7f0080c0ff7f00');
  assert.deepEqual(decodeRecordStream(body, EXAMPLE_COLUMNS), [padded([], 10), padded([], 10)]);
});

test('the writer cannot be used after finish()', () => {
  const writer = new RecordStreamWriter(EXAMPLE_COLUMNS);
  writer.finish();
  assert.throws(() => writer.write([1n]), /finish/);
  assert.throws(() => writer.finish(), /finish/);
});

test('growing past the initial buffer keeps every byte (large strings and many records)', () => {
  const columns = [
    { name: 's', type: 'string' },
    { name: 'b', type: 'binary' },
  ];
  const big = 'é'.repeat(100_000);
  const bytes = new Uint8Array(70_000).map((_, i) => i & 0xff);
  const writer = new RecordStreamWriter(columns);
  for (let i = 0; i < 3; i++) writer.write([big, bytes]);
  for (let i = 0; i < 5000; i++) writer.write([`r${i}`]);
  const rows = decodeRecordStream(writer.finish(), columns);
  assert.equal(rows.length, 5003);
  assert.equal(rows[0]?.[0], big);
  assert.deepEqual(rows[2]?.[1], bytes);
  assert.deepEqual(rows[5002], ['r4999', null]);
});
