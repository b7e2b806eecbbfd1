// Acceptance (issue 6): jobs shaped like seed documents 001 and 003 (Tablestore Stream → OSS csv every interval)
// run on a real Temporal Schedule (2 s interval, 1 s lag; the product defaults stay 5 minutes) against the local
// Tablestore and OSS servers. With `append` the objects end up holding exactly DataX's row-mode lines of every
// change, once each, and rerunning committed windows replaces their objects; with the seeds' own `truncate` each
// window deletes what earlier windows wrote under the prefix — DataX's documented behaviour, which validation
// warns about — so the prefix holds exactly the newest window. Parquet output reads back with pyarrow, and a worker
// SIGKILLed in the middle of a multipart upload leaves no partial object behind, the rerun completes the window.
//
// Sizes: OTSYNC_ACCEPTANCE_OSS_OPS (default 3000), OTSYNC_ACCEPTANCE_SEED.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import type { Client } from '@temporalio/client';
import { connectClient } from '../../src/client';
import { compileJobPlan } from '../../src/job';
import { upsertSchedule } from '../../src/scheduling/schedules';
import { ensureConformancePython } from '../conformance/python';
import { elasticsearchUrl, temporalAddress, temporalNamespace } from '../helpers/env';
import { TableModel, type Batch } from './helpers/model';
import { dataxLines, seed001Script, seed003Script, startAcceptanceOss, type AcceptanceOss } from './helpers/oss';
import { createAcceptanceTable, serverNowMs, type AcceptanceTable } from './helpers/table';
import { startTapProxy } from './helpers/tap-proxy';
import { scanHistories, waitNoOpenRuns } from './helpers/temporal';
import { envInt, sleep, waitFor } from './helpers/wait';
import { startChildWorker, startInProcessWorker, WorkerLogs } from './helpers/workers';

const OPS = envInt('OTSYNC_ACCEPTANCE_OSS_OPS', 3000);
const SEED = envInt('OTSYNC_ACCEPTANCE_SEED', Math.floor(Math.random() * 2 ** 31));
const INTERVAL_MS = 2000;

let client: Client;
let oss: AcceptanceOss;
before(async () => {
  client = await connectClient({ address: temporalAddress(), namespace: temporalNamespace() });
  oss = await startAcceptanceOss();
});
after(async () => {
  await oss?.close();
  await client?.connection.close();
});

async function scheduled(t: AcceptanceTable, taskQueue: string, intervalMs = INTERVAL_MS) {
  const initialStartMs = Math.floor(serverNowMs() / intervalMs) * intervalMs - intervalMs;
  const input = t.input({
    initialStartMs,
    schedule: { intervalMs, lagMs: 1000, maxWindowsPerRun: 30 },
    retry: { maximumAttempts: 20, intervalMs: 1000 },
    timeouts: { heartbeatMs: 2000, startToCloseMs: 30_000 },
  });
  const schedule = await upsertSchedule(client, input, { taskQueue, pauseOnFailure: true });
  return { schedule, initialStartMs };
}

async function waitCommitted(t: AcceptanceTable, pastMs: number, what = 'the last write') {
  await waitFor(`the committed window end to pass ${what}`, async () => ((await t.committedEndMs()) ?? 0) > pastMs, {
    timeoutMs: 300_000,
    intervalMs: 500,
    describe: async () => `committed ${await t.committedEndMs()} vs ${pastMs}`,
  });
}

test(`seed 003 shape with append: after every window the objects hold each change's DataX line once; reruns replace (seed ${SEED})`, async () => {
  const object = `instance/${randomUUID().slice(0, 8)}/day`;
  const t = await createAcceptanceTable('ossappend', {
    esUrl: elasticsearchUrl(),
    script: seed003Script(oss, object, { writeMode: 'append' }),
  });
  const model = new TableModel(2000, SEED);
  const taskQueue = `acceptance-oss-${randomUUID()}`;
  const worker = await startInProcessWorker({ taskQueue, jobsDir: t.jobsDir, stagingDir: t.stagingDir });
  const { schedule, initialStartMs } = await scheduled(t, taskQueue);
  const expected: string[] = [];
  try {
    let lastDoneMs = 0;
    for (let written = 0; written < OPS;) {
      const batch: Batch = model.nextBatch(Math.min(100, OPS - written));
      await t.write(batch);
      model.apply(batch);
      expected.push(...dataxLines(batch));
      written += batch.ops.length;
      lastDoneMs = batch.doneMs!;
      await sleep(30); // spread the changes over several windows
    }
    await waitCommitted(t, lastDoneMs);
    assert.equal((await schedule.describe()).state.paused, false, 'no run failed');
    await schedule.pause('acceptance: checks');
    await waitNoOpenRuns(client, t.jobId);
    expected.sort();
    assert.ok(model.counts.delete > 0 && model.counts.update > 0, JSON.stringify(model.counts));
    const lines = await oss.lines(object);
    assert.equal(lines.length, expected.length, 'one line per put/update, deletes dropped, nothing twice');
    assert.deepEqual(lines, expected);
    const names = await oss.names(object);
    assert.ok(names.length >= 3, `several windows wrote objects (${names.length})`);

    // Rerun the first committed windows by hand (as an operator would): same names, same lines.
    for (let s = initialStartMs; s < initialStartMs + 3 * INTERVAL_MS; s += INTERVAL_MS) {
      await client.workflow.execute('syncJobWorkflow', {
        taskQueue,
        workflowId: `rerun-${t.jobId}-${s}`,
        args: [
          {
            ...t.input(),
            manualWindow: { startMs: s, endMs: s + INTERVAL_MS },
            nominalTimeOverride: new Date().toISOString(),
          },
        ],
      });
    }
    assert.deepEqual(await oss.names(object), names, 'reruns replace their own objects');
    assert.deepEqual(await oss.lines(object), expected, 'and never duplicate a line');
    const scan = await scanHistories(client, t.jobId, [oss.credentials.accessKeySecret, t.secret]);
    assert.deepEqual(scan.found, [], 'no secret in any history');
  } finally {
    await schedule.delete().catch(() => undefined);
    await worker.stop();
    await t.close();
  }
});

test('seed 001 shape with its own truncate: validation warns, and each window leaves exactly its own rows under the prefix', async () => {
  const object = `instance/${randomUUID().slice(0, 8)}/20240315`;
  const t = await createAcceptanceTable('osstrunc', { esUrl: elasticsearchUrl(), script: seed001Script(oss, object) });
  const { warnings } = compileJobPlan(t.scriptText, { timeZone: 'UTC' });
  assert.ok(
    warnings.some((w) => /writeMode/.test(w.path) && /truncate deletes every object/.test(w.message)),
    `the destructive truncate is warned about: ${JSON.stringify(warnings)}`,
  );
  const model = new TableModel(500, SEED + 1);
  const taskQueue = `acceptance-oss-${randomUUID()}`;
  const worker = await startInProcessWorker({ taskQueue, jobsDir: t.jobsDir, stagingDir: t.stagingDir });
  const { schedule } = await scheduled(t, taskQueue);
  const batches: Batch[] = [];
  let writing = true;
  const writer = (async () => {
    while (writing) {
      const batch = model.nextBatch(20);
      await t.write(batch);
      model.apply(batch);
      batches.push(batch);
      await sleep(100);
    }
  })();
  try {
    await waitCommitted(t, serverNowMs() + 4 * INTERVAL_MS, 'a few windows');
    await schedule.pause('acceptance: checks');
    await waitNoOpenRuns(client, t.jobId);
    writing = false;
    await writer;
    const endMs = (await t.committedEndMs())!;
    const startMs = endMs - INTERVAL_MS;
    const names = await oss.names(object);
    assert.ok(names.length > 0, 'the newest window wrote objects');
    const stamp = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace(/[-:]/g, '') + 'Z';
    for (const name of names) {
      assert.ok(name.startsWith(`${object}__${stamp(startMs)}-${stamp(endMs)}_`), `${name} is the newest window's`);
    }
    const lines = new Set(await oss.lines(object));
    const inside = batches.filter((b) => b.startedMs! >= startMs && b.doneMs! < endMs).flatMap(dataxLines);
    const touching = new Set(batches.filter((b) => b.doneMs! >= startMs && b.startedMs! < endMs).flatMap(dataxLines));
    assert.ok(inside.length > 0, 'some batches fell inside the newest window');
    for (const line of inside) assert.ok(lines.has(line), `the newest window's change is there: ${line}`);
    for (const line of lines) assert.ok(touching.has(line), `nothing from earlier windows survives: ${line}`);
  } finally {
    writing = false;
    await writer;
    await schedule.delete().catch(() => undefined);
    await worker.stop();
    await t.close();
  }
});

test('parquet objects read back with pyarrow equal the changes, with the configured column types', async () => {
  const object = `parquet/${randomUUID().slice(0, 8)}/part`;
  const t = await createAcceptanceTable('ossparquet', {
    esUrl: elasticsearchUrl(),
    script: seed003Script(oss, object, {
      writeMode: 'append',
      fileFormat: 'parquet',
      compress: 'SNAPPY',
      column: [
        { name: 'uid', type: 'string' },
        { name: 'name', type: 'string' },
        { name: 'city', type: 'string' },
        { name: 'age', type: 'bigint' },
        { name: 'score', type: 'bigint' },
      ],
    }),
  });
  const python = ensureConformancePython();
  const model = new TableModel(300, SEED + 2);
  const taskQueue = `acceptance-oss-${randomUUID()}`;
  const worker = await startInProcessWorker({ taskQueue, jobsDir: t.jobsDir, stagingDir: t.stagingDir });
  const startMs = Math.floor(serverNowMs() / 1000) * 1000;
  const rows: Record<string, string | number | null>[] = [];
  try {
    for (let i = 0; i < 5; i++) {
      const batch = model.nextBatch(100);
      await t.write(batch);
      model.apply(batch);
      for (const op of batch.ops.filter((o) => o.kind !== 'delete')) {
        rows.push({ uid: op.key, name: null, city: null, age: null, score: null, ...op.cells });
      }
    }
    await sleep(1100);
    const endMs = Math.ceil(serverNowMs() / 1000) * 1000;
    await client.workflow.execute('syncJobWorkflow', {
      taskQueue,
      workflowId: `parquet-${t.jobId}`,
      args: [
        { ...t.input(), manualWindow: { startMs, endMs }, nominalTimeOverride: new Date(endMs + 5000).toISOString() },
      ],
    });
    const names = await oss.names(object);
    assert.ok(names.length > 0 && names.every((n) => n.endsWith('.parquet')), names.join(', '));
    const read: Record<string, unknown>[] = [];
    let schema: Record<string, string> = {};
    for (const name of names) {
      const body = (await oss.client.get(name)).content as Buffer;
      // One thread, the system allocator and a hard exit after the answer is flushed: pyarrow's thread pools and
      // jemalloc's background thread have aborted interpreter teardown ("terminate called …") on a busy machine.
      const res = spawnSync(
        python,
        [
          '-c',
          'import os, sys, json, io\n' +
            'import pyarrow as pa, pyarrow.parquet as pq\n' +
            'pa.set_cpu_count(1); pa.set_io_thread_count(1)\n' +
            't = pq.read_table(io.BytesIO(sys.stdin.buffer.read()), use_threads=False)\n' +
            'sys.stdout.write(json.dumps({"schema": {f.name: str(f.type) for f in t.schema}, "rows": t.to_pylist()}))\n' +
            'sys.stdout.flush(); os._exit(0)',
        ],
        {
          input: body,
          encoding: 'utf8',
          maxBuffer: 64 * 1024 * 1024,
          env: { ...process.env, ARROW_DEFAULT_MEMORY_POOL: 'system', OMP_NUM_THREADS: '1' },
        },
      );
      assert.equal(res.status, 0, `pyarrow exited ${res.status ?? res.signal}: ${res.stderr}`);
      const out = JSON.parse(res.stdout) as { schema: Record<string, string>; rows: Record<string, unknown>[] };
      schema = out.schema;
      read.push(...out.rows);
    }
    assert.deepEqual(schema, { uid: 'string', name: 'string', city: 'string', age: 'int64', score: 'int64' });
    const key = (r: Record<string, unknown>) => JSON.stringify(r);
    assert.deepEqual(read.map(key).sort(), rows.map(key).sort());
  } finally {
    await worker.stop();
    await t.close();
  }
});

test('a worker SIGKILLed in the middle of a multipart upload leaves no partial object; the rerun completes the window exactly', async () => {
  const object = `killed/${randomUUID().slice(0, 8)}/day`;
  const proxy = await startTapProxy(oss.server.url, { keepHost: true });
  const proxied = { ...oss, server: { ...oss.server, url: proxy.url } } as AcceptanceOss;
  const t = await createAcceptanceTable('osskill', {
    esUrl: elasticsearchUrl(),
    script: seed003Script(proxied, object, { writeMode: 'append', blockSizeInMB: 1 }),
  });
  const logs = new WorkerLogs();
  const taskQueue = `acceptance-osskill-${randomUUID()}`;
  const spawnWorker = () => startChildWorker({ taskQueue, jobsDir: t.jobsDir, stagingDir: t.stagingDir, logs });
  let worker = spawnWorker();
  const expected: string[] = [];
  let killedAt: string | undefined;
  proxy.before = async (req) => {
    // CompleteMultipartUpload: POST /<key>?uploadId=… — every part is up, the object not yet visible.
    if (killedAt || req.method !== 'POST' || !req.path.includes('uploadId=')) return 'forward';
    killedAt = decodeURIComponent(req.path.split('?')[0]!.slice(1));
    await worker.kill9();
    return 'drop';
  };
  // 10 s windows and ~12 MB of rows written within seconds: whatever the machine's load, some window holds more
  // than a 1 MB part per shard, so its objects go up as multipart uploads.
  const { schedule } = await scheduled(t, taskQueue, 10_000);
  try {
    let lastDoneMs = 0;
    const filler = 'f'.repeat(3000);
    for (let i = 0; i < 40; i++) {
      // Wide rows (~3 KB each), so each shard's object of a window passes the 1 MB part size: multipart.
      const ops = Array.from({ length: 100 }, (_, j) => ({
        key: `k${String(i * 100 + j).padStart(6, '0')}`,
        kind: 'put' as const,
        cells: { name: `${filler}${i}`, age: j },
      }));
      const batch: Batch = {
        ops,
        rows: ops.map((op) => ({
          type: 'PUT' as const,
          primaryKey: [{ name: 'uid', value: op.key }],
          attributes: [
            { name: 'name', value: op.cells.name },
            { name: 'age', value: BigInt(op.cells.age) },
          ],
        })),
      };
      await t.write(batch);
      expected.push(...dataxLines(batch));
      lastDoneMs = batch.doneMs!;
    }
    await waitFor('the worker to be killed at CompleteMultipartUpload', () => killedAt !== undefined, {
      timeoutMs: 120_000,
      intervalMs: 200,
    });
    assert.ok(!(await oss.names(object)).includes(killedAt!), `${killedAt} is not visible after the kill`);
    proxy.before = undefined;
    worker = spawnWorker();
    await waitCommitted(t, lastDoneMs);
    assert.equal((await schedule.describe()).state.paused, false, 'no run failed');
    await schedule.pause('acceptance: checks');
    await waitNoOpenRuns(client, t.jobId);
    assert.ok((await oss.names(object)).includes(killedAt!), 'the rerun completed the object');
    assert.deepEqual(await oss.lines(object), expected.sort(), 'every change once');
    assert.ok(!logs.text.includes(oss.credentials.accessKeySecret), 'no secret in the worker output');
  } finally {
    await schedule.delete().catch(() => undefined);
    await worker.kill9();
    await proxy.close();
    await t.close();
  }
});
