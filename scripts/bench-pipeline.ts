/**
 * End-to-end pipeline benchmark: Tablestore stream → Elasticsearch through the real `syncJobWorkflow` and
 * activities on the Temporal dev server (an in-process local Tablestore server, the real Elasticsearch).
 *
 * 1. Throughput: N changes (default 50,000: puts, then partial updates of a third of the rows) synced in one
 *    manual window; records/s against a baseline run in the same process — `@elastic/elasticsearch`'s bulk helper
 *    indexing the same final documents into a fresh index. The ratio says how close otsync gets to the sink's own
 *    speed (1.0 = the sink is the bottleneck).
 * 2. Freshness: a real schedule with interval 1 s and lag 1 s, a few hundred writes spread over ~10 s, and for
 *    each the time from the write's acknowledgement to the document being searchable (polled every 50 ms); p50
 *    and p99. Bounded by interval + lag + the run's own time + Elasticsearch's 1 s refresh.
 *
 *   npm run bench -- pipeline        (or: node --import tsx scripts/bench-pipeline.ts [changes] [freshness-writes])
 *
 * Needs the stack's Temporal and Elasticsearch (`npx otsync stack up`); TEMPORAL_ADDRESS / ELASTICSEARCH_URL
 * override. Prints numbers; asserts nothing about times.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client as EsClient } from '@elastic/elasticsearch';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { createActivities } from '../src/activities';
import { closeOpenPlugins } from '../src/activities/open-plugins';
import { createTablestoreServer } from '../src/emulators/tablestore';
import { compileJobPlan } from '../src/job';
import { JobStore } from '../src/jobs/store';
import { TablestoreStreamClient, type BatchRowChange } from '../src/plugins/sources/tablestore-stream/client';
import { upsertSchedule } from '../src/scheduling/schedules';
import type { SyncJobInput, SyncRunSummary } from '../src/sync/job-input';
import { createWorker } from '../src/worker';

const CHANGES = Number(process.argv[2] ?? 50_000);
const FRESHNESS_WRITES = Number(process.argv[3] ?? 300);
const credentials = { accessKeyId: 'LTAIbench', accessKeySecret: 'bench-secret' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const run = `${process.pid}-${Date.now().toString(36)}`;

function script(endpoint: string, esUrl: string, table: string, index: string): string {
  return JSON.stringify({
    job: {
      setting: { errorLimit: { record: 0 } },
      content: [
        {
          reader: {
            name: 'otsstreamreader',
            parameter: {
              endpoint,
              accessId: credentials.accessKeyId,
              accessKey: credentials.accessKeySecret,
              instanceName: 'bench',
              dataTable: table,
              statusTable: 'otsync_status',
              startTimestampMillis: '1700000000000',
              endTimestampMillis: '1700000300000',
              mode: 'single_version_and_update_only',
              column: [{ name: 'id' }, { name: 'id' }, { name: 'name' }, { name: 'amount' }, { name: 'written_ms' }],
            },
          },
          writer: {
            name: 'elasticsearchwriter',
            parameter: {
              endpoint: esUrl,
              index,
              cleanup: false,
              batchSize: 1000,
              actionType: 'update',
              enableWriteNull: false,
              column: [
                { name: 'pk', type: 'id' },
                { name: 'id', type: 'keyword' },
                { name: 'name', type: 'keyword' },
                { name: 'amount', type: 'long' },
                { name: 'written_ms', type: 'long' },
              ],
            },
          },
        },
      ],
    },
  });
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const address = process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233';
  const esUrl = process.env.ELASTICSEARCH_URL ?? 'http://127.0.0.1:9200';
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'otsync-bench-'));
  const server = await createTablestoreServer({ credentials, instanceName: 'bench', shardCount: 4 });
  const ots = new TablestoreStreamClient({ endpoint: server.url, instanceName: 'bench', credentials });
  const es = new EsClient({ node: esUrl });
  const connection = await Connection.connect({ address });
  const client = new Client({ connection });
  const jobStore = new JobStore(path.join(tmp, 'jobs'));
  const taskQueue = `bench-pipeline-${run}`;
  const { worker, close } = await createWorker({
    target: { address, namespace: 'default' },
    taskQueue,
    activities: createActivities({ jobStore, stagingRoot: path.join(tmp, 'staging') }),
  });
  const indices: string[] = [];
  const job = async (name: string) => {
    const table = `${name}_${run.replace(/-/g, '_')}`;
    const index = `bench-${name}-${run}`;
    indices.push(index);
    await ots.createTable({
      tableName: table,
      primaryKey: [{ name: 'id', type: 'STRING' }],
      timeToLive: -1,
      maxVersions: 1,
      stream: { expirationTimeHours: 24 },
    });
    const text = script(server.url, esUrl, table, index);
    const jobId = `bench-${name}-${run}`;
    jobStore.save(jobId, text);
    const { plan } = compileJobPlan(text, { timeZone: 'UTC' });
    return { table, index, jobId, plan };
  };
  const running = worker.run();
  try {
    // ---- throughput ---------------------------------------------------------------------------------------------
    const t = await job('throughput');
    const rows = Math.ceil((CHANGES * 3) / 4);
    const final = new Map<string, Record<string, unknown>>();
    const startMs = Date.now() - 1000;
    const loadStart = performance.now();
    for (let done = 0; done < CHANGES;) {
      const batch: BatchRowChange[] = [];
      for (; batch.length < 200 && done < CHANGES; done++) {
        if (done < rows) {
          const id = `row-${done}`;
          batch.push({
            type: 'PUT',
            primaryKey: [{ name: 'id', value: id }],
            attributes: [
              { name: 'name', value: `name ${done}` },
              { name: 'amount', value: BigInt(done * 7) },
            ],
          });
          final.set(id, { id, name: `name ${done}`, amount: done * 7 });
        } else {
          const id = `row-${(done - rows) * 2}`; // a partial update of an earlier row
          batch.push({
            type: 'UPDATE',
            primaryKey: [{ name: 'id', value: id }],
            cells: [{ name: 'amount', value: -1n }],
          });
          final.set(id, { ...final.get(id), amount: -1 });
        }
      }
      await ots.batchWriteRow({ tableName: t.table, rows: batch });
    }
    const loadSec = (performance.now() - loadStart) / 1000;
    await sleep(1100);
    const endMs = Date.now();
    const input: SyncJobInput = {
      jobId: t.jobId,
      plan: t.plan,
      schedule: { intervalMs: 300_000, lagMs: 1000, maxWindowsPerRun: 12 },
      retry: { maximumAttempts: 3, intervalMs: 1000 },
      nominalTimeOverride: new Date(endMs + 1000).toISOString(),
      manualWindow: { startMs, endMs },
    };
    const syncStart = performance.now();
    const summary = (await client.workflow.execute('syncJobWorkflow', {
      taskQueue,
      workflowId: `bench-throughput-${run}`,
      args: [input],
    })) as SyncRunSummary;
    const syncSec = (performance.now() - syncStart) / 1000;
    await es.indices.refresh({ index: t.index });
    const synced = (await es.count({ index: t.index })).count;

    const baselineIndex = `bench-baseline-${run}`;
    indices.push(baselineIndex);
    await es.indices.create({
      index: baselineIndex,
      mappings: {
        properties: {
          id: { type: 'keyword' },
          name: { type: 'keyword' },
          amount: { type: 'long' },
          written_ms: { type: 'long' },
        },
      },
    });
    const docs = [...final.values()];
    const baseStart = performance.now();
    await es.helpers.bulk({
      datasource: docs,
      onDocument: (doc) => ({ index: { _index: baselineIndex, _id: String(doc.id) } }),
      flushBytes: 5_000_000,
      concurrency: 1,
    });
    const baseSec = (performance.now() - baseStart) / 1000;

    const otsyncRate = summary.recordsRead / syncSec;
    const baseRate = docs.length / baseSec;
    process.stdout.write(
      [
        `changes written to Tablestore   ${CHANGES} (${rows} puts, ${CHANGES - rows} partial updates) in ${loadSec.toFixed(1)} s`,
        `otsync end to end               ${summary.recordsRead} records read, ${summary.recordsWritten} written, ${synced} documents, ${syncSec.toFixed(2)} s → ${Math.round(otsyncRate)} records/s`,
        `baseline (ES bulk helper)       ${docs.length} documents in ${baseSec.toFixed(2)} s → ${Math.round(baseRate)} documents/s`,
        `ratio otsync / baseline         ${(otsyncRate / baseRate).toFixed(2)} (records/s over documents/s)`,
        `                                ${(baseSec / syncSec).toFixed(2)} (baseline time / otsync time for the same final index)`,
        '',
      ].join('\n'),
    );

    // ---- freshness ---------------------------------------------------------------------------------------------
    const f = await job('freshness');
    const freshInput: SyncJobInput = {
      jobId: f.jobId,
      plan: f.plan,
      schedule: { intervalMs: 1000, lagMs: 1000, maxWindowsPerRun: 50 },
      retry: { maximumAttempts: 3, intervalMs: 1000 },
      initialStartMs: Math.floor(Date.now() / 1000) * 1000 - 1000,
    };
    const schedule = await upsertSchedule(client, freshInput, { taskQueue, pauseOnFailure: true });
    const pending = new Map<string, number>();
    const latencies: number[] = [];
    let polling = true;
    const poller = (async () => {
      while (polling || pending.size > 0) {
        await sleep(50);
        if (pending.size === 0) continue;
        const ids = [...pending.keys()];
        const res = await es
          .search({ index: f.index, size: ids.length, query: { ids: { values: ids } }, _source: false })
          .catch(() => undefined);
        const now = Date.now();
        for (const hit of res?.hits.hits ?? []) {
          const at = pending.get(hit._id!);
          if (at !== undefined) {
            latencies.push(now - at);
            pending.delete(hit._id!);
          }
        }
      }
    })();
    try {
      const spacing = 10_000 / FRESHNESS_WRITES;
      for (let i = 0; i < FRESHNESS_WRITES; i++) {
        const id = `fresh-${i}`;
        await ots.putRow({
          tableName: f.table,
          primaryKey: [{ name: 'id', value: id }],
          attributes: [
            { name: 'name', value: id },
            { name: 'written_ms', value: BigInt(Date.now()) },
          ],
        });
        pending.set(id, Date.now());
        await sleep(spacing);
      }
      polling = false;
      const deadline = Date.now() + 60_000;
      while (pending.size > 0 && Date.now() < deadline) await sleep(100);
    } finally {
      polling = false;
      pending.clear();
      await poller;
      await schedule.delete();
    }
    latencies.sort((a, b) => a - b);
    process.stdout.write(
      [
        `freshness (interval 1 s, lag 1 s, ${latencies.length}/${FRESHNESS_WRITES} writes seen)`,
        `  write acknowledged → searchable   p50 ${(percentile(latencies, 50) / 1000).toFixed(2)} s   p99 ${(percentile(latencies, 99) / 1000).toFixed(2)} s   max ${((latencies.at(-1) ?? 0) / 1000).toFixed(2)} s`,
        '',
      ].join('\n'),
    );
  } finally {
    worker.shutdown();
    await running;
    await close();
    await closeOpenPlugins();
    for (const index of indices) await es.indices.delete({ index }, { ignore: [404] });
    await connection.close();
    await es.close();
    ots.close();
    await server.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
