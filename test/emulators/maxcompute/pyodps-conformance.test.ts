// Alibaba's official Python MaxCompute SDK (pyodps, unmodified) against the local MaxCompute server: REST meta calls,
// SQL instances, partitions, and Tunnel upload/download sessions (raw and deflate), with the classic and the V4
// signature and with both of pyodps's record codecs (compiled and pure Python). Then a cross-check in both directions:
// what pyodps uploads, the server's own `rows()` reads back; what otsync's protocol core (src/maxcompute) uploads,
// pyodps reads back. Every expected value below is written out here, independently of the server and of pyodps.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import zlib from 'node:zlib';
import { createMaxComputeServer } from '../../../src/emulators/maxcompute';
import { authorizationHeader, canonicalString, RecordStreamWriter, signClassic } from '../../../src/maxcompute';
import { ensureConformancePython, PYODPS_CONFORMANCE_SCRIPT } from '../../conformance/python';

const CREDENTIALS = { accessKeyId: 'pyodps-conformance-ak', accessKeySecret: 'pyodps-conformance-secret' };
const PROJECT = 'conformance';
const PYODPS_VERSION = '0.13.2';

type MaxComputeServer = Awaited<ReturnType<typeof createMaxComputeServer>>;

let python: string;
let server: MaxComputeServer;
let dataDir: string;

before(async () => {
  python = ensureConformancePython();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'otsync-pyodps-'));
  server = await createMaxComputeServer({
    port: 0,
    host: '127.0.0.1',
    dataDir,
    credentials: CREDENTIALS,
    projects: [PROJECT],
  });
});

after(async () => {
  await server?.close();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------------------------
// Running the Python client
// ---------------------------------------------------------------------------------------------------------------

interface PyodpsRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function execPyodps(args: readonly string[], env: Record<string, string>): Promise<PyodpsRun> {
  // Nothing MaxCompute-related leaks in from the developer's shell or the test runner's stack.
  const childEnv = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('MAXCOMPUTE_') && !k.startsWith('ODPS_')),
  );
  return new Promise((resolve, reject) => {
    const child = spawn(python, [PYODPS_CONFORMANCE_SCRIPT, ...args], {
      env: {
        ...childEnv,
        MAXCOMPUTE_ENDPOINT: server.endpoint,
        MAXCOMPUTE_TUNNEL_ENDPOINT: server.tunnelEndpoint,
        MAXCOMPUTE_PROJECT: PROJECT,
        MAXCOMPUTE_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
        MAXCOMPUTE_ACCESS_KEY_SECRET: CREDENTIALS.accessKeySecret,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 180_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

async function runPyodps<T>(args: readonly string[], env: Record<string, string> = {}): Promise<T> {
  const res = await execPyodps(args, env);
  const label = `${env.PYODPS_IMPL ? `PYODPS_IMPL=${env.PYODPS_IMPL} ` : ''}pyodps_conformance.py ${args.join(' ')}`;
  assert.equal(res.code, 0, `${label} exited ${res.code}:\n${res.stderr}`);
  return JSON.parse(res.stdout) as T;
}

// ---------------------------------------------------------------------------------------------------------------
// Expected values, as the script prints them: null or [python type, value]
// ---------------------------------------------------------------------------------------------------------------

type Cell = null | [string, string | number | boolean];
type Row = Cell[];

const COLUMNS = [
  ['id', 'bigint'],
  ['name', 'string'],
  ['score', 'double'],
  ['flag', 'boolean'],
  ['ts', 'datetime'],
  ['amount', 'decimal(18,3)'],
  ['payload', 'binary'],
];

const int = (v: bigint | number): Cell => ['int', String(v)];
const str = (v: string): Cell => ['str', v];
const float = (v: number): Cell => ['float', Number.isFinite(v) ? v : v > 0 ? 'Infinity' : v < 0 ? '-Infinity' : 'NaN'];
const bool = (v: boolean): Cell => ['bool', v];
const datetime = (iso: string): Cell => ['datetime', iso];
const decimal = (v: string): Cell => ['Decimal', v];
const bytes = (v: Uint8Array): Cell => ['bytes', Buffer.from(v).toString('base64')];

const ALL_BYTES = Uint8Array.from({ length: 256 }, (_, i) => i);

/** The first session's rows (block 0 and the replacement block 1), sorted by id. */
const SESSION1_ROWS: Row[] = [
  [
    int(-9223372036854775807n),
    str('zo\u00eb \u2603 \u96ea'),
    float(-0.25),
    bool(false),
    datetime('1970-01-01T00:00:00.000Z'),
    decimal('-0.001'),
    bytes(new Uint8Array()),
  ],
  [
    int(1),
    str('alice'),
    float(1.5),
    bool(true),
    datetime('2024-03-15T02:10:00.123Z'),
    decimal('12345.678'),
    bytes(Uint8Array.of(0, 1, 0xfe, 0xff)),
  ],
  [int(3), null, null, null, null, null, null],
  [
    int(9223372036854775807n),
    str(''),
    float(5e-324),
    bool(true),
    datetime('1969-12-31T23:59:59.999Z'),
    decimal('999999999999999.999'),
    bytes(ALL_BYTES),
  ],
];
const OVERWRITE_ROW: Row = [
  int(5),
  str('overwritten'),
  float(2),
  bool(false),
  datetime('2025-01-01T00:00:00.001Z'),
  decimal('1.125'),
  bytes(Buffer.from('c')),
];
const APPEND_ROW: Row = [
  int(6),
  str('appended'),
  float(Infinity),
  bool(true),
  datetime('2025-06-30T23:59:59.000Z'),
  decimal('-42.042'),
  bytes(Uint8Array.of(0xff, 0xff, 0xff)),
];

/** The deflate pass's rows (the script's `deflate_row`). */
function deflateRow(i: number): Row {
  return [
    int(i),
    str(`deflate row ${String(i).padStart(4, '0')} ${'abc'.repeat(i % 7)}`),
    float(i / 4),
    bool(i % 3 === 0),
    datetime(new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString()),
    null,
    bytes(new Uint8Array(16).fill(i % 256)),
  ];
}
const DEFLATE_ROWS = 300;

const byId = (a: Row, b: Row): number => {
  const x = BigInt((a[0]![1] as string) ?? 0);
  const y = BigInt((b[0]![1] as string) ?? 0);
  return x < y ? -1 : x > y ? 1 : 0;
};
const sorted = (rows: readonly Row[]): Row[] => [...rows].sort(byId);

// ---------------------------------------------------------------------------------------------------------------
// The workload
// ---------------------------------------------------------------------------------------------------------------

interface Download {
  count: number;
  status: string;
  rows: Row[];
}

interface ErrorInfo {
  class: string;
  code: string | null;
  message: string;
}

interface Call {
  method: string;
  path: string;
  query: string[];
  signature: 'classic' | 'v4' | 'none';
  contentEncoding: string | null;
  acceptEncoding: string | null;
  status: number;
  responseEncoding: string | null;
}

interface WorkloadSummary {
  pyodps: string;
  impl: 'c' | 'py';
  signature: 'classic' | 'v4';
  table: string;
  project: { name: string; owner: string };
  tableExistedBefore: boolean;
  createTable: { successful: boolean; status: string };
  schema: { name: string; columns: string[][]; partitions: string[][] };
  tableExistsAfter: boolean;
  partitions: { p1Exists: boolean; missingExists: boolean; list: string[] };
  upload: { status: string; schema: string[][]; blocksBeforeCommit: number[]; visibleBeforeCommit: number };
  writeAfterCommit: ErrorInfo | null;
  download: Download;
  downloadRange: Download;
  overwrite: Download;
  append: Download;
  deflate: Download & {
    uploadEncodings: (string | null)[];
    downloadAcceptEncodings: (string | null)[];
    downloadEncodings: (string | null)[];
  };
  discovery: { endpoint: string; count: number };
  errors: { missingPartition: ErrorInfo | null; missingTable: ErrorInfo | null; missingTableExists: boolean };
  calls: Call[];
}

const PASSES = [
  { label: 'classic signature, compiled codec', table: 'conf_classic_c', env: { PYODPS_IMPL: 'c' } },
  { label: 'classic signature, pure-Python codec', table: 'conf_classic_py', env: { PYODPS_IMPL: 'py' } },
  {
    label: "V4 signature (region_name='cn-hangzhou'), compiled codec",
    table: 'conf_v4_c',
    env: { PYODPS_IMPL: 'c', MAXCOMPUTE_REGION: 'cn-hangzhou' },
  },
] as const;

for (const pass of PASSES) {
  test(`pyodps ${PYODPS_VERSION}, ${pass.label}: meta, SQL DDL, partitions, tunnel upload/overwrite/append/deflate/download`, async (t) => {
    const s = await runPyodps<WorkloadSummary>(['workload'], { ...pass.env, MAXCOMPUTE_TABLE: pass.table });
    assert.equal(s.pyodps, PYODPS_VERSION);
    assert.equal(s.impl, pass.env.PYODPS_IMPL);
    assert.equal(s.project.name, PROJECT);

    // Meta and DDL: the table appears through a SQL instance, with its schema as written.
    assert.equal(s.tableExistedBefore, false);
    assert.deepEqual(s.createTable, { successful: true, status: 'Terminated' });
    assert.equal(s.tableExistsAfter, true);
    assert.deepEqual(s.schema, { name: pass.table, columns: COLUMNS, partitions: [['pt', 'string']] });
    assert.equal(s.partitions.p1Exists, true);
    assert.equal(s.partitions.missingExists, false);
    assert.deepEqual(
      s.partitions.list.map((p) => p.replace(/'/g, '')),
      ['pt=p1', 'pt=p2'],
    );

    // Session 1: two blocks, block 1 replaced before commit, nothing visible before the commit.
    assert.equal(s.upload.status, 'normal');
    assert.deepEqual(s.upload.schema, COLUMNS);
    assert.deepEqual(s.upload.blocksBeforeCommit, [0, 1]);
    assert.equal(s.upload.visibleBeforeCommit, 0);
    assert.ok(s.writeAfterCommit, 'a block written after the commit is refused');
    assert.equal(s.writeAfterCommit.code, 'StatusConflict', s.writeAfterCommit.message);

    assert.equal(s.download.status, 'normal');
    assert.equal(s.download.count, 4);
    assert.deepEqual(sorted(s.download.rows), SESSION1_ROWS, 'values and types round-trip; the replaced block is gone');
    assert.equal(s.downloadRange.count, 4);
    assert.deepEqual(s.downloadRange.rows, s.download.rows.slice(1, 3), 'rowrange=(1,2)');

    // Overwrite replaces the partition; a later plain session appends.
    assert.deepEqual({ count: s.overwrite.count, rows: s.overwrite.rows }, { count: 1, rows: [OVERWRITE_ROW] });
    assert.deepEqual(
      { count: s.append.count, rows: sorted(s.append.rows) },
      { count: 2, rows: [OVERWRITE_ROW, APPEND_ROW] },
    );

    // Deflate on the wire both ways, and the 300 rows intact.
    assert.equal(s.deflate.count, DEFLATE_ROWS);
    assert.deepEqual(
      sorted(s.deflate.rows),
      Array.from({ length: DEFLATE_ROWS }, (_, i) => deflateRow(i)),
    );
    assert.ok(s.deflate.uploadEncodings.length > 0);
    assert.ok(
      s.deflate.uploadEncodings.every((e) => e === 'deflate'),
      `PUT encodings ${s.deflate.uploadEncodings}`,
    );
    assert.deepEqual(s.deflate.downloadAcceptEncodings, ['deflate']);
    assert.deepEqual(s.deflate.downloadEncodings, ['deflate'], 'the download answered with Content-Encoding: deflate');

    // Without tunnel_endpoint, pyodps asks the service for the Tunnel address and lands on the same server.
    assert.equal(s.discovery.endpoint.replace(/\/$/, ''), server.tunnelEndpoint.replace(/\/$/, ''));
    assert.equal(s.discovery.count, 2);

    // Errors: the SDK maps them to its own classes.
    assert.ok(s.errors.missingPartition, 'an upload session to a missing partition fails');
    assert.equal(s.errors.missingPartition.code, 'NoSuchPartition', s.errors.missingPartition.message);
    assert.ok(s.errors.missingTable, 'reloading a missing table fails');
    assert.match(s.errors.missingTable.class, /^NoSuch(Object|Table)$/, s.errors.missingTable.message);
    assert.equal(s.errors.missingTableExists, false);

    // The wire: signatures as expected, no authentication failure (pyodps would silently fall back from V4 after
    // one), no server error; the only 4xx are the lookups of things that do not exist.
    const service = s.calls.filter((c) => c.path.startsWith('/api/'));
    const tunnel = s.calls.filter((c) => !c.path.startsWith('/api/'));
    assert.ok(service.length > 0 && tunnel.length > 0);
    const wanted = 'MAXCOMPUTE_REGION' in pass.env ? 'v4' : 'classic';
    assert.deepEqual([...new Set(service.map((c) => c.signature))], [wanted], 'service calls signature');
    assert.deepEqual([...new Set(tunnel.map((c) => c.signature))], ['classic'], 'tunnel calls keep the classic form');
    assert.deepEqual(
      s.calls.filter((c) => c.status === 401 || c.status === 403 || c.status >= 500),
      [],
      'no call was refused or failed on the server',
    );
    const table = `/projects/${PROJECT}/tables/${pass.table}`;
    const missing = `/api/projects/${PROJECT}/tables/no_such_table_pyodps`;
    assert.deepEqual(
      s.calls
        .filter((c) => c.status >= 400 && c.path !== '/api/tenants') // the ODPS constructor tolerates a 404 there
        .map((c) => `${c.method} ${c.path} ${c.status}`)
        .sort(),
      [
        `GET /api${table} 404`, // exist_table before CREATE TABLE
        `GET /api${table} 404`, // exist_partition('pt=missing')
        `PUT ${table} 409`, // a block after the commit
        `POST ${table} 404`, // an upload session to a missing partition
        `GET ${missing} 404`, // get_table(..).reload()
        `GET ${missing} 404`, // exist_table
      ].sort(),
    );

    const seen = [...new Set(s.calls.map((c) => `${c.method} ${c.path} ${c.query.join('&')}`))];
    t.diagnostic(`pyodps ${s.pyodps} made ${s.calls.length} calls, ${seen.length} distinct:\n${seen.join('\n')}`);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Cross-checks
// ---------------------------------------------------------------------------------------------------------------

/** A value the server's `rows()` returns, in the script's cell form, by column type (tolerant of JS representations). */
function toCell(value: unknown, type: string): Cell {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'bigint':
      return int(BigInt(value as bigint | number | string));
    case 'string':
      return str(value instanceof Uint8Array ? Buffer.from(value).toString('utf8') : String(value));
    case 'double':
      return float(Number(value));
    case 'boolean':
      return bool(Boolean(value));
    case 'datetime': {
      const ms = value instanceof Date ? value.getTime() : Number(value as bigint | number);
      return datetime(new Date(ms).toISOString());
    }
    case 'decimal(18,3)':
      return decimal(String(value));
    case 'binary':
      return bytes(value instanceof Uint8Array ? value : Buffer.from(String(value), 'base64'));
    default:
      throw new Error(`no cell form for type ${type}`);
  }
}

async function serverRows(table: string, partition: string): Promise<Row[]> {
  const rows = await server.rows(PROJECT, table, partition);
  return sorted(rows.map((r) => COLUMNS.map(([, type], i) => toCell(r[i], type!))));
}

test('cross-check: the server reads back what pyodps uploaded (raw and deflate)', async () => {
  // The first pass left pt=p1 overwritten then appended, and pt=p2 with the deflate rows.
  assert.deepEqual(await serverRows('conf_classic_c', 'pt=p1'), [OVERWRITE_ROW, APPEND_ROW]);
  assert.deepEqual(
    await serverRows('conf_classic_c', 'pt=p2'),
    Array.from({ length: DEFLATE_ROWS }, (_, i) => deflateRow(i)),
  );
  assert.deepEqual(await serverRows('conf_v4_c', 'pt=p1'), [OVERWRITE_ROW, APPEND_ROW]);
});

interface TunnelSession {
  UploadID: string;
  Status: string;
  Schema: { columns: { name: string; type: string }[] };
}

/** One signed Tunnel call the way otsync's writer makes it: src/maxcompute signs, fetch sends. */
async function tunnelCall<T>(
  method: string,
  resource: string,
  query: [string, string][],
  body?: Buffer,
  extra: Record<string, string> = {},
): Promise<T> {
  const headers: Record<string, string> = {
    date: new Date().toUTCString(),
    'x-odps-tunnel-version': '6',
    ...(body ? { 'content-type': 'application/octet-stream' } : {}),
    ...extra,
  };
  const canonical = canonicalString({ method, resource, query, headers });
  headers.authorization = authorizationHeader(
    CREDENTIALS.accessKeyId,
    signClassic(canonical, CREDENTIALS.accessKeySecret),
  );
  const qs = query.map(([k, v]) => (v === '' ? k : `${k}=${encodeURIComponent(v)}`)).join('&');
  const res = await fetch(`${server.tunnelEndpoint.replace(/\/$/, '')}${resource}?${qs}`, {
    method,
    headers,
    body,
  });
  const text = await res.text();
  assert.ok(res.ok, `${method} ${resource}?${qs} → ${res.status} ${text}`);
  return (text ? JSON.parse(text) : {}) as T;
}

interface ReadResult {
  table: string;
  partition: string | null;
  columns: string[][];
  count: number;
  rows: Row[];
}

test('cross-check: pyodps reads back what otsync’s protocol core uploaded (raw and deflate blocks)', async () => {
  const table = 'xcheck_from_ts';
  const ddl = COLUMNS.map(([n, type]) => `${n} ${type!.toUpperCase()}`).join(', ');
  await server.sql(PROJECT, `CREATE TABLE ${table} (${ddl}) PARTITIONED BY (pt STRING)`);
  await server.sql(PROJECT, `ALTER TABLE ${table} ADD PARTITION (pt='ts')`);

  const resource = `/projects/${PROJECT}/tables/${table}`;
  const partition: [string, string] = ['partition', 'pt=ts'];
  const session = await tunnelCall<TunnelSession>('POST', resource, [['uploads', ''], partition]);
  assert.equal(session.Status.toLowerCase(), 'normal');
  assert.deepEqual(
    session.Schema.columns.map((c) => [c.name, c.type]),
    COLUMNS,
  );

  const block0 = new RecordStreamWriter(session.Schema.columns);
  block0.write([10n, 'from otsync \u2713', -1.5, false, 1710468600123n, '-12.125', Uint8Array.of(0, 1, 2, 3)]);
  block0.write([11n, null, 1e-300, true, -1n, '0.001', new Uint8Array()]);
  const block1 = new RecordStreamWriter(session.Schema.columns);
  block1.write([12n, 'deflated \u96ea', 3.25, null, 0n, null, ALL_BYTES]);
  const upload: [string, string] = ['uploadid', session.UploadID];
  await tunnelCall('PUT', resource, [upload, ['blockid', '0'], partition], block0.finish());
  await tunnelCall('PUT', resource, [upload, ['blockid', '1'], partition], zlib.deflateSync(block1.finish()), {
    'content-encoding': 'deflate',
  });
  await tunnelCall('POST', resource, [upload, partition]);

  const expected: Row[] = [
    [
      int(10),
      str('from otsync \u2713'),
      float(-1.5),
      bool(false),
      datetime('2024-03-15T02:10:00.123Z'),
      decimal('-12.125'),
      bytes(Uint8Array.of(0, 1, 2, 3)),
    ],
    [
      int(11),
      null,
      float(1e-300),
      bool(true),
      datetime('1969-12-31T23:59:59.999Z'),
      decimal('0.001'),
      bytes(new Uint8Array()),
    ],
    [int(12), str('deflated \u96ea'), float(3.25), null, datetime('1970-01-01T00:00:00.000Z'), null, bytes(ALL_BYTES)],
  ];
  for (const impl of ['c', 'py']) {
    const read = await runPyodps<ReadResult>(['read', table, 'pt=ts'], { PYODPS_IMPL: impl });
    assert.deepEqual(read.columns, COLUMNS);
    assert.equal(read.count, 3);
    assert.deepEqual(sorted(read.rows), expected, `pyodps (${impl}) reads the rows otsync's protocol core wrote`);
  }
  assert.deepEqual(await serverRows(table, 'pt=ts'), expected);
});

test('write-rows: pyodps uploads N generated rows in blocks and reports the time taken (benchmark baseline)', async () => {
  const table = 'bench_baseline';
  await server.sql(PROJECT, `CREATE TABLE ${table} (id BIGINT, name STRING, score DOUBLE) PARTITIONED BY (pt STRING)`);
  const res = await runPyodps<{ rows: number; blocks: number; seconds: number; rowsPerSecond: number }>([
    'write-rows',
    table,
    '2500',
    '--partition',
    'pt=b',
    '--block-rows',
    '1000',
  ]);
  assert.equal(res.rows, 2500);
  assert.equal(res.blocks, 3);
  assert.ok(res.seconds > 0 && res.rowsPerSecond > 0);
  const rows = await server.rows(PROJECT, table, 'pt=b');
  assert.equal(rows.length, 2500);
  const first = [...rows].sort((a, b) => Number(a[0] as bigint) - Number(b[0] as bigint));
  assert.deepEqual(
    [first[0], first[2499]].map((r) => [String(r![0]), String(r![1]), Number(r![2])]),
    [
      ['0', 'row-0', 0.5],
      ['2499', 'row-2499', 2499.5],
    ],
  );
});
