// Column type names (spec §7.1) and their wire kinds (§5.3).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UnsupportedTypeError, parseTypeName, wireKindOf } from '../../../src/maxcompute';

test('parseTypeName: base lower-cased, arguments as numbers, case- and space-insensitive', () => {
  assert.deepEqual(parseTypeName('decimal(10,2)'), { base: 'decimal', args: [10, 2] });
  assert.deepEqual(parseTypeName(' DECIMAL( 38 , 18 ) '), { base: 'decimal', args: [38, 18] });
  assert.deepEqual(parseTypeName('VARCHAR(20)'), { base: 'varchar', args: [20] });
  assert.deepEqual(parseTypeName('bigint'), { base: 'bigint', args: [] });
  assert.deepEqual(parseTypeName('Timestamp_NTZ'), { base: 'timestamp_ntz', args: [] });
  assert.deepEqual(parseTypeName('array<bigint>'), { base: 'array', args: [] });
  assert.throws(() => parseTypeName('decimal(10,'), UnsupportedTypeError);
  assert.throws(() => parseTypeName(''), UnsupportedTypeError);
});

test('wireKindOf maps every supported type', () => {
  const expected: Record<string, string> = {
    bigint: 'sint64',
    int: 'sint64',
    smallint: 'sint64',
    tinyint: 'sint64',
    datetime: 'sint64',
    date: 'sint64',
    boolean: 'bool',
    double: 'double',
    float: 'float',
    string: 'bytes',
    'varchar(20)': 'bytes',
    'char(5)': 'bytes',
    json: 'bytes',
    decimal: 'bytes',
    'decimal(10,2)': 'bytes',
    binary: 'bytes',
    timestamp: 'timestamp',
    timestamp_ntz: 'timestamp',
    BIGINT: 'sint64',
  };
  for (const [type, kind] of Object.entries(expected)) assert.equal(wireKindOf(type), kind, type);
});

test('wireKindOf throws UnsupportedTypeError for complex, interval and unknown types', () => {
  for (const type of [
    'array<int>',
    'map<string,string>',
    'struct<a:int>',
    'interval_day_time',
    'interval_year_month',
    'uuid',
    'varchar',
  ]) {
    assert.throws(() => wireKindOf(type), UnsupportedTypeError, type);
  }
});
