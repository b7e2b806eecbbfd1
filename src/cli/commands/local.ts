import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { OtsyncError } from '../../common/errors';
import { createMaxComputeServer } from '../../emulators/maxcompute';
import { createOssServer } from '../../emulators/oss';
import { createTablestoreServer } from '../../emulators/tablestore';

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InvalidArgumentError('expected a port number from 0 to 65535.');
  }
  return port;
}

function parseShards(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 256) throw new InvalidArgumentError('expected a shard count from 1 to 256.');
  return n;
}

interface LocalTablestoreOptions {
  port: number;
  dataDir?: string;
  instance: string;
  accessKeyId?: string;
  accessKeySecret?: string;
  shards: number;
}

interface LocalOssOptions {
  port: number;
  dataDir?: string;
  accessKeyId?: string;
  accessKeySecret?: string;
  bucket: string[];
  region: string;
}

interface LocalMaxComputeOptions {
  port: number;
  dataDir?: string;
  accessKeyId?: string;
  accessKeySecret?: string;
  project: string[];
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** The pair given by flag or environment, or a generated one; half a pair is an error. */
function accessKeyPair(
  given: { accessKeyId?: string; accessKeySecret?: string },
  envPrefix: string,
): { accessKeyId: string; accessKeySecret: string } {
  // The environment is the way to pass a fixed pair without putting the secret on the command line (`ps`).
  const accessKeyId = given.accessKeyId ?? (process.env[`${envPrefix}_ACCESS_KEY_ID`] || undefined);
  const accessKeySecret = given.accessKeySecret ?? (process.env[`${envPrefix}_ACCESS_KEY_SECRET`] || undefined);
  if ((accessKeyId === undefined) !== (accessKeySecret === undefined)) {
    throw new OtsyncError('--access-key-id and --access-key-secret go together.', {
      hint: 'give both, or neither to get a generated pair.',
    });
  }
  return {
    accessKeyId: accessKeyId ?? `LTAI${randomBytes(8).toString('hex')}`,
    accessKeySecret: accessKeySecret ?? randomBytes(15).toString('base64url'),
  };
}

function untilSignal(): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

/** `otsync local <service>`: run a local service in the foreground until Ctrl-C. */
export function localCommand(): Command {
  const local = new Command('local').description('run a local stand-in for a cloud service in the foreground');

  local
    .command('tablestore')
    .description('a local Tablestore server that the official SDKs use unmodified (tables, rows, streams)')
    .option('--port <port>', 'port on 127.0.0.1 (0 = any free port)', parsePort, 8801)
    .option('--data-dir <dir>', 'keep tables and streams here across restarts (default: in memory only)')
    .option('--instance <name>', 'instance name clients must send', 'otsync')
    .option('--access-key-id <id>', 'AccessKey ID to accept (env OTSYNC_TABLESTORE_ACCESS_KEY_ID; default: generated)')
    .option('--access-key-secret <secret>', 'AccessKey secret to accept (env OTSYNC_TABLESTORE_ACCESS_KEY_SECRET)')
    .option('--shards <n>', 'shards of each new stream', parseShards, 4)
    .action(async (opts: LocalTablestoreOptions) => {
      const credentials = accessKeyPair(opts, 'OTSYNC_TABLESTORE');
      const server = await createTablestoreServer({
        port: opts.port,
        host: '127.0.0.1',
        instanceName: opts.instance,
        credentials,
        shardCount: opts.shards,
        ...(opts.dataDir === undefined ? {} : { dataDir: opts.dataDir }),
        log: (message, fields) => process.stderr.write(`${message} ${JSON.stringify(fields)}\n`),
      });
      // The pair is printed because the user needs it to connect; it is never logged anywhere else.
      process.stdout.write(
        [
          `endpoint          ${server.url}`,
          `instance          ${server.instanceName}`,
          `access key id     ${credentials.accessKeyId}`,
          `access key secret ${credentials.accessKeySecret}`,
          `data              ${opts.dataDir ?? 'in memory'}`,
          'admin             POST /_admin/split-shard, /_admin/merge-shards, /_admin/trim, /_admin/faults',
          '',
        ].join('\n'),
      );
      await untilSignal();
      await server.close();
    });

  local
    .command('oss')
    .description('a local OSS server that ali-oss and oss2 use unmodified (objects, append, multipart, V1/V4 signing)')
    .option('--port <port>', 'port on 127.0.0.1 (0 = any free port)', parsePort, 8802)
    .option('--data-dir <dir>', 'keep buckets and objects here across restarts', path.join(process.cwd(), 'oss-data'))
    .option('--access-key-id <id>', 'AccessKey ID to accept (env OTSYNC_OSS_ACCESS_KEY_ID; default: generated)')
    .option('--access-key-secret <secret>', 'AccessKey secret to accept (env OTSYNC_OSS_ACCESS_KEY_SECRET)')
    .option('--bucket <name>', 'create this bucket at start if missing (repeatable)', collect, [])
    .option('--region <region>', 'region reported to clients', 'oss-cn-hangzhou')
    .action(async (opts: LocalOssOptions) => {
      const credentials = accessKeyPair(opts, 'OTSYNC_OSS');
      const dataDir = path.resolve(opts.dataDir ?? path.join(process.cwd(), 'oss-data'));
      const server = await createOssServer({
        port: opts.port,
        host: '127.0.0.1',
        dataDir,
        credentials,
        buckets: opts.bucket,
        region: opts.region,
        log: (message, fields) => process.stderr.write(`${message} ${JSON.stringify(fields)}\n`),
      });
      // The pair is printed because the user needs it to connect; it is never logged anywhere else.
      process.stdout.write(
        [
          `endpoint          ${server.url}`,
          `region            ${server.region}`,
          `buckets           ${opts.bucket.length === 0 ? '(none; create with PutBucket)' : opts.bucket.join(', ')}`,
          `access key id     ${credentials.accessKeyId}`,
          `access key secret ${credentials.accessKeySecret}`,
          `data              ${server.dataDir}`,
          'health            GET /_admin/health',
          '',
        ].join('\n'),
      );
      await untilSignal();
      await server.close();
    });

  local
    .command('maxcompute')
    .description('a local MaxCompute server (REST under /api, Tunnel at the root) for the writer and the official SDKs')
    .option('--port <port>', 'port on 127.0.0.1 (0 = any free port)', parsePort, 8803)
    .option(
      '--data-dir <dir>',
      'keep tables, committed data and open sessions here across restarts',
      path.join(process.cwd(), 'maxcompute-data'),
    )
    .option('--access-key-id <id>', 'AccessKey ID to accept (env OTSYNC_MAXCOMPUTE_ACCESS_KEY_ID; default: generated)')
    .option('--access-key-secret <secret>', 'AccessKey secret to accept (env OTSYNC_MAXCOMPUTE_ACCESS_KEY_SECRET)')
    .option('--project <name>', 'create this project at start if missing (repeatable)', collect, [])
    .action(async (opts: LocalMaxComputeOptions) => {
      const credentials = accessKeyPair(opts, 'OTSYNC_MAXCOMPUTE');
      const dataDir = path.resolve(opts.dataDir ?? path.join(process.cwd(), 'maxcompute-data'));
      const server = await createMaxComputeServer({
        port: opts.port,
        host: '127.0.0.1',
        dataDir,
        credentials,
        projects: opts.project,
        log: (message, fields) => process.stderr.write(`${message} ${JSON.stringify(fields)}\n`),
      });
      // The pair is printed because the user needs it to connect; it is never logged anywhere else.
      process.stdout.write(
        [
          `endpoint          ${server.endpoint}`,
          `tunnel endpoint   ${server.tunnelEndpoint}`,
          `projects          ${opts.project.length === 0 ? '(none; add with --project <name>)' : opts.project.join(', ')}`,
          `access key id     ${credentials.accessKeyId}`,
          `access key secret ${credentials.accessKeySecret}`,
          `data              ${server.dataDir}`,
          'health            GET /_admin/health',
          '',
        ].join('\n'),
      );
      await untilSignal();
      await server.close();
    });

  return local;
}
