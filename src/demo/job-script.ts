/**
 * The demo's job script: a DataWorks script-mode job (layout 2.0), the same shape a user pastes from the console,
 * reading the demo table's stream in row mode and writing an Elasticsearch index. The window is the DataWorks
 * idiom (scheduling expressions, 10 to 5 minutes ago); scheduled runs replace it with the schedule's own tiles.
 */
import type { LocalCredentials } from '../stack/services/tablestore';

/** Where the demo job reads and writes. */
export interface DemoJobTargets {
  readonly table: string;
  readonly index: string;
  readonly tablestore: { readonly endpoint: string; readonly instance: string; readonly credentials: LocalCredentials };
  readonly elasticsearchUrl: string;
}

/** The demo table's attribute columns, in script order after the primary key. */
export const DEMO_COLUMNS = ['customer', 'status', 'amount'] as const;
export const DEMO_PRIMARY_KEY = 'order_id';

/**
 * The script text. The AccessKey pair of the local stack is inline, as in many real scripts: the script is kept in
 * the job store (0600) and the compiled plan carries only a reference to it, never the secret.
 */
export function demoJobScript(t: DemoJobTargets): string {
  const script = {
    type: 'job',
    version: '2.0',
    steps: [
      {
        stepType: 'otsstream',
        name: 'Reader',
        category: 'reader',
        parameter: {
          endpoint: t.tablestore.endpoint,
          accessId: t.tablestore.credentials.accessKeyId,
          accessKey: t.tablestore.credentials.accessKeySecret,
          instanceName: t.tablestore.instance,
          dataTable: t.table,
          statusTable: 'TableStoreStreamReaderStatusTable',
          startTimeString: '$[yyyymmddhh24miss-10/24/60]',
          endTimeString: '$[yyyymmddhh24miss-5/24/60]',
          mode: 'single_version_and_update_only',
          isExportSequenceInfo: false,
          maxRetries: 30,
          // The key twice: once for the document _id, once as a searchable field.
          column: [{ name: DEMO_PRIMARY_KEY }, { name: DEMO_PRIMARY_KEY }, ...DEMO_COLUMNS.map((name) => ({ name }))],
        },
      },
      {
        stepType: 'elasticsearch',
        name: 'Writer',
        category: 'writer',
        parameter: {
          endpoint: t.elasticsearchUrl,
          index: t.index,
          cleanup: false,
          discovery: false,
          // Partial-row changes update only the columns they carry.
          actionType: 'update',
          enableWriteNull: false,
          batchSize: 1000,
          column: [
            { name: 'pk', type: 'id' },
            { name: DEMO_PRIMARY_KEY, type: 'keyword' },
            { name: 'customer', type: 'keyword' },
            { name: 'status', type: 'keyword' },
            { name: 'amount', type: 'long' },
          ],
        },
      },
    ],
    setting: { errorLimit: { record: '0' }, speed: { concurrent: 2, throttle: false } },
    order: { hops: [{ from: 'Reader', to: 'Writer' }] },
  };
  return JSON.stringify(script, null, 2) + '\n';
}
