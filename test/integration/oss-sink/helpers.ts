/**
 * Shared by the OSS sink tests: an in-process local OSS server with a bucket, the real `ali-oss` client to look at
 * what landed, job plans compiled from real DataWorks-style scripts, and stream records as the reader emits them.
 */
import { randomUUID } from 'node:crypto';
import OSS from 'ali-oss';
import { listObjectNames } from '../../helpers/oss';
import { createOssServer, type OssServer } from '../../../src/emulators/oss';
import { compileJobPlan } from '../../../src/job';
import type { JobPlan } from '../../../src/job/plan-types';
import type { CompiledOssConfig } from '../../../src/plugins/sinks/oss';
import { OssSink, type OssSinkOptions } from '../../../src/plugins/sinks/oss';
import type { LineValue, SourceRecord } from '../../../src/plugins/types';

export const OSS_CREDENTIALS = { accessKeyId: 'LTAIosssinktest', accessKeySecret: `oss-secret-${randomUUID()}` };
export const BUCKET = 'otsync-test';

export interface OssFixture {
  readonly server: OssServer;
  readonly client: OSS;
  /** Every object name under `prefix`, sorted. */
  names(prefix: string): Promise<string[]>;
  text(name: string): Promise<string>;
  bytes(name: string): Promise<Buffer>;
  close(): Promise<void>;
}

export async function startOss(): Promise<OssFixture> {
  const server = await createOssServer({ credentials: OSS_CREDENTIALS, buckets: [BUCKET] });
  const client = new OSS({ endpoint: server.url, bucket: BUCKET, region: 'oss-cn-hangzhou', ...OSS_CREDENTIALS });
  const names = (prefix: string) => listObjectNames(client, prefix);
  const bytes = async (name: string) => (await client.get(name)).content as Buffer;
  return {
    server,
    client,
    names,
    bytes,
    text: async (name) => (await bytes(name)).toString('utf8'),
    close: () => server.close(),
  };
}

/** A DataWorks script (otsstream → oss) compiled into a plan; `writer` overrides the OSS parameters. */
export function ossPlan(endpoint: string, writer: Record<string, unknown>, columns = ['uid', 'name', 'age']): JobPlan {
  const script = {
    type: 'job',
    version: '2.0',
    steps: [
      {
        stepType: 'otsstream',
        name: 'Reader',
        category: 'reader',
        parameter: {
          endpoint: 'http://127.0.0.1:1',
          accessId: 'LTAIreader',
          accessKey: 'reader-secret',
          instanceName: 'inst',
          dataTable: 'orders',
          statusTable: 'TableStoreStreamReaderStatusTable',
          startTimestampMillis: '1700000000000',
          endTimestampMillis: '1700000300000',
          mode: 'single_version_and_update_only',
          column: columns.map((name) => ({ name })),
        },
      },
      {
        stepType: 'oss',
        name: 'Writer',
        category: 'writer',
        parameter: {
          endpoint,
          bucket: BUCKET,
          accessId: OSS_CREDENTIALS.accessKeyId,
          accessKey: OSS_CREDENTIALS.accessKeySecret,
          object: 'ots/orders/day',
          writeMode: 'append',
          fileFormat: 'csv',
          encoding: 'UTF-8',
          nullFormat: 'null',
          fieldDelimiter: ',',
          ...writer,
        },
      },
    ],
    setting: { errorLimit: { record: '0' }, speed: { concurrent: 1 } },
    order: { hops: [{ from: 'Reader', to: 'Writer' }] },
  };
  return compileJobPlan(JSON.stringify(script), { timeZone: 'UTC' }).plan;
}

export function ossConfig(plan: JobPlan): CompiledOssConfig {
  if (plan.sink.plugin !== 'oss') throw new Error('not an OSS plan');
  return plan.sink.config;
}

export function sinkFor(fx: OssFixture, writer: Record<string, unknown>, options: Partial<OssSinkOptions> = {}) {
  const plan = ossPlan(fx.server.url, writer);
  if (plan.sink.plugin !== 'oss') throw new Error('not an OSS plan');
  return new OssSink(
    ossConfig(plan),
    { endpoint: fx.server.url, bucket: plan.sink.connection.bucket, ...OSS_CREDENTIALS },
    { timeZone: 'UTC', client: { backoffMs: 10 }, ...options },
  );
}

let sequence = 0;
/** A row-mode record of shard `shardId` as the reader emits it. */
export function record(shardId: string, columns: LineValue[], dataxEmits = true): SourceRecord {
  const uid = String(columns[0]);
  return {
    columns,
    dataxEmits,
    change: {
      action: dataxEmits ? 'PUT' : 'DELETE',
      primaryKey: [{ name: 'uid', value: uid }],
      sequence: { epoch: 0, timestampUs: BigInt(1_700_000_000_000_000 + ++sequence), rowIndex: 0, shardId },
    },
  };
}

export async function* batches(records: readonly SourceRecord[], size = 1000): AsyncGenerator<SourceRecord[]> {
  for (let i = 0; i < records.length; i += size) yield records.slice(i, i + size);
}

export const noProgress = { signal: new AbortController().signal, onProgress: () => undefined };
