import path from 'node:path';
import { PROJECT_ROOT, type StackConfig } from '../config';
import type { ServiceDefinition } from '../managed-service';
import { type LocalCredentials, readOrCreateLocalCredentials } from './local-credentials';

export function maxcomputeCredentialsFile(config: StackConfig): string {
  return path.join(config.runDir, 'maxcompute', 'credentials.json');
}

/** Reads the stack's MaxCompute AccessKey pair, generating it on first use (a 0600 file beside the server's data). */
export function localMaxComputeCredentials(config: StackConfig): LocalCredentials {
  return readOrCreateLocalCredentials(maxcomputeCredentialsFile(config));
}

/** The service (REST/meta) endpoint clients are configured with: the server's URL plus the `/api` prefix. */
export function maxcomputeEndpoint(config: StackConfig): string {
  return `http://${config.host}:${config.maxcompute.port}/api`;
}

/** The Tunnel endpoint: the same server, at its root (no prefix). */
export function maxcomputeTunnelEndpoint(config: StackConfig): string {
  return `http://${config.host}:${config.maxcompute.port}`;
}

/**
 * The local MaxCompute server (`otsync local maxcompute`: REST under `/api`, the Tunnel at the root) as a stack
 * service: tables persisted under the run directory, one project created at start, and a generated AccessKey pair
 * handed over through the environment so the secret never shows on a command line.
 */
export function maxcomputeService(config: StackConfig): ServiceDefinition {
  const { host } = config;
  const { port, project } = config.maxcompute;
  const runDir = path.join(config.runDir, 'maxcompute');
  const tunnelEndpoint = maxcomputeTunnelEndpoint(config);
  return {
    name: 'maxcompute',
    host,
    runDir,
    ports: [{ name: 'http', port, option: '--maxcompute-port or OTSYNC_MAXCOMPUTE_PORT' }],
    startTimeoutMs: 30_000,
    endpoints: () => ({
      endpoint: maxcomputeEndpoint(config),
      tunnel: tunnelEndpoint,
      project,
      accessKeyId: localMaxComputeCredentials(config).accessKeyId,
      credentials: maxcomputeCredentialsFile(config),
    }),
    async prepare() {
      const credentials = localMaxComputeCredentials(config);
      const args = [
        path.join(PROJECT_ROOT, 'bin', 'otsync.cjs'),
        'local',
        'maxcompute',
        '--port',
        String(port),
        '--data-dir',
        path.join(runDir, 'data'),
        '--project',
        project,
      ];
      const env = {
        ...process.env,
        OTSYNC_MAXCOMPUTE_ACCESS_KEY_ID: credentials.accessKeyId,
        OTSYNC_MAXCOMPUTE_ACCESS_KEY_SECRET: credentials.accessKeySecret,
      };
      return { command: process.execPath, args, env, cwd: runDir, version: 'otsync-local' };
    },
    async healthy() {
      const res = await fetch(`${tunnelEndpoint}/_admin/health`, { signal: AbortSignal.timeout(2000) });
      return res.ok;
    },
  };
}
