/**
 * `otsync stack` driven through the real CLI on an isolated second stack (own run directory, free ports, the
 * shared tool cache), so the developer's or the test runner's stack is never disturbed.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import OSS from 'ali-oss';
import { TablestoreStreamClient } from '../../src/plugins/sources/tablestore-stream/client';
import { freePort, isAlive, readState } from '../../src/stack/process';
import { runCli } from '../helpers/cli';

const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'otsync-stack-'));
let ports: string[] = [];
const env = { OTSYNC_ES_HEAP: '512m' };

before(async () => {
  const [t, ui, es, ots, oss, odps] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  ports = [
    '--run-dir',
    runDir,
    '--temporal-port',
    String(t),
    '--temporal-ui-port',
    String(ui),
    '--es-port',
    String(es),
    '--tablestore-port',
    String(ots),
    '--oss-port',
    String(oss),
    '--maxcompute-port',
    String(odps),
  ];
});

after(async () => {
  await runCli(['stack', 'down', ...ports], env);
  fs.rmSync(runDir, { recursive: true, force: true });
});

function stateOf(service: string): { pid: number } {
  const state = readState(path.join(runDir, service, 'state.json'));
  assert.ok(state, `${service} has a state file`);
  return state;
}

/**
 * A GET signed the classic ODPS way (spec maxcompute-tunnel.md §2.1), written out here rather than taken from
 * src/maxcompute, so the stack check does not depend on the code under test: the resource is the path without the
 * endpoint's `/api` prefix, with the sorted query.
 */
function odpsGet(
  endpoint: string,
  resource: string,
  credentials: { accessKeyId: string; accessKeySecret: string },
): Promise<Response> {
  const date = new Date().toUTCString();
  const canonical = ['GET', '', '', date, resource].join('\n');
  const signature = createHmac('sha1', credentials.accessKeySecret).update(canonical, 'utf8').digest('base64');
  return fetch(endpoint + resource, {
    headers: { Date: date, Authorization: `ODPS ${credentials.accessKeyId}:${signature}` },
  });
}

async function killGroup(pid: number): Promise<void> {
  process.kill(-pid, 'SIGKILL');
  while (isAlive(pid)) await new Promise((r) => setTimeout(r, 100));
}

test('stack up starts every service and prints the Temporal address, UI URL, Elasticsearch URL, Tablestore, OSS and MaxCompute endpoints', async () => {
  const up = await runCli(['stack', 'up', ...ports], env);
  assert.equal(up.code, 0, up.stderr);
  assert.match(up.stdout, /temporal\s+running/);
  assert.match(up.stdout, /elasticsearch\s+running/);
  assert.match(up.stdout, /tablestore\s+running/);
  assert.match(up.stdout, /oss\s+running/);
  assert.match(up.stdout, /maxcompute\s+running/);
  assert.match(up.stdout, new RegExp(`endpoint\\s+http://127\\.0\\.0\\.1:${ports[13]}/api\n`));
  assert.match(up.stdout, new RegExp(`tunnel\\s+http://127\\.0\\.0\\.1:${ports[13]}\n`));
  assert.match(up.stdout, /project\s+otsync/);
  assert.match(up.stdout, new RegExp(`endpoint\\s+http://127\\.0\\.0\\.1:${ports[11]}`));
  assert.match(up.stdout, /bucket\s+otsync/);
  assert.match(up.stdout, /region\s+oss-cn-hangzhou/);
  assert.match(up.stdout, new RegExp(`endpoint\\s+http://127\\.0\\.0\\.1:${ports[9]}`));
  assert.match(up.stdout, /instance\s+otsync/);
  assert.match(up.stdout, new RegExp(`address\\s+127\\.0\\.0\\.1:${ports[3]}`));
  assert.match(up.stdout, new RegExp(`ui\\s+http://127\\.0\\.0\\.1:${ports[5]}`));
  assert.match(up.stdout, new RegExp(`url\\s+http://127\\.0\\.0\\.1:${ports[7]}`));

  // The local Tablestore answers signed calls with the stack's generated pair, whose secret is on no command line.
  const credentials = JSON.parse(fs.readFileSync(path.join(runDir, 'tablestore', 'credentials.json'), 'utf8')) as {
    accessKeyId: string;
    accessKeySecret: string;
  };
  assert.equal(
    fs.statSync(path.join(runDir, 'tablestore', 'credentials.json')).mode & 0o077,
    0,
    'credentials file is private',
  );
  const ots = new TablestoreStreamClient({
    endpoint: `http://127.0.0.1:${ports[9]}`,
    instanceName: 'otsync',
    credentials,
  });
  try {
    assert.deepEqual(await ots.listStream({}), []);
  } finally {
    ots.close();
  }
  const cmdline = fs.readFileSync(`/proc/${stateOf('tablestore').pid}/cmdline`, 'utf8');
  assert.ok(cmdline.includes('tablestore') && !cmdline.includes(credentials.accessKeySecret));

  // The local OSS likewise: its own generated pair in a private file, the bucket `otsync` created at start.
  const ossCredentialsFile = path.join(runDir, 'oss', 'credentials.json');
  const ossCredentials = JSON.parse(fs.readFileSync(ossCredentialsFile, 'utf8')) as typeof credentials;
  assert.equal(fs.statSync(ossCredentialsFile).mode & 0o077, 0, 'OSS credentials file is private');
  assert.notEqual(ossCredentials.accessKeyId, credentials.accessKeyId);
  const bucket = new OSS({
    endpoint: `http://127.0.0.1:${ports[11]}`,
    region: 'oss-cn-hangzhou',
    bucket: 'otsync',
    ...ossCredentials,
  });
  await bucket.put('stack-cli/hello.txt', Buffer.from('hello'));
  assert.equal(((await bucket.get('stack-cli/hello.txt')).content as Buffer).toString(), 'hello');
  const ossCmdline = fs.readFileSync(`/proc/${stateOf('oss').pid}/cmdline`, 'utf8');
  assert.ok(ossCmdline.includes('oss') && !ossCmdline.includes(ossCredentials.accessKeySecret));
  assert.ok(fs.existsSync(path.join(runDir, 'oss', 'data')), 'OSS data under the run directory');

  // The local MaxCompute likewise: its own pair, the project `otsync` created at start, REST under /api.
  const odpsCredentialsFile = path.join(runDir, 'maxcompute', 'credentials.json');
  const odpsCredentials = JSON.parse(fs.readFileSync(odpsCredentialsFile, 'utf8')) as typeof credentials;
  assert.equal(fs.statSync(odpsCredentialsFile).mode & 0o077, 0, 'MaxCompute credentials file is private');
  assert.ok(![credentials.accessKeyId, ossCredentials.accessKeyId].includes(odpsCredentials.accessKeyId));
  const odpsApi = `http://127.0.0.1:${ports[13]}/api`;
  const project = await odpsGet(odpsApi, '/projects/otsync', odpsCredentials);
  assert.equal(project.status, 200, await project.clone().text());
  assert.match(await project.text(), /<Name>otsync<\/Name>/);
  const forged = await odpsGet(odpsApi, '/projects/otsync', { ...odpsCredentials, accessKeySecret: 'wrong' });
  assert.ok(forged.status === 401 || forged.status === 403, `a wrong secret is refused (got ${forged.status})`);
  const odpsCmdline = fs.readFileSync(`/proc/${stateOf('maxcompute').pid}/cmdline`, 'utf8');
  assert.ok(odpsCmdline.includes('maxcompute') && !odpsCmdline.includes(odpsCredentials.accessKeySecret));
  assert.ok(fs.existsSync(path.join(runDir, 'maxcompute', 'data')), 'MaxCompute data under the run directory');

  // The UI really serves, and a second `up` is a no-op that leaves the same processes running.
  const ui = await fetch(`http://127.0.0.1:${ports[5]}/`);
  assert.equal(ui.status, 200);
  const pidBefore = stateOf('elasticsearch').pid;
  const again = await runCli(['stack', 'up', ...ports], env);
  assert.equal(again.code, 0, again.stderr);
  assert.equal(stateOf('elasticsearch').pid, pidBefore);
});

test('stack status tells the truth when Elasticsearch is killed by hand', async () => {
  const healthy = await runCli(['stack', 'status', '--json', ...ports], env);
  assert.equal(healthy.code, 0, healthy.stdout + healthy.stderr);
  assert.deepEqual(
    (JSON.parse(healthy.stdout) as { name: string; state: string }[]).map((s) => [s.name, s.state]),
    [
      ['temporal', 'running'],
      ['elasticsearch', 'running'],
      ['tablestore', 'running'],
      ['oss', 'running'],
      ['maxcompute', 'running'],
    ],
  );

  const { pid } = stateOf('elasticsearch');
  await killGroup(pid);
  const status = await runCli(['stack', 'status', ...ports], env);
  assert.equal(status.code, 1, 'status exits non-zero when a service is down');
  assert.match(status.stdout, /temporal\s+running/);
  assert.match(status.stdout, new RegExp(`elasticsearch\\s+stopped\\s+stopped: process ${pid} is gone`));
});

test('stack up with a taken port fails at once with a clear message', async () => {
  const blocker = net.createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const taken = (blocker.address() as net.AddressInfo).port;
  try {
    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'otsync-taken-'));
    const res = await runCli(
      ['stack', 'up', '--only', 'elasticsearch', '--run-dir', other, '--es-port', String(taken)],
      env,
    );
    assert.equal(res.code, 1);
    assert.match(
      res.stderr,
      new RegExp(`elasticsearch cannot start: port ${taken} on 127\\.0\\.0\\.1 is already in use`),
    );
    assert.match(res.stderr, /hint: .*--es-port or OTSYNC_ES_PORT/);
    fs.rmSync(other, { recursive: true, force: true });
  } finally {
    blocker.close();
  }
});

test('stack down stops what is left and status then reports everything stopped', async () => {
  const down = await runCli(['stack', 'down', ...ports], env);
  assert.equal(down.code, 0, down.stderr);
  assert.match(down.stdout, /temporal\s+stopped/);
  const status = await runCli(['stack', 'status', '--json', ...ports], env);
  assert.deepEqual(
    (JSON.parse(status.stdout) as { state: string }[]).map((s) => s.state),
    ['stopped', 'stopped', 'stopped', 'stopped', 'stopped'],
  );
});
