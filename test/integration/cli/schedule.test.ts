// `otsync schedule …` through the real command against the dev server, checked from outside otsync with the
// Temporal CLI: the same schedule, operable either way. A worker in this process runs what the schedule starts.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { createActivities } from '../../../src/activities';
import { closeOpenPlugins } from '../../../src/activities/open-plugins';
import { JobStore } from '../../../src/jobs/store';
import { createWorker, type OtsyncWorker } from '../../../src/worker';
import { temporalAddress, temporalNamespace } from '../../helpers/env';
import { cliFixture, eventually, otsync, sleep, temporalCli, type CliFixture } from './helpers';

let f: CliFixture;
let worker: OtsyncWorker;
let running: Promise<void>;
const taskQueue = `cli-schedule-${process.pid}`;

before(async () => {
  f = await cliFixture('cli-sched');
  worker = await createWorker({
    target: { address: temporalAddress(), namespace: temporalNamespace() },
    taskQueue,
    activities: createActivities({
      jobStore: new JobStore(f.env.OTSYNC_JOBS_DIR),
      stagingRoot: path.join(f.tmp, 'worker-staging'),
    }),
  });
  running = worker.worker.run();
});
after(async () => {
  await otsync(['schedule', 'delete', f.jobId], f.env);
  worker?.worker.shutdown();
  await running;
  await worker?.close();
  await closeOpenPlugins();
  await f?.close();
});

interface TemporalScheduleJson {
  schedule: {
    spec: { interval?: { interval: string }[] };
    action: { startWorkflow: { workflowType: { name: string }; taskQueue: { name: string } } };
    state: { paused?: boolean; notes?: string };
  };
}

function describeWithTemporal(scheduleId: string): TemporalScheduleJson {
  const res = temporalCli(['schedule', 'describe', '--schedule-id', scheduleId, '-o', 'json']);
  assert.equal(res.code, 0, res.stderr);
  return JSON.parse(res.stdout) as TemporalScheduleJson;
}

test('schedule create | list | describe | pause | resume | trigger | delete, seen by the Temporal CLI', async () => {
  const scheduleId = `otsync-${f.jobId}`;
  const startMs = Math.floor(Date.now() / 1000) * 1000 - 1000;
  for (let i = 0; i < 8; i++) await f.put(`s${i}`, `sched-${i}`, i * 10);
  const file = f.script({ startMs, endMs: startMs + 1000 });

  const created = await otsync(
    [
      'schedule',
      'create',
      file,
      '--job',
      f.jobId,
      '--interval',
      '2s',
      '--lag',
      '1s',
      '--retry-interval',
      '1s',
      '--start-at',
      String(startMs),
      '--task-queue',
      taskQueue,
      '--paused',
    ],
    f.env,
  );
  assert.equal(created.code, 0, created.stderr);
  assert.match(created.stdout, new RegExp(`schedule ${scheduleId}: every 2 s, lag 1 s`));
  let seen = describeWithTemporal(scheduleId);
  assert.equal(seen.schedule.state.paused, true);
  assert.equal(seen.schedule.spec.interval?.[0]?.interval, '2s');
  assert.equal(seen.schedule.action.startWorkflow.workflowType.name, 'syncJobWorkflow');
  assert.equal(seen.schedule.action.startWorkflow.taskQueue.name, taskQueue);

  const list = await otsync(['schedule', 'list'], f.env);
  assert.equal(list.code, 0, list.stderr);
  assert.match(list.stdout, new RegExp(`${scheduleId}\\s+paused`));
  const described = await otsync(['schedule', 'describe', f.jobId], f.env);
  assert.equal(described.code, 0, described.stderr);
  assert.match(described.stdout, new RegExp(`schedule\\s+${scheduleId}`));
  assert.match(described.stdout, /state\s+paused/);

  // Resume: the schedule starts runs by itself, and the worker here syncs the table.
  assert.equal((await otsync(['schedule', 'resume', f.jobId], f.env)).code, 0);
  assert.equal(describeWithTemporal(scheduleId).schedule.state.paused ?? false, false);
  await eventually(
    async () => ((await f.documents()).size === f.model.size ? true : undefined),
    30_000,
    'the scheduled runs to sync the table',
  );
  assert.deepEqual(await f.documents(), f.model);

  // Pause, with the reason visible to the Temporal CLI.
  const paused = await otsync(['schedule', 'pause', f.jobId, '--reason', 'maintenance by test'], f.env);
  assert.equal(paused.code, 0, paused.stderr);
  seen = describeWithTemporal(scheduleId);
  assert.equal(seen.schedule.state.paused, true);
  assert.equal(seen.schedule.state.notes, 'maintenance by test');

  // Trigger runs once now even while paused, and picks up the newer changes.
  await f.remove('s1');
  await f.put('s9', 'late', 99);
  await sleep(3000); // past the next window end (T − lag on the 2 s grid)
  const triggered = await otsync(['schedule', 'trigger', f.jobId], f.env);
  assert.equal(triggered.code, 0, triggered.stderr);
  await eventually(
    async () => {
      const docs = await f.documents();
      return docs.has('s9') && !docs.has('s1') ? true : undefined;
    },
    30_000,
    'the triggered run',
  );
  assert.deepEqual(await f.documents(), f.model);

  const status = await eventually(
    async () => {
      const s = await otsync(['status', f.jobId, '--limit', '50'], f.env);
      return /COMPLETED .*read [1-9]/.test(s.stdout) ? s : undefined;
    },
    20_000,
    'scheduled runs in otsync status',
  );
  assert.match(status.stdout, new RegExp(`/namespaces/default/workflows/${scheduleId}-`), 'scheduled run ids');

  const deleted = await otsync(['schedule', 'delete', f.jobId], f.env);
  assert.equal(deleted.code, 0, deleted.stderr);
  const gone = temporalCli(['schedule', 'describe', '--schedule-id', scheduleId]);
  assert.notEqual(gone.code, 0, 'the Temporal CLI no longer finds it');
  const listed = await otsync(['schedule', 'list'], f.env);
  assert.doesNotMatch(listed.stdout, new RegExp(scheduleId));
});
