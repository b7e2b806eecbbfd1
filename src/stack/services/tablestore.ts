import path from 'node:path';
import { PROJECT_ROOT, type StackConfig } from '../config';
import type { ServiceDefinition } from '../managed-service';
import { type LocalCredentials, readOrCreateLocalCredentials } from './local-credentials';

export type { LocalCredentials };

export function tablestoreCredentialsFile(config: StackConfig): string {
  return path.join(config.runDir, 'tablestore', 'credentials.json');
}

/** Reads the stack's Tablestore AccessKey pair, generating it on first use. */
export function localTablestoreCredentials(config: StackConfig): LocalCredentials {
  return readOrCreateLocalCredentials(tablestoreCredentialsFile(config));
}

/**
 * The local Tablestore server (`otsync local tablestore`) as a stack service: tables and streams persisted under the
 * run directory, a fixed instance name, and a generated AccessKey pair handed over through the environment so the
 * secret never shows on a command line.
 */
export function tablestoreService(config: StackConfig): ServiceDefinition {
  const { host } = config;
  const { port, instance, shards } = config.tablestore;
  const runDir = path.join(config.runDir, 'tablestore');
  const endpoint = `http://${host}:${port}`;
  return {
    name: 'tablestore',
    host,
    runDir,
    ports: [{ name: 'http', port, option: '--tablestore-port or OTSYNC_TABLESTORE_PORT' }],
    startTimeoutMs: 30_000,
    endpoints: () => ({
      endpoint,
      instance,
      accessKeyId: localTablestoreCredentials(config).accessKeyId,
      credentials: tablestoreCredentialsFile(config),
    }),
    async prepare() {
      const credentials = localTablestoreCredentials(config);
      const args = [
        path.join(PROJECT_ROOT, 'bin', 'otsync.cjs'),
        'local',
        'tablestore',
        '--port',
        String(port),
        '--instance',
        instance,
        '--shards',
        String(shards),
        '--data-dir',
        path.join(runDir, 'data'),
      ];
      const env = {
        ...process.env,
        OTSYNC_TABLESTORE_ACCESS_KEY_ID: credentials.accessKeyId,
        OTSYNC_TABLESTORE_ACCESS_KEY_SECRET: credentials.accessKeySecret,
      };
      return { command: process.execPath, args, env, cwd: runDir, version: 'otsync-local' };
    },
    async healthy() {
      const res = await fetch(`${endpoint}/_admin/health`, { signal: AbortSignal.timeout(2000) });
      return res.ok;
    },
  };
}
