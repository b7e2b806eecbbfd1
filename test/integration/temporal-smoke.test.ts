import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import type { Client } from '@temporalio/client';
import { connectClient } from '../../src/client';
import { createWorker } from '../../src/worker';
import * as activities from '../fixtures/workflows/smoke-activities';
import { temporalAddress, temporalNamespace } from '../helpers/env';

const target = () => ({ address: temporalAddress(), namespace: temporalNamespace() });
let client: Client;

before(async () => {
  client = await connectClient(target());
});

after(async () => {
  await client?.connection.close();
});

test('a worker runs a workflow and its activity on the real Temporal dev server', async () => {
  const taskQueue = `smoke-${randomUUID()}`;
  const { worker, close } = await createWorker({
    target: target(),
    taskQueue,
    workflowsPath: require.resolve('../fixtures/workflows/smoke'),
    activities,
  });
  const workflowId = `smoke-${randomUUID()}`;
  const result = await worker
    .runUntil(client.workflow.execute('smokeWorkflow', { taskQueue, workflowId, args: ['otsync'] }))
    .finally(close);
  assert.equal(result, 'HELLO, OTSYNC!');

  // The server, not the worker, is the record: the history holds the activity and the completion.
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const types = (history.events ?? []).map((e) => e.eventType);
  assert.ok(types.includes(10 /* ACTIVITY_TASK_SCHEDULED */), 'activity scheduled in history');
  assert.ok(types.includes(2 /* WORKFLOW_EXECUTION_COMPLETED */), 'workflow completed in history');
});

test("the production worker wiring bundles otsync's own workflows", async () => {
  const { worker, close } = await createWorker({ target: target(), taskQueue: `bundle-${randomUUID()}` });
  try {
    assert.equal(worker.getState(), 'INITIALIZED');
    await worker.runUntil(async () => assert.equal(worker.getState(), 'RUNNING'));
    assert.equal(worker.getState(), 'STOPPED');
  } finally {
    await close();
  }
});

test('the dev server namespace keeps histories for at least 7 days', async () => {
  const ns = await client.workflowService.describeNamespace({ namespace: temporalNamespace() });
  const seconds = Number(ns.config?.workflowExecutionRetentionTtl?.seconds ?? 0);
  assert.ok(seconds >= 7 * 24 * 3600, `retention is ${seconds} s`);
});

test('the custom search attributes later issues need are registered', async () => {
  const res = await client.connection.operatorService.listSearchAttributes({ namespace: temporalNamespace() });
  const names = Object.keys(res.customAttributes ?? {});
  for (const name of [
    'SyncJob',
    'SyncSink',
    'WindowStart',
    'WindowEnd',
    'RecordsRead',
    'RecordsWritten',
    'RecordsDirty',
  ]) {
    assert.ok(names.includes(name), `${name} registered (have: ${names.join(', ')})`);
  }
});
