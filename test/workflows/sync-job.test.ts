// syncJobWorkflow's orchestration on the time-skipping test server, with stub activities (STYLE.md: workflow tests
// stub the activities; the real ones are exercised end to end in test/integration). The stubs keep a committed end
// like the real checkpoint row, so the tests can check what the workflow commits, in which order.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { ApplicationFailure } from '@temporalio/common';
import { WorkflowFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { JobPlan } from '../../src/job/plan-types';
import type { SyncJobInput, SyncRunSummary } from '../../src/sync/job-input';
import { createSyncTestEnvironment } from '../helpers/time-skipping';

let env: TestWorkflowEnvironment;
before(async () => {
  env = await createSyncTestEnvironment();
});
after(async () => {
  await env?.teardown();
});

const MIN = 60_000;
const T = Date.parse('2026-11-21T10:00:00Z');
const plan = { sink: { plugin: 'elasticsearch' }, setting: { errorLimit: {} } } as unknown as JobPlan;

interface Call {
  name: string;
  window?: { startMs: number; endMs: number };
  expectedEndMs?: number | null;
}

/** Stub activities over a committed end, with hooks to inject failures. */
function stubs(
  initial: { committedEndMs: number | null; retentionHours?: number },
  hooks: Partial<Record<string, (n: number) => void>> = {},
) {
  let committed = initial.committedEndMs;
  const calls: Call[] = [];
  const count: Record<string, number> = {};
  const hook = (name: string) => {
    count[name] = (count[name] ?? 0) + 1;
    hooks[name]?.(count[name]!);
  };
  const activities = {
    async prepareJob() {
      hook('prepareJob');
      calls.push({ name: 'prepareJob' });
      return {
        streamId: 's',
        retentionHours: initial.retentionHours ?? 24,
        committedEndMs: committed,
        dataxResumeStartMs: null,
      };
    },
    async readWindow(input: { window: { startMs: number; endMs: number } }) {
      hook('readWindow');
      calls.push({ name: 'readWindow', window: input.window });
      return { window: input.window, staged: { dir: 'd', files: [], records: 7 }, positions: [], recordsRead: 7 };
    },
    async writeWindow(input: { manifest: { window: { startMs: number; endMs: number } } }) {
      hook('writeWindow');
      calls.push({ name: 'writeWindow', window: input.manifest.window });
      return { written: 6, skippedStale: 1, dirty: 0 };
    },
    async commitWindow(input: { window: { startMs: number; endMs: number }; expectedEndMs: number | null }) {
      hook('commitWindow');
      if (committed !== input.expectedEndMs) {
        throw ApplicationFailure.nonRetryable('fence moved', 'CheckpointConflictError');
      }
      calls.push({ name: 'commitWindow', window: input.window, expectedEndMs: input.expectedEndMs });
      committed = input.window.endMs;
    },
  };
  return { activities, calls, committed: () => committed };
}

function input(overrides: Partial<SyncJobInput> = {}): SyncJobInput {
  return {
    jobId: 'orders',
    plan,
    schedule: { intervalMs: 5 * MIN, lagMs: 5 * MIN, maxWindowsPerRun: 12 },
    retry: { maximumAttempts: 3, intervalMs: 2 * MIN },
    nominalTimeOverride: new Date(T).toISOString(),
    ...overrides,
  };
}

async function run(activities: object, args: SyncJobInput): Promise<SyncRunSummary> {
  const taskQueue = `wf-${randomUUID()}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowsPath: require.resolve('../../src/workflows'),
    activities,
  });
  return worker.runUntil(
    env.client.workflow.execute('syncJobWorkflow', { taskQueue, workflowId: `wf-${randomUUID()}`, args: [args] }),
  ) as Promise<SyncRunSummary>;
}

const windowsOf = (calls: Call[], name: string) => calls.filter((c) => c.name === name).map((c) => c.window);

test('a first run syncs the one tile before T − lag: read, write, then commit, in that order', async () => {
  const s = stubs({ committedEndMs: null });
  const summary = await run(s.activities, input());
  assert.deepEqual(
    s.calls.map((c) => c.name),
    ['prepareJob', 'readWindow', 'writeWindow', 'commitWindow'],
  );
  assert.deepEqual(windowsOf(s.calls, 'commitWindow'), [{ startMs: T - 10 * MIN, endMs: T - 5 * MIN }]);
  assert.equal(s.calls[3]!.expectedEndMs, null);
  assert.deepEqual(
    {
      windows: summary.windows,
      read: summary.recordsRead,
      written: summary.recordsWritten,
      stale: summary.recordsSkippedStale,
    },
    { windows: 1, read: 7, written: 6, stale: 1 },
  );
});

test('a late run catches up every missed tile in order, each commit fenced on the previous end', async () => {
  const s = stubs({ committedEndMs: T - 32 * MIN }); // off-grid, as a DataWorks position may be
  await run(s.activities, input());
  const commits = s.calls.filter((c) => c.name === 'commitWindow');
  assert.deepEqual(
    commits.map((c) => [(c.window!.startMs - T) / MIN, (c.window!.endMs - T) / MIN]),
    [
      [-32, -30],
      [-30, -25],
      [-25, -20],
      [-20, -15],
      [-15, -10],
      [-10, -5],
    ],
  );
  commits.forEach((c, i) => assert.equal(c.expectedEndMs, i === 0 ? T - 32 * MIN : commits[i - 1]!.window!.endMs));
  assert.equal(s.committed(), T - 5 * MIN);
});

test('nothing due: a run right after the last commit does no work', async () => {
  const s = stubs({ committedEndMs: T - 5 * MIN });
  const summary = await run(s.activities, input());
  assert.deepEqual(
    s.calls.map((c) => c.name),
    ['prepareJob'],
  );
  assert.equal(summary.windows, 0);
});

test('more tiles than one run may hold: the run continues as new and the chain covers them all', async () => {
  const s = stubs({ committedEndMs: T - 45 * MIN });
  await run(s.activities, input({ schedule: { intervalMs: 5 * MIN, lagMs: 5 * MIN, maxWindowsPerRun: 3 } }));
  assert.equal(s.calls.filter((c) => c.name === 'prepareJob').length, 3);
  assert.equal(windowsOf(s.calls, 'commitWindow').length, 8);
  assert.equal(s.committed(), T - 5 * MIN);
});

test('a write that fails is retried by the declared policy (2 minutes apart) and the window still commits once', async () => {
  const s = stubs(
    { committedEndMs: null },
    {
      writeWindow: (n) => {
        if (n < 3) throw ApplicationFailure.retryable('Elasticsearch unavailable', 'ConnectionError');
      },
    },
  );
  const before = await env.currentTimeMs();
  await run(s.activities, input());
  assert.equal(windowsOf(s.calls, 'commitWindow').length, 1);
  assert.ok(
    (await env.currentTimeMs()) - before >= 4 * MIN,
    'two 2-minute backoffs elapsed (skipped) on the server clock',
  );
});

test('staged records lost with their worker: the window is read again before it is written', async () => {
  const s = stubs(
    { committedEndMs: null },
    {
      writeWindow: (n) => {
        if (n === 1) throw ApplicationFailure.nonRetryable('staged file gone', 'StagingMissingError');
      },
    },
  );
  await run(s.activities, input());
  assert.deepEqual(
    s.calls.map((c) => c.name),
    ['prepareJob', 'readWindow', 'readWindow', 'writeWindow', 'commitWindow'],
  );
});

test('a start older than the stream retention fails loudly with a data gap, reading nothing', async () => {
  const s = stubs({ committedEndMs: T - 30 * 3_600_000, retentionHours: 24 });
  await assert.rejects(run(s.activities, input()), (err: unknown) => {
    assert.ok(err instanceof WorkflowFailedError);
    assert.ok(err.cause instanceof ApplicationFailure);
    assert.equal(err.cause.type, 'DataGapError');
    return true;
  });
  assert.deepEqual(
    s.calls.map((c) => c.name),
    ['prepareJob'],
  );
});

test('a fence conflict (another run moved the checkpoint) fails the run without retrying or going further', async () => {
  const s = stubs(
    { committedEndMs: T - 20 * MIN },
    {
      commitWindow: (n) => {
        if (n === 1) throw ApplicationFailure.nonRetryable('fence moved', 'CheckpointConflictError');
      },
    },
  );
  await assert.rejects(run(s.activities, input()), /Workflow execution failed/);
  assert.equal(s.calls.filter((c) => c.name === 'readWindow').length, 1);
});

test('a run with no nominal time fails at once as a configuration error', async () => {
  const s = stubs({ committedEndMs: null });
  const { nominalTimeOverride: _drop, ...noTime } = input();
  await assert.rejects(run(s.activities, noTime), (err: unknown) => {
    assert.ok(err instanceof WorkflowFailedError && err.cause instanceof ApplicationFailure);
    assert.equal(err.cause.type, 'JobConfigError');
    return true;
  });
});
