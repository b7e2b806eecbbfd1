import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { IssueCollector } from '../../../src/job/issues';
import { compileSetting } from '../../../src/job/setting-schema';

const compile = (setting: Record<string, unknown>) => {
  const issues = new IssueCollector();
  const result = compileSetting(setting, ['setting'], issues);
  return {
    result,
    errors: issues.errors().map((e) => `${e.path}: ${e.message}`),
    warnings: issues.warnings().map((w) => `${w.path}: ${w.message}`),
  };
};

describe('setting schema', () => {
  const cases: [string, Record<string, unknown>, Record<string, unknown>][] = [
    ['defaults', {}, { parallelism: 1, errorLimit: {}, dryRun: false }],
    [
      'DataWorks 1.0 strings',
      { errorLimit: { record: '0' }, speed: { mbps: '1', concurrent: '1' } },
      { parallelism: 1, rateLimitBytesPerSecond: 1048576, errorLimit: { records: 0 }, dryRun: false },
    ],
    [
      'throttle true',
      { speed: { throttle: true, concurrent: 2, mbps: '12' } },
      { parallelism: 2, rateLimitBytesPerSecond: 12582912, errorLimit: {}, dryRun: false },
    ],
    [
      'throttle false ignores mbps',
      { speed: { throttle: false, concurrent: 2, mbps: 5 } },
      { parallelism: 2, errorLimit: {}, dryRun: false },
    ],
    ['DataX channel', { speed: { channel: 3 } }, { parallelism: 3, errorLimit: {}, dryRun: false }],
    [
      'DataX byte and record',
      { speed: { channel: 1, byte: 1000, record: 50 } },
      { parallelism: 1, rateLimitBytesPerSecond: 1000, rateLimitRecordsPerSecond: 50, errorLimit: {}, dryRun: false },
    ],
    [
      'percentage alone',
      { errorLimit: { percentage: 0.02 } },
      { parallelism: 1, errorLimit: { ratio: 0.02 }, dryRun: false },
    ],
    [
      'record wins over percentage',
      { errorLimit: { record: 10, percentage: 0.5 } },
      { parallelism: 1, errorLimit: { records: 10 }, dryRun: false },
    ],
    ['blank record is no limit', { errorLimit: { record: '' } }, { parallelism: 1, errorLimit: {}, dryRun: false }],
    ['dryRun', { dryRun: 'true' }, { parallelism: 1, errorLimit: {}, dryRun: true }],
  ];
  for (const [name, setting, expected] of cases) {
    it(name, () => assert.deepEqual(compile(setting).result, expected));
  }
  const errors: [string, Record<string, unknown>, string][] = [
    ['negative record', { errorLimit: { record: -1 } }, 'setting.errorLimit.record: must be at least 0'],
    ['fractional record', { errorLimit: { record: 1.5 } }, 'setting.errorLimit.record: must be a whole number'],
    ['percentage above 1', { errorLimit: { percentage: 1.5 } }, 'setting.errorLimit.percentage: must be at most 1'],
    ['concurrent zero', { speed: { concurrent: 0 } }, 'setting.speed.concurrent: must be at least 1'],
    ['throttle not boolean', { speed: { throttle: 'yes' } }, 'setting.speed.throttle: must be true or false'],
    ['speed not an object', { speed: 5 }, 'setting.speed: must be an object'],
  ];
  for (const [name, setting, expected] of errors) {
    it(`${name} is an error`, () =>
      assert.ok(compile(setting).errors.includes(expected), compile(setting).errors.join('\n')));
  }
  it('warns on DataWorks-only keys and unknown keys, never dropping them silently', () => {
    const w = compile({
      locale: 'zh',
      jvmOption: '-Xmx1g',
      executeMode: 'distribute',
      keyVersion: 'x',
      bogus: 1,
      speed: { dmu: 1, channel: 2, concurrent: 3 },
    }).warnings;
    for (const key of ['locale', 'jvmOption', 'executeMode', 'keyVersion'])
      assert.ok(
        w.some((m) => m.startsWith(`setting.${key}: setting "${key}" has no effect`)),
        key,
      );
    assert.ok(w.includes('setting.bogus: unknown setting "bogus" is ignored'));
    assert.ok(w.some((m) => m.startsWith('setting.speed.dmu:')));
    assert.ok(w.includes('setting.speed.channel: channel (2) differs from concurrent (3); concurrent is used'));
  });
});
