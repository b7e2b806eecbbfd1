/**
 * The main job (`otsync demo`, `npm start`): a demo table with a stream on the stack's Tablestore, a DataWorks job
 * script syncing it to Elasticsearch on a shortened schedule, an in-process worker, a steady stream of changes,
 * and a live line showing the index catching up. Idempotent: a second start reuses the table, the job and the
 * schedule, and continues from the committed checkpoint.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Client as EsClient } from '@elastic/elasticsearch';
import type { Client } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { createActivities } from '../activities';
import { closeOpenPlugins } from '../activities/open-plugins';
import { connectClient, type TemporalTarget } from '../client';
import { OtsyncError } from '../common/errors';
import { compileJobPlan } from '../job';
import { JobStore } from '../jobs/store';
import { TablestoreStreamClient } from '../plugins/sources/tablestore-stream/client';
import { scheduleIdOf, triggerSchedule, upsertSchedule } from '../scheduling/schedules';
import type { StackConfig } from '../stack/config';
import { localTablestoreCredentials } from '../stack/services/tablestore';
import { DEFAULT_SCHEDULE, type SyncJobInput } from '../sync/job-input';
import { floorToGrid } from '../sync/windows';
import { createWorker } from '../worker';
import { demoJobScript } from './job-script';
import { statusLine, SyncProgress } from './progress';
import { ensureDemoTable, readDemoRows, streamCreatedMs } from './table';
import { compareRowsAndDocuments, countDocuments, readIndexDocuments, type Comparison } from './verify';
import { DemoWorkload } from './workload';

export interface DemoOptions {
  /** Names the job (and schedule `otsync-<name>`), the table `<name>_orders` and the index `otsync-<name>`. */
  readonly name: string;
  /** The schedule interval, shortened for the demo. */
  readonly intervalMs: number;
  readonly lagMs: number;
  /** Stop by itself after this long (then let the index catch up and compare it with the table). */
  readonly durationMs?: number;
  readonly ratePerSecond: number;
  readonly taskQueue: string;
}

/** What the demo left behind, for the caller's exit code. */
export interface DemoResult {
  readonly comparison?: Comparison;
}

export const DEMO_NAME_PATTERN = /^[a-z][a-z0-9_-]{0,39}$/;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Quiet worker logs: the demo's own line is the output. Installing twice throws, so only the first call counts. */
function quietRuntime(): void {
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // already installed (an embedding process chose its own logger)
  }
}

export async function runDemo(config: StackConfig, options: DemoOptions): Promise<DemoResult> {
  const out = process.stdout;
  const { name } = options;
  if (!DEMO_NAME_PATTERN.test(name)) {
    throw new OtsyncError(`demo name "${name}" is not valid`, { hint: 'use 1–40 of a-z, 0-9, "_" or "-"' });
  }
  const jobId = name;
  const table = `${name.replace(/-/g, '_')}_orders`;
  const index = `otsync-${name}`;
  const endpoint = `http://${config.host}:${config.tablestore.port}`;
  const elasticsearchUrl = `http://${config.host}:${config.elasticsearch.port}`;
  const uiBase = `http://${config.host}:${config.temporal.uiPort}`;
  const target: TemporalTarget = {
    address: `${config.host}:${config.temporal.port}`,
    namespace: config.temporal.namespace,
  };
  const credentials = localTablestoreCredentials(config);
  const ots = new TablestoreStreamClient({ endpoint, instanceName: config.tablestore.instance, credentials });
  const es = new EsClient({ node: elasticsearchUrl });
  let client: Client | undefined;
  try {
    // ---- the table, the script, the plan ----------------------------------------------------------------------
    const { created } = await ensureDemoTable(ots, table);
    const existing = await readDemoRows(ots, table);
    const scriptText = demoJobScript({
      table,
      index,
      tablestore: { endpoint, instance: config.tablestore.instance, credentials },
      elasticsearchUrl,
    });
    const scriptFile = path.join(config.runDir, 'demo', `${jobId}.json`);
    fs.mkdirSync(path.dirname(scriptFile), { recursive: true, mode: 0o700 });
    fs.writeFileSync(scriptFile, scriptText, { mode: 0o600 });
    const jobStore = new JobStore();
    jobStore.save(jobId, scriptText);
    const { plan } = compileJobPlan(scriptText, { timeZone: 'UTC', nominalTime: new Date() });
    const input: SyncJobInput = {
      jobId,
      plan,
      schedule: { intervalMs: options.intervalMs, lagMs: options.lagMs, maxWindowsPerRun: 100 },
      // Shortened like the schedule: a failed step retries 5 s later rather than 2 minutes.
      retry: { maximumAttempts: 3, intervalMs: 5_000 },
      timeouts: { heartbeatMs: 30_000, startToCloseMs: 300_000 },
      initialStartMs: floorToGrid(await streamCreatedMs(ots, table), options.intervalMs),
    };

    // ---- worker and schedule ------------------------------------------------------------------------------------
    quietRuntime();
    client = await connectClient(target);
    const progress = new SyncProgress();
    const { worker, close } = await createWorker({
      target,
      taskQueue: options.taskQueue,
      activities: progress.wrap(createActivities({ jobStore })),
    });
    const running = worker.run();
    let workerDone = false;
    const workerEnded = running.then(
      () => void (workerDone = true),
      () => void (workerDone = true),
    );
    const schedule = await upsertSchedule(client, input, {
      taskQueue: options.taskQueue,
      note: 'otsync demo (interval shortened)',
    });
    if ((await schedule.describe()).state.paused) await schedule.unpause('demo resumed');
    const scheduleId = scheduleIdOf(jobId);
    out.write(
      [
        '',
        `Demo job "${jobId}": Tablestore table ${table} (${created ? 'created' : `reused, ${existing.size} rows`}) ` +
          `→ Elasticsearch index ${index}`,
        `  job script     ${scriptFile} (DataWorks script mode; also in the job store)`,
        `  schedule       ${scheduleId}: every ${options.intervalMs / 1000} s, lag ${options.lagMs / 1000} s — ` +
          `shortened for the demo; the default is every ${DEFAULT_SCHEDULE.intervalMs / 60_000} minutes, ` +
          `lag ${DEFAULT_SCHEDULE.lagMs / 60_000} minutes`,
        `  Temporal UI    ${uiBase}/namespaces/${target.namespace}/schedules/${scheduleId}`,
        `  runs           ${uiBase}/namespaces/${target.namespace}/workflows?query=${encodeURIComponent(`SyncJob="${jobId}"`)}`,
        `  search         ${elasticsearchUrl}/${index}/_search`,
        `  worker         in this process, task queue "${options.taskQueue}"`,
        '',
        `Writing about ${options.ratePerSecond} changes/s (puts, partial updates, deletes). ` +
          (options.durationMs ? `Stopping after ${options.durationMs / 1000} s.` : 'Ctrl-C stops the demo.'),
        '',
      ].join('\n'),
    );

    // ---- the workload and the live line -------------------------------------------------------------------------
    const workload = new DemoWorkload(ots, table, existing.keys(), { ratePerSecond: options.ratePerSecond });
    workload.start();
    let interrupted = false;
    const onSignal = () => void (interrupted = true);
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    const tty = out.isTTY === true;
    const showEveryMs = tty ? 1000 : 5000;
    const startedMs = Date.now();
    const show = async (final = false) => {
      // The closing line must count what the comparison sees, not what the next refresh would show.
      if (final) await es.indices.refresh({ index }).catch(() => undefined);
      const line = statusLine({
        rows: (await readDemoRows(ots, table)).size,
        docs: await countDocuments(es, index),
        progress,
        changes: workload.counts.puts + workload.counts.updates + workload.counts.deletes,
        nowMs: Date.now(),
      });
      out.write(tty ? `\r\x1b[2K${line}${final ? '\n' : ''}` : `${line}\n`);
    };
    try {
      let nextShow = 0;
      while (!interrupted && !workerDone && workload.error === undefined) {
        if (options.durationMs !== undefined && Date.now() - startedMs >= options.durationMs) break;
        if (Date.now() >= nextShow) {
          await show();
          nextShow = Date.now() + showEveryMs;
        }
        await sleep(200);
      }
      await workload.stop();
      if (workload.error !== undefined) throw workload.error;
      await show(true);

      // ---- with --duration: let the index catch up, then compare it with the table ------------------------------
      let comparison: Comparison | undefined;
      if (!interrupted && !workerDone && options.durationMs !== undefined) {
        await catchUp({ client, jobId, options, progress, lastWriteMs: workload.counts.lastWriteMs });
        await show(true);
        const rows = await readDemoRows(ots, table);
        const docs = (await readIndexDocuments(es, index)) ?? new Map();
        comparison = compareRowsAndDocuments(rows, docs);
        out.write(
          comparison.equal
            ? `The index equals the table: ${comparison.rows} rows, ${comparison.documents} documents, every field the same.\n`
            : `The index differs from the table: ${comparison.missing.length} missing, ${comparison.extra.length} extra, ` +
                `${comparison.different.length} different (${comparison.rows} rows, ${comparison.documents} documents).\n`,
        );
      }
      if (progress.failures > 0)
        out.write(`${progress.failures} activity attempts failed; last: ${progress.lastFailure}\n`);
      return comparison ? { comparison } : {};
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      await workload.stop();
      await schedule.pause('demo stopped: npm start resumes it').catch(() => undefined);
      if (!workerDone) {
        try {
          worker.shutdown();
        } catch {
          // already shutting down (the SDK stops workers on SIGINT by itself)
        }
      }
      await workerEnded;
      await close();
      await closeOpenPlugins();
      out.write(
        [
          '',
          `Stopped the worker and paused ${scheduleId}; the table, the index and the checkpoint stay, so the next`,
          "'npm start' continues where this one stopped. The local stack is still up: 'npm run stack:down' stops it.",
          '',
        ].join('\n'),
      );
    }
  } finally {
    await client?.connection.close();
    ots.close();
    await es.close();
  }
}

/**
 * Waits until a committed window ends after the last write, triggering the schedule as soon as that window is due
 * rather than waiting for the next tick. Bounded: gives up after a few intervals.
 */
async function catchUp(p: {
  client: Client;
  jobId: string;
  options: DemoOptions;
  progress: SyncProgress;
  lastWriteMs: number;
}): Promise<void> {
  const { intervalMs, lagMs } = p.options;
  const dueMs = floorToGrid(p.lastWriteMs, intervalMs) + intervalMs + lagMs + 250;
  const deadline = Date.now() + Math.max(60_000, 3 * intervalMs + lagMs);
  process.stdout.write('Stopped writing; waiting for the index to catch up…\n');
  let triggered = false;
  while ((p.progress.last?.endMs ?? 0) <= p.lastWriteMs) {
    if (Date.now() > deadline) {
      throw new OtsyncError('the index did not catch up in time', {
        hint: `look at the runs in the Temporal UI (schedule ${scheduleIdOf(p.jobId)})`,
      });
    }
    if (!triggered && Date.now() >= dueMs) {
      await triggerSchedule(p.client, p.jobId);
      triggered = true;
    }
    await sleep(200);
  }
}
