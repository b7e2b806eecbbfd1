import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compile, dataxScript, lines, READER, W, WRITERS } from '../../../job/job-builder';

const base = WRITERS.oss.parameter;
const run = (change: Record<string, unknown>, options = {}) => {
  const parameter = Object.fromEntries(Object.entries({ ...base, ...change }).filter(([, v]) => v !== undefined));
  return compile(dataxScript({ ...READER, startTimeString: '${startTime}' }, { name: 'oss', parameter }), {
    parameters: { startTime: '20240315095500' },
    ...options,
  });
};

describe('oss schema', () => {
  it('applies DataX code defaults', () => {
    const plan = run({ fileFormat: undefined }).plan;
    if (plan?.sink.plugin !== 'oss') return assert.fail('no plan');
    const c = plan.sink.config;
    assert.deepEqual(
      [
        c.fileFormat,
        c.fieldDelimiter,
        c.lineDelimiter,
        c.encoding,
        c.nullFormat,
        c.maxFileSizeMb,
        c.blockSizeInMb,
        c.suffix,
        c.writeSingleObject,
        c.generateEmptyFile,
        c.objectNaming,
      ],
      // generateEmptyFile: DataX defaults to true; otsync writes nothing for an empty window unless asked.
      ['text', ',', '\n', 'UTF-8', 'null', 100000, 10, '', false, false, 'window'],
    );
    assert.equal(c.object, 'ots/person/20240315095500');
    assert.deepEqual(plan.sink.connection, {
      endpoint: 'https://oss-cn-hangzhou.aliyuncs.com',
      bucket: 'backup',
      credentials: plan.sink.connection.credentials,
    });
  });
  it('adds the dot to a suffix', () => {
    const plan = run({ suffix: 'csv' }).plan;
    assert.equal(plan?.sink.plugin === 'oss' && plan.sink.config.suffix, '.csv');
  });
  const errors: [string, Record<string, unknown>, string][] = [
    ['no writeMode', { writeMode: undefined }, `${W}.writeMode: is required`],
    [
      'writeMode in the wrong case for csv',
      { writeMode: 'NonConflict' },
      `${W}.writeMode: unsupported writeMode "NonConflict"`,
    ],
    [
      'append with writeSingleObject',
      { writeSingleObject: true },
      `${W}.writeMode: append cannot be used with writeSingleObject`,
    ],
    [
      'csv delimiter longer than one char',
      { fieldDelimiter: '||' },
      `${W}.fieldDelimiter: must be exactly one character for csv`,
    ],
    ['compress on csv', { compress: 'gzip' }, `${W}.compress: text and csv objects cannot be compressed on OSS`],
    ['unknown encoding', { encoding: 'klingon-8' }, `${W}.encoding: unknown encoding "klingon-8"`],
    ['unknown fileFormat', { fileFormat: 'xlsx' }, `${W}.fileFormat: unsupported fileFormat "xlsx"`],
    ['parquet without columns', { fileFormat: 'parquet' }, `${W}.column: is required for parquet`],
    ['no bucket', { bucket: undefined }, `${W}.bucket: is required`],
    ['blank object', { object: '' }, `${W}.object: must not be empty`],
    ['no accessKey', { accessKey: undefined }, `${W}.accessKey: is required`],
  ];
  for (const [name, change, expected] of errors) {
    it(`${name} is an error`, () =>
      assert.ok(lines(run(change).errors).includes(expected), lines(run(change).errors).join('\n')));
  }
  it('warns on truncate or nonConflict when every run shares the prefix, not when object varies per run', () => {
    assert.match(
      lines(
        run(
          { writeMode: 'truncate', object: 'ots/person/${bizdate}' },
          { parameters: { startTime: '20240315095500', bizdate: '$bizdate' } },
        ).warnings,
      ).join('\n'),
      /writeMode: truncate deletes every object/,
    );
    assert.match(
      lines(run({ writeMode: 'nonConflict', object: 'ots/person' }).warnings).join('\n'),
      /writeMode: nonConflict fails every run after the first/,
    );
    assert.doesNotMatch(lines(run({ writeMode: 'truncate' }).warnings).join('\n'), /truncate deletes/);
    assert.doesNotMatch(
      lines(
        run({ writeMode: 'truncate', object: 'x/$[yyyymmddhh24mi]' }, { nominalTime: '20240315100500' }).warnings,
      ).join('\n'),
      /truncate deletes/,
    );
  });
});
