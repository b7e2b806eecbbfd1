// The activity timeouts syncJobWorkflow schedules, read from the history it writes (time-skipping test server,
// stub activities). Prepare and commit do not heartbeat, so their start-to-close timeout is how a worker killed
// during them fails over: it must follow the job's `timeouts.startToCloseMs` when that is below 2 minutes, or a
// SIGKILL during a commit stalls the run for 2 minutes whatever the job asked for.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { JobPlan } from '../../../src/job/plan-types';
import type { SyncActivityTimeouts, SyncJobInput } from '../../../src/sync/job-input';
import { createSyncTestEnvironment } from '../../helpers/time-skipping';

let env: TestWorkflowEnvironment;
before(async () => {
  env = await createSyncTestEnvironment();
});
after(async () => {
  await env?.teardown();
});

const T = Date.parse('2026-11-21T10:00:00Z');
const plan = { sink: { plugin: 'elasticsearch' }, setting: { errorLimit: {} } } as unknown as JobPlan;
const window = { startMs: T - 600_000, endMs: T - 300_000 };
const activities = {
  prepareJob: async () => ({
    streamId: 's',
    retentionHours: 24,
    committedEndMs: window.startMs,
    dataxResumeStartMs: null,
  }),
  readWindow: async () => ({ window, staged: { dir: 'd', files: [], records: 0 }, positions: [], recordsRead: 0 }),
  writeWindow: async () => ({ written: 0, skippedStale: 0, dirty: 0 }),
  commitWindow: async () => undefined,
};

/** Start-to-close timeout (s) of each activity type the run scheduled. */
async function scheduledTimeouts(timeouts: SyncActivityTimeouts | undefined): Promise<Record<string, number>> {
  const taskQueue = `timeouts-${randomUUID()}`;
  const workflowId = `timeouts-${randomUUID()}`;
  const args: SyncJobInput = {
    jobId: 'orders',
    plan,
    schedule: { intervalMs: 300_000, lagMs: 300_000, maxWindowsPerRun: 12 },
    retry: { maximumAttempts: 3, intervalMs: 120_000 },
    nominalTimeOverride: new Date(T).toISOString(),
    ...(timeouts ? { timeouts } : {}),
  };
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowsPath: require.resolve('../../../src/workflows'),
    activities,
  });
  await worker.runUntil(env.client.workflow.execute('syncJobWorkflow', { taskQueue, workflowId, args: [args] }));
  const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
  const out: Record<string, number> = {};
  for (const e of history.events ?? []) {
    const a = e.activityTaskScheduledEventAttributes;
    if (a?.activityType?.name) out[a.activityType.name] = Number(a.startToCloseTimeout?.seconds ?? 0);
  }
  return out;
}

test('prepare and commit get at most the job’s per-attempt timeout, so a worker killed during them fails over fast', async () => {
  assert.deepEqual(await scheduledTimeouts({ heartbeatMs: 2000, startToCloseMs: 15_000 }), {
    prepareJob: 15,
    readWindow: 15,
    writeWindow: 15,
    commitWindow: 15,
  });
});

test('with the default timeouts prepare and commit keep their 2 minutes and reads and writes 30 minutes', async () => {
  assert.deepEqual(await scheduledTimeouts(undefined), {
    prepareJob: 120,
    readWindow: 1800,
    writeWindow: 1800,
    commitWindow: 120,
  });
});
