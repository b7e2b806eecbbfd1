import { randomBytes } from 'node:crypto';
import { Command, InvalidArgumentError } from 'commander';
import { OtsyncError } from '../../common/errors';
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
      // The environment is the way to pass a fixed pair without putting the secret on the command line (`ps`).
      opts.accessKeyId ??= process.env.OTSYNC_TABLESTORE_ACCESS_KEY_ID || undefined;
      opts.accessKeySecret ??= process.env.OTSYNC_TABLESTORE_ACCESS_KEY_SECRET || undefined;
      if ((opts.accessKeyId === undefined) !== (opts.accessKeySecret === undefined)) {
        throw new OtsyncError('--access-key-id and --access-key-secret go together.', {
          hint: 'give both, or neither to get a generated pair.',
        });
      }
      const credentials = {
        accessKeyId: opts.accessKeyId ?? `LTAI${randomBytes(8).toString('hex')}`,
        accessKeySecret: opts.accessKeySecret ?? randomBytes(15).toString('base64url'),
      };
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
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await server.close();
    });

  return local;
}
