import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { PortInUseError, ServiceStartError } from '../../../src/stack/errors';
import { ManagedService, type ServiceDefinition } from '../../../src/stack/managed-service';
import { freePort, isAlive, readState } from '../../../src/stack/process';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'otsync-managed-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

function definition(overrides: Partial<ServiceDefinition> & { port: number }): ServiceDefinition {
  const { port, ...rest } = overrides;
  return {
    name: 'fake',
    host: '127.0.0.1',
    runDir: fs.mkdtempSync(path.join(tmp, 'svc-')),
    ports: [{ name: 'main', port, option: '--fake-port' }],
    startTimeoutMs: 3000,
    endpoints: () => ({ url: `http://127.0.0.1:${port}` }),
    prepare: async () => ({ command: 'sleep', args: ['30'], env: process.env, cwd: tmp, version: 'test' }),
    healthy: async () => false,
    ...rest,
  };
}

test('a port already taken fails at once with the port, the service and the option to change it', async () => {
  const blocker = net.createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const { port } = blocker.address() as net.AddressInfo;
  let prepared = false;
  const service = new ManagedService(
    definition({
      port,
      prepare: async () => {
        prepared = true;
        throw new Error('must not be reached');
      },
    }),
  );
  try {
    await assert.rejects(service.start(), (err: unknown) => {
      assert.ok(err instanceof PortInUseError);
      assert.equal(err.port, port);
      assert.match(err.message, new RegExp(`port ${port} on 127.0.0.1 is already in use`));
      assert.match(err.hint ?? '', /--fake-port/);
      return true;
    });
    assert.equal(prepared, false, 'nothing is installed or spawned when the port is taken');
  } finally {
    blocker.close();
  }
});

test('a server that exits during start-up fails with the tail of its log, and leaves no state behind', async () => {
  const def = definition({
    port: await freePort(),
    prepare: async () => ({
      command: 'sh',
      args: ['-c', 'echo "fatal: bad config on line 3"; exit 3'],
      env: process.env,
      cwd: tmp,
      version: 'test',
    }),
  });
  const service = new ManagedService(def);
  await assert.rejects(service.start(), (err: unknown) => {
    assert.ok(err instanceof ServiceStartError);
    assert.match(err.message, /the process exited/);
    assert.match(err.message, /fatal: bad config on line 3/);
    return true;
  });
  assert.equal(readState(service.stateFile), undefined);
  assert.equal((await service.status()).state, 'stopped');
});

test('a server that never answers is stopped after the start timeout instead of hanging', async () => {
  const def = definition({ port: await freePort(), startTimeoutMs: 1500 });
  const service = new ManagedService(def);
  let pid: number | undefined;
  const watcher = setInterval(() => (pid ??= readState(service.stateFile)?.pid), 50);
  try {
    await assert.rejects(service.start(), /no answer within 1.5 s/);
  } finally {
    clearInterval(watcher);
  }
  assert.ok(pid !== undefined, 'the server was spawned');
  assert.equal(isAlive(pid), false, 'and then killed');
});

test('status tells a process that died by itself from one that was never started', async () => {
  let answering = false;
  const service = new ManagedService(definition({ port: await freePort(), healthy: async () => answering }));
  assert.equal((await service.status()).detail, 'stopped');
  answering = true;
  assert.equal(await service.start(), true);
  const state = readState(service.stateFile);
  assert.ok(state);
  assert.equal((await service.status()).state, 'running');

  process.kill(state.pid, 'SIGKILL');
  answering = false;
  while (isAlive(state.pid)) await new Promise((r) => setTimeout(r, 50));
  const status = await service.status();
  assert.equal(status.state, 'stopped');
  assert.match(status.detail, new RegExp(`process ${state.pid} is gone`));
  assert.equal(await service.stop(), false, 'nothing left to stop');
});

test('something answering on the port that otsync did not start is reported as external, not as ours', async () => {
  const service = new ManagedService(definition({ port: await freePort(), healthy: async () => true }));
  const status = await service.status();
  assert.equal(status.state, 'external');
  assert.equal(status.pid, undefined);
});
