/**
 * The stream records the sink benchmarks write: N row-mode PUTs of 5 columns (uid, name, age, score, flag) over 4
 * shards, as the Tablestore reader would emit them, and the 1,000-record batches the write activity hands a sink.
 */
import type { SourceRecord } from '../src/plugins/types';

export const BENCH_COLUMNS = ['uid', 'name', 'age', 'score', 'flag'] as const;

export function benchRecords(n: number): SourceRecord[] {
  return Array.from({ length: n }, (_, i) => ({
    columns: [`user-${i.toString().padStart(8, '0')}`, `name ${i % 977}`, BigInt(i), i / 7, i % 2 === 0],
    dataxEmits: true,
    change: {
      action: 'PUT' as const,
      primaryKey: [{ name: 'uid', value: `user-${i}` }],
      sequence: { epoch: 0, timestampUs: BigInt(1_700_000_000_000_000 + i), rowIndex: 0, shardId: `shard-${i % 4}` },
    },
  }));
}

export async function* benchBatches(all: readonly SourceRecord[]): AsyncGenerator<readonly SourceRecord[]> {
  for (let i = 0; i < all.length; i += 1000) yield all.slice(i, i + 1000);
}
