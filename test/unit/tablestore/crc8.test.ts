// CRC-8 of PlainBuffer checksums: check values of spec 3.6.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { crc8, crc8Byte, crc8Range } from '../../../src/tablestore';

test('crc8 of ASCII "123456789" is the CRC-8 check value 0xF4', () => {
  assert.equal(crc8(Buffer.from('123456789', 'ascii')), 0xf4);
});

test('crc8 table entries match the spec: T[0x01]=0x07, T[0x80]=0x89, T[0xFF]=0xF3', () => {
  // With crc = 0, crc8Byte(0, i) is exactly T[i].
  assert.equal(crc8Byte(0, 0x01), 0x07);
  assert.equal(crc8Byte(0, 0x80), 0x89);
  assert.equal(crc8Byte(0, 0xff), 0xf3);
  assert.equal(crc8Byte(0, 0x00), 0x00);
});

test('crc8 over an empty input is the initial value', () => {
  assert.equal(crc8(new Uint8Array(0)), 0);
  assert.equal(crc8(new Uint8Array(0), 0x5a), 0x5a);
});

test('crc8Range over a slice equals crc8 of the copied slice, and chaining equals one pass', () => {
  const data = Buffer.from('the quick brown fox jumps over the lazy dog');
  assert.equal(crc8Range(0, data, 4, 9), crc8(data.subarray(4, 9)));
  assert.equal(crc8(data.subarray(10), crc8(data.subarray(0, 10))), crc8(data));
  let byteByByte = 0;
  for (const byte of data) byteByByte = crc8Byte(byteByByte, byte);
  assert.equal(byteByByte, crc8(data));
});

test('crc8 detects every single-bit flip of a short message', () => {
  const data = Buffer.from('cell-name');
  const original = crc8(data);
  for (let i = 0; i < data.length * 8; i++) {
    const flipped = Buffer.from(data);
    flipped[i >> 3] = (flipped[i >> 3] as number) ^ (1 << (i & 7));
    assert.notEqual(crc8(flipped), original, `bit ${i}`);
  }
});
