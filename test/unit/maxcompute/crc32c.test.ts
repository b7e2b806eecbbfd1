// CRC-32C (spec §5.4): check value, chaining, incremental use, and agreement of the slicing-by-8 path with a bitwise reference.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { Crc32c, crc32c } from '../../../src/maxcompute';

function reference(data: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of data) {
    c ^= byte;
    for (let bit = 0; bit < 8; bit++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
  }
  return ~c >>> 0;
}

test('crc32c("123456789") is the check value 0xE3069283', () => {
  assert.equal(crc32c(Buffer.from('123456789', 'ascii')), 0xe3069283);
});

test('crc32c of nothing is 0, and results are unsigned', () => {
  assert.equal(crc32c(new Uint8Array(0)), 0);
  assert.ok(crc32c(Buffer.from([0xff, 0xff, 0xff, 0xff])) >= 0);
});

test('crc32c equals a bitwise reference for any input and splits into chained or incremental updates', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 200 }), fc.nat(), (data, cut) => {
      const at = data.length === 0 ? 0 : cut % (data.length + 1);
      const whole = crc32c(data);
      assert.equal(whole, reference(data));
      assert.equal(crc32c(data.subarray(at), crc32c(data.subarray(0, at))), whole);
      const inc = new Crc32c().update(data, 0, at).update(data, at);
      assert.equal(inc.value, whole);
      assert.equal(inc.value, whole, 'reading the value does not reset the state');
      inc.reset();
      assert.equal(inc.value, 0);
    }),
  );
});

test('Crc32c.updateInt32 feeds the 4 little-endian bytes', () => {
  for (const v of [0, 1, 0x12345678, 0x92c61183, -1, -(2 ** 31)]) {
    const bytes = Buffer.alloc(4);
    bytes.writeUInt32LE(v >>> 0);
    assert.equal(new Crc32c().updateInt32(v).value, crc32c(bytes));
  }
});
