import { Command, InvalidArgumentError, Option } from 'commander';
import { resolveStackConfig, type StackOverrides } from '../../stack/config';
import type { ServiceStatus } from '../../stack/managed-service';
import { SERVICE_NAMES, stackDown, stackStatus, stackUp, type ServiceName } from '../../stack/stack';

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new InvalidArgumentError('expected a port number from 1 to 65535.');
  }
  return port;
}

function parseOnly(value: string): ServiceName[] {
  const names = value.split(',').map((s) => s.trim());
  for (const name of names) {
    if (!(SERVICE_NAMES as readonly string[]).includes(name)) {
      throw new InvalidArgumentError(`unknown service '${name}'; choose from ${SERVICE_NAMES.join(', ')}.`);
    }
  }
  return names as ServiceName[];
}

interface StackOptions extends StackOverrides {
  only?: ServiceName[];
  json?: boolean;
}

function withStackOptions(cmd: Command): Command {
  return cmd
    .addOption(
      new Option('--only <services>', `comma-separated subset of: ${SERVICE_NAMES.join(', ')}`).argParser(parseOnly),
    )
    .option('--temporal-port <port>', 'Temporal gRPC port (env OTSYNC_TEMPORAL_PORT, default 7233)', parsePort)
    .option('--temporal-ui-port <port>', 'Temporal web UI port (env OTSYNC_TEMPORAL_UI_PORT, default 8233)', parsePort)
    .option('--es-port <port>', 'Elasticsearch HTTP port (env OTSYNC_ES_PORT, default 9200)', parsePort)
    .option('--tablestore-port <port>', 'local Tablestore port (env OTSYNC_TABLESTORE_PORT, default 8801)', parsePort)
    .option('--oss-port <port>', 'local OSS port (env OTSYNC_OSS_PORT, default 8802)', parsePort)
    .option('--maxcompute-port <port>', 'local MaxCompute port (env OTSYNC_MAXCOMPUTE_PORT, default 8803)', parsePort)
    .option('--run-dir <dir>', 'state, logs and data of this stack (env OTSYNC_RUN_DIR, default .otsync/run)');
}

/** Renders service statuses the way `otsync stack status` prints them: one line per service, then its endpoints. */
export function formatStatus(statuses: readonly ServiceStatus[]): string {
  const lines: string[] = [];
  for (const s of statuses) {
    lines.push(`${s.name.padEnd(14)} ${s.state.padEnd(11)} ${s.detail}`);
    for (const [key, value] of Object.entries(s.endpoints)) lines.push(`${''.padEnd(14)} ${key.padEnd(11)} ${value}`);
  }
  return lines.join('\n');
}

export function stackCommand(): Command {
  const stack = new Command('stack').description(
    'start, stop and inspect the local stack: Temporal, Elasticsearch, Tablestore, OSS, MaxCompute',
  );

  withStackOptions(stack.command('up').description('start the local stack (installs what is missing on first use)'))
    .option('--json', 'print the statuses as JSON')
    .action(async (opts: StackOptions) => {
      const started = await stackUp(resolveStackConfig(opts), opts.only);
      const statuses = started.map((s) => s.status);
      process.stdout.write(opts.json ? JSON.stringify(statuses, null, 2) + '\n' : formatStatus(statuses) + '\n');
    });

  withStackOptions(stack.command('down').description('stop the services this stack started')).action(
    async (opts: StackOptions) => {
      const stopped = await stackDown(resolveStackConfig(opts), opts.only);
      for (const [name, was] of Object.entries(stopped)) {
        process.stdout.write(`${name.padEnd(14)} ${was ? 'stopped' : 'was not running'}\n`);
      }
    },
  );

  withStackOptions(stack.command('status').description('report each service; exit 1 unless all are running'))
    .option('--json', 'print the statuses as JSON')
    .action(async (opts: StackOptions) => {
      const statuses = await stackStatus(resolveStackConfig(opts), opts.only);
      process.stdout.write(opts.json ? JSON.stringify(statuses, null, 2) + '\n' : formatStatus(statuses) + '\n');
      if (statuses.some((s) => s.state !== 'running' && s.state !== 'external')) process.exitCode = 1;
    });

  return stack;
}
