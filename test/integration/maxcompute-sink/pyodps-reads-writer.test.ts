// The independent official client reads what otsync's MaxCompute writer wrote: pyodps (PyPI) downloads the rows of
// a partition the sink committed through the local server, and they equal the records, types included.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, test } from 'node:test';
import type { MaxComputeServer } from '../../../src/emulators/maxcompute';
import { ensureConformancePython, PYODPS_CONFORMANCE_SCRIPT } from '../../conformance/python';
import { batches, noProgress, record } from '../oss-sink/helpers';
import { MC_CREDENTIALS, PROJECT, sinkFor, startMaxCompute } from './helpers';

let server: MaxComputeServer;
before(async () => {
  server = await startMaxCompute();
  await server.sql(
    PROJECT,
    'CREATE TABLE person (id STRING, colname STRING, version BIGINT, colvalue STRING, optype STRING, sequenceinfo STRING) PARTITIONED BY (pt STRING)',
  );
});
after(async () => {
  await server?.close();
});

test('pyodps reads back exactly the rows the writer committed', async () => {
  const python = ensureConformancePython();
  const sink = sinkFor(server, { partition: 'pt=20240401' });
  const rows = Array.from({ length: 500 }, (_, i) =>
    record('s1', [`id-${i}`, 'col', BigInt(1_700_000_000_000 + i), i % 7 === 0 ? null : `值-${i}`, 'U', `1:${i}:0`]),
  );
  const result = await sink.writeWindow(
    { jobId: 'pyodps', window: { startMs: 0, endMs: 1000 } },
    batches(rows, 128),
    noProgress,
  );
  await sink.commitPending(result.pendingCommit!);
  // Asynchronous: the server runs in this process, so the event loop must stay free while pyodps talks to it.
  const res = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(python, [PYODPS_CONFORMANCE_SCRIPT, 'read', 'person', 'pt=20240401'], {
      env: {
        ...process.env,
        MAXCOMPUTE_ENDPOINT: server.endpoint,
        MAXCOMPUTE_TUNNEL_ENDPOINT: server.tunnelEndpoint,
        MAXCOMPUTE_PROJECT: PROJECT,
        MAXCOMPUTE_ACCESS_KEY_ID: MC_CREDENTIALS.accessKeyId,
        MAXCOMPUTE_ACCESS_KEY_SECRET: MC_CREDENTIALS.accessKeySecret,
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (status) => resolve({ status, stdout, stderr }));
  });
  assert.equal(res.status, 0, res.stderr);
  const out = JSON.parse(res.stdout) as { rows: unknown[][] } | unknown[][];
  const read = Array.isArray(out) ? out : out.rows;
  const cell = (v: unknown) => (v === null ? null : ((v as [string, unknown])[1] as unknown));
  const got = read.map((r) => r.slice(0, 6).map(cell));
  const want = rows.map((r) => r.columns.map((v) => (v === null ? null : String(v))));
  assert.deepEqual(
    got.map((r) => r.map((v) => (v === null ? null : String(v)))),
    want,
  );
});
