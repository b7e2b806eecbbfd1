import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { unscaledDecimal } from '../../../../../../src/plugins/sinks/oss/format/decimal';
import { minBytesForPrecision } from '../../../../../../src/plugins/sinks/oss/format/parquet-schema';
import { epochDayInZone } from '../../../../../../src/plugins/sinks/oss/format/parquet-values';

describe('decimal conversion (BigDecimal setScale HALF_UP)', () => {
  it('rounds half away from zero at the scale', () => {
    assert.deepEqual(
      ['0.005', '-0.005', '0.0049', '12.345', '1e3', '-1.5E-1', '.5', '7.'].map((v) => unscaledDecimal(v, 10, 2)),
      [1n, -1n, 0n, 1235n, 100000n, -15n, 50n, 700n],
    );
  });
  it('takes Longs exactly, Doubles through their plain text, Bools as 1/0', () => {
    assert.equal(unscaledDecimal(2n ** 63n - 1n, 38, 2), (2n ** 63n - 1n) * 100n);
    assert.equal(unscaledDecimal(0.1, 10, 2), 10n);
    assert.equal(unscaledDecimal(1e10, 12, 0), 10000000000n);
    assert.equal(unscaledDecimal(true, 1, 0), 1n);
  });
  it('refuses values beyond the precision, non-numbers, NaN and Bytes', () => {
    assert.throws(() => unscaledDecimal('99.995', 4, 2), /does not fit decimal\(4,2\)/);
    assert.throws(() => unscaledDecimal('1e999999999', 38, 0), /does not fit/);
    assert.throws(() => unscaledDecimal('NaN', 10, 2), /not a number/);
    assert.throws(() => unscaledDecimal(' 1', 10, 2), /not a number/);
    assert.throws(() => unscaledDecimal(Infinity, 10, 2), /NaN or infinite/);
    assert.throws(() => unscaledDecimal(new Uint8Array([1]), 10, 2), /Bytes/);
    assert.equal(unscaledDecimal('1e-999999999', 10, 2), 0n);
  });
  it('sizes FIXED_LEN_BYTE_ARRAY as parquet-mr does', () => {
    assert.deepEqual([1, 2, 9, 10, 18, 38].map(minBytesForPrecision), [1, 1, 4, 5, 8, 16]);
  });
});

describe('date columns take the calendar day in the run zone', () => {
  it('counts days since 1970-01-01 in the zone', () => {
    const ms = 1710432000000n; // 2024-03-14T16:00:00Z
    assert.equal(epochDayInZone(ms, 'Asia/Shanghai'), 19797);
    assert.equal(epochDayInZone(ms, 'UTC'), 19796);
    assert.equal(epochDayInZone(-1n, 'UTC'), -1);
    assert.throws(() => epochDayInZone(2n ** 62n, 'UTC'), /out of the date range/);
  });
});
