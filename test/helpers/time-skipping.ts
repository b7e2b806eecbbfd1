/**
 * A time-skipping test environment (the Java test server the runner provides) with otsync's search attributes
 * registered — the real namespaces get them at `otsync stack up` or deployment; the test server starts without.
 */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { SEARCH_ATTRIBUTES } from '../../src/common/search-attributes';
import { requireEnv } from './env';

/** temporal.api.enums.v1.IndexedValueType of each search attribute type otsync uses. */
const INDEXED: Record<string, number> = { KEYWORD: 2, INT: 3, DATETIME: 6 };

export async function createSyncTestEnvironment(): Promise<TestWorkflowEnvironment> {
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: requireEnv('TEMPORAL_TEST_SERVER_PATH') } },
  });
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(SEARCH_ATTRIBUTES.map((k) => [k.name, INDEXED[k.type]!])),
  });
  return env;
}
