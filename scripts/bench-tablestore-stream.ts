/**
 * Measures how many stream records per second the local Tablestore server serves to otsync's own
 * `TablestoreStreamClient` on one core: server and client share this one Node process (one thread). The baseline,
 * run in the same process on the same stream, is a bare loop of fetch + the `src/tablestore` codecs; the ratio
 * shows what the production client (signing checks, typed change records, retries) costs on top.
 *
 *   npm run bench    (or: taskset -c 0 node --import tsx scripts/bench-tablestore-stream.ts [records] [limit])
 */
import {
  buildRequestHeaders,
  decodeRow,
  encodeRow,
  messages,
  OperationType,
  type GetStreamRecordResponse,
  type MessageCodec,
} from '../src/tablestore';
import { createTablestoreServer } from '../src/emulators/tablestore';
import { TablestoreStreamClient } from '../src/plugins/sources/tablestore-stream/client';

const credentials = { accessKeyId: 'bench', accessKeySecret: 'bench-secret' };
const total = Number(process.argv[2] ?? 100_000);
const limit = Number(process.argv[3] ?? 1000);

async function main(): Promise<void> {
  const server = await createTablestoreServer({ credentials, instanceName: 'bench', shardCount: 1 });
  const callApi = async <Res>(action: string, codec: MessageCodec<Res>, body: Uint8Array): Promise<Res> => {
    const headers = buildRequestHeaders({ action, body, instanceName: 'bench', credentials });
    const res = await fetch(`${server.url}/${action}`, { method: 'POST', headers, body });
    const bytes = new Uint8Array(await res.arrayBuffer());
    if (res.status !== 200) throw new Error(`${action} failed with HTTP ${res.status}`);
    return codec.decode(bytes);
  };
  try {
    await callApi(
      'CreateTable',
      messages.CreateTableResponse,
      messages.CreateTableRequest.encode({
        tableMeta: {
          tableName: 'bench',
          primaryKey: [
            { name: 'id', type: 2 },
            { name: 'n', type: 1 },
          ],
        },
        reservedThroughput: { capacityUnit: { read: 0, write: 0 } },
        tableOptions: { timeToLive: -1, maxVersions: 1 },
        streamSpec: { enableStream: true, expirationTime: 24 },
      }),
    );
    const loadStart = performance.now();
    for (let done = 0; done < total; done += 200) {
      const rows = [];
      for (let i = done; i < Math.min(total, done + 200); i++) {
        rows.push({
          type: OperationType.PUT,
          condition: { rowExistence: 0 as const },
          rowChange: encodeRow({
            primaryKey: [
              { name: 'id', value: `user-${i % 5000}` },
              { name: 'n', value: BigInt(i) },
            ],
            attributes: [
              { name: 'name', value: `name ${i}` },
              { name: 'amount', value: BigInt(i * 7) },
              { name: 'score', value: i / 3 },
            ],
          }),
        });
      }
      await callApi(
        'BatchWriteRow',
        messages.BatchWriteRowResponse,
        messages.BatchWriteRowRequest.encode({ tables: [{ tableName: 'bench', rows }] }),
      );
    }
    const loadMs = performance.now() - loadStart;

    const { streams } = await callApi(
      'ListStream',
      messages.ListStreamResponse,
      messages.ListStreamRequest.encode({ tableName: 'bench' }),
    );
    const streamId = streams[0]!.streamId;
    const { shards } = await callApi(
      'DescribeStream',
      messages.DescribeStreamResponse,
      messages.DescribeStreamRequest.encode({ streamId }),
    );
    const readStart = performance.now();
    let read = 0;
    let pages = 0;
    for (const shard of shards) {
      let iterator: string | undefined = (
        await callApi(
          'GetShardIterator',
          messages.GetShardIteratorResponse,
          messages.GetShardIteratorRequest.encode({ streamId, shardId: shard.shardId }),
        )
      ).shardIterator;
      while (iterator !== undefined) {
        const page: GetStreamRecordResponse = await callApi(
          'GetStreamRecord',
          messages.GetStreamRecordResponse,
          messages.GetStreamRecordRequest.encode({ shardIterator: iterator, limit }),
        );
        pages++;
        for (const r of page.streamRecords)
          if (decodeRow(r.record).primaryKey.length !== 2) throw new Error('bad record');
        read += page.streamRecords.length;
        if (page.streamRecords.length === 0) break;
        iterator = page.nextShardIterator;
      }
    }
    const readMs = performance.now() - readStart;
    if (read !== total) throw new Error(`read ${read} records, wrote ${total}`);

    const client = new TablestoreStreamClient({ endpoint: server.url, instanceName: 'bench', credentials });
    const clientStart = performance.now();
    let clientRead = 0;
    for (const shard of (await client.describeStreamAllPages(streamId)).shards) {
      let iterator = (await client.getShardIterator({ streamId, shardId: shard.shardId })).shardIterator;
      for (;;) {
        const page = await client.getStreamRecord({ shardIterator: iterator, limit });
        clientRead += page.records.length;
        if (page.records.length === 0 || page.nextShardIterator === undefined) break;
        iterator = page.nextShardIterator;
      }
    }
    const clientMs = performance.now() - clientStart;
    client.close();
    if (clientRead !== total) throw new Error(`client read ${clientRead} records, wrote ${total}`);
    const clientRate = clientRead / (clientMs / 1000);
    const rawRate = read / (readMs / 1000);
    process.stdout.write(
      `loaded ${total} records in ${(loadMs / 1000).toFixed(2)} s (${Math.round(total / (loadMs / 1000))} writes/s)\n` +
        `served ${read} stream records in ${pages} pages of up to ${limit} in ${(readMs / 1000).toFixed(2)} s\n` +
        `baseline (fetch + codecs):      ${Math.round(rawRate)} records/s\n` +
        `TablestoreStreamClient:         ${Math.round(clientRate)} records/s (server and client on one core)\n` +
        `ratio client / baseline:        ${(clientRate / rawRate).toFixed(2)}\n`,
    );
  } finally {
    await server.close();
  }
}

void main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
