// The REST API under /api and the signature check on both APIs: classic and V4 signatures, x-odps-* query
// parameters signed, bad or missing signatures refused (XML errors with Code/Message/RequestId/HostId for REST, JSON
// for the Tunnel), project headers pyodps needs, table metadata, partitions (list with Marker, get), tunnel
// discovery, SQL instances (Location, task status, result text of a failure), health without auth.
import assert from 'node:assert/strict';
import http from 'node:http';
import { before, test } from 'node:test';
import type { MaxComputeServer } from '../../../src/emulators/maxcompute';
import { authorizationHeader, canonicalString, signClassic } from '../../../src/maxcompute';
import { rawRequest, startServer, TEST_PROJECT, TestClient, tunnelCode, xmlField } from './helpers';

let server: MaxComputeServer;
let client: TestClient;

before(async () => {
  server = await startServer();
  client = new TestClient(server);
  await client.sql(
    "CREATE TABLE orders (id BIGINT COMMENT 'the id', name STRING NOT NULL, amount DECIMAL(10, 2)) COMMENT 'o' PARTITIONED BY (pt STRING, region STRING) LIFECYCLE 7",
  );
  for (let day = 1; day <= 5; day++) {
    await client.sql(`ALTER TABLE orders ADD IF NOT EXISTS PARTITION (pt='2025010${day}', region='cn')`);
  }
});

const project = `/projects/${TEST_PROJECT}`;

test('classic and V4 signatures are accepted; a wrong secret, a tampered query or no header is refused', async () => {
  for (const sign of ['classic', 'v4'] as const) {
    const ok = await rawRequest(server, { method: 'GET', rest: true, path: project, sign });
    assert.equal(ok.status, 200, `${sign}: ${ok.text}`);
  }
  const wrong = await rawRequest(server, {
    method: 'GET',
    rest: true,
    path: project,
    credentials: { accessKeyId: 'test-mc-ak', accessKeySecret: 'not-the-secret' },
  });
  assert.equal(wrong.status, 403);
  assert.equal(xmlField(wrong.text, 'Code'), 'SignatureNotMatch');
  const unknownKey = await rawRequest(server, {
    method: 'GET',
    rest: true,
    path: project,
    credentials: { accessKeyId: 'someone-else', accessKeySecret: 'x' },
  });
  assert.equal(unknownKey.status, 403);
  const none = await rawRequest(server, { method: 'GET', rest: true, path: project, sign: 'none' });
  assert.equal(none.status, 401);
  assert.equal(xmlField(none.text, 'Code'), 'AuthorizationRequired');
  const tunnel = await rawRequest(server, {
    method: 'POST',
    rest: false,
    path: `${project}/tables/orders`,
    query: [['uploads', '']],
    sign: 'none',
  });
  assert.equal(tunnel.status, 401);
  assert.equal(tunnelCode(tunnel), 'Unauthorized');
  assert.match(String(tunnel.headers['content-type']), /json/);
});

test('x-odps-* query parameters and curr_project are part of the signed string', async () => {
  const signed = await rawRequest(server, {
    method: 'GET',
    rest: true,
    path: project,
    query: [
      ['curr_project', TEST_PROJECT],
      ['x-odps-extra', 'v'],
    ],
  });
  assert.equal(signed.status, 200, signed.text);
  const date = new Date().toUTCString();
  /** Sends `pathAndQuery` with a signature over a hand-written canonical string. */
  const sendSigned = (pathAndQuery: string, canonical: string) =>
    new Promise<number>((resolve, reject) => {
      const authorization = authorizationHeader('test-mc-ak', signClassic(canonical, 'test-mc-secret-value'));
      http
        .get({ host: '127.0.0.1', port: server.port, path: pathAndQuery, headers: { date, authorization } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        })
        .on('error', reject);
    });
  const resource = `${project}?curr_project=${TEST_PROJECT}&x-odps-extra=v`;
  // The spec's form: the x-odps- query parameter also appears as a header line.
  assert.equal(await sendSigned(`/api${resource}`, `GET\n\n\n${date}\nx-odps-extra:v\n${resource}`), 200);
  // Left out of the header lines, the signature must not match.
  assert.equal(await sendSigned(`/api${resource}`, `GET\n\n\n${date}\n${resource}`), 403);
  // Signed for one curr_project, sent with another.
  const canonical = canonicalString({
    method: 'GET',
    resource: project,
    query: [['curr_project', TEST_PROJECT]],
    headers: { date },
  });
  assert.equal(await sendSigned(`/api${project}?curr_project=other_project`, canonical), 403);
});

test('REST errors are <Error> XML with Code, Message, RequestId and HostId, and x-odps-request-id', async () => {
  const missing = await rawRequest(server, { method: 'GET', rest: true, path: `${project}/tables/nope` });
  assert.equal(missing.status, 404);
  assert.match(String(missing.headers['content-type']), /xml/);
  assert.equal(xmlField(missing.text, 'Code'), 'NoSuchTable');
  assert.ok(xmlField(missing.text, 'Message'));
  assert.equal(xmlField(missing.text, 'RequestId'), missing.headers['x-odps-request-id']);
  assert.ok(xmlField(missing.text, 'HostId'));
  const noProject = await rawRequest(server, { method: 'GET', rest: true, path: '/projects/nope' });
  assert.equal(xmlField(noProject.text, 'Code'), 'NoSuchProject');
  const unknown = await rawRequest(server, { method: 'GET', rest: true, path: '/tenants' });
  assert.equal(unknown.status, 404);
  const other = await rawRequest(server, { method: 'GET', rest: true, path: '/whatever/else' });
  assert.equal(other.status, 404);
  assert.equal(xmlField(other.text, 'Code'), 'NoSuchObject');
});

test('GET project has the x-odps-owner, x-odps-creation-time and Last-Modified headers', async () => {
  const response = await rawRequest(server, { method: 'GET', rest: true, path: project });
  assert.equal(xmlField(response.text, 'Name'), TEST_PROJECT);
  assert.equal(xmlField(response.text, 'State'), 'AVAILABLE');
  assert.equal(response.headers['x-odps-owner'], 'ALIYUN$local');
  assert.ok(!Number.isNaN(Date.parse(String(response.headers['x-odps-creation-time']))));
  assert.ok(!Number.isNaN(Date.parse(String(response.headers['last-modified']))));
  const host = await rawRequest(server, { method: 'GET', rest: true, path: '/logview/host' });
  assert.equal(host.status, 200);
});

test('tunnel discovery returns this server as a bare host:port', async () => {
  const response = await rawRequest(server, {
    method: 'GET',
    rest: true,
    path: `${project}/tunnel`,
    query: [['service', '']],
  });
  assert.equal(response.status, 200);
  assert.equal(response.text, `127.0.0.1:${server.port}`);
});

test('table metadata: the Schema JSON in CDATA lists data columns and partition keys apart', async () => {
  const response = await rawRequest(server, { method: 'GET', rest: true, path: `${project}/tables/orders` });
  assert.equal(response.status, 200, response.text);
  assert.equal(xmlField(response.text, 'Name'), 'orders');
  assert.equal(xmlField(response.text, 'Type'), 'MANAGED_TABLE');
  assert.match(response.text, /<Schema><!\[CDATA\[/);
  const schema = JSON.parse(xmlField(response.text, 'Schema')!) as {
    columns: { name: string; type: string; comment: string; isNullable: boolean }[];
    partitionKeys: { name: string; type: string }[];
    lifecycle: number;
    comment: string;
    createTime: number;
  };
  assert.deepEqual(
    schema.columns.map((c) => [c.name, c.type, c.comment, c.isNullable]),
    [
      ['id', 'bigint', 'the id', true],
      ['name', 'string', '', false],
      ['amount', 'decimal(10,2)', '', true],
    ],
  );
  assert.deepEqual(
    schema.partitionKeys.map((c) => [c.name, c.type]),
    [
      ['pt', 'string'],
      ['region', 'string'],
    ],
  );
  assert.equal(schema.lifecycle, 7);
  assert.equal(schema.comment, 'o');
  assert.ok(Math.abs(schema.createTime - Date.now() / 1000) < 60);
});

test('partitions: listed in pages until Marker is empty, filtered by prefix, fetched one by one', async () => {
  const seen: string[] = [];
  let marker = '';
  let pages = 0;
  do {
    const query: [string, string][] = [
      ['partitions', ''],
      ['expectmarker', 'true'],
      ['maxitems', '2'],
    ];
    if (marker !== '') query.push(['marker', marker]);
    const page = await rawRequest(server, { method: 'GET', rest: true, path: `${project}/tables/orders`, query });
    assert.equal(page.status, 200, page.text);
    for (const m of page.text.matchAll(/<Column Name="pt" Value="([^"]+)"/g)) seen.push(m[1]!);
    marker = xmlField(page.text, 'Marker') ?? '';
    pages++;
  } while (marker !== '');
  assert.equal(pages, 3);
  assert.deepEqual(seen, ['20250101', '20250102', '20250103', '20250104', '20250105']);

  const filtered = await rawRequest(server, {
    method: 'GET',
    rest: true,
    path: `${project}/tables/orders`,
    query: [
      ['partitions', ''],
      ['expectmarker', 'true'],
      ['partition', "pt='20250103'"],
    ],
  });
  assert.equal([...filtered.text.matchAll(/<Partition>/g)].length, 1);

  const one = await rawRequest(server, {
    method: 'GET',
    rest: true,
    path: `${project}/tables/orders`,
    query: [['partition', "pt='20250102',region='cn'"]],
  });
  assert.equal(one.status, 200, one.text);
  const schema = JSON.parse(xmlField(one.text, 'Schema')!) as { partitionRecordNum: number };
  assert.equal(schema.partitionRecordNum, 0);
  const absent = await rawRequest(server, {
    method: 'GET',
    rest: true,
    path: `${project}/tables/orders`,
    query: [['partition', 'pt=19990101,region=cn']],
  });
  assert.equal(absent.status, 404);
  assert.equal(xmlField(absent.text, 'Code'), 'NoSuchPartition');
});

test('SQL instances: 201 with Location, Terminated, task Success or Failed with an ODPS- result', async () => {
  const body =
    '<?xml version="1.0" encoding="UTF-8"?><Instance><Job><Priority>9</Priority><Tasks><SQL><Name>AnonymousSQLTask</Name>' +
    "<Config/><Query><![CDATA[alter table orders drop IF EXISTS partition(pt='20250105', region='cn');]]></Query></SQL></Tasks></Job></Instance>";
  const created = await rawRequest(server, {
    method: 'POST',
    rest: true,
    path: `${project}/instances`,
    headers: { 'content-type': 'application/xml' },
    body,
  });
  assert.equal(created.status, 201, created.text);
  const location = new URL(String(created.headers.location));
  assert.equal(location.origin, server.url);
  assert.match(location.pathname, new RegExp(`^/api${project}/instances/\\w+$`));
  const instancePath = location.pathname.slice(4);
  const status = await rawRequest(server, { method: 'GET', rest: true, path: instancePath });
  assert.equal(xmlField(status.text, 'Status'), 'Terminated');
  assert.ok(status.headers['x-odps-start-time']);
  const tasks = await rawRequest(server, {
    method: 'GET',
    rest: true,
    path: instancePath,
    query: [['taskstatus', '']],
  });
  assert.match(tasks.text, /<Task Type="SQL"><Name>AnonymousSQLTask<\/Name>.*<Status>Success<\/Status>/);

  await assert.rejects(client.sql('ALTER TABLE no_such_table ADD PARTITION (pt=1)'), /ODPS-0130131/);
  await assert.rejects(client.sql('SELECT * FROM orders'), /ODPS-0130161/);
  await assert.rejects(client.sql("ALTER TABLE orders ADD PARTITION (pt='20250101', region='cn')"), /already exists/);
  await assert.rejects(server.sql(TEST_PROJECT, "ALTER TABLE orders ADD PARTITION (pt='x')"), /region/);
});

test('GET /_admin/health answers without a signature', async () => {
  const response = await fetch(`${server.url}/_admin/health`);
  assert.equal(response.status, 200);
  assert.equal(await response.text(), 'ok');
});
