// `otsync local oss` as a user runs it: prints endpoint, region, buckets, a generated AccessKey pair and the data
// directory; ali-oss works against it; SIGTERM stops it cleanly; and a server killed with SIGKILL in the middle of
// an upload restarts on the same data directory without the half-written object.
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { OSS, tmpDir } from './helpers';

const BIN = path.join(__dirname, '..', '..', '..', 'bin', 'otsync.cjs');

async function startCli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, [BIN, 'local', 'oss', '--port', '0', ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  }) as ChildProcessWithoutNullStreams;
  const out = await new Promise<string>((resolve, reject) => {
    let text = '';
    child.stdout.on('data', (d: Buffer) => {
      text += d.toString();
      if (text.includes('\ndata ')) resolve(text);
    });
    child.stderr.on('data', (d: Buffer) => (text += d.toString()));
    child.once('exit', (code) => reject(new Error(`exited with ${code}: ${text}`)));
  });
  const field = (name: string) => new RegExp(`^${name}\\s+(.+)$`, 'm').exec(out)?.[1]?.trim() ?? '';
  return { child, out, field };
}

function clientFor(field: (name: string) => string, bucket: string) {
  return new OSS({
    endpoint: field('endpoint'),
    region: field('region'),
    bucket,
    accessKeyId: field('access key id'),
    accessKeySecret: field('access key secret'),
  });
}

test('otsync local oss prints a working endpoint and AccessKey pair, creates buckets, and stops on SIGTERM', async () => {
  const dataDir = tmpDir();
  const { child, field } = await startCli(['--data-dir', dataDir, '--bucket', 'cli-one', '--bucket', 'cli-two']);
  try {
    assert.match(field('endpoint'), /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(field('region'), 'oss-cn-hangzhou');
    assert.equal(field('buckets'), 'cli-one, cli-two');
    assert.equal(field('data'), dataDir);
    assert.match(field('access key id'), /^LTAI[0-9a-f]{16}$/);
    const client = clientFor(field, 'cli-two');
    await client.put('hello.txt', Buffer.from('from the cli'));
    assert.equal((await client.get('hello.txt')).content.toString(), 'from the cli');
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});

test('the AccessKey pair can come from OTSYNC_OSS_ACCESS_KEY_ID/SECRET; a killed server keeps only whole objects', async () => {
  const dataDir = tmpDir();
  const env = { OTSYNC_OSS_ACCESS_KEY_ID: 'env-ak', OTSYNC_OSS_ACCESS_KEY_SECRET: 'env-secret' };
  const first = await startCli(['--data-dir', dataDir, '--bucket', 'cli-kill'], env);
  try {
    assert.equal(first.field('access key id'), 'env-ak');
    assert.equal(first.field('access key secret'), 'env-secret');
    const client = clientFor(first.field, 'cli-kill');
    await client.put('whole.txt', Buffer.from('whole'));
    const body = new PassThrough();
    const upload = client.putStream('half.bin', body).catch(() => 'failed');
    body.write(Buffer.alloc(64 * 1024, 1));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const exited = new Promise((resolve) => first.child.once('exit', resolve));
    first.child.kill('SIGKILL');
    await exited;
    body.end();
    assert.equal(await upload, 'failed');
  } finally {
    if (first.child.exitCode === null) first.child.kill('SIGKILL');
  }
  const second = await startCli(['--data-dir', dataDir], env);
  try {
    const client = clientFor(second.field, 'cli-kill');
    assert.equal((await client.get('whole.txt')).content.toString(), 'whole');
    await assert.rejects(client.head('half.bin'), (err: { status: number }) => err.status === 404);
  } finally {
    second.child.kill('SIGTERM');
  }
});
