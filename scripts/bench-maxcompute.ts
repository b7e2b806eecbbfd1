/**
 * MaxCompute sink benchmark: one window of N stream records (default 200,000 rows of 5 columns) written by the
 * MaxCompute sink through the Tunnel protocol (one upload session, blocks, commit) to an in-process local MaxCompute
 * server, against a baseline in the same run — the official Python SDK pyodps (compiled codec) uploading N rows of
 * the same column types to a twin table of the same server (`test/conformance/pyodps` `write-rows`, its own timer
 * around session → blocks → commit). Records/s for both and the ratio (1.0 = as fast as pyodps).
 *
 *   npm run bench -- maxcompute     (or: node --import tsx scripts/bench-maxcompute.ts [records])
 *
 * Prints numbers; asserts nothing about times.
 */
import { spawn } from 'node:child_process';
import { createMaxComputeServer } from '../src/emulators/maxcompute';
import { compileJobPlan } from '../src/job';
import { MaxComputeSink } from '../src/plugins/sinks/maxcompute';
import { BENCH_COLUMNS, benchBatches, benchRecords } from './bench-records';
import { ensureConformancePython, PYODPS_CONFORMANCE_SCRIPT } from '../test/conformance/python';

const RECORDS = Number(process.argv[2] ?? 200_000);
const credentials = { accessKeyId: 'LTAIbench', accessKeySecret: 'bench-secret' };
const PROJECT = 'bench';
const COLUMNS = 'uid STRING, name STRING, age BIGINT, score DOUBLE, flag BOOLEAN';

function pyodps(python: string, args: string[], env: Record<string, string>): Promise<{ seconds: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(python, [PYODPS_CONFORMANCE_SCRIPT, ...args], { env: { ...process.env, ...env } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.once('error', reject);
    child.once('close', (code) =>
      code === 0 ? resolve(JSON.parse(out) as { seconds: number }) : reject(new Error(err)),
    );
  });
}

async function main(): Promise<void> {
  const python = ensureConformancePython();
  const server = await createMaxComputeServer({ credentials, projects: [PROJECT] });
  try {
    await server.sql(PROJECT, `CREATE TABLE otsync_rows (${COLUMNS})`);
    await server.sql(PROJECT, `CREATE TABLE pyodps_rows (${COLUMNS})`);
    const script = {
      type: 'job',
      steps: [
        {
          stepType: 'otsstream',
          category: 'reader',
          name: 'Reader',
          parameter: {
            endpoint: 'http://127.0.0.1:1',
            accessId: 'a',
            accessKey: 'b',
            instanceName: 'i',
            dataTable: 't',
            statusTable: 'status',
            startTimestampMillis: '1700000000000',
            endTimestampMillis: '1700000300000',
            mode: 'single_version_and_update_only',
            column: BENCH_COLUMNS.map((name) => ({ name })),
          },
        },
        {
          stepType: 'odps',
          category: 'writer',
          name: 'Writer',
          parameter: {
            odpsServer: server.endpoint,
            tunnelServer: server.tunnelEndpoint,
            project: PROJECT,
            accessId: credentials.accessKeyId,
            accessKey: credentials.accessKeySecret,
            table: 'otsync_rows',
            truncate: false,
            column: [...BENCH_COLUMNS],
          },
        },
      ],
      order: { hops: [{ from: 'Reader', to: 'Writer' }] },
    };
    const plan = compileJobPlan(JSON.stringify(script), { timeZone: 'UTC' }).plan;
    if (plan.sink.plugin !== 'maxcompute') throw new Error('not maxcompute');
    const sink = new MaxComputeSink(
      plan.sink.config,
      { odpsServer: server.endpoint, tunnelServer: server.tunnelEndpoint, project: PROJECT, credentials },
      { timeZone: 'UTC' },
    );
    await sink.prepare();
    const all = benchRecords(RECORDS);
    const t0 = process.hrtime.bigint();
    const result = await sink.writeWindow({ jobId: 'bench', window: { startMs: 0, endMs: 1 } }, benchBatches(all), {
      signal: new AbortController().signal,
      onProgress: () => undefined,
    });
    await sink.commitPending(result.pendingCommit!);
    const otsyncSec = Number(process.hrtime.bigint() - t0) / 1e9;
    const committed = (await server.rows(PROJECT, 'otsync_rows')).length;
    const py = await pyodps(python, ['write-rows', 'pyodps_rows', String(RECORDS)], {
      MAXCOMPUTE_ENDPOINT: server.endpoint,
      MAXCOMPUTE_TUNNEL_ENDPOINT: server.tunnelEndpoint,
      MAXCOMPUTE_PROJECT: PROJECT,
      MAXCOMPUTE_ACCESS_KEY_ID: credentials.accessKeyId,
      MAXCOMPUTE_ACCESS_KEY_SECRET: credentials.accessKeySecret,
    });
    process.stdout.write(
      `maxcompute ${RECORDS} records (${committed} committed): otsync ${Math.round(RECORDS / otsyncSec)} records/s ` +
        `(${otsyncSec.toFixed(2)} s, ${(JSON.parse(result.pendingCommit!.token) as { blocks: number[] }).blocks.length} block(s)); ` +
        `pyodps ${Math.round(RECORDS / py.seconds)} records/s (${py.seconds.toFixed(2)} s); ratio ${(py.seconds / otsyncSec).toFixed(2)}\n`,
    );
  } finally {
    await server.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
