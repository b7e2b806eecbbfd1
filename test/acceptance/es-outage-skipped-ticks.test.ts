// Acceptance (issue 5): Elasticsearch stopped for 3 minutes in the middle of a scheduled job, and schedule ticks
// that are skipped, lose nothing.
//
// The suite runs its own Elasticsearch (a second single-node server on a free loopback port with its own run
// directory; the shared one on 9200 is never stopped) and the real `otsync worker` as a child process.
//
// How 3 minutes are survived: by the job's declarative activity retry, not by pausing the schedule. The writer
// gives up quickly (`trySize: 2`, `tryInterval: 1000`), so each write attempt fails fast, and the run's activities
// retry every 10 s up to 40 attempts (≈ 6.5 minutes of outage), all within the one run that was going when the
// server stopped. Meanwhile that run overruns its 2 s interval, so the schedule skips ticks (SKIP overlap); once
// Elasticsearch is back the run finishes and the next runs cover every window the skipped ticks would have had.
// The other way a tick is missed — the schedule paused for a few intervals — is checked too.
//
// Sizes: OTSYNC_ACCEPTANCE_ES_OUTAGE_MS (default 180000), OTSYNC_ACCEPTANCE_SEED.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { Client as EsClient } from '@elastic/elasticsearch';
import type { Client, ScheduleHandle } from '@temporalio/client';
import { connectClient } from '../../src/client';
import { upsertSchedule } from '../../src/scheduling/schedules';
import { temporalAddress, temporalNamespace } from '../helpers/env';
import { allDocuments, startIsolatedElasticsearch, type IsolatedElasticsearch } from './helpers/elasticsearch';
import { differences, TableModel } from './helpers/model';
import { createAcceptanceTable, serverNowMs, type AcceptanceTable } from './helpers/table';
import { listRuns, runFacts, scanHistories, waitNoOpenRuns, type RunFacts } from './helpers/temporal';
import { envInt, sleep, waitFor } from './helpers/wait';
import { startChildWorker, WorkerLogs, type ChildWorker } from './helpers/workers';

const OUTAGE_MS = envInt('OTSYNC_ACCEPTANCE_ES_OUTAGE_MS', 180_000);
const SEED = envInt('OTSYNC_ACCEPTANCE_SEED', Math.floor(Math.random() * 2 ** 31));
const INTERVAL_MS = 2000;
const ES_SECRET = `es-password-${randomUUID()}`;

let client: Client;
let isolated: IsolatedElasticsearch;
let es: EsClient;
let t: AcceptanceTable;
let schedule: ScheduleHandle;
let worker: ChildWorker;
let initialStartMs: number;
const logs = new WorkerLogs();
const model = new TableModel(2000, SEED);
let lastDoneMs = 0;

async function writeOps(n: number): Promise<void> {
  for (let left = n; left > 0;) {
    const batch = model.nextBatch(Math.min(200, left));
    await t.write(batch);
    model.apply(batch);
    left -= batch.ops.length;
    lastDoneMs = batch.doneMs!;
  }
}

async function caughtUp(what: string, timeoutMs = 300_000): Promise<void> {
  const target = lastDoneMs;
  await waitFor(what, async () => ((await t.committedEndMs()) ?? 0) > target, {
    timeoutMs,
    intervalMs: 1000,
    describe: async () =>
      `fence ${await t.committedEndMs()} vs last write ${Math.round(target)}; schedule ${JSON.stringify((await schedule.describe()).state)}`,
  });
}

async function assertIndexEqualsTable(): Promise<void> {
  const diff = differences(await allDocuments(es, t.index), model.rows);
  assert.equal(diff.count, 0, `index ≠ table for ${diff.count} keys:\n${diff.samples.join('\n')}`);
}

/** Closed runs that carried windows, in window order; they must tile the time line from the initial start. */
async function contiguousRuns(): Promise<RunFacts[]> {
  const runs = (await listRuns(client, t.jobId))
    .map(runFacts)
    .filter((f) => f.summary && f.summary.windows > 0)
    .sort((a, b) => a.summary!.firstStartMs! - b.summary!.firstStartMs!);
  assert.equal(runs[0]?.summary?.firstStartMs, initialStartMs);
  for (let i = 1; i < runs.length; i++) {
    assert.equal(
      runs[i]!.summary!.firstStartMs,
      runs[i - 1]!.summary!.lastEndMs,
      `${runs[i]!.workflowId} starts where ${runs[i - 1]!.workflowId} ended: no gap, no overlap`,
    );
  }
  return runs;
}

before(async () => {
  client = await connectClient({ address: temporalAddress(), namespace: temporalNamespace() });
  isolated = await startIsolatedElasticsearch();
  es = new EsClient({ node: isolated.url });
  t = await createAcceptanceTable('outage', {
    esUrl: isolated.url,
    esCredentials: { username: 'elastic', password: ES_SECRET },
    writer: { trySize: 2, tryInterval: 1000 },
  });
  const taskQueue = `acceptance-outage-${randomUUID()}`;
  worker = startChildWorker({ taskQueue, jobsDir: t.jobsDir, stagingDir: t.stagingDir, logs });
  initialStartMs = Math.floor(serverNowMs() / INTERVAL_MS) * INTERVAL_MS - INTERVAL_MS;
  schedule = await upsertSchedule(
    client,
    t.input({
      initialStartMs,
      schedule: { intervalMs: INTERVAL_MS, lagMs: 1000, maxWindowsPerRun: 30 },
      retry: { maximumAttempts: 40, intervalMs: 10_000 },
      timeouts: { heartbeatMs: 10_000, startToCloseMs: 60_000 },
    }),
    { taskQueue, pauseOnFailure: true },
  );
});
after(async () => {
  await schedule?.delete().catch(() => undefined);
  await worker?.stop();
  await es?.close();
  await isolated?.destroy();
  await t?.close();
  await client?.connection.close();
});

test('a paused schedule misses ticks, and the next run covers every window they would have had', async () => {
  await writeOps(1000);
  await caughtUp('the first changes to be committed');
  await schedule.pause('acceptance: miss a few ticks');
  await waitNoOpenRuns(client, t.jobId);
  const before = await t.committedEndMs();
  for (let i = 0; i < 5; i++) {
    await writeOps(200);
    await sleep(INTERVAL_MS); // five intervals without a tick
  }
  assert.equal(await t.committedEndMs(), before, 'nothing ran while paused');
  await schedule.unpause('acceptance: resume');
  await caughtUp('the run after the pause to cover the missed intervals');
  await assertIndexEqualsTable();
  const runs = await contiguousRuns();
  const catchUp = runs.find((r) => r.summary!.firstStartMs === before);
  assert.ok(catchUp, 'one run starts at the end committed before the pause');
  assert.ok(catchUp.summary!.windows >= 4, `it covers the missed intervals (${catchUp.summary!.windows} windows)`);
});

test(`Elasticsearch stopped for ${OUTAGE_MS / 1000} s mid-run: the run retries, skips ticks, then catches up with nothing lost`, async () => {
  // Changes keep coming during the whole outage.
  let writing = true;
  const writer = (async () => {
    while (writing) {
      await writeOps(100);
      await sleep(500);
    }
  })();
  try {
    await sleep(3 * INTERVAL_MS);
    await caughtUp('changes to flow before the outage');
    const skippedBefore = (await schedule.describe()).info.numActionsSkippedOverlap;
    const stoppedAt = new Date();
    await isolated.stop();
    await sleep(OUTAGE_MS);
    const fenceDuringOutage = await t.committedEndMs();
    await isolated.start();
    const restartedAt = new Date();
    await sleep(3 * INTERVAL_MS);
    writing = false;
    await writer;
    await caughtUp('the job to catch up after the outage');

    const described = await schedule.describe();
    assert.equal(described.state.paused, false, `no run failed: ${described.state.note ?? ''}`);
    assert.ok(
      described.info.numActionsSkippedOverlap > skippedBefore,
      `ticks were skipped while a run overran (${skippedBefore} → ${described.info.numActionsSkippedOverlap})`,
    );
    assert.ok((fenceDuringOutage ?? 0) < lastDoneMs, 'the fence did not pass changes that could not be written');
    await schedule.pause('acceptance: checks');
    await waitNoOpenRuns(client, t.jobId);
    await assertIndexEqualsTable();

    // A run that was open during the outage retried its activities and completed once the server was back.
    const runs = await contiguousRuns();
    const spanning = (await listRuns(client, t.jobId)).filter(
      (r) => r.startTime < new Date(stoppedAt.getTime() + OUTAGE_MS) && (r.closeTime ?? new Date(0)) > restartedAt,
    );
    assert.ok(spanning.length >= 1, 'a run was open from the outage until after the restart');
    let maxAttempt = 0;
    for (const run of spanning) {
      assert.ok(['COMPLETED', 'CONTINUED_AS_NEW'].includes(run.status.name), `${run.workflowId}: ${run.status.name}`);
      const history = await client.workflow.getHandle(run.workflowId, run.runId).fetchHistory();
      for (const e of history.events ?? []) {
        maxAttempt = Math.max(maxAttempt, e.activityTaskStartedEventAttributes?.attempt ?? 0);
      }
    }
    assert.ok(maxAttempt > 2, `its activities were retried (attempt ${maxAttempt})`);
    console.log(
      `outage: ${OUTAGE_MS} ms stopped (+${restartedAt.getTime() - stoppedAt.getTime() - OUTAGE_MS} ms restart), ` +
        `${described.info.numActionsSkippedOverlap - skippedBefore} ticks skipped, retried up to attempt ${maxAttempt}, ` +
        `${runs.length} runs with windows, ${model.opCount} ops, ${model.rows.size} documents`,
    );
  } finally {
    writing = false;
    await writer;
  }
});

test('no secret of the job script appears in the histories (failures included) or in the worker output', async () => {
  const secrets = [t.secret, ES_SECRET, Buffer.from(`elastic:${ES_SECRET}`).toString('base64')];
  const scan = await scanHistories(client, t.jobId, secrets);
  assert.ok(scan.histories >= 3 && scan.payloads > scan.histories, JSON.stringify(scan));
  assert.deepEqual(scan.found, []);
  await worker.stop();
  assert.match(logs.text, /worker polling/);
  for (const secret of secrets) assert.ok(!logs.text.includes(secret), 'no worker output holds a secret');
});
