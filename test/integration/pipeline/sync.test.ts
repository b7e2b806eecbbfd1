// The whole pipeline on the real parts: the Temporal dev server runs syncJobWorkflow with the real activities, which
// read the local Tablestore server's stream and write the real Elasticsearch. Windows are shortened to 1 s (the
// defaults stay 5 minutes); everything else is as in production.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { expectedDocuments, runSync, SECRET, startPipeline, type Pipeline } from './helpers';

let p: Pipeline;
before(async () => {
  p = await startPipeline();
});
after(async () => {
  await p?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('puts, partial updates and deletes reach Elasticsearch exactly, window after window', async () => {
  const startMs = Math.floor(Date.now() / 1000) * 1000 - 1000;
  for (let i = 0; i < 40; i++) await p.put(`u${i}`, { name: `name-${i}`, age: i });
  await p.update('u3', { age: 333 }); // partial: name must survive
  await p.remove('u5');
  await sleep(2100); // let the writes fall behind T − lag
  const first = await runSync(p, p.input({ initialStartMs: startMs, nominalTimeOverride: new Date().toISOString() }));
  assert.ok(first.summary.windows >= 1);
  assert.equal(first.summary.recordsDirty, 0);
  assert.deepEqual(await p.documents(), expectedDocuments(p.model));

  // Round two continues from the committed end: more changes, including deleting and re-creating a row.
  for (let i = 0; i < 10; i++) await p.update(`u${i}`, { name: `renamed-${i}` });
  await p.remove('u7');
  await p.remove('u8');
  await p.put('u8', { name: 'reborn' });
  await p.put('u100', { name: 'new', age: 1 });
  await sleep(2100);
  const second = await runSync(p, p.input({ nominalTimeOverride: new Date().toISOString() }));
  assert.ok(second.summary.windows >= 1);
  assert.equal(second.summary.firstStartMs, first.summary.lastEndMs, 'the second run starts where the first committed');
  assert.deepEqual(await p.documents(), expectedDocuments(p.model));
  // u3: age from the round-one partial update survives the round-two rename (a partial update wipes nothing).
  assert.deepEqual((await p.documents()).get('u3'), { uid: 'u3', name: 'renamed-3', age: 333 });
  assert.equal((await p.documents()).has('u7'), false, 'deletes propagate');
});

test('re-running an already committed window changes nothing: every record is skipped as stale', async () => {
  const before = await p.documents();
  const endMs = Math.floor(Date.now() / 1000) * 1000 - 2000;
  const rerun = await runSync(
    p,
    p.input({ manualWindow: { startMs: endMs - 600_000, endMs }, nominalTimeOverride: new Date().toISOString() }),
  );
  assert.equal(rerun.summary.recordsWritten, 0);
  assert.ok(rerun.summary.recordsSkippedStale > 0);
  assert.deepEqual(await p.documents(), before);
});

test('no secret reaches the workflow history: inputs, results, memo and search attributes hold references only', async () => {
  await p.put('u200', { name: 'secret-check' });
  await sleep(2100);
  const run = await runSync(p, p.input({ nominalTimeOverride: new Date().toISOString() }));
  const json = historyToJSON(run.history);
  assert.ok(json.length > 1000);
  assert.ok(!json.includes(SECRET), 'the AccessKey secret is not in the history');
  assert.ok(!Buffer.from(json).toString('base64').includes(Buffer.from(SECRET).toString('base64')));
  // Payloads are base64 in history JSON: decode every payload and look again.
  const payloads = [...json.matchAll(/"data":\s*"([A-Za-z0-9+/=]+)"/g)].map((m) =>
    Buffer.from(m[1]!, 'base64').toString('utf8'),
  );
  assert.ok(payloads.length > 0);
  for (const payload of payloads) assert.ok(!payload.includes(SECRET), 'no decoded payload holds the secret');
  assert.ok(p.scriptText.includes(SECRET), 'the script did hold it inline');
});
