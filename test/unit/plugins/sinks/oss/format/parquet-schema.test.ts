import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import {
  createEncoderFactory,
  OssFormatConfigError,
  type ObjectEncoder,
} from '../../../../../../src/plugins/sinks/oss/format';
import type { LineValue } from '../../../../../../src/plugins/types';
import { ossConfig } from './config';

const zone = { timeZone: 'Asia/Shanghai' };

function arrayBuffer(buf: Buffer): ArrayBuffer {
  return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
}

describe('parquetSchema', () => {
  const column = [{ name: 'unused', type: 'string' }];

  function encoderFor(parquetSchema: string): ObjectEncoder {
    const config = ossConfig({ fileFormat: 'parquet', columnar: { column, parquetSchema, ossBlockSizeMb: 16 } });
    return createEncoderFactory(config, zone).newObject();
  }

  it('defines the schema instead of column, required fields included', async () => {
    const encoder = encoderFor(`message hive_schema {
      required int64 id;
      optional binary name (UTF8);
      optional fixed_len_byte_array(5) amount (DECIMAL(10,2));
      optional int32 day (DATE);
      optional int64 at (TIMESTAMP_MICROS);
      optional double score;
    }`);
    const rows: LineValue[][] = [
      [1n, 'a', '9.999', 0n, 1000n, 2.5],
      [null, 'b', null, null, null, null],
      [2n, null, null, null, null, null],
    ];
    const first = encoder.encode(rows);
    assert.deepEqual(first.dirty, [{ index: 1, message: 'column "id" is required but the value is null' }]);
    const file = Buffer.concat([...first.chunks, ...encoder.end()]);
    const meta = parquetMetadata(arrayBuffer(file));
    assert.equal(meta.schema[0]?.name, 'hive_schema');
    assert.equal(meta.schema[1]?.repetition_type, 'REQUIRED');
    assert.equal(meta.schema[5]?.converted_type, 'TIMESTAMP_MICROS');
    const read = await parquetReadObjects({ file: arrayBuffer(file) });
    assert.equal(read.length, 2);
    assert.equal(read[0]?.id, 1n);
    assert.equal(read[0]?.name, 'a');
    assert.equal(read[0]?.amount, 10);
    assert.deepEqual(read[0]?.at, new Date(1000));
    assert.equal(read[1]?.id, 2n);
  });

  it('refuses what it cannot write: int96, groups, repeated fields, unknown annotations', () => {
    for (const [schema, pattern] of [
      ['message m { optional int96 ts; }', /int96 field "ts" is not supported/],
      ['message m { optional group g { optional int64 a; } }', /nested groups are not supported/],
      ['message m { repeated int64 a; }', /repeated field "a" is not supported/],
      ['message m { optional int64 a (UINT_64); }', /int64 \(UINT_64\) is not supported/],
      ['message m { optional int32 a (DECIMAL(12,2)); }', /does not fit the int32 field "a"/],
      ['optional int64 a;', /is not a "message" schema/],
      ['message m { }', /declares no field/],
    ] as const) {
      assert.throws(
        () => encoderFor(schema),
        (err) => err instanceof OssFormatConfigError && err.parameter === 'parquetSchema' && pattern.test(err.message),
        schema,
      );
    }
  });
});
