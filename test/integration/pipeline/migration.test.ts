// Moving a job from DataWorks to otsync: DataWorks' last complete window, found in the shared status table in the
// DataX format, is where otsync's first run starts — changes DataWorks already delivered are not synced again, and
// none after it is lost.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { TablestoreStreamSource } from '../../../src/plugins/sources/tablestore-stream';
import { runSync, startPipeline, type Pipeline } from './helpers';

let p: Pipeline;
before(async () => {
  p = await startPipeline();
});
after(async () => {
  await p?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test("otsync's first run resumes exactly at DataWorks' last complete window in the status table", async () => {
  const t0 = Math.floor(Date.now() / 1000) * 1000 - 2000;
  for (let i = 0; i < 20; i++) await p.put(`before-${i}`, { name: `dataworks-${i}` });
  await sleep(1100);
  const handOverMs = Math.floor(Date.now() / 1000) * 1000;
  await sleep(1100);

  // "DataWorks" ran the window [t0, handOver): it read the stream and stored its positions in the DataX format.
  const source = new TablestoreStreamSource(p.ots, p.input().plan.source.config);
  await source.prepare();
  const read = await source.readWindow({ startMs: t0, endMs: handOverMs }, async () => undefined);
  await source.writePositions({ startMs: t0, endMs: handOverMs }, read.positions, `${Date.now()}-dataworks`);
  assert.equal(await source.findLatestCompleteEnd(), handOverMs);

  p.model.clear(); // DataWorks delivered those rows to its own index; otsync must not copy them again
  for (let i = 0; i < 15; i++) await p.put(`after-${i}`, { name: `otsync-${i}`, age: i });
  await sleep(2100);
  const run = await runSync(p, p.input({ nominalTimeOverride: new Date().toISOString() }));
  assert.equal(run.summary.firstStartMs, handOverMs, 'the first otsync window starts at the hand-over');
  const docs = await p.documents();
  assert.deepEqual([...docs.keys()].sort(), [...p.model.keys()].sort());
  assert.equal(
    [...docs.keys()].some((k) => k.startsWith('before-')),
    false,
  );
});
