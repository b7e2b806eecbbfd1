import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatPartition } from '../../../../../src/plugins/sinks/maxcompute/schema';
import { compile, dataxScript, lines, READER, W, WRITERS } from '../../../job/job-builder';

const base = WRITERS.maxcompute.parameter;
const run = (change: Record<string, unknown>) => {
  const parameter = Object.fromEntries(Object.entries({ ...base, ...change }).filter(([, v]) => v !== undefined));
  return compile(dataxScript(READER, { name: 'odps', parameter }));
};

describe('maxcompute schema', () => {
  it('applies DataX defaults and normalises the partition', () => {
    const plan = run({ partition: " pt = '20240314' / type=1 ", endpoint: undefined }).plan;
    if (plan?.sink.plugin !== 'maxcompute') return assert.fail('no plan');
    const c = plan.sink.config;
    assert.equal(c.partition, 'pt=20240314,type=1');
    assert.deepEqual(
      [
        c.emptyAsNull,
        c.blockSizeInMb,
        c.maxRetryTime,
        c.consistencyCommit,
        c.writeTimeoutMs,
        c.overLengthRule,
        c.maxFieldLength,
      ],
      [false, 64, 10, false, 600000, 'keepOn', 8388608],
    );
  });
  it('accepts endpoint as an alias of odpsServer', () => {
    const plan = run({ odpsServer: undefined, endpoint: 'http://e/api' }).plan;
    assert.equal(plan?.sink.plugin === 'maxcompute' && plan.sink.connection.odpsServer, 'http://e/api');
  });
  it('formats partitions like OdpsUtil.formatPartition', () => {
    assert.equal(formatPartition("pt='20150101', type=1 / biz = 2"), 'pt=20150101,type=1,biz=2');
  });
  const errors: [string, Record<string, unknown>, string][] = [
    ['truncate missing', { truncate: undefined }, `${W}.truncate: is required (true or false)`],
    ['truncate not boolean', { truncate: 'sometimes' }, `${W}.truncate: must be true or false`],
    ['no column', { column: undefined }, `${W}.column: is required`],
    [
      'duplicate column',
      { column: ['uid', 'UID'] },
      `${W}.column[1]: column "UID" is listed twice (names ignore case)`,
    ],
    ['bad partition piece', { partition: 'pt' }, `${W}.partition: "pt" is not key=value`],
    [
      'dynamic partitions',
      { supportDynamicPartition: true },
      `${W}.supportDynamicPartition: dynamic partitions are not supported by otsync`,
    ],
    ['maxRetryTime above 10', { maxRetryTime: 11 }, `${W}.maxRetryTime: must be at most 10`],
    ['blockSizeInMB above 512', { blockSizeInMB: 600 }, `${W}.blockSizeInMB: must be at most 512`],
    ['overLengthRule unknown', { overLengthRule: 'drop' }, `${W}.overLengthRule: must be keepOn, truncate or setNull`],
    ['no project', { project: undefined }, `${W}.project: is required`],
    ['blank table', { table: '' }, `${W}.table: must not be empty`],
  ];
  for (const [name, change, expected] of errors) {
    it(`${name} is an error`, () =>
      assert.ok(lines(run(change).errors).includes(expected), lines(run(change).errors).join('\n')));
  }
  it('warns on truncate: true into a shared partition, on small blocks and on no-op keys', () => {
    const w = lines(
      run({ truncate: true, blockSizeInMB: 4, compress: false, isCompress: true, accountType: 'taobao' }).warnings,
    ).join('\n');
    assert.match(w, /truncate: truncate erases the target partition/);
    assert.match(w, /blockSizeInMB: 4 MB is raised to 8 MB/);
    assert.match(w, /compress: parameter "compress" has no effect/);
    assert.match(w, /isCompress: parameter "isCompress" has no effect/);
    assert.match(w, /accountType: accountType "taobao" is ignored/);
  });
  it('warns when the reader emits more columns than the writer lists', () => {
    assert.match(
      lines(run({ column: ['uid'] }).warnings).join('\n'),
      /reader emits 2 columns per record but the writer lists 1/,
    );
  });
});
