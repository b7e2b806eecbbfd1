import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { runCli } from '../../helpers/cli';

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'jobs');
const ENV = { OTSYNC_DATASOURCES: path.join(FIXTURES, 'datasources.json') };
const seed = (name: string) => path.join(FIXTURES, name);
const SEED3 = [
  '--at',
  '20230423190000',
  '-p',
  'startTime=$[yyyymmddhh24-2/24]$[miss-10/24/60]',
  '-p',
  'endTime=$[yyyymmddhh24-1/24]$[miss-10/24/60]',
];

describe('otsync validate (the real CLI)', () => {
  it('prints the plan and warnings and exits 0 for a valid script', async () => {
    const r = await runCli(['validate', seed('seed-3-otsstream-to-oss-v2.json'), ...SEED3], ENV);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /is valid \(dataworks-2\.0: otsstream → oss\)/);
    assert.match(r.stdout, /"startTimeString": "20230423175000"/);
    assert.match(r.stdout, /warning: steps\[1\]\.parameter\.writeMode line 34, column 30: truncate deletes/);
    assert.doesNotMatch(r.stdout, /RegistryOtsSecret|RegistryOss2Secret/);
  });

  it('--json prints one object with valid, errors, warnings and plan', async () => {
    const r = await runCli(['validate', seed('seed-3-otsstream-to-oss-v2.json'), ...SEED3, '--json'], ENV);
    assert.equal(r.code, 0);
    const out = JSON.parse(r.stdout) as {
      valid: boolean;
      errors: unknown[];
      warnings: { path: string; message: string; line?: number }[];
      plan: { sink: { plugin: string } };
    };
    assert.equal(out.valid, true);
    assert.deepEqual(out.errors, []);
    assert.ok(out.warnings.every((w) => typeof w.path === 'string' && typeof w.message === 'string'));
    assert.equal(out.plan.sink.plugin, 'oss');
  });

  it('exits 2 listing every problem with its path, a message, a hint and a line', async () => {
    const r = await runCli(['validate', seed('seed-1-otsstream-to-oss.empty.json'), '--at', '20240315100500'], ENV);
    assert.equal(r.code, 2);
    assert.match(
      r.stderr,
      /error: configuration\.reader\.parameter\.datasource line 17, column 16: must not be empty\n {2}hint: name a registered datasource/,
    );
    assert.match(r.stderr, /error: configuration\.writer\.parameter\.object line \d+, column \d+: must not be empty/);
    assert.match(r.stderr, /is not valid: 5 problems/);
    const json = await runCli(
      ['validate', seed('seed-1-otsstream-to-oss.empty.json'), '--at', '20240315100500', '--json'],
      ENV,
    );
    const out = JSON.parse(json.stdout) as {
      valid: boolean;
      errors: { path: string; message: string; hint?: string; line?: number }[];
      plan: unknown;
    };
    assert.equal(json.code, 2);
    assert.equal(out.valid, false);
    assert.equal(out.plan, null);
    assert.equal(out.errors.length, 5);
    assert.ok(out.errors.every((e) => e.path && e.message && e.line));
  });

  it('names an unresolved variable and its JSON path', async () => {
    const r = await runCli(
      [
        'validate',
        seed('seed-2-otsstream-to-odps.json'),
        '--at',
        '20240315100500',
        '-p',
        'startTime=$[yyyymmddhh24miss-10/24/60]',
      ],
      ENV,
    );
    assert.equal(r.code, 2);
    assert.match(
      r.stderr,
      /error: configuration\.reader\.parameter\.endTimeString line 11, column 26: variable \$\{endTime\} is not set\n {2}hint: pass it as a parameter/,
    );
  });

  it('exits 2 for bad options and unreadable files, with a message', async () => {
    for (const args of [
      ['validate', seed('seed-0-otsstream-to-elasticsearch.json'), '-p', 'novalue'],
      ['validate', seed('seed-0-otsstream-to-elasticsearch.json'), '--at', '2024-03-15'],
      ['validate', seed('seed-0-otsstream-to-elasticsearch.json'), '--tz', 'Mars/Base'],
      ['validate', seed('does-not-exist.json')],
    ]) {
      const r = await runCli([...args, '--json'], ENV);
      assert.equal(r.code, 2, args.join(' '));
      const out = JSON.parse(r.stdout) as { valid: boolean; errors: { message: string }[] };
      assert.equal(out.valid, false);
      assert.ok(out.errors[0]?.message);
    }
  });

  it('checks the 5-minute rule against --now', async () => {
    const args = [
      'validate',
      seed('seed-3-otsstream-to-oss-v2.json'),
      '--at',
      '20230423190000',
      '-p',
      'startTime=20230423185000',
      '-p',
      'endTime=20230423185800',
      '--json',
    ];
    const r = await runCli(args, ENV);
    assert.equal(r.code, 2);
    assert.match(r.stdout, /less than 5 minutes before now/);
  });
});
