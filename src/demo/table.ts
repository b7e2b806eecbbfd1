/**
 * The demo table on the stack's Tablestore server, through the production client only (the demo is production
 * code: it never imports the emulator). Created once with a stream; later demos reuse it and its rows.
 */
import { INF_MAX, INF_MIN, TablestoreError } from '../tablestore';
import type { TableRow, TablestoreStreamClient } from '../plugins/sources/tablestore-stream/client';
import { DEMO_COLUMNS, DEMO_PRIMARY_KEY } from './job-script';

/** One row as the demo sees it, and as its Elasticsearch document should look. */
export type DemoRow = Record<string, string | number>;

/** Longest stream retention Tablestore allows: a paused demo can resume days later without a data gap. */
const STREAM_RETENTION_HOURS = 168;

/** Creates the table with a stream unless it exists (then reuses it, rows and all). */
export async function ensureDemoTable(ots: TablestoreStreamClient, table: string): Promise<{ created: boolean }> {
  let created = false;
  try {
    await ots.createTable({
      tableName: table,
      primaryKey: [{ name: DEMO_PRIMARY_KEY, type: 'STRING' }],
      timeToLive: -1,
      maxVersions: 1,
      stream: { expirationTimeHours: STREAM_RETENTION_HOURS },
    });
    created = true;
  } catch (err) {
    if (!(err instanceof TablestoreError && err.code === 'OTSObjectAlreadyExist')) throw err;
  }
  const described = await ots.describeTable(table);
  if (!described.stream.enabled) {
    throw new TablestoreError('OTSParameterInvalid', `table ${table} exists without a stream`, {
      hint: 'pick another demo name with --name',
    });
  }
  return { created };
}

/**
 * When the table's stream began (epoch ms): a new job starts reading there, so no change made before its first
 * scheduled run is missed.
 */
export async function streamCreatedMs(ots: TablestoreStreamClient, table: string): Promise<number> {
  const [stream] = await ots.listStream({ tableName: table });
  if (!stream) throw new TablestoreError('OTSObjectNotExist', `table ${table} has no stream`);
  return Number(stream.creationTime / 1000n);
}

function toDemoRow(row: TableRow): [string, DemoRow] {
  const key = String(row.primaryKey[0]?.value);
  const out: DemoRow = { [DEMO_PRIMARY_KEY]: key };
  for (const cell of row.attributes) {
    if (!(DEMO_COLUMNS as readonly string[]).includes(cell.name)) continue;
    out[cell.name] = typeof cell.value === 'bigint' ? Number(cell.value) : (cell.value as string | number);
  }
  return [key, out];
}

/** Every row of the table (the demo keeps it to a few thousand), page by page. */
export async function readDemoRows(ots: TablestoreStreamClient, table: string): Promise<Map<string, DemoRow>> {
  const rows = new Map<string, DemoRow>();
  let start = [{ name: DEMO_PRIMARY_KEY, value: INF_MIN }];
  for (let page = 0; page < 10_000; page++) {
    const res = await ots.getRange({
      tableName: table,
      inclusiveStartPrimaryKey: start,
      exclusiveEndPrimaryKey: [{ name: DEMO_PRIMARY_KEY, value: INF_MAX }],
      limit: 5000,
    });
    for (const row of res.rows) {
      const [key, value] = toDemoRow(row);
      rows.set(key, value);
    }
    if (!res.nextStartPrimaryKey) return rows;
    start = res.nextStartPrimaryKey as typeof start;
  }
  throw new Error('GetRange did not finish after 10000 pages');
}
