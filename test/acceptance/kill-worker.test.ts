// Acceptance (issue 5): the worker — the real `otsync worker` command, a child process — is killed with SIGKILL at
// chosen points of scheduled runs (a stream read, before and after a bulk write reaches Elasticsearch, before and
// after the committed-window fence moves, the status-table position writes, and random moments), restarted, and
// changes keep coming. After every kill the committed fence is never ahead of the index: every change acknowledged
// before the fence end is in Elasticsearch (or superseded there). At the end the index equals the table exactly,
// and no history of the job's runs and no line the workers printed holds a secret of the job script.
//
// How the kill points are hit: the job reaches Tablestore and Elasticsearch through loopback proxies
// (helpers/tap-proxy.ts) that SIGKILL the worker when the chosen request passes. Fast failover comes from the job's
// `timeouts` (2 s heartbeat, 15 s per attempt) and a 1 s retry interval, so a trial takes seconds.
//
// Sizes: OTSYNC_ACCEPTANCE_KILL_TRIALS (default 20), OTSYNC_ACCEPTANCE_KILL_OPS (ops written per trial, 400),
// OTSYNC_ACCEPTANCE_SEED.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { Client as EsClient } from '@elastic/elasticsearch';
import type { Client, ScheduleHandle } from '@temporalio/client';
import { connectClient } from '../../src/client';
import { upsertSchedule } from '../../src/scheduling/schedules';
import { elasticsearchUrl, temporalAddress, temporalNamespace } from '../helpers/env';
import { allDocuments } from './helpers/elasticsearch';
import { differences, rng, sameRow, TableModel } from './helpers/model';
import { createAcceptanceTable, serverNowMs, type AcceptanceTable } from './helpers/table';
import { startTapProxy, type TapProxy, type TappedRequest } from './helpers/tap-proxy';
import { listRuns, runFacts, scanHistories, waitNoOpenRuns } from './helpers/temporal';
import { envInt, sleep, waitFor, withTimeout } from './helpers/wait';
import { startChildWorker, WorkerLogs, type ChildWorker } from './helpers/workers';

const TRIALS = envInt('OTSYNC_ACCEPTANCE_KILL_TRIALS', 20);
const OPS_PER_TRIAL = envInt('OTSYNC_ACCEPTANCE_KILL_OPS', 400);
const SEED = envInt('OTSYNC_ACCEPTANCE_SEED', Math.floor(Math.random() * 2 ** 31));
const ES_SECRET = `es-password-${randomUUID()}`;

type Phase = 'read' | 'write-before' | 'write-after' | 'commit-before' | 'commit-after' | 'positions' | 'random';
const PHASES: readonly Phase[] = [
  'read',
  'write-before',
  'write-after',
  'commit-before',
  'commit-after',
  'positions',
  'random',
];
const FENCE_ROW = Buffer.from('OtsyncCommittedWindow');

/** Which proxied request a phase kills at, and whether before or after the server handled it. */
function matcher(phase: Phase): { side: 'before' | 'after'; via: 'ots' | 'es'; match: (r: TappedRequest) => boolean } {
  switch (phase) {
    case 'read':
      return { side: 'before', via: 'ots', match: (r) => r.path.endsWith('/GetStreamRecord') };
    case 'write-before':
    case 'write-after':
      return {
        side: phase === 'write-before' ? 'before' : 'after',
        via: 'es',
        match: (r) => r.path.includes('/_bulk'),
      };
    case 'commit-before':
    case 'commit-after':
      return {
        side: phase === 'commit-before' ? 'before' : 'after',
        via: 'ots',
        match: (r) => /\/(UpdateRow|PutRow)$/.test(r.path) && r.body.includes(FENCE_ROW),
      };
    case 'positions':
      return { side: 'before', via: 'ots', match: (r) => r.path.endsWith('/BatchWriteRow') };
    case 'random':
      return { side: 'before', via: 'ots', match: () => false };
  }
}

let client: Client;
let es: EsClient;
let t: AcceptanceTable;
let otsProxy: TapProxy;
let esProxy: TapProxy;
let schedule: ScheduleHandle | undefined;
let worker: ChildWorker | undefined;
const logs = new WorkerLogs();
const taskQueue = `acceptance-kill-${randomUUID()}`;

before(async () => {
  client = await connectClient({ address: temporalAddress(), namespace: temporalNamespace() });
  es = new EsClient({ node: elasticsearchUrl() });
  esProxy = await startTapProxy(elasticsearchUrl());
  t = await createAcceptanceTable('kill', {
    esUrl: esProxy.url,
    esCredentials: { username: 'elastic', password: ES_SECRET },
    otsEndpoint: async (serverUrl) => {
      otsProxy = await startTapProxy(serverUrl);
      return otsProxy.url;
    },
  });
});
after(async () => {
  await schedule?.delete().catch(() => undefined);
  await worker?.kill9();
  await es?.indices.delete({ index: t.index }, { ignore: [404] });
  await otsProxy?.close();
  await esProxy?.close();
  await t?.close();
  await es?.close();
  await client?.connection.close();
});

const spawnWorker = () => startChildWorker({ taskQueue, jobsDir: t.jobsDir, stagingDir: t.stagingDir, logs });

/**
 * The fence is never ahead of the sink: for every key, the document is the state left by its last change
 * acknowledged before `fenceMs`, or a later one (the worker may have written past the fence before it died).
 */
function checkFenceNotAhead(model: TableModel, docs: Map<string, Record<string, unknown>>, fenceMs: number): string[] {
  const problems: string[] = [];
  for (const [key, history] of model.history) {
    let last = -1;
    history.forEach((h, i) => {
      if (h.doneMs < fenceMs) last = i;
    });
    const acceptable = last < 0 ? [null, ...history.map((h) => h.state)] : history.slice(last).map((h) => h.state);
    const doc = docs.get(key) ?? null;
    if (!acceptable.some((s) => sameRow(doc, s))) {
      problems.push(
        `${key}: index holds ${JSON.stringify(doc)}, but the fence at ${fenceMs} covers ${JSON.stringify(history[last]?.state)}`,
      );
    }
  }
  for (const key of docs.keys()) if (!model.history.has(key)) problems.push(`${key}: never written`);
  return problems;
}

test(`kill -9 of the worker at ${TRIALS} points of scheduled runs: the fence is never ahead of the index, and the index ends exact (seed ${SEED})`, async () => {
  const model = new TableModel(Math.max(100, OPS_PER_TRIAL * 3), SEED, { trackHistory: true });
  const random = rng(SEED ^ 0x5eed);
  const initialStartMs = Math.floor(serverNowMs() / 2000) * 2000 - 2000;
  schedule = await upsertSchedule(
    client,
    t.input({
      initialStartMs,
      schedule: { intervalMs: 2000, lagMs: 1000, maxWindowsPerRun: 30 },
      retry: { maximumAttempts: 10, intervalMs: 1000 },
      timeouts: { heartbeatMs: 2000, startToCloseMs: 15_000 },
    }),
    { taskQueue, pauseOnFailure: true },
  );
  worker = spawnWorker();
  let lastDoneMs = 0;
  const writeChunk = async (n: number) => {
    for (let left = n; left > 0;) {
      const batch = model.nextBatch(Math.min(200, left));
      await t.write(batch);
      model.apply(batch);
      left -= batch.ops.length;
      lastDoneMs = batch.doneMs!;
    }
  };
  const hits: Record<string, number> = {};
  let previousFence = 0;
  const started = Date.now();

  for (let trial = 0; trial < TRIALS; trial++) {
    const phase = PHASES[trial % PHASES.length]!;
    await writeChunk(OPS_PER_TRIAL);
    const victim = worker!;
    // ---- arm the kill point: the (skip+1)-th matching request of this phase ----
    const { side, via, match } = matcher(phase);
    let skip = Math.floor(random() * 3);
    let fired!: () => void;
    const killed = new Promise<void>((resolve) => (fired = resolve));
    const tap = async (r: TappedRequest): Promise<'forward' | 'drop'> => {
      if (!match(r) || skip-- > 0) return 'forward';
      (via === 'ots' ? otsProxy : esProxy)[side] = undefined;
      await victim.kill9();
      fired();
      return 'drop';
    };
    (via === 'ots' ? otsProxy : esProxy)[side] = tap;
    if (phase === 'random') {
      void sleep(random() * 4000)
        .then(() => victim.kill9())
        .then(fired);
    }
    try {
      await withTimeout(
        killed,
        120_000,
        async () =>
          `trial ${trial}: the ${phase} kill point; fence ${await t.committedEndMs()}, last write ${Math.round(lastDoneMs)}`,
      );
    } finally {
      otsProxy.before = otsProxy.after = esProxy.before = esProxy.after = undefined;
    }
    hits[phase] = (hits[phase] ?? 0) + 1;

    // ---- while no worker runs: the fence is not ahead of the index, and never moved back ----
    const fence = (await t.committedEndMs()) ?? initialStartMs;
    assert.ok(fence >= previousFence, `trial ${trial}: the fence moved back from ${previousFence} to ${fence}`);
    previousFence = fence;
    const problems = checkFenceNotAhead(model, await allDocuments(es, t.index).catch(() => new Map()), fence);
    assert.deepEqual(problems.slice(0, 10), [], `trial ${trial} (${phase}): ${problems.length} keys behind the fence`);

    worker = spawnWorker();
    await writeChunk(Math.floor(OPS_PER_TRIAL / 4)); // changes keep coming while the worker restarts
  }

  // ---- let the last changes through, then the index must equal the table ----
  await writeChunk(OPS_PER_TRIAL);
  await waitFor(
    'the committed window end to pass the last write',
    async () => ((await t.committedEndMs()) ?? 0) > lastDoneMs,
    {
      timeoutMs: 300_000,
      intervalMs: 1000,
      describe: async () =>
        `fence ${await t.committedEndMs()} vs ${Math.round(lastDoneMs)}; schedule ${JSON.stringify((await schedule!.describe()).state)}`,
    },
  );
  const state = (await schedule.describe()).state;
  assert.equal(state.paused, false, `no run failed (the schedule pauses on failure): ${state.note ?? ''}`);
  await schedule.pause('acceptance: checks');
  await waitNoOpenRuns(client, t.jobId);
  const docs = await allDocuments(es, t.index);
  const diff = differences(docs, model.rows);
  assert.equal(diff.count, 0, `index ≠ table for ${diff.count} keys:\n${diff.samples.join('\n')}`);
  const runs = (await listRuns(client, t.jobId)).map(runFacts);
  const failed = runs.filter((r) => !['COMPLETED', 'CONTINUED_AS_NEW'].includes(r.status));
  assert.deepEqual(
    failed.map((r) => `${r.workflowId}: ${r.status}`),
    [],
    'every run completed despite the kills',
  );
  for (const phase of PHASES) assert.ok((hits[phase] ?? 0) > 0 || TRIALS < PHASES.length, `phase ${phase} was hit`);
  console.log(
    `kill: ${TRIALS} trials ${JSON.stringify(hits)}, ${model.opCount} ops (${JSON.stringify(model.counts)}), ` +
      `${runs.length} runs, ${model.rows.size} documents, ${Date.now() - started} ms`,
  );
});

test('no secret of the job script appears in any history of its runs or in anything the workers printed', async () => {
  assert.ok(t.scriptText.includes(t.secret) && t.scriptText.includes(ES_SECRET), 'the script holds both inline');
  const secrets = [t.secret, ES_SECRET, Buffer.from(`elastic:${ES_SECRET}`).toString('base64')];
  const scan = await scanHistories(client, t.jobId, secrets);
  assert.ok(scan.histories >= 3, `every run's history was scanned (${scan.histories})`);
  assert.ok(scan.payloads > scan.histories, `payloads were decoded (${scan.payloads})`);
  assert.deepEqual(scan.found, []);
  await worker?.stop();
  const text = logs.text;
  assert.match(text, /worker polling/, 'the workers printed something');
  for (const secret of secrets) assert.ok(!text.includes(secret), 'no worker output holds a secret');
  console.log(`secrets: ${scan.histories} histories, ${scan.payloads} payloads, ${text.length} bytes of worker output`);
});
