import path from 'node:path';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { SEARCH_ATTRIBUTES } from '../../common/search-attributes';
import type { StackConfig } from '../config';
import type { ServiceDefinition } from '../managed-service';
import { resolveTemporalCli } from '../provision/temporal-cli';
import { run } from '../process';

/** Namespace retention the stack sets, so histories stay readable as an audit for a week (the dev default is 24 h). */
export const RETENTION_DAYS = 7;

const TYPE_FLAG: Record<string, string> = {
  KEYWORD: 'Keyword',
  DATETIME: 'Datetime',
  INT: 'Int',
  TEXT: 'Text',
  BOOL: 'Bool',
  DOUBLE: 'Double',
  KEYWORD_LIST: 'KeywordList',
};

/** Turns the project's search attribute keys into the dev server's `--search-attribute Name=Type` flags. */
export function searchAttributeFlags(): string[] {
  return SEARCH_ATTRIBUTES.flatMap((key) => ['--search-attribute', `${key.name}=${TYPE_FLAG[key.type]}`]);
}

async function withConnection<T>(address: string, fn: (c: Connection) => Promise<T>): Promise<T> {
  const connection = await Connection.connect({ address, connectTimeout: 2000 });
  try {
    return await fn(connection);
  } finally {
    await connection.close();
  }
}

/**
 * The Temporal dev server (`temporal server start-dev`) on loopback: SQLite persistence under the run directory,
 * the web UI on, the project's search attributes registered, and the namespace retention raised to a week.
 */
export function temporalService(config: StackConfig): ServiceDefinition {
  const { host } = config;
  const { port, uiPort, namespace } = config.temporal;
  const runDir = path.join(config.runDir, 'temporal');
  const address = `${host}:${port}`;
  return {
    name: 'temporal',
    host,
    runDir,
    ports: [
      { name: 'grpc', port, option: '--temporal-port or OTSYNC_TEMPORAL_PORT' },
      { name: 'ui', port: uiPort, option: '--temporal-ui-port or OTSYNC_TEMPORAL_UI_PORT' },
    ],
    startTimeoutMs: 90_000,
    endpoints: () => ({ address, ui: `http://${host}:${uiPort}`, namespace }),
    async prepare() {
      const cli = resolveTemporalCli(config);
      const version = run(cli, ['--version'], { stdio: 'pipe' }).trim();
      const args = [
        'server',
        'start-dev',
        '--ip',
        host,
        '--port',
        String(port),
        '--ui-port',
        String(uiPort),
        '--db-filename',
        path.join(runDir, 'temporal.sqlite'),
        '--ui-disable-news-fetch',
        '--log-level',
        'warn',
        ...searchAttributeFlags(),
      ];
      if (namespace !== 'default') args.push('--namespace', namespace);
      return { command: cli, args, env: process.env, cwd: runDir, version };
    },
    healthy: () =>
      withConnection(address, async (c) => {
        const res = await c.healthService.check({});
        // grpc.health.v1 SERVING = 1; the namespace must also be registered before clients use it.
        if (res.status !== 1) return false;
        await c.workflowService.describeNamespace({ namespace });
        return true;
      }),
    afterStart: () =>
      withConnection(address, async (c) => {
        await c.workflowService.updateNamespace({
          namespace,
          config: { workflowExecutionRetentionTtl: msToTs(`${RETENTION_DAYS} days`) },
        });
      }),
  };
}
