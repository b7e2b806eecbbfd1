import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { requireEnv } from '../helpers/env';

test('the time-skipping test server runs a day-long timer in moments', async () => {
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    // The SDK's own download cannot work here: the runner provides the PyPI-installed server.
    server: { executable: { type: 'existing-path', path: requireEnv('TEMPORAL_TEST_SERVER_PATH') } },
  });
  try {
    const taskQueue = `skip-${randomUUID()}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowsPath: require.resolve('../fixtures/workflows/timer'),
    });
    const before = await env.currentTimeMs();
    const result = await worker.runUntil(
      env.client.workflow.execute('waitOneDayWorkflow', { taskQueue, workflowId: `skip-${randomUUID()}` }),
    );
    assert.equal(result, 'woke up');
    // Server time moved a full day forward: proof the server skipped time rather than the test being fast.
    assert.ok((await env.currentTimeMs()) - before >= 24 * 3600 * 1000);
  } finally {
    await env.teardown();
  }
});
