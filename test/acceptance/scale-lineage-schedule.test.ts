// Acceptance (issue 5): ≥ 100,000 random operations across 4 shards, with a shard split and a merge while the job
// runs, synced by a real Temporal Schedule (2 s interval, 1 s lag; the product defaults stay 5 minutes) until the
// index equals the model of the table exactly; every run lists its window and counts through visibility; and in
// DataX-compatible mode the documents equal what DataX's row mode + elasticsearchwriter leave behind.
//
// Sizes: OTSYNC_ACCEPTANCE_OPS (default 100000), OTSYNC_ACCEPTANCE_KEYS (20000), OTSYNC_ACCEPTANCE_DATAX_OPS
// (5000); OTSYNC_ACCEPTANCE_SEED replays a failing run's operations.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { Client as EsClient } from '@elastic/elasticsearch';
import type { Client } from '@temporalio/client';
import { connectClient } from '../../src/client';
import { upsertSchedule } from '../../src/scheduling/schedules';
import { elasticsearchUrl, temporalAddress, temporalNamespace } from '../helpers/env';
import { allDocuments } from './helpers/elasticsearch';
import { differences, TableModel, type Batch } from './helpers/model';
import { createAcceptanceTable, serverNowMs, type AcceptanceTable } from './helpers/table';
import { listRuns, runFacts, waitNoOpenRuns } from './helpers/temporal';
import { envInt, sleep, waitFor } from './helpers/wait';
import { startInProcessWorker } from './helpers/workers';

const OPS = envInt('OTSYNC_ACCEPTANCE_OPS', 100_000);
const KEYS = envInt('OTSYNC_ACCEPTANCE_KEYS', 20_000);
const DATAX_OPS = envInt('OTSYNC_ACCEPTANCE_DATAX_OPS', 5_000);
const SEED = envInt('OTSYNC_ACCEPTANCE_SEED', Math.floor(Math.random() * 2 ** 31));
const INTERVAL_MS = 2000;

let client: Client;
let es: EsClient;
before(async () => {
  client = await connectClient({ address: temporalAddress(), namespace: temporalNamespace() });
  es = new EsClient({ node: elasticsearchUrl() });
});
after(async () => {
  await client?.connection.close();
  await es?.close();
});

/** Writes `total` operations in batches of 200, in `phases` paced steps, calling `between(i)` after step i. */
async function writeOps(
  t: AcceptanceTable,
  model: TableModel,
  total: number,
  phases: number,
  between: (phase: number) => Promise<void> = async () => undefined,
): Promise<number> {
  let lastDoneMs = 0;
  for (let phase = 0; phase < phases; phase++) {
    let left = Math.floor(total / phases) + (phase === phases - 1 ? total % phases : 0);
    while (left > 0) {
      const batch: Batch = model.nextBatch(Math.min(200, left));
      await t.write(batch);
      model.apply(batch);
      left -= batch.ops.length;
      lastDoneMs = batch.doneMs!;
    }
    await between(phase);
  }
  return lastDoneMs;
}

test(`${OPS} random operations across 4 shards with a split and a merge, synced by a Temporal Schedule: the index equals the table (seed ${SEED})`, async () => {
  const t = await createAcceptanceTable('scale', { esUrl: elasticsearchUrl() });
  const model = new TableModel(KEYS, SEED);
  const taskQueue = `acceptance-scale-${randomUUID()}`;
  const worker = await startInProcessWorker({ taskQueue, jobsDir: t.jobsDir, stagingDir: t.stagingDir });
  const initialStartMs = Math.floor(serverNowMs() / INTERVAL_MS) * INTERVAL_MS - INTERVAL_MS;
  const input = t.input({
    initialStartMs,
    schedule: { intervalMs: INTERVAL_MS, lagMs: 1000, maxWindowsPerRun: 30 },
    retry: { maximumAttempts: 5, intervalMs: 1000 },
  });
  const schedule = await upsertSchedule(client, input, { taskQueue, pauseOnFailure: true });
  const lineage: string[] = [];
  const started = Date.now();
  try {
    // ---- write while the schedule runs; split one shard after 3/10 of the operations, merge two after 6/10 ----
    const lastDoneMs = await writeOps(t, model, OPS, 10, async (phase) => {
      const open = t.server.admin
        .shards(t.table)
        .filter((s) => s.open)
        .sort((a, b) => a.hashRange[0] - b.hashRange[0]);
      if (phase === 2) {
        const children = t.server.admin.splitShard(t.table, open[0]!.shardId);
        lineage.push(`split ${open[0]!.shardId} → ${children.join(', ')}`);
      } else if (phase === 5) {
        const [a, b] = open.slice(-2);
        const child = t.server.admin.mergeShards(t.table, a!.shardId, b!.shardId);
        lineage.push(`merge ${a!.shardId} + ${b!.shardId} → ${child}`);
      }
      await sleep(700); // spreads the writes over several schedule intervals
    });
    const writtenInMs = Date.now() - started;
    assert.equal(model.opCount, OPS);
    assert.ok(
      model.counts.delete > 0 && model.counts.recreate > 0 && model.counts.update > 0,
      JSON.stringify(model.counts),
    );
    assert.equal(lineage.length, 2, 'a split and a merge happened mid-run');
    const shards = t.server.admin.shards(t.table);
    assert.ok(shards.length >= 7, `lineage: ${shards.length} shards, ${lineage.join('; ')}`);

    // ---- the schedule catches up: the committed end passes the last write ----
    await waitFor(
      'the committed window end to pass the last write',
      async () => ((await t.committedEndMs()) ?? 0) > lastDoneMs,
      {
        timeoutMs: 600_000,
        intervalMs: 1000,
        describe: async () =>
          `committed ${await t.committedEndMs()} vs last write ${Math.round(lastDoneMs)}; schedule ${JSON.stringify((await schedule.describe()).state)}`,
      },
    );
    const syncedInMs = Date.now() - started;
    const described = await schedule.describe();
    assert.equal(described.state.paused, false, `no run failed (pauseOnFailure): ${described.state.note ?? ''}`);
    await schedule.pause('acceptance: stop ticking before the checks');
    await waitNoOpenRuns(client, t.jobId);

    const docs = await allDocuments(es, t.index);
    const diff = differences(docs, model.rows);
    assert.equal(diff.count, 0, `index ≠ table for ${diff.count} keys:\n${diff.samples.join('\n')}`);
    assert.equal(docs.size, model.rows.size);

    // ---- every run in visibility: windows contiguous from the initial start, counts add up ----
    const facts = await waitFor(
      'visibility to list every run with its counts',
      async () => {
        const all = (await listRuns(client, t.jobId)).map(runFacts);
        const withWindows = all.filter((f) => f.summary && f.summary.windows > 0);
        const read = withWindows.reduce((n, f) => n + (f.recordsRead ?? 0), 0);
        return read === OPS ? withWindows : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 1000 },
    );
    facts.sort((a, b) => a.summary!.firstStartMs! - b.summary!.firstStartMs!);
    assert.ok(facts.length >= 3, `several scheduled runs carried windows (${facts.length})`);
    assert.equal(facts[0]!.summary!.firstStartMs, initialStartMs);
    for (let i = 0; i < facts.length; i++) {
      const f = facts[i]!;
      const s = f.summary!;
      assert.ok(['COMPLETED', 'CONTINUED_AS_NEW'].includes(f.status), `${f.workflowId}: ${f.status}`);
      if (i > 0)
        assert.equal(s.firstStartMs, facts[i - 1]!.summary!.lastEndMs, 'runs are contiguous: no gap, no overlap');
      assert.equal(f.windowStart?.getTime(), s.firstStartMs, `${f.workflowId}: WindowStart = memo`);
      assert.equal(f.windowEnd?.getTime(), s.lastEndMs, `${f.workflowId}: WindowEnd = memo`);
      assert.equal(f.recordsRead, s.recordsRead);
      assert.equal(f.recordsWritten, s.recordsWritten);
      assert.equal(f.recordsDirty, 0);
      assert.equal(s.recordsDirty, 0);
      assert.ok(s.recordsWritten + s.recordsSkippedStale <= s.recordsRead, `${f.workflowId}: written ≤ read`);
    }
    const totalWritten = facts.reduce((n, f) => n + f.recordsWritten!, 0);
    assert.ok(totalWritten > 0 && totalWritten <= OPS);
    console.log(
      `scale: ${OPS} ops (${JSON.stringify(model.counts)}) on ${KEYS} keys, ${lineage.join('; ')}; ` +
        `written in ${writtenInMs} ms, synced in ${syncedInMs} ms by ${facts.length} runs; ` +
        `${model.rows.size} documents; ${(described.info.recentActions ?? []).length} recent actions`,
    );
  } finally {
    await schedule.delete().catch(() => undefined);
    await worker.stop();
    await es.indices.delete({ index: t.index }, { ignore: [404] });
    await t.close();
  }
});

test(`DataX-compatible mode (externalVersioning false, propagateDeletes false): the documents are what DataX writes (seed ${SEED})`, async () => {
  const t = await createAcceptanceTable('dataxmode', {
    esUrl: elasticsearchUrl(),
    writer: { externalVersioning: false, propagateDeletes: false },
  });
  const model = new TableModel(Math.max(50, Math.floor(DATAX_OPS / 5)), SEED + 1);
  const taskQueue = `acceptance-datax-${randomUUID()}`;
  const worker = await startInProcessWorker({ taskQueue, jobsDir: t.jobsDir, stagingDir: t.stagingDir });
  try {
    const initialStartMs = Math.floor(serverNowMs() / INTERVAL_MS) * INTERVAL_MS - INTERVAL_MS;
    await writeOps(t, model, DATAX_OPS, 4, () => sleep(500));
    await sleep(INTERVAL_MS + 1100); // the last write falls behind T − lag
    const summary = await client.workflow.execute('syncJobWorkflow', {
      taskQueue,
      workflowId: `acceptance-datax-${randomUUID()}`,
      args: [t.input({ initialStartMs, nominalTimeOverride: new Date().toISOString() })],
    });
    assert.ok(summary.windows >= 2, `several windows (${summary.windows})`);
    assert.equal(summary.recordsDirty, 0);
    // Row mode emits one line per PutRow/UpdateRow and none per DeleteRow (otsstream-reader.md §4.3).
    assert.equal(summary.recordsRead, DATAX_OPS);
    assert.equal(summary.recordsWritten, model.counts.put + model.counts.update);

    const docs = await allDocuments(es, t.index);
    const diff = differences(docs, model.dataxRows);
    assert.equal(diff.count, 0, `index ≠ DataX's documents for ${diff.count} keys:\n${diff.samples.join('\n')}`);
    // Deleted rows keep their last document, and partial updates wiped the untouched fields: DataX's behaviour,
    // which otsync's defaults fix — so the two views must differ here.
    assert.ok(model.counts.delete > 0);
    assert.ok(differences(docs, model.rows).count > 0, 'DataX mode really differs from the table');
  } finally {
    await worker.stop();
    await es.indices.delete({ index: t.index }, { ignore: [404] });
    await t.close();
  }
});
