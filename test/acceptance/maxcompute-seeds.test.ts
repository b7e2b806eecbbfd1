// Acceptance (issue 7): jobs shaped like seed documents 004 (row mode, `truncate: false`) and 002 (multi-version
// columns into `pt=…`, `truncate: true`) run on a real Temporal Schedule (2 s interval) against the local Tablestore
// and MaxCompute servers. Row mode: a worker SIGKILLed right after the Tunnel accepted a window's commit (before
// the checkpoint moved) is restarted, and the table still holds each change's DataX line exactly once; a manual
// rerun of a committed window is refused rather than appended twice. Multi-version with truncate: every window
// replaces the partition atomically, so it holds exactly the newest window's lines.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import type { Client } from '@temporalio/client';
import { connectClient } from '../../src/client';
import { createMaxComputeServer, type MaxComputeServer } from '../../src/emulators/maxcompute';
import { upsertSchedule } from '../../src/scheduling/schedules';
import { elasticsearchUrl, temporalAddress, temporalNamespace } from '../helpers/env';
import { TableModel, type Batch } from './helpers/model';
import { createAcceptanceTable, DATA_COLUMNS, serverNowMs, type AcceptanceTable } from './helpers/table';
import { startTapProxy } from './helpers/tap-proxy';
import { scanHistories, waitNoOpenRuns } from './helpers/temporal';
import { envInt, sleep, waitFor } from './helpers/wait';
import { startChildWorker, startInProcessWorker, WorkerLogs } from './helpers/workers';

const OPS = envInt('OTSYNC_ACCEPTANCE_MAXCOMPUTE_OPS', 2000);
const SEED = envInt('OTSYNC_ACCEPTANCE_SEED', Math.floor(Math.random() * 2 ** 31));
const INTERVAL_MS = 2000;
const PROJECT = 'acceptance';
const credentials = { accessKeyId: 'LTAIacceptancemc', accessKeySecret: `mc-secret-${randomUUID()}` };

let client: Client;
let server: MaxComputeServer;
before(async () => {
  client = await connectClient({ address: temporalAddress(), namespace: temporalNamespace() });
  server = await createMaxComputeServer({ credentials, projects: [PROJECT] });
});
after(async () => {
  await server?.close();
  await client?.connection.close();
});

function odpsWriter(endpoint: string, extra: Record<string, unknown>) {
  return {
    odpsServer: `${endpoint}/api`,
    tunnelServer: endpoint,
    project: PROJECT,
    accessId: credentials.accessKeyId,
    accessKey: credentials.accessKeySecret,
    ...extra,
  };
}

async function scheduled(t: AcceptanceTable, taskQueue: string) {
  const initialStartMs = Math.floor(serverNowMs() / INTERVAL_MS) * INTERVAL_MS - INTERVAL_MS;
  const input = t.input({
    initialStartMs,
    schedule: { intervalMs: INTERVAL_MS, lagMs: 1000, maxWindowsPerRun: 30 },
    retry: { maximumAttempts: 20, intervalMs: 1000 },
    timeouts: { heartbeatMs: 2000, startToCloseMs: 30_000 },
  });
  return upsertSchedule(client, input, { taskQueue, pauseOnFailure: true });
}

const key = (row: readonly unknown[]) => JSON.stringify(row, (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));

test(`seed 004 shape: killed right after the Tunnel commit, the table still holds every change once; reruns are refused (seed ${SEED})`, async () => {
  const table = `t004_${randomUUID().slice(0, 8)}`;
  await server.sql(PROJECT, `CREATE TABLE ${table} (uid STRING, name STRING, city STRING, age BIGINT, score BIGINT)`);
  const proxy = await startTapProxy(server.url);
  const t = await createAcceptanceTable('mc004', {
    esUrl: elasticsearchUrl(),
    script: (reader) => ({
      type: 'job',
      version: '2.0',
      steps: [
        {
          stepType: 'otsstream',
          parameter: {
            ...reader,
            column: ['uid', ...DATA_COLUMNS].map((name) => ({ name })),
            isExportSequenceInfo: false,
          },
          name: 'Reader',
          category: 'reader',
        },
        {
          stepType: 'odps',
          parameter: odpsWriter(proxy.url, {
            partition: '',
            truncate: false,
            compress: false,
            column: ['uid', ...DATA_COLUMNS],
            emptyAsNull: false,
            table,
          }),
          name: 'Writer',
          category: 'writer',
        },
      ],
      order: { hops: [{ from: 'Reader', to: 'Writer' }] },
      setting: { errorLimit: { record: '0' }, speed: { throttle: false, concurrent: 2 } },
    }),
  });
  const logs = new WorkerLogs();
  const taskQueue = `acceptance-mc-${randomUUID()}`;
  const spawnWorker = () => startChildWorker({ taskQueue, jobsDir: t.jobsDir, stagingDir: t.stagingDir, logs });
  let worker = spawnWorker();
  let killed = false;
  proxy.after = async (req) => {
    // CommitUploadSession: POST …/tables/t?uploadid=… (no blockid) — answered by the server, not yet by the worker.
    if (killed || req.method !== 'POST' || !req.path.includes('uploadid=') || req.path.includes('blockid='))
      return 'forward';
    killed = true;
    await worker.kill9();
    return 'drop';
  };
  const schedule = await scheduled(t, taskQueue);
  const model = new TableModel(1000, SEED);
  const expected: string[] = [];
  try {
    let lastDoneMs = 0;
    for (let written = 0; written < OPS;) {
      const batch: Batch = model.nextBatch(Math.min(100, OPS - written));
      await t.write(batch);
      model.apply(batch);
      for (const op of batch.ops.filter((o) => o.kind !== 'delete')) {
        expected.push(
          key([
            op.key,
            op.cells.name ?? null,
            op.cells.city ?? null,
            op.cells.age === undefined ? null : BigInt(op.cells.age),
            op.cells.score === undefined ? null : BigInt(op.cells.score),
          ]),
        );
      }
      written += batch.ops.length;
      lastDoneMs = batch.doneMs!;
      await sleep(50);
    }
    await waitFor('the worker to be killed after a Tunnel commit', () => killed, {
      timeoutMs: 120_000,
      intervalMs: 200,
    });
    worker = spawnWorker();
    await waitFor(
      'the committed window end to pass the last write',
      async () => ((await t.committedEndMs()) ?? 0) > lastDoneMs,
      {
        timeoutMs: 300_000,
        intervalMs: 500,
      },
    );
    assert.equal((await schedule.describe()).state.paused, false, 'no run failed');
    await schedule.pause('acceptance: checks');
    await waitNoOpenRuns(client, t.jobId);
    const rows = (await server.rows(PROJECT, table)).map(key).sort();
    assert.equal(rows.length, expected.length, 'one row per put/update: the killed commit was not repeated');
    assert.deepEqual(rows, expected.sort());

    // Re-running a committed window by hand would append it twice: refused, nothing changes.
    const endMs = (await t.committedEndMs())!;
    await assert.rejects(
      client.workflow.execute('syncJobWorkflow', {
        taskQueue,
        workflowId: `rerun-${t.jobId}`,
        args: [
          {
            ...t.input(),
            manualWindow: { startMs: endMs - 2 * INTERVAL_MS, endMs: endMs - INTERVAL_MS },
            nominalTimeOverride: new Date().toISOString(),
          },
        ],
      }),
      (err: unknown) => /already committed/.test(String((err as { cause?: unknown }).cause ?? err)),
    );
    assert.equal((await server.rows(PROJECT, table)).length, expected.length);
    const scan = await scanHistories(client, t.jobId, [credentials.accessKeySecret, t.secret]);
    assert.deepEqual(scan.found, [], 'no secret in any history');
    assert.ok(!logs.text.includes(credentials.accessKeySecret), 'no secret in the worker output');
  } finally {
    await schedule.delete().catch(() => undefined);
    await worker.kill9();
    await proxy.close();
    await t.close();
  }
});

test('seed 002 shape: multi-version lines into pt=…, truncate true: each window replaces the partition atomically', async () => {
  const table = `t002_${randomUUID().slice(0, 8)}`;
  await server.sql(
    PROJECT,
    `CREATE TABLE ${table} (id STRING, colname STRING, version BIGINT, colvalue STRING, optype STRING, sequenceinfo STRING) PARTITIONED BY (pt STRING)`,
  );
  const t = await createAcceptanceTable('mc002', {
    esUrl: elasticsearchUrl(),
    script: (reader) => {
      const { mode: _mode, column: _column, ...multiVersion } = reader;
      return {
        type: 'job',
        version: '1.0',
        configuration: {
          reader: { plugin: 'otsstream', parameter: { ...multiVersion, maxRetries: 30, isExportSequenceInfo: false } },
          writer: {
            plugin: 'odps',
            parameter: odpsWriter(server.url, {
              table,
              truncate: true,
              partition: 'pt=20240315',
              column: ['id', 'colname', 'version', 'colvalue', 'optype', 'sequenceinfo'],
            }),
          },
          setting: { speed: { mbps: 7, concurrent: 7 } },
        },
      };
    },
  });
  const taskQueue = `acceptance-mc-${randomUUID()}`;
  const worker = await startInProcessWorker({ taskQueue, jobsDir: t.jobsDir, stagingDir: t.stagingDir });
  const schedule = await scheduled(t, taskQueue);
  const model = new TableModel(300, SEED + 1, { deletes: false });
  let writing = true;
  const writer = (async () => {
    while (writing) {
      const batch = model.nextBatch(20);
      await t.write(batch);
      model.apply(batch);
      await sleep(100);
    }
  })();
  try {
    const target = serverNowMs() + 4 * INTERVAL_MS;
    await waitFor('a few windows', async () => ((await t.committedEndMs()) ?? 0) > target, {
      timeoutMs: 300_000,
      intervalMs: 500,
    });
    await schedule.pause('acceptance: checks');
    await waitNoOpenRuns(client, t.jobId);
    writing = false;
    await writer;
    const endMs = (await t.committedEndMs())!;
    const startMs = endMs - INTERVAL_MS;
    const rows = await server.rows(PROJECT, table, 'pt=20240315');
    assert.ok(rows.length > 0, 'the newest window wrote lines');
    const versioned = rows.filter((row) => row[2] !== null); // row deletes (DR) and DA lines carry no version
    assert.ok(versioned.length > 0, 'cell lines with versions');
    for (const row of versioned) {
      const version = row[2];
      assert.equal(typeof version, 'bigint');
      assert.ok(
        Number(version) >= startMs - 1000 && Number(version) < endMs,
        `version ${version} is in the newest window [${startMs}, ${endMs})`,
      );
      assert.equal(row[5], null, 'sequenceinfo: the reader exports none, the column stays null (DataX: fewer fields)');
    }
  } finally {
    writing = false;
    await writer;
    await schedule.delete().catch(() => undefined);
    await worker.stop();
    await t.close();
  }
});
