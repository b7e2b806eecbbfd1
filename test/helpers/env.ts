/**
 * Addresses of the real services, as the test runner (scripts/run-tests.ts) exports them. A missing variable fails
 * the test loudly: integration tests never skip because a service is absent.
 */
export function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: run integration tests through 'npm test', which starts the local stack.`);
  }
  return value;
}

export const temporalAddress = (): string => requireEnv('TEMPORAL_ADDRESS');
export const temporalNamespace = (): string => process.env.TEMPORAL_NAMESPACE ?? 'default';
export const elasticsearchUrl = (): string => requireEnv('ELASTICSEARCH_URL');

/** The local OSS server of the stack: `http://127.0.0.1:<port>`, path-style for oss2, Host-rewritten by ali-oss. */
export const ossEndpoint = (): string => requireEnv('OSS_ENDPOINT');
/** The bucket the stack creates at start (`otsync`). */
export const ossBucket = (): string => requireEnv('OSS_BUCKET');
/** The region in ali-oss form (`oss-cn-hangzhou`); oss2's AuthV4 takes it without the `oss-` prefix. */
export const ossRegion = (): string => process.env.OSS_REGION ?? 'oss-cn-hangzhou';
/** The AccessKey pair the stack's OSS server accepts. */
export const ossCredentials = (): { accessKeyId: string; accessKeySecret: string } => ({
  accessKeyId: requireEnv('OSS_ACCESS_KEY_ID'),
  accessKeySecret: requireEnv('OSS_ACCESS_KEY_SECRET'),
});

/** The local MaxCompute server's service (REST) endpoint: `http://127.0.0.1:<port>/api`. */
export const maxcomputeEndpoint = (): string => requireEnv('MAXCOMPUTE_ENDPOINT');
/** Its Tunnel endpoint: the same server at the root, `http://127.0.0.1:<port>` (clients skip discovery with it). */
export const maxcomputeTunnelEndpoint = (): string => requireEnv('MAXCOMPUTE_TUNNEL_ENDPOINT');
/** The project the stack creates at start (`otsync`). */
export const maxcomputeProject = (): string => requireEnv('MAXCOMPUTE_PROJECT');
/** The AccessKey pair the stack's MaxCompute server accepts. */
export const maxcomputeCredentials = (): { accessKeyId: string; accessKeySecret: string } => ({
  accessKeyId: requireEnv('MAXCOMPUTE_ACCESS_KEY_ID'),
  accessKeySecret: requireEnv('MAXCOMPUTE_ACCESS_KEY_SECRET'),
});
