/**
 * The acceptance suites' Tablestore side: an in-process local Tablestore server (port 0) with a data table and its
 * stream, a DataX job script with the AccessKey pair inline (row mode, an `id` column from the primary key), and
 * the job's plan, job store and staging folder on disk, as a worker started by `otsync worker` would find them.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTablestoreServer, type TablestoreServer } from '../../../src/emulators/tablestore';
import { compileJobPlan } from '../../../src/job';
import type { JobPlan } from '../../../src/job/plan-types';
import { JobStore } from '../../../src/jobs/store';
import { TablestoreStreamSource } from '../../../src/plugins/sources/tablestore-stream';
import { TablestoreStreamClient } from '../../../src/plugins/sources/tablestore-stream/client';
import type { BatchRowChange } from '../../../src/plugins/sources/tablestore-stream/client/table-calls';
import type { SyncJobInput } from '../../../src/sync/job-input';
import type { Batch } from './model';

/** The data columns every acceptance table carries besides its primary key `uid`. */
export const DATA_COLUMNS = ['name', 'city', 'age', 'score'] as const;

export interface JobOptions {
  /** The Elasticsearch URL the job's writer uses (the shared one, an isolated one, or a proxy). */
  readonly esUrl: string;
  /** The Tablestore endpoint the job's reader uses, given the server's (e.g. a proxy in front of it). */
  readonly otsEndpoint?: (serverUrl: string) => Promise<string>;
  /** Extra writer parameters (`externalVersioning`, `trySize`, …). */
  readonly writer?: Record<string, unknown>;
  /** Basic-auth pair inline in the writer (another secret the scans look for). */
  readonly esCredentials?: { readonly username: string; readonly password: string };
  /** A whole job script instead of the DataX one with an Elasticsearch writer (OSS suites: DataWorks shapes). */
  readonly script?: (reader: Record<string, unknown>) => unknown;
}

export interface AcceptanceTable {
  readonly server: TablestoreServer;
  readonly ots: TablestoreStreamClient;
  readonly table: string;
  readonly index: string;
  readonly jobId: string;
  readonly secret: string;
  readonly scriptText: string;
  readonly plan: JobPlan;
  /** Holds `jobs/` (the job store) and `staging/`. */
  readonly tmp: string;
  readonly jobsDir: string;
  readonly stagingDir: string;
  /** A sync input with test-sized windows; the defaults of the product stay 5 minutes. */
  input(overrides?: Partial<SyncJobInput>): SyncJobInput;
  /** Writes a batch (≤ 200 distinct keys) with BatchWriteRow; stamps its time bounds on the server's clock. */
  write(batch: Batch): Promise<void>;
  /** The job's committed-window fence, read straight from the status table. */
  committedEndMs(): Promise<number | undefined>;
  close(): Promise<void>;
}

/** The server's clock (µs → ms), which stamps commit times: batches are timed with the same clock. */
export const serverNowMs = (): number => performance.timeOrigin + performance.now();

export async function createAcceptanceTable(name: string, options: JobOptions): Promise<AcceptanceTable> {
  const secret = `${name}-secret-${randomUUID()}`;
  const credentials = { accessKeyId: `LTAI${name.replace(/[^a-z]/gi, '')}`, accessKeySecret: secret };
  const server = await createTablestoreServer({ credentials, instanceName: 'acceptance', shardCount: 4 });
  const ots = new TablestoreStreamClient({ endpoint: server.url, instanceName: 'acceptance', credentials });
  const suffix = randomUUID().slice(0, 8);
  const table = `${name.replace(/[^a-z]/gi, '')}_${suffix}`;
  await ots.createTable({
    tableName: table,
    primaryKey: [{ name: 'uid', type: 'STRING' }],
    timeToLive: -1,
    maxVersions: 1,
    stream: { expirationTimeHours: 24 },
  });
  const index = `acceptance-${name}-${suffix}`.toLowerCase();
  const jobId = `${name}-${suffix}`;
  const readerParameter = {
    endpoint: options.otsEndpoint ? await options.otsEndpoint(server.url) : server.url,
    accessId: credentials.accessKeyId,
    accessKey: secret,
    instanceName: 'acceptance',
    dataTable: table,
    statusTable: 'otsync_status',
    startTimestampMillis: String(Date.now() - 60_000),
    endTimestampMillis: String(Date.now() - 30_000),
    mode: 'single_version_and_update_only',
    column: [{ name: 'uid' }, { name: 'uid' }, ...DATA_COLUMNS.map((c) => ({ name: c }))],
  };
  const script = options.script?.(readerParameter) ?? {
    job: {
      setting: { speed: { channel: 2 }, errorLimit: { record: 0 } },
      content: [
        {
          reader: { name: 'otsstreamreader', parameter: readerParameter },
          writer: {
            name: 'elasticsearchwriter',
            parameter: {
              endpoint: options.esUrl,
              ...(options.esCredentials ?? {}),
              index,
              cleanup: false,
              batchSize: 1000,
              column: [
                { name: 'pk', type: 'id' },
                { name: 'uid', type: 'keyword' },
                { name: 'name', type: 'keyword' },
                { name: 'city', type: 'keyword' },
                { name: 'age', type: 'long' },
                { name: 'score', type: 'long' },
              ],
              ...(options.writer ?? {}),
            },
          },
        },
      ],
    },
  };
  const scriptText = JSON.stringify(script, null, 2);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `otsync-acceptance-${name}-`));
  const jobsDir = path.join(tmp, 'jobs');
  const stagingDir = path.join(tmp, 'staging');
  const { plan } = compileJobPlan(scriptText, { timeZone: 'UTC' });
  new JobStore(jobsDir).save(jobId, scriptText);
  const fence = new TablestoreStreamSource(ots, plan.source.config);

  return {
    server,
    ots,
    table,
    index,
    jobId,
    secret,
    scriptText,
    plan,
    tmp,
    jobsDir,
    stagingDir,
    input: (overrides = {}) => ({
      jobId,
      plan,
      schedule: { intervalMs: 2000, lagMs: 1000, maxWindowsPerRun: 30 },
      retry: { maximumAttempts: 5, intervalMs: 1000 },
      ...overrides,
    }),
    async write(batch) {
      batch.startedMs = serverNowMs();
      const results = await ots.batchWriteRow({ tableName: table, rows: batch.rows as BatchRowChange[] });
      batch.doneMs = serverNowMs();
      const failed = results.findIndex((r) => !r.ok);
      if (failed >= 0) {
        const r = results[failed] as { ok: false; error: Error };
        throw new Error(`BatchWriteRow row ${failed} failed: ${r.error.message}`);
      }
    },
    async committedEndMs() {
      return (await fence.readCommitted(jobId))?.endMs;
    },
    async close() {
      ots.close();
      await server.close();
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}
