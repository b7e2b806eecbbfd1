import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ScheduleExpressionError } from '../../../../src/job/errors';
import { evaluateParameters, parseAssignments } from '../../../../src/job/variables/parameters';
import { createRunContext } from '../../../../src/job/variables/run-context';
import { expandString } from '../../../../src/job/variables/template';

/** Evaluates one parameter expression at `at` (yyyyMMddHHmmss, Asia/Shanghai). */
function evaluate(expression: string, at: string, zone = 'Asia/Shanghai'): string {
  const run = createRunContext({ nominal: at, timeZone: zone });
  const result = evaluateParameters(new Map([['v', expression]]), run);
  if (result.problems.length > 0) throw new Error(result.problems.map((p) => p.message).join('; '));
  return result.values.get('v') ?? '';
}

describe('scheduling expressions: job-format.md §6.6 worked examples (T = 2024-03-15 10:05:00)', () => {
  const cases: [string, string][] = [
    ['$[yyyymmddhh24miss]', '20240315100500'],
    ['$[yyyymmddhh24miss-10/24/60]', '20240315095500'],
    ['$[yyyymmddhh24miss-5/24/60]', '20240315100000'],
    ['$[yyyymmdd]', '20240315'],
    ['$[yyyymmdd-1]', '20240314'],
    ['$[hh24miss-1/24]', '090500'],
    ['$[hh24miss]', '100500'],
    ['$[yyyy-mm-dd hh24:mi:ss]', '2024-03-15 10:05:00'],
    ['$[yyyymmdd+7*1]', '20240322'],
    ['$[add_months(yyyymmdd,-1)]', '20240215'],
    ['$[add_months(yyyymm,-12)]', '202303'],
    ['$[add_months(yyyymmdd,12*1)-10/24/60]', '20250315'],
    ['${yyyymmdd}', '20240314'],
    ['$bizdate', '20240314'],
    ['${bdp.system.bizdate}', '20240314'],
    ['${yyyy-mm-dd}', '2024-03-14'],
    ['${yyyymmdd-1}', '20240313'],
    ['${yyyymmdd-7*1}', '20240307'],
    ['${yyyymm-1}', '202402'],
    ['${yyyy-1}', '2023'],
    ['$cyctime', '20240315100500'],
    ['${bdp.system.cyctime}', '20240315100500'],
    ['$gmtdate', '20240315'],
    ['$bizmonth', '202402'],
    ["'abc'", 'abc'],
    ['1234', '1234'],
    ['$[yyyymmddhh24-2/24]$[miss-10/24/60]', '20240315085500'],
    ['$[yyyymmddhh24miss-1/24/60/60]', '20240315100459'],
  ];
  for (const [expression, expected] of cases) {
    it(`${expression} = ${expected}`, () => assert.equal(evaluate(expression, '20240315100500'), expected));
  }
});

describe('scheduling expressions: day and month boundaries', () => {
  const cases: [string, string, string][] = [
    ['20240316000000', '$[yyyymmddhh24miss-10/24/60]', '20240315235000'],
    ['20240316000000', '$[yyyymmddhh24miss-5/24/60]', '20240315235500'],
    ['20240316000000', '$[yyyymmdd-10/24/60]', '20240315'],
    ['20240316000000', '${yyyymmdd}', '20240315'],
    ['20240301000500', '${yyyymmdd}', '20240229'],
    ['20250727000500', '$[yyyymmdd-15/24/60]', '20250726'],
    ['20250101000000', '$[yyyymmddhh24miss-10/24/60]', '20241231235000'],
    ['20240331120000', '$[add_months(yyyymmdd,-1)]', '20240229'],
    ['20240301000000', '$bizmonth', '202402'],
    // The Tablestore → OSS recipe (seed 3): run at 19:00 reads 17:50 to 18:50.
    ['20230423190000', '$[yyyymmddhh24-2/24]$[miss-10/24/60]', '20230423175000'],
    ['20230423190000', '$[yyyymmddhh24-1/24]$[miss-10/24/60]', '20230423185000'],
  ];
  for (const [at, expression, expected] of cases) {
    it(`${expression} at ${at} = ${expected}`, () => assert.equal(evaluate(expression, at), expected));
  }

  it('evaluates in the configured zone', () => {
    assert.equal(evaluate('$[yyyymmddhh24miss-10/24/60]', '20240315100500', 'UTC'), '20240315095500');
    assert.equal(evaluate('$[hh24]', '20240315100500', 'Europe/Berlin'), '10');
  });
});

describe('scheduling expressions: refused forms', () => {
  const refused: [string, RegExp][] = [
    ['$[yyyymmddhh24miss-1/7]', /not a whole number of seconds/],
    ['${yyyymmddhh24miss}', /no time of day/],
    ['$[abc]', /not a date\/time pattern/],
    ['$[yyyymmdd', /not closed/],
    ['${nope', /not closed/],
    ['$[add_months(yyyymmdd,1/2)]', /whole number/],
    ['$jobid', /no value in this run/],
    ['${unknownName}', /neither a business-date expression/],
  ];
  for (const [expression, message] of refused) {
    it(`${expression} is an error`, () => assert.throws(() => evaluate(expression, '20240315100500'), message));
  }

  it('an expression without a scheduled time asks for --at', () => {
    const run = createRunContext({});
    const r = evaluateParameters(new Map([['v', '$[yyyymmdd]']]), run);
    assert.match(r.problems[0]?.hint ?? '', /--at/);
  });

  it('ScheduleExpressionError is not leaked out of expandString', () => {
    const run = createRunContext({ nominal: '20240315100500' });
    const r = expandString('a$[zz]b', { run, parameters: new Map() });
    assert.equal(r.problems.length, 1);
    assert.ok(!(r.problems[0] instanceof ScheduleExpressionError));
  });
});

describe('script strings', () => {
  const run = createRunContext({ nominal: '20240315100500' });
  const parameters = new Map([['startTime', '20240315095500']]);
  it('replaces ${name} and DataX $name from parameters, and leaves other $words as data', () => {
    const r = expandString('${startTime}/$startTime/$notAParam/pa$$', { run, parameters });
    assert.equal(r.value, '20240315095500/20240315095500/$notAParam/pa$$');
    assert.deepEqual(r.parameters, ['startTime', 'startTime']);
  });
  it('names an unset ${name}', () => {
    const r = expandString('x${endTime}', { run, parameters });
    assert.equal(r.problems[0]?.message, 'variable ${endTime} is not set');
    assert.match(r.problems[0]?.hint ?? '', /-p endTime=/);
  });
  it('parses -p pairs and rejects a pair without =', () => {
    assert.deepEqual(
      [...parseAssignments(['a=1', 'b=x=y', 'c='])],
      [
        ['a', '1'],
        ['b', 'x=y'],
        ['c', ''],
      ],
    );
    assert.throws(() => parseAssignments(['novalue']), /name=value/);
  });
});

// Asia/Shanghai has had no DST since 1991 (results stay after 1992 below), so the expected value is plain UTC+8 arithmetic on integer seconds.
function shanghai(seconds: number): string {
  const iso = new Date((seconds + 8 * 3600) * 1000).toISOString();
  return iso.slice(0, 19).replace(/[-:T]/g, '');
}
const START = Date.UTC(1994, 0, 1) / 1000;
const END = Date.UTC(2099, 11, 31) / 1000;

describe('scheduling expressions: exact arithmetic (properties)', () => {
  it('$[yyyymmddhh24miss-N/24/60] is exactly N minutes before T, for any T and N', () => {
    fc.assert(
      fc.property(fc.integer({ min: START, max: END }), fc.integer({ min: 0, max: 600_000 }), (t, n) => {
        const run = createRunContext({ nominal: t });
        const r = expandString(`$[yyyymmddhh24miss-${n}/24/60]`, { run, parameters: new Map() });
        assert.equal(r.value, shanghai(t - n * 60));
      }),
      { numRuns: 2000 },
    );
  });

  it('never drifts by a second across month, year and leap-day boundaries', () => {
    // T within ±2 days of a month start (incl. 29 Feb and 1 Jan) in every year, offsets in h/m/s units.
    const boundary = fc
      .tuple(
        fc.integer({ min: 2007, max: 2098 }),
        fc.integer({ min: 0, max: 11 }),
        fc.integer({ min: -172_800, max: 172_800 }),
      )
      .map(([y, m, delta]) => Date.UTC(y, m, 1) / 1000 - 8 * 3600 + delta);
    const unit = fc.constantFrom(['', 1], ['/24', 24], ['/24/60', 1440], ['/24/60/60', 86_400]);
    fc.assert(
      fc.property(boundary, fc.integer({ min: 0, max: 5000 }), unit, fc.boolean(), (t, n, [suffix, per], plus) => {
        const run = createRunContext({ nominal: t });
        const r = expandString(`$[yyyymmddhh24miss${plus ? '+' : '-'}${n}${suffix}]`, { run, parameters: new Map() });
        const delta = (n * 86_400) / (per as number);
        assert.equal(r.value, shanghai(plus ? t + delta : t - delta));
      }),
      { numRuns: 3000 },
    );
  });

  it('consecutive 5-minute runs tile time: end(T) = start(T + 5 min)', () => {
    fc.assert(
      fc.property(fc.integer({ min: START / 300, max: END / 300 }), (slot) => {
        const t = slot * 300;
        const at = (s: number, e: string) =>
          expandString(e, { run: createRunContext({ nominal: s }), parameters: new Map() }).value;
        assert.equal(at(t, '$[yyyymmddhh24miss-5/24/60]'), at(t + 300, '$[yyyymmddhh24miss-10/24/60]'));
      }),
      { numRuns: 2000 },
    );
  });

  it('${yyyymmdd-N} is N calendar days before the business date', () => {
    fc.assert(
      fc.property(fc.integer({ min: START, max: END }), fc.integer({ min: 0, max: 5000 }), (t, n) => {
        const run = createRunContext({ nominal: t });
        const localMidnight = Math.floor((t + 8 * 3600) / 86_400) * 86_400 - 8 * 3600;
        assert.equal(
          expandString(`\${yyyymmdd-${n}}`, { run, parameters: new Map() }).value,
          shanghai(localMidnight - (n + 1) * 86_400).slice(0, 8),
        );
      }),
      { numRuns: 2000 },
    );
  });
});
