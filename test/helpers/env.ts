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
