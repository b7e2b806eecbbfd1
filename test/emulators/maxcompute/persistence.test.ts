// With the same data directory a restarted server has the same projects, tables, partitions, committed rows and
// open upload sessions (with their blocks); leftovers of an interrupted commit (data files no manifest names,
// temp files) are swept and invisible; a session whose commit reached the table before a crash restarts closed.
// Without a data directory, the temp directory goes away on close.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { startServer, stopServer, TestClient, tmpDir, rejectsWith } from './helpers';

test('a restarted server keeps tables, partitions, committed rows and open sessions with their blocks', async () => {
  const dataDir = tmpDir();
  const first = await startServer({ dataDir });
  let client = new TestClient(first);
  await client.sql('CREATE TABLE t (id BIGINT, s STRING) PARTITIONED BY (pt STRING)');
  await client.sql("ALTER TABLE t ADD PARTITION (pt='a')");
  const done = await client.createUpload('t', { partition: 'pt=a' });
  await client.putBlock('t', done, 0, [[1n, 'committed']]);
  await client.commit('t', done.UploadID);
  const open = await client.createUpload('t', { partition: 'pt=a', overwrite: true });
  await client.putBlock('t', open, 3, [[2n, 'pending']], { deflate: true });
  await stopServer(first);

  const second = await startServer({ dataDir, projects: [] });
  client = new TestClient(second);
  assert.deepEqual(await second.rows('otsync_test', 't', 'pt=a'), [[1n, 'committed']]);
  const reloaded = await client.reload('t', open.UploadID);
  assert.equal(reloaded.Status, 'normal');
  assert.equal(reloaded.IsOverwrite, true);
  assert.deepEqual(
    reloaded.UploadedBlockList.map((b) => b.BlockID),
    [3],
  );
  await client.commit('t', open.UploadID);
  assert.deepEqual(await second.rows('otsync_test', 't', 'pt=a'), [[2n, 'pending']]);
  await rejectsWith(client.commit('t', done.UploadID), 'StatusConflict');
});

test('leftovers of an interrupted commit are invisible; a session committed before a crash restarts closed', async () => {
  const dataDir = tmpDir();
  const first = await startServer({ dataDir });
  const client = new TestClient(first);
  await client.sql('CREATE TABLE c (id BIGINT)');
  const s = await client.createUpload('c');
  await client.putBlock('c', s, 0, [[1n]]);
  await client.commit('c', s.UploadID);
  const pending = await client.createUpload('c');
  await client.putBlock('c', pending, 0, [[2n]]);
  await stopServer(first);

  // A crash after linking a block into the table but before the manifest rename, and a torn temp file.
  const filesDir = path.join(dataDir, 'projects', 'otsync_test', 'tables', 'c', 'data', '_', 'files');
  const block = fs.readdirSync(path.join(dataDir, 'uploads', pending.UploadID)).find((f) => f.endsWith('.rs'))!;
  fs.copyFileSync(path.join(dataDir, 'uploads', pending.UploadID, block), path.join(filesDir, 'orphan.rs'));
  fs.writeFileSync(path.join(dataDir, 'tmp', 'half-written'), 'partial');
  // A crash after the manifest rename but before the session was marked closed.
  const sessionFile = path.join(dataDir, 'uploads', s.UploadID, 'session.json');
  const session = JSON.parse(fs.readFileSync(sessionFile, 'utf8')) as { status: string };
  fs.writeFileSync(sessionFile, JSON.stringify({ ...session, status: 'normal' }));

  const second = await startServer({ dataDir });
  assert.deepEqual(await second.rows('otsync_test', 'c'), [[1n]]);
  assert.ok(!fs.existsSync(path.join(filesDir, 'orphan.rs')));
  assert.deepEqual(fs.readdirSync(path.join(dataDir, 'tmp')), []);
  const again = new TestClient(second);
  assert.equal((await again.reload('c', s.UploadID)).Status, 'closed');
  await rejectsWith(again.commit('c', s.UploadID), 'StatusConflict');
  await again.commit('c', pending.UploadID);
  assert.deepEqual(await second.rows('otsync_test', 'c'), [[1n], [2n]]);
});

test('a dropped and re-created table does not take commits of sessions opened on the old one', async () => {
  const server = await startServer();
  const client = new TestClient(server);
  await client.sql('CREATE TABLE d (id BIGINT)');
  const s = await client.createUpload('d');
  await client.putBlock('d', s, 0, [[1n]]);
  await client.sql('DROP TABLE d');
  await client.sql('CREATE TABLE d (id BIGINT)');
  await rejectsWith(client.commit('d', s.UploadID), 'NoSuchTable');
  assert.deepEqual(await server.rows('otsync_test', 'd'), []);
});

test('without a data directory the temp directory is removed on close', async () => {
  const server = await startServer();
  assert.ok(fs.existsSync(server.dataDir));
  await stopServer(server);
  assert.ok(!fs.existsSync(server.dataDir));
});
