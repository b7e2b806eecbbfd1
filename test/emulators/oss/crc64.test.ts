// CRC-64/XZ as OSS sends it in x-oss-hash-crc64ecma (spec 6): the check values and the update property that
// relates an appendable object's CRC to its appends.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { crc64, Crc64 } from '../../../src/emulators/oss';

test('spec 6 vectors: "123456789", "hello", "hello world" and the empty input', () => {
  assert.equal(crc64('123456789'), '11051210869376104954');
  assert.equal(new Crc64().update('123456789').value(), 0x995dc9bbdf1939fan);
  assert.equal(crc64('hello'), '11177612005948864433');
  assert.equal(crc64('hello world'), '5981764153023615706');
  assert.equal(crc64(''), '0');
});

test('continuing from a previous CRC gives the CRC of the concatenation (append/update property)', () => {
  assert.equal(crc64(' world', crc64('hello')), crc64('hello world'));
  const a = randomBytes(1000);
  const b = randomBytes(777);
  assert.equal(new Crc64(crc64(a)).update(b).toString(), crc64(Buffer.concat([a, b])));
  const chunked = new Crc64();
  for (let i = 0; i < a.length; i += 97) chunked.update(a.subarray(i, i + 97));
  assert.equal(chunked.toString(), crc64(a));
});
