// The DDL subset the SQL instance endpoint runs (server.sql and POST instances share it): CREATE TABLE with
// comments, NOT NULL, parameterised types and partitions; ADD/DROP PARTITION with IF [NOT] EXISTS and several
// partitions at once; TRUNCATE TABLE [PARTITION]; DROP TABLE [IF EXISTS]; DataX's exact statements; and the errors
// (ODPS- prefixed) for everything else.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { MaxComputeServer } from '../../../src/emulators/maxcompute';
import { startServer, TestClient } from './helpers';

const P = 'otsync_test';
let server: MaxComputeServer;
let client: TestClient;

before(async () => {
  server = await startServer();
  client = new TestClient(server);
});

async function fill(table: string, partition: string | undefined, ids: bigint[]): Promise<void> {
  const s = await client.createUpload(table, partition === undefined ? {} : { partition });
  await client.putBlock(
    table,
    s,
    0,
    ids.map((id) => [id]),
  );
  await client.commit(table, s.UploadID);
}

test('CREATE TABLE: IF NOT EXISTS, qualified and quoted names, types with arguments, a script with SET', async () => {
  await server.sql(P, 'CREATE TABLE IF NOT EXISTS otsync_test.`Mixed` (`id` bigint, v varchar(20) NULL) lifecycle 3;');
  await server.sql(P, 'CREATE TABLE IF NOT EXISTS mixed (other string)'); // exists: unchanged
  await client.sql(
    'set odps.sql.type.system.odps2=true;\nCREATE TABLE t2 (a DECIMAL(38, 18), b TIMESTAMP, c CHAR(3));',
  );
  await assert.rejects(server.sql(P, 'CREATE TABLE mixed (x bigint)'), /ODPS-0130071.*already exists/);
  await assert.rejects(server.sql(P, 'CREATE TABLE arr (x array<bigint>)'), /not support/);
  await assert.rejects(server.sql(P, 'CREATE TABLE dup (x bigint, x string)'), /twice/);
  await assert.rejects(server.sql(P, 'CREATE TABLE bad (x bigint'), /ODPS-0130161/);
  await assert.rejects(server.sql('no_project', 'CREATE TABLE x (a bigint)'), /project/);
  const s = await client.createUpload('mixed');
  assert.deepEqual(
    s.Schema.columns.map((c) => [c.name, c.type]),
    [
      ['id', 'bigint'],
      ['v', 'varchar(20)'],
    ],
  );
});

test('DataX statements: add IF NOT EXISTS, drop IF EXISTS, truncate; data goes with dropped partitions', async () => {
  await server.sql(P, 'CREATE TABLE dx (id BIGINT) PARTITIONED BY (pt STRING, type STRING)');
  await server.sql(P, "alter table dx add IF NOT EXISTS partition(pt='1',type='a');");
  await server.sql(P, "alter table dx add IF NOT EXISTS partition(pt='1',type='a');");
  await server.sql(P, "ALTER TABLE dx ADD PARTITION (pt='2', type='a') PARTITION (pt='3', type='a')");
  await fill('dx', 'pt=1,type=a', [1n, 2n]);
  await fill('dx', 'pt=2/type=a', [3n]);
  await server.sql(P, "alter table dx drop IF EXISTS partition(pt='1',type='a');");
  await server.sql(P, "alter table dx drop IF EXISTS partition(pt='9',type='a');");
  await assert.rejects(server.sql(P, "ALTER TABLE dx DROP PARTITION (pt='9', type='a')"), /not found/i);
  await assert.rejects(server.rows(P, 'dx', 'pt=1,type=a'), /does not exist/);
  await server.sql(P, "alter table dx add IF NOT EXISTS partition(pt='1',type='a');");
  assert.deepEqual(await server.rows(P, 'dx', 'pt=1,type=a'), []);
  assert.deepEqual(await server.rows(P, 'dx', 'pt=2,type=a'), [[3n]]);
  await server.sql(P, "TRUNCATE TABLE dx PARTITION (pt='2', type='a')");
  assert.deepEqual(await server.rows(P, 'dx', 'pt=2,type=a'), []);
  await assert.rejects(server.sql(P, "ALTER TABLE dx ADD PARTITION (pt='4')"), /type/);
  await assert.rejects(server.sql(P, "ALTER TABLE dx ADD PARTITION (pt='4', type='a', x='1')"), /not a partition key/);

  await server.sql(P, 'CREATE TABLE flat (id BIGINT)');
  await fill('flat', undefined, [7n]);
  await server.sql(P, 'truncate table flat;');
  assert.deepEqual(await server.rows(P, 'flat'), []);
});

test('DROP TABLE [IF EXISTS]; unsupported statements fail with a parse error', async () => {
  await server.sql(P, 'CREATE TABLE gone (id BIGINT)');
  await server.sql(P, 'DROP TABLE gone');
  await server.sql(P, 'DROP TABLE IF EXISTS gone');
  await assert.rejects(server.sql(P, 'DROP TABLE gone'), /ODPS-0130131/);
  await assert.rejects(server.rows(P, 'gone'), /does not exist/);
  await assert.rejects(server.sql(P, 'INSERT INTO flat VALUES (1)'), /ODPS-0130161/);
  await assert.rejects(server.sql(P, '   '), /empty/);
});
