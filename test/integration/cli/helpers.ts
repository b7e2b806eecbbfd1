/**
 * Shared by the CLI tests: the real `otsync` command in a child process (bounded in time), the stack's Tablestore
 * server reached over HTTP with the production client, job scripts pointing at it and at the real Elasticsearch,
 * and the Temporal CLI to look at schedules from outside otsync.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client as EsClient } from '@elastic/elasticsearch';
import { TablestoreStreamClient } from '../../../src/plugins/sources/tablestore-stream/client';
import { PROJECT_ROOT, resolveStackConfig } from '../../../src/stack/config';
import { localTablestoreCredentials } from '../../../src/stack/services/tablestore';
import { buildRequestHeaders, messages } from '../../../src/tablestore';
import { elasticsearchUrl, temporalAddress } from '../../helpers/env';
import type { CliResult } from '../../helpers/cli';

const BIN = path.join(PROJECT_ROOT, 'bin', 'otsync.cjs');

/** Runs `otsync` as a user would; killed (and reported) if it outlives `timeoutMs`. */
export function otsync(args: readonly string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 120_000): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      stderr += `\n[test] otsync ${args.join(' ')} did not finish in ${timeoutMs} ms: killed\n`;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, stdout, stderr });
    });
  });
}

/** The `temporal` CLI against the dev server; `{code, stdout, stderr}`. */
export function temporalCli(args: readonly string[]): CliResult {
  const config = resolveStackConfig();
  const cli = process.env.TEMPORAL_CLI_PATH ?? path.join(config.toolsDir, 'python', 'bin', 'temporal');
  const res = spawnSync(cli, [...args, '--address', temporalAddress()], { encoding: 'utf8', timeout: 30_000 });
  return { code: res.status ?? 1, stdout: res.stdout ?? '', stderr: res.stderr ?? '' };
}

/** The stack's Tablestore server: from the test runner's environment, else the local stack's own files. */
export function stackTablestore() {
  const config = resolveStackConfig();
  const fromFile = localTablestoreCredentials(config);
  return {
    endpoint: process.env.TABLESTORE_ENDPOINT ?? `http://${config.host}:${config.tablestore.port}`,
    instance: process.env.TABLESTORE_INSTANCE ?? config.tablestore.instance,
    credentials: {
      accessKeyId: process.env.TABLESTORE_ACCESS_KEY_ID ?? fromFile.accessKeyId,
      accessKeySecret: process.env.TABLESTORE_ACCESS_KEY_SECRET ?? fromFile.accessKeySecret,
    },
  };
}

export type Row = Record<string, string | number>;

/** A table with a stream on the stack's Tablestore, a model of its rows, and a DataX script syncing it to ES. */
export interface CliFixture {
  readonly tmp: string;
  readonly jobId: string;
  readonly table: string;
  readonly index: string;
  readonly ots: TablestoreStreamClient;
  readonly es: EsClient;
  readonly model: Map<string, Row>;
  /** Environment for the CLI: private job store and staging folder. */
  readonly env: NodeJS.ProcessEnv;
  put(uid: string, name: string, age: number): Promise<void>;
  remove(uid: string): Promise<void>;
  /** Writes the job script with this window and returns its path. */
  script(window: { startMs: number; endMs: number }, file?: string): string;
  documents(): Promise<Map<string, Row>>;
  close(): Promise<void>;
}

export async function cliFixture(prefix: string): Promise<CliFixture> {
  const ts = stackTablestore();
  const ots = new TablestoreStreamClient({
    endpoint: ts.endpoint,
    instanceName: ts.instance,
    credentials: ts.credentials,
  });
  const suffix = randomUUID().slice(0, 8);
  const table = `${prefix.replace(/-/g, '_')}_${suffix}`;
  await ots.createTable({
    tableName: table,
    primaryKey: [{ name: 'uid', type: 'STRING' }],
    timeToLive: -1,
    maxVersions: 1,
    stream: { expirationTimeHours: 24 },
  });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `otsync-${prefix}-`));
  const jobId = `${prefix}-${suffix}`;
  const index = `${prefix}-${suffix}`;
  const es = new EsClient({ node: elasticsearchUrl() });
  const model = new Map<string, Row>();
  return {
    tmp,
    jobId,
    table,
    index,
    ots,
    es,
    model,
    env: {
      OTSYNC_JOBS_DIR: path.join(tmp, 'jobs'),
      OTSYNC_STAGING_DIR: path.join(tmp, 'staging'),
      TEMPORAL_ADDRESS: temporalAddress(),
    },
    async put(uid, name, age) {
      await ots.putRow({
        tableName: table,
        primaryKey: [{ name: 'uid', value: uid }],
        attributes: [
          { name: 'name', value: name },
          { name: 'age', value: BigInt(age) },
        ],
      });
      model.set(uid, { uid, name, age });
    },
    async remove(uid) {
      await ots.deleteRow({ tableName: table, primaryKey: [{ name: 'uid', value: uid }] });
      model.delete(uid);
    },
    script(window, file = path.join(tmp, `${jobId}.json`)) {
      const script = {
        job: {
          setting: { speed: { channel: 1 }, errorLimit: { record: 0 } },
          content: [
            {
              reader: {
                name: 'otsstreamreader',
                parameter: {
                  endpoint: ts.endpoint,
                  accessId: ts.credentials.accessKeyId,
                  accessKey: ts.credentials.accessKeySecret,
                  instanceName: ts.instance,
                  dataTable: table,
                  statusTable: 'otsync_cli_status',
                  startTimestampMillis: String(window.startMs),
                  endTimestampMillis: String(window.endMs),
                  mode: 'single_version_and_update_only',
                  column: [{ name: 'uid' }, { name: 'uid' }, { name: 'name' }, { name: 'age' }],
                },
              },
              writer: {
                name: 'elasticsearchwriter',
                parameter: {
                  endpoint: elasticsearchUrl(),
                  index,
                  cleanup: false,
                  batchSize: 500,
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
      };
      fs.writeFileSync(file, JSON.stringify(script, null, 2), { mode: 0o600 });
      return file;
    },
    async documents() {
      if (!(await es.indices.exists({ index }))) return new Map();
      await es.indices.refresh({ index });
      const res = await es.search<Row>({ index, size: 10_000, query: { match_all: {} } });
      return new Map(res.hits.hits.map((h) => [h._id!, h._source!]));
    },
    async close() {
      await es.indices.delete({ index }, { ignore: [404] });
      await es.close();
      await deleteTable(table);
      ots.close();
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/** Drops a table the tests made (the production client has no DeleteTable: otsync never drops tables). */
export async function deleteTable(tableName: string): Promise<void> {
  const ts = stackTablestore();
  const body = messages.DeleteTableRequest.encode({ tableName });
  const headers = buildRequestHeaders({
    action: 'DeleteTable',
    body,
    instanceName: ts.instance,
    credentials: ts.credentials,
  });
  await fetch(`${ts.endpoint}/DeleteTable`, { method: 'POST', headers, body, signal: AbortSignal.timeout(10_000) });
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls `check` until it returns a value, at most `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(250);
  }
}
