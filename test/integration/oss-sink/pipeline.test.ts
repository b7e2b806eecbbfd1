// The OSS sink in the whole pipeline on the real parts: the Temporal dev server runs syncJobWorkflow with the real
// activities, which read the local Tablestore server's stream and write csv objects to the local OSS server through
// ali-oss. Windows are shortened to 1 s (the defaults stay 5 minutes).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { runSync, startPipeline, type Pipeline } from '../pipeline/helpers';
import { BUCKET, OSS_CREDENTIALS, startOss, type OssFixture } from './helpers';

let p: Pipeline;
let fx: OssFixture;
let object: string;
before(async () => {
  fx = await startOss();
  object = `pipeline/${Date.now()}`;
  p = await startPipeline({
    columns: ['uid', 'name', 'age'],
    writer: {
      name: 'osswriter',
      parameter: {
        endpoint: fx.server.url,
        bucket: BUCKET,
        accessId: OSS_CREDENTIALS.accessKeyId,
        accessKey: OSS_CREDENTIALS.accessKeySecret,
        object,
        writeMode: 'append',
        fileFormat: 'csv',
        encoding: 'UTF-8',
        nullFormat: 'null',
        fieldDelimiter: ',',
      },
    },
  });
});
after(async () => {
  await p?.close();
  await fx?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function lines(): Promise<string[]> {
  const out: string[] = [];
  for (const name of await fx.names(object)) out.push(...(await fx.text(name)).split('\n').filter((l) => l !== ''));
  return out.sort();
}

test('row-mode changes land in OSS as DataX csv lines, once each, across windows and reruns', async () => {
  const startMs = Math.floor(Date.now() / 1000) * 1000 - 1000;
  const expected: string[] = [];
  for (let i = 0; i < 30; i++) {
    await p.put(`u${i}`, { name: `name-${i}`, age: i });
    expected.push(`u${i},name-${i},${i}`);
  }
  await p.update('u3', { age: 333 }); // DataX row mode: untouched columns are null
  expected.push('u3,null,333');
  await p.remove('u5'); // dropped, as DataX drops deletes in row mode
  await sleep(2100);
  const first = await runSync(p, p.input({ initialStartMs: startMs, nominalTimeOverride: new Date().toISOString() }));
  assert.ok(first.summary.windows >= 1);
  assert.equal(first.summary.recordsWritten, expected.length);
  assert.deepEqual(await lines(), expected.sort());

  await p.put('u100', { name: 'new', age: 1 });
  expected.push('u100,new,1');
  await sleep(2100);
  const second = await runSync(p, p.input({ nominalTimeOverride: new Date().toISOString() }));
  assert.equal(second.summary.firstStartMs, first.summary.lastEndMs);
  assert.deepEqual(await lines(), expected.sort());

  // Rerunning every committed window by hand replaces their objects: nothing is duplicated.
  const namesBefore = await fx.names(object);
  for (let s = first.summary.firstStartMs!; s < second.summary.lastEndMs!; s += 1000) {
    await runSync(
      p,
      p.input({ manualWindow: { startMs: s, endMs: s + 1000 }, nominalTimeOverride: new Date().toISOString() }),
    );
  }
  assert.deepEqual(await fx.names(object), namesBefore);
  assert.deepEqual(await lines(), expected.sort());

  const json = historyToJSON(second.history);
  assert.ok(!json.includes(OSS_CREDENTIALS.accessKeySecret), 'the OSS secret is not in the history');
});
