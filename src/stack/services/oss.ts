import path from 'node:path';
import { PROJECT_ROOT, type StackConfig } from '../config';
import type { ServiceDefinition } from '../managed-service';
import { type LocalCredentials, readOrCreateLocalCredentials } from './local-credentials';

export function ossCredentialsFile(config: StackConfig): string {
  return path.join(config.runDir, 'oss', 'credentials.json');
}

/** Reads the stack's OSS AccessKey pair, generating it on first use (a 0600 file beside the server's data). */
export function localOssCredentials(config: StackConfig): LocalCredentials {
  return readOrCreateLocalCredentials(ossCredentialsFile(config));
}

/**
 * The local OSS server (`otsync local oss`) as a stack service: objects persisted under the run directory, one
 * bucket created at start, and a generated AccessKey pair handed over through the environment so the secret never
 * shows on a command line.
 */
export function ossService(config: StackConfig): ServiceDefinition {
  const { host } = config;
  const { port, bucket, region } = config.oss;
  const runDir = path.join(config.runDir, 'oss');
  const endpoint = `http://${host}:${port}`;
  return {
    name: 'oss',
    host,
    runDir,
    ports: [{ name: 'http', port, option: '--oss-port or OTSYNC_OSS_PORT' }],
    startTimeoutMs: 30_000,
    endpoints: () => ({
      endpoint,
      bucket,
      region,
      accessKeyId: localOssCredentials(config).accessKeyId,
      credentials: ossCredentialsFile(config),
    }),
    async prepare() {
      const credentials = localOssCredentials(config);
      const args = [
        path.join(PROJECT_ROOT, 'bin', 'otsync.cjs'),
        'local',
        'oss',
        '--port',
        String(port),
        '--data-dir',
        path.join(runDir, 'data'),
        '--bucket',
        bucket,
        '--region',
        region,
      ];
      const env = {
        ...process.env,
        OTSYNC_OSS_ACCESS_KEY_ID: credentials.accessKeyId,
        OTSYNC_OSS_ACCESS_KEY_SECRET: credentials.accessKeySecret,
      };
      return { command: process.execPath, args, env, cwd: runDir, version: 'otsync-local' };
    },
    async healthy() {
      const res = await fetch(`${endpoint}/_admin/health`, { signal: AbortSignal.timeout(2000) });
      return res.ok;
    },
  };
}
