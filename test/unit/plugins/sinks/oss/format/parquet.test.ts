import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import {
  createEncoderFactory,
  formatConfigIssues,
  OssFormatConfigError,
} from '../../../../../../src/plugins/sinks/oss/format';
import type { CompiledOssConfig } from '../../../../../../src/plugins/sinks/oss/schema';
import type { LineValue } from '../../../../../../src/plugins/types';
import { ossConfig, wholeObject } from './config';

type Columnar = NonNullable<CompiledOssConfig['columnar']>;
const zone = { timeZone: 'Asia/Shanghai' };

function parquetConfig(columnar: Partial<Columnar> & Pick<Columnar, 'column'>, extra: Partial<CompiledOssConfig> = {}) {
  return ossConfig({ fileFormat: 'parquet', columnar: { ossBlockSizeMb: 16, ...columnar }, ...extra });
}

function arrayBuffer(buf: Buffer): ArrayBuffer {
  return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
}

/** Reads rows back; untyped BYTE_ARRAY stays bytes (UTF8-annotated columns still read as strings). */
async function readBack(buf: Buffer): Promise<Record<string, unknown>[]> {
  return parquetReadObjects({ file: arrayBuffer(buf), utf8: false });
}

const ALL_TYPES = [
  { name: 'id', type: 'long' },
  { name: 'name', type: 'String' },
  { name: 'score', type: 'double' },
  { name: 'ratio', type: 'FLOAT' },
  { name: 'ok', type: 'boolean' },
  { name: 'raw', type: 'binary' },
  { name: 'small', type: 'int' },
  { name: 'amount', type: 'decimal(10,2)' },
  { name: 'day', type: 'date' },
  { name: 'at', type: 'timestamp' },
  { name: 'code', type: 'varchar(20)' },
  { name: 'big', type: 'bigint' },
];

describe('parquet objects', () => {
  it('writes every column type, nulls included, and reads back the values and the schema', async () => {
    const factory = createEncoderFactory(parquetConfig({ column: ALL_TYPES }), zone);
    assert.equal(factory.parquetExtension, '.parquet');
    const encoder = factory.newObject();
    assert.deepEqual(encoder.begin(), []);
    const ms = 1710432000000n; // 2024-03-14T16:00:00Z = 2024-03-15 00:00 in Asia/Shanghai
    const rows: LineValue[][] = [
      [1n, 'alpha', 1.5, 0.25, true, new Uint8Array([0, 255]), 7n, '12.345', ms, ms, 'c1', 2n ** 63n - 1n],
      [null, null, null, null, null, null, null, null, null, null, null, null],
      ['12', 1e10, '-3', 2n, 'FALSE', 'text', '1.9', -1.005, '0', 0n, 5n, -(2n ** 63n)],
    ];
    const out = wholeObject(encoder, rows);
    assert.equal(out.subarray(0, 4).toString(), 'PAR1');
    const read = await readBack(out);
    assert.equal(read.length, 3);
    assert.deepEqual(read[0], {
      id: 1n,
      name: 'alpha',
      score: 1.5,
      ratio: 0.25,
      ok: true,
      raw: new Uint8Array([0, 255]),
      small: 7,
      amount: 12.35,
      day: new Date('2024-03-15T00:00:00Z'),
      at: new Date(Number(ms)),
      code: 'c1',
      big: 2n ** 63n - 1n,
    });
    assert.ok(Object.values(read[1] ?? {}).every((v) => v === null || v === undefined));
    const third = read[2] ?? {};
    assert.equal(third.id, 12n);
    assert.equal(third.name, '10000000000');
    assert.equal(third.score, -3);
    assert.equal(third.ratio, 2);
    assert.equal(third.ok, false);
    assert.deepEqual(third.raw, new TextEncoder().encode('text'));
    assert.equal(third.small, 1);
    assert.equal(third.amount, -1.01);
    assert.deepEqual(third.day, new Date('1970-01-01T00:00:00Z'));
    assert.equal(third.big, -(2n ** 63n));

    const schema = parquetMetadata(arrayBuffer(out)).schema;
    const byName = Object.fromEntries(schema.slice(1).map((e) => [e.name, e]));
    assert.equal(schema[0]?.name, 'm');
    for (const e of schema.slice(1)) assert.equal(e.repetition_type, 'OPTIONAL', e.name);
    const shape = (n: string) => [byName[n]?.type, byName[n]?.converted_type];
    assert.deepEqual(shape('id'), ['INT64', undefined]);
    assert.deepEqual(shape('name'), ['BYTE_ARRAY', 'UTF8']);
    assert.deepEqual(shape('score'), ['DOUBLE', undefined]);
    assert.deepEqual(shape('ratio'), ['FLOAT', undefined]);
    assert.deepEqual(shape('ok'), ['BOOLEAN', undefined]);
    assert.deepEqual(shape('raw'), ['BYTE_ARRAY', undefined]);
    assert.deepEqual(shape('small'), ['INT32', undefined]);
    assert.deepEqual(shape('amount'), ['FIXED_LEN_BYTE_ARRAY', 'DECIMAL']);
    assert.deepEqual([byName.amount?.precision, byName.amount?.scale, byName.amount?.type_length], [10, 2, 5]);
    assert.deepEqual(shape('day'), ['INT32', 'DATE']);
    assert.deepEqual(shape('at'), ['INT64', 'TIMESTAMP_MILLIS']);
    assert.deepEqual(shape('code'), ['BYTE_ARRAY', 'UTF8']);
  });

  it('reads strings back as text with a default reader', async () => {
    const factory = createEncoderFactory(parquetConfig({ column: [{ name: 's', type: 'string' }] }), zone);
    const out = wholeObject(factory.newObject(), [['中文'], [1.0], [true], [new Uint8Array([0x68, 0x69])]]);
    const read = await parquetReadObjects({ file: arrayBuffer(out) });
    assert.deepEqual(
      read.map((r) => r.s),
      ['中文', '1.0', 'true', 'hi'],
    );
  });

  it('makes a row dirty when a value does not convert, with a message that never holds the value', () => {
    const column = [
      { name: 'id', type: 'long' },
      { name: 'small', type: 'int' },
      { name: 'ok', type: 'boolean' },
      { name: 'amount', type: 'decimal(4,2)' },
      { name: 'day', type: 'date' },
    ];
    const encoder = createEncoderFactory(parquetConfig({ column }), zone).newObject();
    const { chunks, dirty } = encoder.encode([
      [1n, 1n, true, '1.5', 0n],
      ['abc-secret', 1n, true, '1', 0n],
      [1n, 2n ** 31n, true, '1', 0n],
      [1n, 1n, 1.5, '1', 0n],
      [1n, 1n, true, '123.456', 0n],
      [1n, 1n, true, '1', '2024-03-15'],
      [1n, 1n, true, new Uint8Array([1]), 0n],
      [1n, 1n],
      [NaN, 1n, true, '1', 0n],
    ]);
    assert.deepEqual(chunks, []);
    assert.deepEqual(
      dirty.map((d) => d.index),
      [1, 2, 3, 4, 5, 6, 7, 8],
    );
    assert.match(dirty[0]?.message ?? '', /^column "id" \(long\): the String is not a number/);
    assert.match(dirty[1]?.message ?? '', /column "small" \(int\): .*32-bit/);
    assert.match(dirty[2]?.message ?? '', /column "ok" \(boolean\): a Double column cannot become a Bool/);
    assert.match(dirty[3]?.message ?? '', /does not fit decimal\(4,2\)/);
    assert.match(dirty[4]?.message ?? '', /column "day" \(date\): the String is not a number/);
    assert.match(dirty[6]?.message ?? '', /the row has 2 values but the parquet schema has 5 columns/);
    for (const d of dirty) assert.doesNotMatch(d.message, /abc|secret|123|2024|2147483648/);
  });

  it('returns row groups from encode() as they fill, keeping pendingBytes bounded', async () => {
    const column = [
      { name: 'id', type: 'long' },
      { name: 'name', type: 'string' },
    ];
    const factory = createEncoderFactory(parquetConfig({ column }), { ...zone, rowGroupBytes: 256 * 1024 });
    const encoder = factory.newObject();
    const chunks: Buffer[] = [...encoder.begin()];
    let chunksBeforeEnd = 0;
    let maxPending = 0;
    const batch = 10_000;
    for (let start = 0; start < 300_000; start += batch) {
      const rows: LineValue[][] = [];
      for (let i = start; i < start + batch; i++) rows.push([BigInt(i), `name-${i}-${'x'.repeat(20)}`]);
      const out = encoder.encode(rows);
      assert.deepEqual(out.dirty, []);
      chunks.push(...out.chunks);
      chunksBeforeEnd += out.chunks.length;
      maxPending = Math.max(maxPending, encoder.pendingBytes);
    }
    assert.ok(chunksBeforeEnd >= 20, `row groups flushed during encode(): ${chunksBeforeEnd}`);
    assert.ok(maxPending <= 256 * 1024 + 100, `pendingBytes stayed under the row group bound: ${maxPending}`);
    chunks.push(...encoder.end());
    assert.equal(encoder.pendingBytes, 0);
    const file = Buffer.concat(chunks);
    const meta = parquetMetadata(arrayBuffer(file));
    assert.equal(meta.num_rows, 300_000n);
    assert.equal(meta.row_groups.length, chunksBeforeEnd + 1);
    const read = await parquetReadObjects({ file: arrayBuffer(file), rowStart: 299_998, rowEnd: 300_000 });
    assert.deepEqual(read, [
      { id: 299_998n, name: `name-299998-${'x'.repeat(20)}` },
      { id: 299_999n, name: `name-299999-${'x'.repeat(20)}` },
    ]);
  });

  it('flushes a row group every 100000 rows by default', () => {
    const encoder = createEncoderFactory(parquetConfig({ column: [{ name: 'id', type: 'long' }] }), zone).newObject();
    const rows: LineValue[][] = Array.from({ length: 250_000 }, (_, i) => [BigInt(i)]);
    const out = encoder.encode(rows);
    assert.equal(out.chunks.length, 2);
    assert.ok(encoder.pendingBytes < 8 * 1024 * 1024);
    const file = Buffer.concat([...out.chunks, ...encoder.end()]);
    assert.deepEqual(
      parquetMetadata(arrayBuffer(file)).row_groups.map((g) => g.num_rows),
      [100_000n, 100_000n, 50_000n],
    );
  });

  it('writes a valid empty file for an object without rows', async () => {
    const encoder = createEncoderFactory(parquetConfig({ column: [{ name: 'id', type: 'long' }] }), zone).newObject();
    const file = wholeObject(encoder);
    assert.equal(parquetMetadata(arrayBuffer(file)).num_rows, 0n);
    assert.deepEqual(await readBack(file), []);
  });

  it('compresses with SNAPPY when asked and names the extension after it', async () => {
    const factory = createEncoderFactory(
      parquetConfig({ column: [{ name: 's', type: 'string' }], compress: 'SNAPPY' }),
      zone,
    );
    assert.equal(factory.parquetExtension, '.snappy.parquet');
    const file = wholeObject(factory.newObject(), [['a'.repeat(1000)], ['b']]);
    const meta = parquetMetadata(arrayBuffer(file));
    assert.equal(meta.row_groups[0]?.columns[0]?.meta_data?.codec, 'SNAPPY');
    assert.deepEqual(
      (await parquetReadObjects({ file: arrayBuffer(file) })).map((r) => r.s),
      ['a'.repeat(1000), 'b'],
    );
    const plain = createEncoderFactory(
      parquetConfig({ column: [{ name: 's', type: 'string' }], compress: 'NONE' }),
      zone,
    );
    const plainFile = wholeObject(plain.newObject(), [['x']]);
    assert.equal(parquetMetadata(arrayBuffer(plainFile)).row_groups[0]?.columns[0]?.meta_data?.codec, 'UNCOMPRESSED');
  });

  it('refuses other codecs, orc-style types and bad decimals with clear errors', () => {
    assert.throws(
      () => createEncoderFactory(parquetConfig({ column: [{ name: 's', type: 'string' }], compress: 'GZIP' }), zone),
      (err) => err instanceof OssFormatConfigError && err.parameter === 'compress' && /only SNAPPY/.test(err.message),
    );
    assert.throws(
      () => createEncoderFactory(parquetConfig({ column: [{ name: 'd', type: 'decimal(40,2)' }] }), zone),
      (err) => err instanceof OssFormatConfigError && err.parameter === 'column[0].type',
    );
    assert.throws(
      () =>
        createEncoderFactory(
          parquetConfig({
            column: [
              { name: 'a', type: 'long' },
              { name: 'a', type: 'long' },
            ],
          }),
          zone,
        ),
      /duplicate parquet column name "a"/,
    );
    assert.throws(
      () => createEncoderFactory(parquetConfig({ column: [{ name: 'a', type: 'long' }] }), { timeZone: 'Mars/Base' }),
      /unknown time zone/,
    );
  });

  it('writes an unknown column type as untyped binary, as DataX does, with a warning', async () => {
    const config = parquetConfig({ column: [{ name: 'j', type: 'json' }] });
    assert.deepEqual(
      formatConfigIssues(config).warnings.map((w) => w.key),
      ['column[0].type'],
    );
    const file = wholeObject(createEncoderFactory(config, zone).newObject(), [['{"a":1}']]);
    assert.deepEqual(await readBack(file), [{ j: new TextEncoder().encode('{"a":1}') }]);
  });
});
