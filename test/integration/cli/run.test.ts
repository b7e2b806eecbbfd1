// `otsync run` and `otsync status` through the real command: one window of a table on the stack's Tablestore
// server lands in the real Elasticsearch, and the run is listed with its window, counts and a Temporal UI link.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { cliFixture, eventually, otsync, sleep, type CliFixture } from './helpers';

let f: CliFixture;
before(async () => {
  f = await cliFixture('cli-run');
});
after(async () => {
  await f?.close();
});

test('otsync run syncs one window now and prints a summary; otsync status lists the run', async () => {
  const startMs = Date.now() - 1000;
  for (let i = 0; i < 12; i++) await f.put(`u${i}`, `name-${i}`, i);
  await f.remove('u4');
  await sleep(1100);
  const endMs = Date.now();
  const file = f.script({ startMs, endMs });

  const run = await otsync(['run', file, '--job', f.jobId], f.env);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, new RegExp(`job\\s+${f.jobId}`));
  assert.match(run.stdout, /windows\s+1 \[/);
  assert.match(run.stdout, /read\s+13 stream records/);
  assert.match(run.stdout, /written\s+13/, 'twelve puts and one delete');
  assert.match(run.stdout, /dirty\s+0/);
  assert.match(run.stderr, /http:\/\/127\.0\.0\.1:\d+\/namespaces\/default\/workflows\/otsync-cli-run-/);
  assert.deepEqual(await f.documents(), f.model);

  // Visibility is eventually consistent: the run shows with its search attributes shortly after it closed.
  const status = await eventually(
    async () => {
      const s = await otsync(['status', f.jobId], f.env);
      assert.equal(s.code, 0, s.stderr);
      return /read 13/.test(s.stdout) ? s : undefined;
    },
    20_000,
    'the run in otsync status',
  );
  const line = status.stdout.split('\n')[0]!;
  assert.match(line, /^COMPLETED /);
  assert.ok(line.includes(new Date(startMs).toISOString()), line);
  assert.ok(line.includes(new Date(endMs).toISOString()), line);
  assert.match(line, /read 13 {2}written 13 {2}dirty 0/);
  assert.match(line, /http:\/\/127\.0\.0\.1:\d+\/namespaces\/default\/workflows\/otsync-cli-run-/);
});

test('a missing job file fails with the path and a hint, exit 1', async () => {
  const res = await otsync(['run', '/nonexistent/job.json'], f.env);
  assert.equal(res.code, 1);
  assert.match(res.stderr, /error: cannot read job script \/nonexistent\/job\.json: ENOENT/);
  assert.match(res.stderr, /hint: check the path/);
  assert.doesNotMatch(res.stderr, /\n\s+at /, 'no stack trace');
});

test('an invalid script fails before anything runs, listing every problem with its path', async () => {
  const file = f.script({ startMs: 2000, endMs: 1000 }, `${f.tmp}/reversed.json`);
  const res = await otsync(['run', file, '--job', `${f.jobId}-bad`], f.env);
  assert.notEqual(res.code, 0);
  assert.match(res.stderr, /error: invalid job script/);
  assert.match(res.stderr, /endTimestampMillis|startTimestampMillis/);
  assert.doesNotMatch(res.stderr, /\n\s+at /);

  const broken = `${f.tmp}/broken.json`;
  (await import('node:fs')).writeFileSync(broken, '{"job": {"content": [{"reader": {}, "writer": {}}]}}');
  const res2 = await otsync(['run', broken], f.env);
  assert.equal(res2.code, 1);
  assert.match(res2.stderr, /error: invalid job script: \d+ problems/);
  assert.match(res2.stderr, /\n {2}job\.content\[0\]\.reader/, 'each problem on its own line with its path');
});

test('an unknown job fails with a clear message for every schedule operation', async () => {
  for (const op of ['describe', 'pause', 'resume', 'trigger', 'delete']) {
    const res = await otsync(['schedule', op, 'no-such-job-anywhere'], f.env);
    assert.equal(res.code, 1, `${op}: ${res.stderr}`);
    assert.match(res.stderr, /error: no schedule otsync-no-such-job-anywhere on the Temporal server/, op);
    assert.match(res.stderr, /hint: 'otsync schedule list'/);
    assert.doesNotMatch(res.stderr, /\n\s+at /);
  }
  const bad = await otsync(['schedule', 'describe', 'not a job id'], f.env);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /error: job id "not a job id" is not valid/);
  const opt = await otsync(['schedule', 'create', '/dev/null', '--interval', 'soon'], f.env);
  assert.notEqual(opt.code, 0);
  assert.match(opt.stderr, /expected a duration such as 5m/);
});
