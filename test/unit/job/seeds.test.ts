import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { loadDatasourceCatalog } from '../../../src/datasources/catalog';
import { compile, lines } from './job-builder';

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'jobs');
const read = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');
const datasources = loadDatasourceCatalog({ file: path.join(FIXTURES, 'datasources.json'), env: {} });
const AT = '20240315100500';

// Each seed script from the DataWorks/Tablestore documentation, copied verbatim with its comments; the `.json`
// variant fills the template's empty placeholders with sample values, the `.empty.json` one leaves them empty.
const seeds: {
  name: string;
  at: string;
  parameters: Record<string, string>;
  layout: string;
  sink: string;
  empty: string[];
}[] = [
  {
    name: 'seed-0-otsstream-to-elasticsearch',
    at: AT,
    parameters: {},
    layout: 'dataworks-1.0',
    sink: 'elasticsearch',
    empty: [
      'configuration.reader.parameter.accessId: must not be empty',
      'configuration.reader.parameter.accessKey: must not be empty',
      'configuration.reader.parameter.endpoint: must not be empty',
      'configuration.reader.parameter.instanceName: must not be empty',
      'configuration.reader.parameter.dataTable: must not be empty',
      'configuration.reader.parameter.date: date is still the template value "yyyyMMdd"',
      'configuration.writer.parameter.endpoint: must not be empty',
      'configuration.writer.parameter.index: must not be empty',
    ],
  },
  {
    name: 'seed-1-otsstream-to-oss',
    at: AT,
    parameters: { start_time: '1710467700000', end_time: '1710468000000', date: '${bdp.system.bizdate}' },
    layout: 'dataworks-1.0',
    sink: 'oss',
    empty: [
      'configuration.reader.parameter.datasource: must not be empty',
      'configuration.reader.parameter.dataTable: must not be empty',
      'configuration.reader.parameter.date: date is still the template value "yyyyMMdd"',
      'configuration.writer.parameter.datasource: must not be empty',
      'configuration.writer.parameter.object: must not be empty',
    ],
  },
  {
    name: 'seed-2-otsstream-to-odps',
    at: AT,
    parameters: { startTime: '$[yyyymmddhh24miss-10/24/60]', endTime: '$[yyyymmddhh24miss-5/24/60]' },
    layout: 'dataworks-1.0',
    sink: 'maxcompute',
    empty: [
      'configuration.reader.parameter.startTimeString: variable ${startTime} is not set',
      'configuration.reader.parameter.endTimeString: variable ${endTime} is not set',
    ],
  },
  {
    name: 'seed-3-otsstream-to-oss-v2',
    at: '20230423190000',
    parameters: { startTime: '$[yyyymmddhh24-2/24]$[miss-10/24/60]', endTime: '$[yyyymmddhh24-1/24]$[miss-10/24/60]' },
    layout: 'dataworks-2.0',
    sink: 'oss',
    empty: [
      'steps[0].parameter.datasource: must not be empty',
      'steps[0].parameter.startTimeString: variable ${startTime} is not set',
      'steps[0].parameter.endTimeString: variable ${endTime} is not set',
      'steps[0].parameter.dataTable: must not be empty',
      'steps[1].parameter.object: must not be empty',
    ],
  },
  {
    name: 'seed-4-otsstream-to-odps-v2',
    at: AT,
    parameters: { startTime: '1710467700000', endTime: '1710468000000' },
    layout: 'dataworks-2.0',
    sink: 'maxcompute',
    empty: [
      'steps[0].parameter.datasource: must not be empty',
      'steps[0].parameter.startTimestampMillis: variable ${startTime} is not set',
      'steps[0].parameter.endTimestampMillis: variable ${endTime} is not set',
      'steps[0].parameter.table: must not be empty',
      'steps[1].parameter.datasource: must not be empty',
      'steps[1].parameter.table: must not be empty',
    ],
  },
];

describe('seed scripts from the documentation', () => {
  for (const seed of seeds) {
    it(`${seed.name} with its placeholders filled validates`, () => {
      const r = compile(read(`${seed.name}.json`), {
        parameters: seed.parameters,
        nominalTime: seed.at,
        now: undefined,
        datasources,
      });
      assert.deepEqual(lines(r.errors), []);
      assert.equal(r.plan?.layout, seed.layout);
      assert.equal(r.plan?.source.plugin, 'tablestore-stream');
      assert.equal(r.plan?.sink.plugin, seed.sink);
    });
    it(`${seed.name} with its placeholders empty fails with exactly the expected errors`, () => {
      const r = compile(read(`${seed.name}.empty.json`), { nominalTime: seed.at, datasources });
      assert.deepEqual(lines(r.errors), seed.empty);
      assert.ok(
        r.errors.every((e) => e.line !== undefined),
        'every error has a line',
      );
    });
  }

  it('seed 3 reads the documented window: a run at 19:00 syncs 17:50 to 18:50', () => {
    const seed = seeds[3];
    const r = compile(read('seed-3-otsstream-to-oss-v2.json'), {
      parameters: seed?.parameters,
      nominalTime: seed?.at,
      datasources,
    });
    assert.deepEqual(r.plan?.run.parameters, { startTime: '20230423175000', endTime: '20230423185000' });
    assert.equal(r.plan?.source.config.window.form, 'time-string');
  });

  it('seed 3 is read despite the comma missing in its published setting block, with a warning', () => {
    const r = compile(read('seed-3-otsstream-to-oss-v2.json'), {
      parameters: seeds[3]?.parameters,
      nominalTime: '20230423190000',
      datasources,
    });
    assert.ok(r.warnings.some((w) => w.line === 57 && /comma is missing/.test(w.message)));
    assert.equal(r.plan?.setting.rateLimitBytesPerSecond, 12 * 1048576);
  });

  it('seed 4 with the documented $[yyyymmddhh24miss…] values in the millisecond keys is a clear error', () => {
    const r = compile(read('seed-4-otsstream-to-odps-v2.json'), {
      parameters: { startTime: '$[yyyymmddhh24miss-10/24/60]', endTime: '$[yyyymmddhh24miss-5/24/60]' },
      nominalTime: AT,
      datasources,
    });
    assert.deepEqual(lines(r.errors), [
      'steps[0].parameter.startTimestampMillis: 20240315095500 looks like a yyyyMMddHHmmss time, not epoch milliseconds',
      'steps[0].parameter.endTimestampMillis: 20240315100000 looks like a yyyyMMddHHmmss time, not epoch milliseconds',
    ]);
  });

  it('destructive settings in the seeds are reported as warnings', () => {
    const w = (name: string, parameters: Record<string, string>) =>
      lines(compile(read(name), { parameters, nominalTime: AT, datasources }).warnings).join('\n');
    assert.match(w('seed-0-otsstream-to-elasticsearch.json', {}), /cleanup deletes and recreates the index/);
    assert.match(w('seed-1-otsstream-to-oss.json', seeds[1]?.parameters ?? {}), /truncate deletes every object/);
    assert.match(
      w('seed-2-otsstream-to-odps.json', seeds[2]?.parameters ?? {}),
      /truncate erases the target partition/,
    );
  });
});
