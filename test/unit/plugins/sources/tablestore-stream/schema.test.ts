import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compile, dataxScript, lines, R, READER } from '../../../job/job-builder';

const NOW = new Date('2024-03-15T02:10:00Z'); // 10:10 in Asia/Shanghai
const WINDOW_KEYS = ['startTimeString', 'endTimeString', 'startTimestampMillis', 'endTimestampMillis', 'date'];
const withWindow = (w: Record<string, unknown>) => {
  const base = Object.fromEntries(Object.entries(READER).filter(([k]) => !WINDOW_KEYS.includes(k)));
  return { ...base, ...w };
};
const run = (reader: Record<string, unknown>, options = {}) => compile(dataxScript(reader), options);

describe('tablestore-stream schema: window forms (otsstream-reader.md §2.3)', () => {
  const errors: [string, Record<string, unknown>, string][] = [
    ['no window at all', {}, `${R}: no time window is given`],
    [
      'half a millisecond pair',
      { startTimestampMillis: 1710467700000 },
      `${R}.endTimestampMillis: is required when startTimestampMillis is given`,
    ],
    [
      'half a string pair',
      { endTimeString: '20240315100000' },
      `${R}.startTimeString: is required when endTimeString is given`,
    ],
    [
      'date + millis + strings',
      { date: '20240314', startTimestampMillis: 1, endTimestampMillis: 2, startTimeString: '20240315095500' },
      `${R}: date, a millisecond range and a time-string range are all given`,
    ],
    [
      'date + millis',
      { date: '20240314', startTimestampMillis: 1 },
      `${R}: date and a millisecond range are both given; a job uses exactly one window form`,
    ],
    [
      'date + strings',
      { date: '20240314', endTimeString: '20240315100000' },
      `${R}: date and a time-string range are both given; a job uses exactly one window form`,
    ],
    [
      'millis + strings',
      { startTimestampMillis: 1, endTimestampMillis: 2, endTimeString: '20240315100000' },
      `${R}: a millisecond range and a time-string range are both given; a job uses exactly one window form`,
    ],
    [
      '12-digit time string',
      { startTimeString: '201801151612', endTimeString: '20240315100000' },
      `${R}.startTimeString: must be a time in yyyyMMddHHmmss form (14 digits, a real date and time)`,
    ],
    [
      'rolled-over month',
      { startTimeString: '20181301000000', endTimeString: '20240315100000' },
      `${R}.startTimeString: must be a time in yyyyMMddHHmmss form (14 digits, a real date and time)`,
    ],
    [
      'time string with separators',
      { startTimeString: '2018-01-15 16:12:00', endTimeString: '20240315100000' },
      `${R}.startTimeString: must be a time in yyyyMMddHHmmss form (14 digits, a real date and time)`,
    ],
    [
      'end before start',
      { startTimeString: '20240315100000', endTimeString: '20240315095500' },
      `${R}.endTimeString: the window end must be later than its start`,
    ],
    [
      'equal bounds',
      { startTimestampMillis: 5, endTimestampMillis: 5 },
      `${R}.endTimestampMillis: the window end must be later than its start`,
    ],
    [
      'non-numeric millis',
      { startTimestampMillis: 'abc', endTimestampMillis: 2 },
      `${R}.startTimestampMillis: must be a whole number`,
    ],
    [
      '14-digit millis',
      { startTimestampMillis: '20240315095500', endTimestampMillis: '20240315100000' },
      `${R}.startTimestampMillis: 20240315095500 looks like a yyyyMMddHHmmss time, not epoch milliseconds`,
    ],
    ['empty date', { date: '' }, `${R}.date: must not be empty`],
    ['bad date', { date: '2024-03-14' }, `${R}.date: must be a day in yyyyMMdd form`],
    ['template date alone', { date: 'yyyyMMdd' }, `${R}.date: date is still the template value "yyyyMMdd"`],
  ];
  for (const [name, window, expected] of errors) {
    it(`${name} is an error`, () =>
      assert.ok(
        lines(run(withWindow(window)).errors).includes(expected),
        lines(run(withWindow(window)).errors).join('\n'),
      ));
  }

  it('reads time strings in the run zone, and the timezone extension key overrides it', () => {
    const r = run(withWindow({ startTimeString: '20240315095500', endTimeString: '20240315100000' }));
    assert.deepEqual(r.plan?.source.config.window, {
      form: 'time-string',
      startTimeString: '20240315095500',
      endTimeString: '20240315100000',
      startMillis: Date.UTC(2024, 2, 15, 1, 55),
      endMillis: Date.UTC(2024, 2, 15, 2, 0),
    });
    const utc = run(
      withWindow({ startTimeString: '20240315095500', endTimeString: '20240315100000', timezone: 'UTC' }),
    );
    assert.equal(utc.plan?.source.config.window.startMillis, Date.UTC(2024, 2, 15, 9, 55));
    assert.deepEqual(lines(run({ ...READER, timezone: 'Mars/Base' }).errors), [
      `${R}.timezone: "Mars/Base" is not an IANA time zone`,
    ]);
  });

  it('accepts millis as numbers or numeric strings, and a blank pair counts as absent', () => {
    const r = run(
      withWindow({
        startTimestampMillis: '1710467700000',
        endTimestampMillis: 1710468000000,
        startTimeString: '',
        endTimeString: ' ',
      }),
    );
    assert.deepEqual(r.plan?.source.config.window, {
      form: 'millis',
      startMillis: 1710467700000,
      endMillis: 1710468000000,
    });
  });

  it('a date window is local midnight + 24 h, with a warning about retention', () => {
    const r = run(withWindow({ date: '20240314' }));
    assert.deepEqual(r.plan?.source.config.window, {
      form: 'date',
      date: '20240314',
      startMillis: Date.UTC(2024, 2, 13, 16),
      endMillis: Date.UTC(2024, 2, 14, 16),
    });
    assert.match(lines(r.warnings).join('\n'), /date window needs more than 24 h/);
  });

  it('ignores the template date "yyyyMMdd" when another window is given, with a warning', () => {
    const r = run({ ...READER, date: 'yyyyMMdd' });
    assert.ok(r.plan);
    assert.ok(lines(r.warnings).includes(`${R}.date: date is the template value "yyyyMMdd" and is ignored`));
  });
});

describe('tablestore-stream schema: 5-minute and retention rules against "now"', () => {
  it('an end less than 5 minutes before now is an error', () => {
    const r = run(withWindow({ startTimeString: '20240315100000', endTimeString: '20240315100600' }), { now: NOW });
    assert.match(lines(r.errors).join('\n'), /endTimeString: the window ends at .* less than 5 minutes before now/);
  });
  it('an end exactly 5 minutes before now passes', () => {
    assert.ok(
      run(withWindow({ startTimeString: '20240315100000', endTimeString: '20240315100500' }), { now: NOW }).plan,
    );
  });
  it('a start older than retention − 10 min warns with the default 24 h, and errors with a known retention', () => {
    const old = withWindow({ startTimeString: '20240314101900', endTimeString: '20240315100000' });
    assert.match(
      lines(run(old, { now: NOW }).warnings).join('\n'),
      /startTimeString: the window starts .*assuming the default 24 h retention/,
    );
    assert.match(
      lines(run(old, { now: NOW, streamRetentionHours: 24 }).errors).join('\n'),
      /startTimeString: the window starts .* before now − 24 h retention/,
    );
    assert.ok(run(old, { now: NOW, streamRetentionHours: 48 }).plan);
  });
  it('no "now", no time rules', () => {
    assert.ok(run(withWindow({ startTimeString: '20990315100000', endTimeString: '20990315100500' })).plan);
  });
});

describe('tablestore-stream schema: modes', () => {
  it('defaults: multi-version, maxRetries 30, threadNum 32, flags false', () => {
    const { column: _c, mode: _m, ...multi } = READER;
    const config = run(multi).plan?.source.config;
    assert.deepEqual(config?.output, { mode: 'multi_version' });
    assert.equal(config?.maxRetries, 30);
    assert.equal(config?.threadNum, 32);
    assert.equal(config?.exportSequenceInfo, false);
    assert.equal(config?.enableSeekIterator, false);
    assert.equal(config?.timeZone, 'Asia/Shanghai');
  });
  const errors: [string, Record<string, unknown>, string][] = [
    [
      'mode multi_version',
      { mode: 'multi_version' },
      `${R}.mode: unsupported mode (the only value is single_version_and_update_only)`,
    ],
    ['empty mode', { mode: '' }, `${R}.mode: unsupported mode (the only value is single_version_and_update_only)`],
    [
      'isExportSequenceInfo true in row mode',
      { isExportSequenceInfo: true },
      `${R}.isExportSequenceInfo: must be false in single_version_and_update_only mode`,
    ],
    [
      'no column in row mode',
      { column: undefined },
      `${R}.column: is required in single_version_and_update_only mode: without columns nothing is exported`,
    ],
    [
      'empty column in row mode',
      { column: [] },
      `${R}.column: is empty in single_version_and_update_only mode: without columns nothing is exported`,
    ],
    [
      'column item not an object',
      { column: ['uid'] },
      `${R}.column[0]: each column must be an object such as {"name": "uid"}`,
    ],
    ['bad maxRetries', { maxRetries: 'many' }, `${R}.maxRetries: must be a whole number`],
    ['bad boolean', { enableSeekIterator: 'yes' }, `${R}.enableSeekIterator: must be true or false`],
    ['no dataTable', { dataTable: undefined }, `${R}.dataTable: is required`],
    ['blank statusTable', { statusTable: ' ' }, `${R}.statusTable: must not be empty`],
  ];
  for (const [name, change, expected] of errors) {
    it(`${name} is an error`, () => {
      const reader = Object.fromEntries(Object.entries({ ...READER, ...change }).filter(([, v]) => v !== undefined));
      assert.ok(lines(run(reader).errors).includes(expected), lines(run(reader).errors).join('\n'));
    });
  }
  it('mode is case-insensitive; booleans accept strings; is_timeseries_tag string or boolean', () => {
    const r = run({
      ...READER,
      mode: 'SINGLE_VERSION_AND_UPDATE_ONLY',
      isExportSequenceInfo: 'FALSE',
      column: [
        { name: 'uid', is_timeseries_tag: 'true' },
        { name: 'name', is_timeseries_tag: false },
      ],
    });
    assert.deepEqual(r.plan?.source.config.output, {
      mode: 'single_version_and_update_only',
      columns: [
        { name: 'uid', isTimeseriesTag: true },
        { name: 'name', isTimeseriesTag: false },
      ],
      isTimeseriesTable: false,
    });
    assert.match(lines(r.warnings).join('\n'), /is_timeseries_tag: DataX expects the string/);
  });
  it('column and isTimeseriesTable are ignored with a warning in multi-version mode', () => {
    const { mode: _m, ...multi } = READER;
    const r = compile(
      dataxScript(
        { ...multi, isTimeseriesTable: true },
        {
          name: 'osswriter',
          parameter: {
            endpoint: 'e',
            bucket: 'b',
            accessId: 'i',
            accessKey: 'k',
            object: 'o/${startTime}',
            writeMode: 'append',
          },
        },
      ),
    );
    assert.ok(lines(r.warnings).includes(`${R}.column: column is ignored in the default multi-version mode`));
    assert.ok(
      lines(r.warnings).includes(
        `${R}.isTimeseriesTable: isTimeseriesTable is ignored in the default multi-version mode`,
      ),
    );
  });
  it('"table" is accepted as an alias of dataTable; unknown keys warn and are not dropped silently', () => {
    const { dataTable: _d, ...rest } = READER;
    const r = run({ ...rest, table: 'person', datatable: 'x' });
    assert.equal(r.plan?.source.config.dataTable, 'person');
    assert.deepEqual(
      r.warnings.filter((w) => w.path === `${R}.datatable`).map((w) => [w.message, w.hint]),
      [['unknown parameter "datatable" is ignored', 'did you mean "dataTable"? (keys are case-sensitive)']],
    );
  });
});
