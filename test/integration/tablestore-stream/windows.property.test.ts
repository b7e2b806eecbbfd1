// Windows read back-to-back, with writes in between, deliver every change exactly once and in per-key order,
// across 4 shards with a split and a merge between windows (otsstream-reader.md §3.2, §6.2, §6.3).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { BatchRowChange } from '../../../src/plugins/sources/tablestore-stream/client';
import { TablestoreStreamSource } from '../../../src/plugins/sources/tablestore-stream';
import {
  boundaryNow,
  clientFor,
  configFor,
  createStreamTable,
  describeLine,
  pk,
  readAll,
  serverNowMs,
  startServer,
  writeAll,
} from './helpers';

const OPS_PER_RUN = 3500;
const RUNS = 3;
const WINDOWS = 6;
const COLUMNS = ['a', 'b', 'c'];

type Op =
  | { kind: 'put'; key: number; cells: Array<{ name: string; value: string | bigint }> }
  | { kind: 'update'; key: number; cells: Array<{ name: string; value?: string | bigint }> }
  | { kind: 'delete'; key: number };

const valueArb = fc.oneof(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), fc.string({ maxLength: 6 }));
const cellsArb = (withDelete: boolean) =>
  fc
    .subarray(COLUMNS, { minLength: withDelete ? 1 : 0 })
    .chain((names) =>
      fc.tuple(
        ...names.map((name) =>
          (withDelete ? fc.option(valueArb, { nil: undefined }) : valueArb).map((value) => ({ name, value })),
        ),
      ),
    );
const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('put' as const),
      key: fc.nat(59),
      cells: cellsArb(false),
    }) as fc.Arbitrary<Op>,
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('update' as const),
      key: fc.nat(59),
      cells: cellsArb(true),
    }) as fc.Arbitrary<Op>,
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), key: fc.nat(59) }) },
);

const keyOf = (key: number) => `key${key}`;
function toChange(op: Op): BatchRowChange {
  const primaryKey = pk(keyOf(op.key));
  if (op.kind === 'delete') return { type: 'DELETE', primaryKey };
  if (op.kind === 'put')
    return { type: 'PUT', primaryKey, attributes: op.cells.map((c) => ({ name: c.name, value: c.value })) };
  return {
    type: 'UPDATE',
    primaryKey,
    cells: op.cells.map((c) =>
      c.value === undefined
        ? { name: c.name, operation: 'DELETE_ALL_VERSIONS' as const }
        : { name: c.name, value: c.value },
    ),
  };
}
/** DataX's lines of one op (§4.2), without versions. */
function expectedLines(op: Op): string[] {
  if (op.kind === 'delete') return ['DR'];
  const cells = op.cells.map((c) => (c.value === undefined ? `DA:${c.name}:null` : `U:${c.name}:${String(c.value)}`));
  return op.kind === 'put' ? ['DR', ...cells] : cells;
}

test(
  'back-to-back windows across a split and a merge deliver every change exactly once, in per-key order',
  { timeout: 120_000 },
  async () => {
    const server = await startServer({ shardCount: 4 });
    const client = clientFor(server);
    let run = 0;
    let deferred = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(opArb, { minLength: OPS_PER_RUN, maxLength: OPS_PER_RUN }),
        fc.array(fc.nat(OPS_PER_RUN), { minLength: WINDOWS - 1, maxLength: WINDOWS - 1 }),
        async (ops, cuts) => {
          const table = `prop_${run++}`;
          await createStreamTable(server, table);
          const source = new TablestoreStreamSource(client, configFor(table, 'status_prop'));
          await source.prepare();
          const bounds = [0, ...[...cuts].sort((x, y) => x - y), ops.length];
          const ends: number[] = [serverNowMs() - 1000];
          const actual = new Map<string, string[]>();
          const starts: string[] = [];
          const readWindow = async (startMs: number, endMs: number) => {
            const { lines, result } = await readAll(source, { startMs, endMs }, { concurrency: 3, batchSize: 97 });
            starts.push(result.start.kind);
            deferred += result.counts.shardsDeferred;
            for (const line of lines) {
              const { key, text } = describeLine(line);
              actual.set(key, [...(actual.get(key) ?? []), text]);
            }
            await source.writePositions({ startMs, endMs }, result.positions, source.newRunVersion());
          };
          for (let w = 0; w < WINDOWS; w++) {
            await writeAll(client, table, ops.slice(bounds[w], bounds[w + 1]).map(toChange));
            // Lineage changes after the window's writes and before the previous window is read: that read stops
            // the parent at the boundary, so its children are deferred, then read from TRIM_HORIZON later.
            const open = () =>
              server.admin
                .shards(table)
                .filter((s) => s.open)
                .sort((x, y) => x.hashRange[0] - y.hashRange[0]);
            if (w === 1) server.admin.splitShard(table, (open()[1] as { shardId: string }).shardId);
            if (w === 3)
              server.admin.mergeShards(
                table,
                (open()[0] as { shardId: string }).shardId,
                (open()[1] as { shardId: string }).shardId,
              );
            ends.push(await boundaryNow());
            // Read the previous window now, while this window's records already sit behind its boundary.
            if (w >= 1) await readWindow(ends[w - 1] as number, ends[w] as number);
          }
          const last = ends[WINDOWS] as number;
          await readWindow(ends[WINDOWS - 1] as number, last);
          await readWindow(last, last + 60_000);

          const expected = new Map<string, string[]>();
          for (const op of ops) {
            const key = `${keyOf(op.key)}|1`;
            expected.set(key, [...(expected.get(key) ?? []), ...expectedLines(op)]);
          }
          assert.deepEqual(starts, ['fresh', ...starts.slice(1).map(() => 'resume')]);
          assert.deepEqual(new Map([...actual].sort()), new Map([...expected].sort()));
        },
      ),
      { numRuns: RUNS, endOnFailure: true },
    );
    // The split/merge placement must have made the reader defer children at least once (§6.2 SKIP path).
    assert.ok(deferred > 0);
    client.close();
  },
);
