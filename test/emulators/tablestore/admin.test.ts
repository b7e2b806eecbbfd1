// Admin routes over HTTP, fault injection, and the `otsync local tablestore` command.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { buildRequestHeaders } from '../../../src/tablestore';
import { call, errorOf, rawCall, startServer } from './helpers';

const admin = async (url: string, route: string, body?: object) => {
  const res = await fetch(`${url}/_admin/${route}`, {
    method: body === undefined ? 'GET' : 'POST',
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
};

test('admin HTTP routes split, merge, list shards and report errors as JSON', async () => {
  const server = await startServer({ shardCount: 2 });
  await call(server, 'CreateTable', {
    tableMeta: { tableName: 'adm', primaryKey: [{ name: 'pk', type: 2 }] },
    reservedThroughput: { capacityUnit: { read: 0, write: 0 } },
    tableOptions: { timeToLive: -1, maxVersions: 1 },
    streamSpec: { enableStream: true, expirationTime: 24 },
  });
  const shards = (await admin(server.url, 'shards?tableName=adm')).json.shards as { shardId: string }[];
  assert.equal(shards.length, 2);
  const split = await admin(server.url, 'split-shard', { tableName: 'adm', shardId: shards[0]!.shardId });
  assert.equal(split.status, 200);
  const children = split.json.children as string[];
  const merged = await admin(server.url, 'merge-shards', {
    tableName: 'adm',
    shardIds: [children[1], shards[1]!.shardId],
  });
  assert.equal(merged.status, 200);
  const bad = await admin(server.url, 'split-shard', { tableName: 'adm', shardId: shards[0]!.shardId });
  assert.equal(bad.status, 400);
  assert.deepEqual(Object.keys(bad.json.error as object), ['code', 'message']);
  assert.equal((await admin(server.url, 'trim', { beforeUs: Date.now() * 1000 })).status, 200);
  assert.equal((await admin(server.url, 'nope', {})).status, 404);
});

test('injected faults answer with the service errors at the given rate, then stop', async () => {
  const server = await startServer();
  const set = await admin(server.url, 'faults', {
    rules: [{ kind: 'server-busy', operations: ['ListTable'], times: 2 }],
  });
  assert.equal(set.status, 200);
  for (let i = 0; i < 2; i++) {
    const res = await rawCall(server, 'ListTable', new Uint8Array());
    assert.equal(res.status, 503);
    assert.equal(errorOf(res).code, 'OTSServerBusy');
  }
  assert.equal((await rawCall(server, 'ListTable', new Uint8Array())).status, 200);
  server.admin.setFaults([{ kind: 'bad-gateway' }]);
  const gateway = await rawCall(server, 'ListTable', new Uint8Array());
  assert.equal(gateway.status, 502);
  assert.equal(errorOf(gateway).code, 'OTSServerUnavailable');
  server.admin.setFaults([
    { kind: 'latency', latencyMs: 150 },
    { kind: 'timeout', rate: 0 },
  ]);
  const started = Date.now();
  assert.equal((await rawCall(server, 'ListTable', new Uint8Array())).status, 200);
  assert.ok(Date.now() - started >= 140);
  server.admin.setFaults([{ kind: 'internal-error', rate: 0.5 }]);
  const statuses = new Set<number>();
  for (let i = 0; i < 40; i++) statuses.add((await rawCall(server, 'ListTable', new Uint8Array())).status);
  assert.deepEqual([...statuses].sort(), [200, 500]);
  assert.throws(() => server.admin.setFaults([{ kind: 'nope' as 'latency' }]), /Unknown fault kind/);
  server.admin.setFaults([]);
});

test('otsync local tablestore prints the endpoint, instance and a generated AccessKey pair that works', async () => {
  const bin = path.join(__dirname, '..', '..', '..', 'bin', 'otsync.cjs');
  const child = spawn(
    process.execPath,
    [bin, 'local', 'tablestore', '--port', '0', '--instance', 'cliinst', '--shards', '2'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  try {
    const out = await new Promise<string>((resolve, reject) => {
      let text = '';
      child.stdout.on('data', (d: Buffer) => {
        text += d.toString();
        if (text.includes('access key secret')) resolve(text);
      });
      child.once('exit', (code) => reject(new Error(`exited with ${code}: ${text}`)));
    });
    const field = (name: string) => new RegExp(`^${name}\\s+(\\S+)$`, 'm').exec(out)?.[1] ?? '';
    const endpoint = field('endpoint');
    assert.match(endpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(field('instance'), 'cliinst');
    const credentials = { accessKeyId: field('access key id'), accessKeySecret: field('access key secret') };
    const body = new Uint8Array();
    const headers = buildRequestHeaders({ action: 'ListTable', body, instanceName: 'cliinst', credentials });
    const res = await fetch(`${endpoint}/ListTable`, { method: 'POST', headers, body });
    assert.equal(res.status, 200);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});
