// The official Go and Java SDKs against the local server: each writes the fixed workload, then both read the
// stream and the rows of the same table. The Java SDK verifies every response signature and PlainBuffer checksum,
// so its success proves those; Go and Java printing identical lines proves both decode the same answer.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import {
  DEFAULT_CACHE_DIR,
  ensureGoClient,
  ensureJavaClient,
  execClient,
  runClient,
} from '../../conformance/build-clients';
import type { StreamRecordLine, WriteSummaryLine } from '../../conformance/format';
import { conformanceEnv, startServer } from './helpers';

let goBin: string;
let jar: string;

before(async () => {
  [goBin, jar] = await Promise.all([ensureGoClient(DEFAULT_CACHE_DIR), ensureJavaClient(DEFAULT_CACHE_DIR)]);
});

const base = String(Math.floor(Date.now() / 1000) * 1000);

/** A record without what legitimately differs between two tables: shard ids and commit times. */
function content(r: StreamRecordLine): object {
  return { action: r.action, primaryKey: r.primaryKey, columns: r.columns };
}

test('Go and Java write the workload, and both read identical stream records and rows', async () => {
  const server = await startServer({ shardCount: 4 });
  const envGo = conformanceEnv(server, 'conf_go', { OTS_BASE_TIMESTAMP_MS: base });
  const envJava = conformanceEnv(server, 'conf_java', { OTS_BASE_TIMESTAMP_MS: base });
  const [goSummary] = (await runClient(goBin, 'write', envGo)) as WriteSummaryLine[];
  const [javaSummary] = (await runClient(jar, 'write', envJava)) as WriteSummaryLine[];
  assert.ok(goSummary && javaSummary);
  assert.equal(goSummary.expectedRecords, 12);
  assert.deepEqual(
    { ...goSummary, client: '', table: '', streamId: '' },
    { ...javaSummary, client: '', table: '', streamId: '' },
  );

  for (const env of [envGo, envJava]) {
    const [goRecords, javaRecords] = await Promise.all([
      runClient(goBin, 'read-stream', env),
      runClient(jar, 'read-stream', env),
    ]);
    assert.equal(goRecords.length, 12);
    assert.deepEqual(goRecords, javaRecords, `read-stream of ${env.OTS_TABLE}`);
    const [goRows, javaRows] = await Promise.all([runClient(goBin, 'rows', env), runClient(jar, 'rows', env)]);
    assert.deepEqual(goRows, javaRows, `rows of ${env.OTS_TABLE}`);
  }

  // What Go wrote and what Java wrote are the same changes, per key in the same order.
  const byKey = (records: StreamRecordLine[]) => {
    const out = new Map<string, object[]>();
    for (const r of records) {
      const k = JSON.stringify(r.primaryKey);
      out.set(k, [...(out.get(k) ?? []), content(r)]);
    }
    return out;
  };
  const fromGo = (await runClient(goBin, 'read-stream', envGo)) as StreamRecordLine[];
  const fromJava = (await runClient(goBin, 'read-stream', envJava)) as StreamRecordLine[];
  assert.deepEqual(byKey(fromGo), byKey(fromJava));
  const [goRows, javaRows] = await Promise.all([runClient(goBin, 'rows', envGo), runClient(goBin, 'rows', envJava)]);
  assert.deepEqual(goRows, javaRows);
});

test('Go and Java read a split and merged stream in small pages, parents first, identically', async () => {
  const server = await startServer({ shardCount: 4 });
  const env = conformanceEnv(server, 'conf_lineage', { OTS_BASE_TIMESTAMP_MS: base, OTS_STREAM_RECORD_LIMIT: '2' });
  await runClient(goBin, 'write', env);
  const shards = server.admin.shards('conf_lineage');
  const withRecords = shards.find((s) => s.records > 0);
  assert.ok(withRecords);
  const children = server.admin.splitShard('conf_lineage', withRecords.shardId);
  const others = server.admin.shards('conf_lineage').filter((s) => s.open && !children.includes(s.shardId));
  // Two adjacent open shards: sort by hash range and take a neighbouring pair.
  others.sort((a, b) => a.hashRange[0] - b.hashRange[0]);
  const pair = others.findIndex((s, i) => others[i + 1]?.hashRange[0] === s.hashRange[1]);
  assert.ok(pair >= 0);
  server.admin.mergeShards('conf_lineage', others[pair]!.shardId, others[pair + 1]!.shardId);

  const [goRecords, javaRecords] = await Promise.all([
    runClient(goBin, 'read-stream', env),
    runClient(jar, 'read-stream', env),
  ]);
  assert.equal(goRecords.length, 12);
  assert.deepEqual(goRecords, javaRecords);
});

test('a wrong AccessKey secret makes the Java SDK fail with OTSAuthFailed', async () => {
  const server = await startServer();
  const env = conformanceEnv(server, 'conf_badkey', { OTS_ACCESS_KEY_SECRET: 'not-the-secret' });
  const res = await execClient(jar, ['write'], env);
  assert.equal(res.exitCode, 1);
  assert.match(res.stderr, /OTSAuthFailed/);
});
