/**
 * Records histories of real `syncJobWorkflow` runs into test/fixtures/histories/sync-job/, for the replay test:
 * the real workflow and activities on the Temporal dev server, reading an in-process local Tablestore server and
 * writing the real Elasticsearch. Scenarios: a happy path with puts, partial updates and deletes; an empty window;
 * a catch-up of several windows in one run; a write retried after a failure; a run that continues as new.
 *
 *   npx otsync stack up --only temporal,elasticsearch
 *   node --import tsx scripts/record-sync-history.ts     # TEMPORAL_ADDRESS, ELASTICSEARCH_URL override the stack
 *
 * Fixtures are scrubbed of nothing: the runs are built so that nothing machine-specific gets in (fixed worker and
 * client identity, fixed workflow ids, a throwaway AccessKey, failures without stack traces), and the script
 * checks every written file — decoded payloads included — for the secret, paths, the host name and the user.
 * Committed fixtures are never re-recorded to make a change pass: a failing replay means the change needs
 * `patched()`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client as EsClient } from '@elastic/elasticsearch';
import { ApplicationFailure } from '@temporalio/activity';
import { Client, Connection } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { createActivities } from '../src/activities';
import { closeOpenPlugins } from '../src/activities/open-plugins';
import { createTablestoreServer } from '../src/emulators/tablestore';
import { compileJobPlan } from '../src/job';
import { JobStore } from '../src/jobs/store';
import { TablestoreStreamClient } from '../src/plugins/sources/tablestore-stream/client';
import { PROJECT_ROOT } from '../src/stack/config';
import type { SyncJobInput } from '../src/sync/job-input';
import { createWorker } from '../src/worker';

const OUT = path.join(PROJECT_ROOT, 'test', 'fixtures', 'histories', 'sync-job');
const IDENTITY = 'otsync-fixture-recorder';
const TASK_QUEUE = 'record-sync-history';
// A throwaway pair for the in-process server; the check below proves it never reaches a history anyway.
const CREDENTIALS = { accessKeyId: 'LTAIfixturerecorder', accessKeySecret: 'fixture-secret-never-in-history' };
const INTERVAL = 1000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Scenario {
  readonly name: string;
  readonly description: string;
  /** Changes made before the run. */
  write(t: Table): Promise<void>;
  /** The run's input, given the time the changes began. */
  input(base: SyncJobInput, startMs: number): SyncJobInput;
  /** Fail the first write attempt (a retryable outage). */
  readonly failFirstWrite?: boolean;
}

interface Table {
  put(uid: string, name: string, age: number): Promise<void>;
  update(uid: string, name: string): Promise<void>;
  remove(uid: string): Promise<void>;
}

const nowOnGrid = () => Math.floor(Date.now() / INTERVAL) * INTERVAL;

const SCENARIOS: Scenario[] = [
  {
    name: 'happy-path',
    description: 'puts, a partial update and a delete, synced in two 1 s windows',
    async write(t) {
      for (let i = 0; i < 10; i++) await t.put(`u${i}`, `name-${i}`, i);
      await t.update('u3', 'renamed');
      await t.remove('u5');
    },
    input: (base, startMs) => ({ ...base, initialStartMs: startMs, nominalTimeOverride: iso(startMs + 3 * INTERVAL) }),
  },
  {
    name: 'empty-window',
    description: 'a window with no changes: read, write and commit of nothing',
    async write() {},
    input: (base) => {
      const end = nowOnGrid() - 2 * INTERVAL;
      return {
        ...base,
        manualWindow: { startMs: end - INTERVAL, endMs: end },
        nominalTimeOverride: iso(end + INTERVAL),
      };
    },
  },
  {
    name: 'catch-up',
    description: 'a late run catching up four windows in one run',
    async write(t) {
      for (let w = 0; w < 4; w++) {
        await t.put(`c${w}`, `window-${w}`, w);
        await sleep(INTERVAL);
      }
    },
    input: (base, startMs) => ({ ...base, initialStartMs: startMs, nominalTimeOverride: iso(startMs + 5 * INTERVAL) }),
  },
  {
    name: 'write-retried',
    description: 'the first write attempt fails (Elasticsearch unavailable); the retry succeeds',
    async write(t) {
      for (let i = 0; i < 5; i++) await t.put(`r${i}`, `retry-${i}`, i);
    },
    input: (base, startMs) => ({ ...base, initialStartMs: startMs, nominalTimeOverride: iso(startMs + 3 * INTERVAL) }),
    failFirstWrite: true,
  },
  {
    name: 'continue-as-new',
    description: 'more windows due than one run holds: two windows, then continue-as-new',
    async write(t) {
      for (let w = 0; w < 4; w++) {
        await t.put(`n${w}`, `chain-${w}`, w);
        await sleep(INTERVAL);
      }
    },
    input: (base, startMs) => ({
      ...base,
      schedule: { ...base.schedule, maxWindowsPerRun: 2 },
      initialStartMs: startMs,
      nominalTimeOverride: iso(startMs + 5 * INTERVAL),
    }),
  },
];

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** Strings that must not appear in a fixture: the secret, this machine's paths, host and user names. */
function forbiddenStrings(stagingRoot: string): string[] {
  const user = os.userInfo().username;
  return [
    CREDENTIALS.accessKeySecret,
    stagingRoot,
    os.tmpdir(),
    PROJECT_ROOT,
    os.homedir(),
    os.hostname(),
    ...(user.length >= 4 ? [user] : []),
  ].filter((s) => s.length >= 4);
}

/** Throws when a fixture holds a forbidden string, in its text or in any base64 payload. */
export function checkFixture(json: string, forbidden: readonly string[]): void {
  const decoded = [...json.matchAll(/"data":\s*"([A-Za-z0-9+/=]+)"/g)].map((m) =>
    Buffer.from(m[1]!, 'base64').toString('utf8'),
  );
  for (const text of [json, ...decoded]) {
    for (const s of forbidden) {
      if (text.includes(s)) throw new Error(`a recorded history contains a forbidden string (${s.length} chars)`);
    }
  }
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const address = process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233';
  const esUrl = process.env.ELASTICSEARCH_URL ?? 'http://127.0.0.1:9200';
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'otsync-record-'));
  const server = await createTablestoreServer({ credentials: CREDENTIALS, instanceName: 'fixture', shardCount: 2 });
  const ots = new TablestoreStreamClient({ endpoint: server.url, instanceName: 'fixture', credentials: CREDENTIALS });
  const es = new EsClient({ node: esUrl });
  const connection = await Connection.connect({ address });
  const client = new Client({ connection, identity: IDENTITY });
  const jobStore = new JobStore(path.join(tmp, 'jobs'));
  const stagingRoot = path.join(tmp, 'staging');
  let failNextWrite = false;
  const real = createActivities({ jobStore, stagingRoot });
  const activities: typeof real = {
    ...real,
    async writeWindow(input) {
      if (failNextWrite) {
        failNextWrite = false;
        const err = ApplicationFailure.retryable('Elasticsearch is unavailable (injected)', 'ElasticsearchUnavailable');
        err.stack = ''; // keep this machine's paths out of the history
        throw err;
      }
      return real.writeWindow(input);
    },
  };
  const { worker, close } = await createWorker({
    target: { address, namespace: 'default' },
    taskQueue: TASK_QUEUE,
    activities,
    identity: IDENTITY,
  });
  fs.mkdirSync(OUT, { recursive: true });
  try {
    await worker.runUntil(async () => {
      for (const scenario of SCENARIOS) {
        const table = `fixture_${scenario.name.replace(/-/g, '_')}`;
        const index = `otsync-fixture-${scenario.name}`;
        const jobId = `fixture-${scenario.name}`;
        await es.indices.delete({ index }, { ignore: [404] });
        await ots.createTable({
          tableName: table,
          primaryKey: [{ name: 'uid', type: 'STRING' }],
          timeToLive: -1,
          maxVersions: 1,
          stream: { expirationTimeHours: 24 },
        });
        const scriptText = JSON.stringify({
          job: {
            setting: { errorLimit: { record: 0 } },
            content: [
              {
                reader: {
                  name: 'otsstreamreader',
                  parameter: {
                    endpoint: server.url,
                    accessId: CREDENTIALS.accessKeyId,
                    accessKey: CREDENTIALS.accessKeySecret,
                    instanceName: 'fixture',
                    dataTable: table,
                    statusTable: 'otsync_status',
                    startTimestampMillis: '1700000000000',
                    endTimestampMillis: '1700000300000',
                    mode: 'single_version_and_update_only',
                    column: [{ name: 'uid' }, { name: 'uid' }, { name: 'name' }, { name: 'age' }],
                  },
                },
                writer: {
                  name: 'elasticsearchwriter',
                  parameter: {
                    endpoint: esUrl,
                    index,
                    cleanup: false,
                    actionType: 'update',
                    enableWriteNull: false,
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
        });
        jobStore.save(jobId, scriptText);
        const { plan } = compileJobPlan(scriptText, { timeZone: 'UTC' });
        const base: SyncJobInput = {
          jobId,
          plan,
          schedule: { intervalMs: INTERVAL, lagMs: INTERVAL, maxWindowsPerRun: 50 },
          retry: { maximumAttempts: 3, intervalMs: 1000 },
        };
        const startMs = nowOnGrid();
        const t: Table = {
          put: async (uid, name, age) => {
            await ots.putRow({
              tableName: table,
              primaryKey: [{ name: 'uid', value: uid }],
              attributes: [
                { name: 'name', value: name },
                { name: 'age', value: BigInt(age) },
              ],
            });
          },
          update: async (uid, name) => {
            await ots.updateRow({
              tableName: table,
              primaryKey: [{ name: 'uid', value: uid }],
              cells: [{ name: 'name', value: name }],
            });
          },
          remove: async (uid) => {
            await ots.deleteRow({ tableName: table, primaryKey: [{ name: 'uid', value: uid }] });
          },
        };
        await scenario.write(t);
        const input = scenario.input(base, startMs);
        // Every window the run covers must be in the past before it starts.
        const due = Date.parse(input.nominalTimeOverride!) + 200 - Date.now();
        if (due > 0) await sleep(due);
        failNextWrite = scenario.failFirstWrite === true;
        const workflowId = `sync-fixture-${scenario.name}`;
        const handle = await client.workflow.start('syncJobWorkflow', {
          taskQueue: TASK_QUEUE,
          workflowId,
          args: [input],
          workflowIdConflictPolicy: 'TERMINATE_EXISTING',
          workflowIdReusePolicy: 'ALLOW_DUPLICATE',
        });
        await handle.result(); // follows continue-as-new to the end of the chain
        // The first run of the chain: for continue-as-new, the history that ends in ContinuedAsNew.
        const history = await client.workflow.getHandle(workflowId, handle.firstExecutionRunId).fetchHistory();
        const json =
          JSON.stringify(
            { workflowId, description: scenario.description, history: JSON.parse(historyToJSON(history)) },
            null,
            2,
          ) + '\n';
        checkFixture(json, forbiddenStrings(stagingRoot));
        const file = path.join(OUT, `${scenario.name}.json`);
        fs.writeFileSync(file, json);
        process.stdout.write(`wrote ${path.relative(PROJECT_ROOT, file)} (${history.events?.length ?? 0} events)\n`);
        await es.indices.delete({ index }, { ignore: [404] });
      }
    });
  } finally {
    await close();
    await closeOpenPlugins();
    await connection.close();
    await es.close();
    ots.close();
    await server.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}
