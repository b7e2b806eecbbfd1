/**
 * OSS sink benchmark: one window of N stream records (default 200,000 rows of 5 columns) written by the OSS sink
 * as csv and as Parquet to an in-process local OSS server through ali-oss, against a baseline run in the same
 * process — a plain ali-oss upload of the very same bytes (`multipartUpload`, 10 MB parts, the sink's part size)
 * to the same server. The ratio says how close the sink gets to the upload itself (1.0 = OSS is the bottleneck);
 * MB/s counts the bytes of the objects, records/s the rows. Also prints the most bytes the sink held in memory.
 *
 *   npm run bench -- oss          (or: node --import tsx scripts/bench-oss.ts [records])
 *
 * Prints numbers; asserts nothing about times.
 */
import OSS from 'ali-oss';
import { createOssServer } from '../src/emulators/oss';
import { compileJobPlan } from '../src/job';
import { OssSink } from '../src/plugins/sinks/oss';
import { BENCH_COLUMNS, benchBatches, benchRecords } from './bench-records';

const RECORDS = Number(process.argv[2] ?? 200_000);
const credentials = { accessKeyId: 'LTAIbench', accessKeySecret: 'bench-secret' };
const BUCKET = 'bench';

function sinkConfig(endpoint: string, writer: Record<string, unknown>) {
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
        stepType: 'oss',
        category: 'writer',
        name: 'Writer',
        parameter: {
          endpoint,
          bucket: BUCKET,
          accessId: credentials.accessKeyId,
          accessKey: credentials.accessKeySecret,
          object: 'bench/x',
          writeMode: 'append',
          ...writer,
        },
      },
    ],
    order: { hops: [{ from: 'Reader', to: 'Writer' }] },
  };
  const plan = compileJobPlan(JSON.stringify(script), { timeZone: 'UTC' }).plan;
  if (plan.sink.plugin !== 'oss') throw new Error('not oss');
  return plan.sink.config;
}

async function main(): Promise<void> {
  const server = await createOssServer({ credentials, buckets: [BUCKET] });
  const client = new OSS({ endpoint: server.url, bucket: BUCKET, region: 'oss-cn-hangzhou', ...credentials });
  const all = benchRecords(RECORDS);
  const formats: [string, Record<string, unknown>][] = [
    ['csv', { fileFormat: 'csv', fieldDelimiter: ',', nullFormat: 'null' }],
    [
      'parquet',
      {
        fileFormat: 'parquet',
        fieldDelimiter: ',',
        compress: 'SNAPPY',
        column: [
          { name: 'uid', type: 'string' },
          { name: 'name', type: 'string' },
          { name: 'age', type: 'long' },
          { name: 'score', type: 'double' },
          { name: 'flag', type: 'boolean' },
        ],
      },
    ],
  ];
  try {
    for (const [label, writer] of formats) {
      const config = sinkConfig(server.url, writer);
      const sink = new OssSink(config, { endpoint: server.url, bucket: BUCKET, ...credentials }, { timeZone: 'UTC' });
      const window = { startMs: Date.UTC(2024, 0, 1), endMs: Date.UTC(2024, 0, 1, 0, 5) };
      const t0 = process.hrtime.bigint();
      await sink.writeWindow({ jobId: `bench-${label}`, window }, benchBatches(all), {
        signal: new AbortController().signal,
        onProgress: () => undefined,
      });
      const sinkSec = Number(process.hrtime.bigint() - t0) / 1e9;
      const stats = sink.lastWindow!;
      // Baseline: the same bytes, uploaded object by object with ali-oss's own managed multipart upload.
      const bodies = await Promise.all(stats.objects.map(async (n) => (await client.get(n)).content as Buffer));
      const t1 = process.hrtime.bigint();
      for (const [i, body] of bodies.entries()) {
        await client.multipartUpload(`baseline/${label}/${i}`, body, { partSize: 10 * 1024 * 1024, parallel: 2 });
      }
      const baseSec = Number(process.hrtime.bigint() - t1) / 1e9;
      const mb = stats.bytes / 1024 / 1024;
      process.stdout.write(
        `${label.padEnd(8)} ${RECORDS} records, ${mb.toFixed(1)} MB in ${stats.objects.length} objects: ` +
          `otsync ${(mb / sinkSec).toFixed(1)} MB/s, ${Math.round(RECORDS / sinkSec)} records/s (${sinkSec.toFixed(2)} s); ` +
          `plain ali-oss upload of the same bytes ${(mb / baseSec).toFixed(1)} MB/s (${baseSec.toFixed(2)} s); ` +
          `ratio ${(baseSec / sinkSec).toFixed(2)}; peak buffered ${(stats.peakBufferedBytes / 1024 / 1024).toFixed(1)} MB\n`,
      );
    }
  } finally {
    await server.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
