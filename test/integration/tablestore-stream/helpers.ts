/**
 * Shared by the reader's integration tests: the local Tablestore server in-process on port 0 (closed when the file
 * ends), a data table with a stream, the production client, a compiled reader config, and a write helper.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { CompiledTablestoreStreamConfig } from '../../../src/plugins/sources/tablestore-stream/schema';
import {
  TablestoreStreamClient,
  type BatchRowChange,
  type TablestoreStreamClientOptions,
} from '../../../src/plugins/sources/tablestore-stream/client';
import type { TablestoreStreamSource } from '../../../src/plugins/sources/tablestore-stream';
import type { SourceRecord } from '../../../src/plugins/types';
import { PrimaryKeyType } from '../../../src/tablestore';
import type { TablestoreServer } from '../../../src/emulators/tablestore';
import { call, startServer, TEST_CREDENTIALS } from '../../emulators/tablestore/helpers';

export { startServer };

/** The emulator's commit clock (ms), which stamps stream records. */
export const serverNowMs = () => Math.floor(performance.timeOrigin + performance.now());

/** A time strictly after every record written so far; returns once the server clock has passed it. */
export async function boundaryNow(): Promise<number> {
  const end = serverNowMs() + 1;
  while (serverNowMs() <= end) await sleep(1);
  return end;
}

export function clientFor(server: TablestoreServer, extra: Partial<TablestoreStreamClientOptions> = {}) {
  return new TablestoreStreamClient({
    endpoint: server.url,
    instanceName: server.instanceName,
    credentials: TEST_CREDENTIALS,
    ...extra,
  });
}

/** Creates a table with primary key (k STRING, n INTEGER) and a 24-hour stream. */
export async function createStreamTable(server: TablestoreServer, tableName: string): Promise<void> {
  await call(server, 'CreateTable', {
    tableMeta: {
      tableName,
      primaryKey: [
        { name: 'k', type: PrimaryKeyType.STRING },
        { name: 'n', type: PrimaryKeyType.INTEGER },
      ],
    },
    reservedThroughput: { capacityUnit: { read: 0, write: 0 } },
    tableOptions: { timeToLive: -1, maxVersions: 1 },
    streamSpec: { enableStream: true, expirationTime: 24 },
  });
}

export function configFor(
  dataTable: string,
  statusTable: string,
  extra: Partial<CompiledTablestoreStreamConfig> = {},
): CompiledTablestoreStreamConfig {
  return {
    dataTable,
    statusTable,
    window: { form: 'millis', startMillis: 0, endMillis: 1 },
    output: { mode: 'multi_version' },
    exportSequenceInfo: true,
    maxRetries: 30,
    enableSeekIterator: false,
    threadNum: 32,
    enableTableGroupSupport: false,
    timeZone: 'Asia/Shanghai',
    ...extra,
  };
}

/** Writes rows in batches of 200, in order; fails on any row error. */
export async function writeAll(client: TablestoreStreamClient, tableName: string, rows: BatchRowChange[]) {
  for (let i = 0; i < rows.length; i += 200) {
    const results = await client.batchWriteRow({ tableName, rows: rows.slice(i, i + 200) });
    const failed = results.find((r) => !r.ok);
    if (failed !== undefined && !failed.ok) throw failed.error;
  }
}

export const pk = (k: string, n = 1n) => [
  { name: 'k', value: k },
  { name: 'n', value: n },
];

/** Reads a window through the source and returns every line in delivery order. */
export async function readAll(
  source: TablestoreStreamSource,
  window: { startMs: number; endMs: number },
  options: Parameters<TablestoreStreamSource['readWindow']>[2] = {},
) {
  const lines: SourceRecord[] = [];
  const result = await source.readWindow(
    window,
    async (batch) => {
      lines.push(...batch);
    },
    options,
  );
  return { lines, result };
}

/** `k|n` of a multi-version line, and a version-free description of the line. */
export function describeLine(r: SourceRecord): { key: string; text: string } {
  const [k, n, name, , value, op] = r.columns;
  return {
    key: `${String(k)}|${String(n)}`,
    text: op === 'DR' ? 'DR' : `${String(op)}:${String(name)}:${String(value)}`,
  };
}
