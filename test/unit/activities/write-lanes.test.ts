import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LANE_BATCH, LaneWriter, laneOf } from '../../../src/activities/write-lanes';
import type { SinkWriteResult, SourceRecord } from '../../../src/plugins/types';

function record(key: string, n: number): SourceRecord {
  return {
    columns: [key, BigInt(n)],
    dataxEmits: true,
    change: {
      action: 'UPDATE',
      primaryKey: [{ name: 'id', value: key }],
      sequence: { epoch: 1, timestampUs: BigInt(n), rowIndex: 0, shardId: 's' },
    },
  };
}

const ok = (n: number): SinkWriteResult => ({ written: n, skippedStale: 0, dirty: 0, dirtySamples: [] });

test('one key always maps to one lane, and keys spread over every lane', () => {
  const seen = new Set<number>();
  for (let i = 0; i < 1000; i++) {
    const lane = laneOf([{ name: 'id', value: `k${i}` }], 8);
    assert.equal(lane, laneOf([{ name: 'id', value: `k${i}` }], 8));
    seen.add(lane);
  }
  assert.equal(seen.size, 8);
  assert.notEqual(
    laneOf(
      [
        { name: 'a', value: 'ab' },
        { name: 'b', value: 'c' },
      ],
      1 << 30,
    ),
    laneOf(
      [
        { name: 'a', value: 'a' },
        { name: 'b', value: 'bc' },
      ],
      1 << 30,
    ),
  );
});

test('every change of a row is written in stream order, while lanes write at the same time', async () => {
  const writes: string[][] = [];
  let concurrent = 0;
  let maxConcurrent = 0;
  const lanes = new LaneWriter({
    lanes: 4,
    write: async (batch) => {
      concurrent++;
      maxConcurrent = Math.max(maxConcurrent, concurrent);
      await new Promise((r) => setTimeout(r, 5));
      writes.push(batch.map((r) => `${String(r.columns[0])}:${String(r.columns[1])}`));
      concurrent--;
      return ok(batch.length);
    },
    onResult: () => undefined,
  });
  const total = 6 * LANE_BATCH;
  for (let i = 0; i < total; i += 500) {
    await lanes.add(Array.from({ length: 500 }, (_, j) => record(`k${(i + j) % 37}`, i + j)));
  }
  await lanes.flush();
  assert.ok(maxConcurrent > 1, 'lanes overlap');
  const perKey = new Map<string, number[]>();
  for (const w of writes.flat()) {
    const [k, n] = w.split(':');
    perKey.set(k!, [...(perKey.get(k!) ?? []), Number(n)]);
  }
  assert.equal([...perKey.values()].flat().length, total, 'nothing lost or doubled');
  for (const ns of perKey.values())
    assert.deepEqual(
      ns,
      [...ns].sort((a, b) => a - b),
    );
});

test('the first failing write stops the writer and is rethrown; onResult may stop it too', async () => {
  const failing = new LaneWriter({
    lanes: 2,
    write: async () => {
      throw new Error('bulk refused');
    },
    onResult: () => undefined,
  });
  await failing.add(Array.from({ length: 10 }, (_, i) => record(`k${i}`, i)));
  await assert.rejects(failing.flush(), /bulk refused/);

  const limited = new LaneWriter({
    lanes: 2,
    write: async (batch) => ({ ...ok(0), dirty: batch.length }),
    onResult: (r) => {
      if (r.dirty > 0) throw new Error('dirty limit');
    },
  });
  await limited.add([record('a', 1)]);
  await assert.rejects(limited.flush(), /dirty limit/);
});
