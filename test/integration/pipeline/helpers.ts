/**
 * Shared by the end-to-end pipeline tests: a local Tablestore server in-process (port 0), a data table with a
 * stream, a model of what the table holds, a DataX job script pointing at it and at the real Elasticsearch, and a
 * worker running the real workflow and activities against the real Temporal dev server.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client as EsClient } from '@elastic/elasticsearch';
import { createActivities } from '../../../src/activities';
import { closeOpenPlugins } from '../../../src/activities/open-plugins';
import { connectClient } from '../../../src/client';
import { createTablestoreServer, type TablestoreServer } from '../../../src/emulators/tablestore';
import { compileJobPlan } from '../../../src/job';
import { JobStore } from '../../../src/jobs/store';
import { TablestoreStreamClient } from '../../../src/plugins/sources/tablestore-stream/client';
import type { SyncJobInput } from '../../../src/sync/job-input';
import { createWorker } from '../../../src/worker';
import { elasticsearchUrl, temporalAddress, temporalNamespace } from '../../helpers/env';

export const SECRET = `pipeline-secret-${randomUUID()}`;
export const CREDENTIALS = { accessKeyId: 'LTAIpipelinetest', accessKeySecret: SECRET };

export interface Pipeline {
  readonly server: TablestoreServer;
  readonly ots: TablestoreStreamClient;
  readonly es: EsClient;
  readonly index: string;
  readonly table: string;
  readonly jobId: string;
  readonly scriptText: string;
  readonly tmp: string;
  readonly model: Map<string, Record<string, string | number>>;
  input(overrides?: Partial<SyncJobInput>): SyncJobInput;
  put(uid: string, cells: Record<string, string | number>): Promise<void>;
  update(uid: string, cells: Record<string, string | number>): Promise<void>;
  remove(uid: string): Promise<void>;
  documents(): Promise<Map<string, Record<string, unknown>>>;
  close(): Promise<void>;
}

function cellsOf(cells: Record<string, string | number>) {
  return Object.entries(cells).map(([name, value]) => ({
    name,
    value: typeof value === 'number' ? BigInt(value) : value,
  }));
}

export interface PipelineOptions {
  /** Another writer block instead of the Elasticsearch one (the OSS pipeline tests). */
  readonly writer?: { name: string; parameter: Record<string, unknown> };
  /** Reader columns. @default uid, uid, name, age */
  readonly columns?: readonly string[];
}

export async function startPipeline(options: PipelineOptions = {}): Promise<Pipeline> {
  const server = await createTablestoreServer({ credentials: CREDENTIALS, instanceName: 'pipeline', shardCount: 4 });
  const ots = new TablestoreStreamClient({ endpoint: server.url, instanceName: 'pipeline', credentials: CREDENTIALS });
  const table = `orders_${randomUUID().slice(0, 8)}`;
  await ots.createTable({
    tableName: table,
    primaryKey: [{ name: 'uid', type: 'STRING' }],
    timeToLive: -1,
    maxVersions: 1,
    stream: { expirationTimeHours: 24 },
  });
  const index = `pipeline-${randomUUID().slice(0, 8)}`;
  const jobId = `pipeline-${randomUUID().slice(0, 8)}`;
  const script = {
    job: {
      setting: { speed: { channel: 2 }, errorLimit: { record: 0 } },
      content: [
        {
          reader: {
            name: 'otsstreamreader',
            parameter: {
              endpoint: server.url,
              accessId: CREDENTIALS.accessKeyId,
              accessKey: SECRET,
              instanceName: 'pipeline',
              dataTable: table,
              statusTable: 'otsync_status',
              startTimestampMillis: String(Date.now() - 60_000),
              endTimestampMillis: String(Date.now() - 30_000),
              mode: 'single_version_and_update_only',
              column: (options.columns ?? ['uid', 'uid', 'name', 'age']).map((name) => ({ name })),
            },
          },
          writer: options.writer ?? {
            name: 'elasticsearchwriter',
            parameter: {
              endpoint: elasticsearchUrl(),
              index,
              cleanup: false,
              batchSize: 500,
              column: [
                { name: 'pk', type: 'id' },
                { name: 'uid', type: 'keyword' },
                { name: 'name', type: 'keyword' },
                { name: 'age', type: 'long' },
              ],
            },
          },
        },
      ],
    },
  };
  const scriptText = JSON.stringify(script, null, 2);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'otsync-pipeline-'));
  const { plan } = compileJobPlan(scriptText, { timeZone: 'UTC' });
  new JobStore(path.join(tmp, 'jobs')).save(jobId, scriptText);
  const es = new EsClient({ node: elasticsearchUrl() });
  const model = new Map<string, Record<string, string | number>>();
  return {
    server,
    ots,
    es,
    index,
    table,
    jobId,
    scriptText,
    tmp,
    model,
    input: (overrides = {}) => ({
      jobId,
      plan,
      schedule: { intervalMs: 1000, lagMs: 1000, maxWindowsPerRun: 50 },
      retry: { maximumAttempts: 3, intervalMs: 1000 },
      ...overrides,
    }),
    async put(uid, cells) {
      await ots.putRow({ tableName: table, primaryKey: [{ name: 'uid', value: uid }], attributes: cellsOf(cells) });
      model.set(uid, { uid, ...cells });
    },
    async update(uid, cells) {
      await ots.updateRow({ tableName: table, primaryKey: [{ name: 'uid', value: uid }], cells: cellsOf(cells) });
      model.set(uid, { ...(model.get(uid) ?? { uid }), ...cells });
    },
    async remove(uid) {
      await ots.deleteRow({ tableName: table, primaryKey: [{ name: 'uid', value: uid }] });
      model.delete(uid);
    },
    async documents() {
      await es.indices.refresh({ index });
      const res = await es.search<Record<string, unknown>>({ index, size: 10_000, query: { match_all: {} } });
      return new Map(
        res.hits.hits.map((h) => [
          h._id!,
          Object.fromEntries(Object.entries(h._source ?? {}).filter(([, v]) => v !== null)),
        ]),
      );
    },
    async close() {
      await closeOpenPlugins();
      ots.close();
      await es.indices.delete({ index }, { ignore: [404] });
      await es.close();
      await server.close();
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/** Runs the real workflow with the real activities on the dev server, on a private task queue. */
export async function runSync(p: Pipeline, input: SyncJobInput, workflowId = `pipeline-${randomUUID()}`) {
  const target = { address: temporalAddress(), namespace: temporalNamespace() };
  const taskQueue = `pipeline-${randomUUID()}`;
  const client = await connectClient(target);
  const { worker, close } = await createWorker({
    target,
    taskQueue,
    activities: createActivities({
      stagingRoot: path.join(p.tmp, 'staging'),
      jobStore: new JobStore(path.join(p.tmp, 'jobs')),
    }),
  });
  try {
    const summary = await worker.runUntil(
      client.workflow.execute('syncJobWorkflow', { taskQueue, workflowId, args: [input] }),
    );
    const history = await client.workflow.getHandle(workflowId).fetchHistory();
    return { summary, history, workflowId };
  } finally {
    await close();
    await client.connection.close();
  }
}

/** The model as Elasticsearch documents should look: numbers as numbers, absent fields absent. */
export function expectedDocuments(model: Pipeline['model']): Map<string, Record<string, unknown>> {
  return new Map([...model.entries()].map(([uid, row]) => [uid, { ...row }]));
}
