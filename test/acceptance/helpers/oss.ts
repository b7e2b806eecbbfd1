/**
 * The OSS side of the acceptance suites: an in-process local OSS server with a bucket, DataWorks job scripts shaped
 * like the seed documents (001: DataWorks v1 `configuration` with `plugin: oss`; 003: v2 `steps` with
 * `stepType: oss`), and the DataX row-mode csv lines a model of the table predicts.
 */
import { randomUUID } from 'node:crypto';
import OSS from 'ali-oss';
import { listObjectNames } from '../../helpers/oss';
import { createOssServer, type OssServer } from '../../../src/emulators/oss';
import type { Batch } from './model';
import { DATA_COLUMNS } from './table';

export const OSS_BUCKET = 'acceptance';

export interface AcceptanceOss {
  readonly server: OssServer;
  readonly client: OSS;
  readonly credentials: { readonly accessKeyId: string; readonly accessKeySecret: string };
  names(prefix: string): Promise<string[]>;
  /** Every non-empty line of every object under `prefix`, sorted. */
  lines(prefix: string): Promise<string[]>;
  close(): Promise<void>;
}

export async function startAcceptanceOss(): Promise<AcceptanceOss> {
  const credentials = { accessKeyId: 'LTAIacceptanceoss', accessKeySecret: `oss-secret-${randomUUID()}` };
  const server = await createOssServer({ credentials, buckets: [OSS_BUCKET] });
  const client = new OSS({ endpoint: server.url, bucket: OSS_BUCKET, region: 'oss-cn-hangzhou', ...credentials });
  const names = (prefix: string) => listObjectNames(client, prefix);
  return {
    server,
    client,
    credentials,
    names,
    async lines(prefix) {
      const out: string[] = [];
      for (const name of await names(prefix)) {
        const text = ((await client.get(name)).content as Buffer).toString('utf8');
        out.push(...text.split('\n').filter((l) => l !== ''));
      }
      return out.sort();
    },
    close: () => server.close(),
  };
}

/** The reader columns of the OSS jobs: the key, then every data column. */
export const OSS_COLUMNS = ['uid', ...DATA_COLUMNS] as const;

/**
 * DataX row mode's line for each put/update of a batch (otsstream-reader.md §4.3): the configured columns, the
 * untouched ones null (`nullFormat: "null"`); row deletes are dropped.
 */
export function dataxLines(batch: Batch): string[] {
  return batch.ops
    .filter((op) => op.kind !== 'delete')
    .map((op) =>
      [op.key, ...DATA_COLUMNS.map((c) => (op.cells[c] === undefined ? 'null' : String(op.cells[c])))].join(','),
    );
}

function writerParameter(oss: AcceptanceOss, extra: Record<string, unknown>) {
  return {
    endpoint: oss.server.url,
    bucket: OSS_BUCKET,
    accessId: oss.credentials.accessKeyId,
    accessKey: oss.credentials.accessKeySecret,
    ...extra,
  };
}

/** Seed 003's script: DataWorks v2 `steps`, csv, `nullFormat`/`dateFormat`, concurrent 1, a processor step. */
export function seed003Script(oss: AcceptanceOss, object: string, writer: Record<string, unknown> = {}) {
  return (reader: Record<string, unknown>) => ({
    type: 'job',
    version: '2.0',
    steps: [
      {
        stepType: 'otsstream',
        parameter: {
          ...reader,
          statusTable: 'TableStoreStreamReaderStatusTable',
          maxRetries: 30,
          mode: 'single_version_and_update_only',
          isExportSequenceInfo: false,
          column: OSS_COLUMNS.map((name) => ({ name })),
        },
        name: 'Reader',
        category: 'reader',
      },
      {
        stepType: 'oss',
        parameter: writerParameter(oss, {
          nullFormat: 'null',
          dateFormat: 'yyyy-MM-dd HH:mm:ss',
          writeMode: 'truncate',
          encoding: 'UTF-8',
          fieldDelimiter: ',',
          fileFormat: 'csv',
          object,
          ...writer,
        }),
        name: 'Writer',
        category: 'writer',
      },
      { parameter: {}, name: 'Processor', category: 'processor' },
    ],
    setting: { errorLimit: { record: '0' }, locale: 'zh', speed: { throttle: true, concurrent: 1, mbps: '12' } },
    order: { hops: [{ from: 'Reader', to: 'Writer' }] },
  });
}

/** Seed 001's script: DataWorks v1 `configuration` with `plugin` names, truncate, csv. */
export function seed001Script(oss: AcceptanceOss, object: string, writer: Record<string, unknown> = {}) {
  return (reader: Record<string, unknown>) => ({
    type: 'job',
    version: '1.0',
    configuration: {
      setting: { errorLimit: { record: '0' }, speed: { mbps: '1', concurrent: '1' } },
      reader: {
        plugin: 'otsstream',
        parameter: {
          ...reader,
          statusTable: 'TableStoreStreamReaderStatusTable',
          mode: 'single_version_and_update_only',
          column: OSS_COLUMNS.map((name) => ({ name })),
          isExportSequenceInfo: false,
          maxRetries: 30,
        },
      },
      writer: {
        plugin: 'oss',
        parameter: writerParameter(oss, {
          object,
          writeMode: 'truncate',
          fileFormat: 'csv',
          encoding: 'UTF-8',
          nullFormat: 'null',
          dateFormat: 'yyyy-MM-dd HH:mm:ss',
          fieldDelimiter: ',',
          ...writer,
        }),
      },
    },
  });
}
