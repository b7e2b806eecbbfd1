// `otsync local maxcompute` as a user runs it: prints the service endpoint (…/api), the tunnel endpoint, projects,
// the AccessKey pair and the data directory; a signed call works against it; SIGTERM stops it cleanly; the pair can
// come from OTSYNC_MAXCOMPUTE_ACCESS_KEY_ID/SECRET; and a restart on the same data directory keeps the tables.
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { test } from 'node:test';
import { authorizationHeader, canonicalString, signClassic } from '../../../src/maxcompute';
import { tmpDir } from './helpers';

const BIN = path.join(__dirname, '..', '..', '..', 'bin', 'otsync.cjs');

async function startCli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, [BIN, 'local', 'maxcompute', '--port', '0', ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  }) as ChildProcessWithoutNullStreams;
  const out = await new Promise<string>((resolve, reject) => {
    let text = '';
    child.stdout.on('data', (d: Buffer) => {
      text += d.toString();
      if (text.includes('\nhealth ')) resolve(text);
    });
    child.stderr.on('data', (d: Buffer) => (text += d.toString()));
    child.once('exit', (code) => reject(new Error(`exited with ${code}: ${text}`)));
  });
  const field = (name: string) => new RegExp(`^${name}\\s+(.+)$`, 'm').exec(out)?.[1]?.trim() ?? '';
  return { child, out, field };
}

/** One signed GET of a REST resource, using only what the CLI printed. */
function signedGet(field: (name: string) => string, resource: string): Promise<{ status: number; body: string }> {
  const endpoint = new URL(field('endpoint'));
  const date = new Date().toUTCString();
  const canonical = canonicalString({ method: 'GET', resource, query: [], headers: { date } });
  const authorization = authorizationHeader(field('access key id'), signClassic(canonical, field('access key secret')));
  return new Promise((resolve, reject) => {
    http
      .get(
        {
          host: endpoint.hostname,
          port: endpoint.port,
          path: `${endpoint.pathname}${resource}`,
          headers: { date, authorization },
        },
        (res) => {
          let body = '';
          res.on('data', (d: Buffer) => (body += d.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      )
      .on('error', reject);
  });
}

test('otsync local maxcompute prints working endpoints and an AccessKey pair, and stops on SIGTERM', async () => {
  const dataDir = tmpDir();
  const { child, field } = await startCli(['--data-dir', dataDir, '--project', 'cli_one', '--project', 'cli_two']);
  try {
    assert.match(field('endpoint'), /^http:\/\/127\.0\.0\.1:\d+\/api$/);
    assert.equal(`${field('tunnel endpoint')}/api`, field('endpoint'));
    assert.equal(field('projects'), 'cli_one, cli_two');
    assert.equal(field('data'), dataDir);
    assert.match(field('access key id'), /^LTAI[0-9a-f]{16}$/);
    const project = await signedGet(field, '/projects/cli_two');
    assert.equal(project.status, 200, project.body);
    assert.match(project.body, /<Name>cli_two<\/Name>/);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});

test('the AccessKey pair can come from the environment; a restart keeps the projects', async () => {
  const dataDir = tmpDir();
  const env = { OTSYNC_MAXCOMPUTE_ACCESS_KEY_ID: 'env-ak', OTSYNC_MAXCOMPUTE_ACCESS_KEY_SECRET: 'env-secret' };
  const first = await startCli(['--data-dir', dataDir, '--project', 'kept'], env);
  try {
    assert.equal(first.field('access key id'), 'env-ak');
    assert.equal(first.field('access key secret'), 'env-secret');
  } finally {
    const exited = new Promise((resolve) => first.child.once('exit', resolve));
    first.child.kill('SIGTERM');
    await exited;
  }
  const second = await startCli(['--data-dir', dataDir], env);
  try {
    assert.match(second.field('projects'), /^\(none/);
    assert.equal((await signedGet(second.field, '/projects/kept')).status, 200);
    assert.equal((await signedGet(second.field, '/projects/never')).status, 404);
  } finally {
    second.child.kill('SIGTERM');
  }
});
