// `otsync demo --duration 20s` (the main job behind `npm start`), through the real command on the local stack: it
// writes a steady stream of changes, syncs them on a shortened schedule, and ends with the index equal to the
// table — checked here again, independently, by reading both.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { Client as EsClient } from '@elastic/elasticsearch';
import { connectClient } from '../../../src/client';
import { readDemoRows } from '../../../src/demo/table';
import { readIndexDocuments } from '../../../src/demo/verify';
import { TablestoreStreamClient } from '../../../src/plugins/sources/tablestore-stream/client';
import { resolveStackConfig } from '../../../src/stack/config';
import { elasticsearchUrl, temporalAddress, temporalNamespace } from '../../helpers/env';
import { deleteTable, otsync, stackTablestore } from './helpers';

const name = `clidemo-${randomUUID().slice(0, 8)}`;
const table = `${name.replace(/-/g, '_')}_orders`;
const index = `otsync-${name}`;
const jobsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'otsync-cli-demo-'));

after(async () => {
  const client = await connectClient({ address: temporalAddress(), namespace: temporalNamespace() });
  await client.schedule
    .getHandle(`otsync-${name}`)
    .delete()
    .catch(() => undefined);
  await client.connection.close();
  const es = new EsClient({ node: elasticsearchUrl() });
  await es.indices.delete({ index }, { ignore: [404] });
  await es.close();
  await deleteTable(table);
  fs.rmSync(path.join(resolveStackConfig().runDir, 'demo', `${name}.json`), { force: true });
  fs.rmSync(jobsDir, { recursive: true, force: true });
});

test('otsync demo --duration 20s ends with the index equal to the table', async () => {
  const res = await otsync(['demo', '--name', name, '--duration', '20s'], { OTSYNC_JOBS_DIR: jobsDir }, 150_000);
  assert.equal(res.code, 0, `${res.stdout}\n${res.stderr}`);
  const out = res.stdout;
  assert.match(out, new RegExp(`schedule\\s+otsync-${name}: every 10 s, lag 2 s — shortened for the demo`));
  assert.match(out, /the default is every 5 minutes/);
  assert.match(
    out,
    new RegExp(`Temporal UI\\s+http://127\\.0\\.0\\.1:\\d+/namespaces/default/schedules/otsync-${name}`),
  );
  assert.match(out, /table \d+ rows · index \d+ docs · last window \[/, 'the live line shows windows');
  assert.match(out, /The index equals the table: (\d+) rows, \1 documents/);
  assert.match(out, /npm run stack:down/, 'says how to stop the stack');

  const ts = stackTablestore();
  assert.ok(!out.includes(ts.credentials.accessKeySecret) && !res.stderr.includes(ts.credentials.accessKeySecret));
  const ots = new TablestoreStreamClient({
    endpoint: ts.endpoint,
    instanceName: ts.instance,
    credentials: ts.credentials,
  });
  const es = new EsClient({ node: elasticsearchUrl() });
  try {
    const rows = await readDemoRows(ots, table);
    const docs = await readIndexDocuments(es, index);
    assert.ok(rows.size > 50, `the demo wrote rows (${rows.size})`);
    assert.deepEqual(docs, rows);
  } finally {
    ots.close();
    await es.close();
  }

  // The demo paused its schedule on the way out, so nothing runs without its worker.
  const client = await connectClient({ address: temporalAddress(), namespace: temporalNamespace() });
  try {
    const d = await client.schedule.getHandle(`otsync-${name}`).describe();
    assert.equal(d.state.paused, true);
  } finally {
    await client.connection.close();
  }
});

test('a demo name that cannot name a table and an index is refused', async () => {
  const res = await otsync(['demo', '--name', 'Not Valid', '--duration', '1s'], { OTSYNC_JOBS_DIR: jobsDir });
  assert.equal(res.code, 1);
  assert.match(res.stderr, /error: demo name "Not Valid" is not valid/);
});
