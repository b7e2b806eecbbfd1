import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { DeterminismViolationError } from '@temporalio/workflow';
import { Worker } from '@temporalio/worker';

const HISTORIES = path.join(__dirname, '..', 'fixtures', 'histories');

interface Fixture {
  workflowId: string;
  history: unknown;
}

function fixtures(dir: string): Fixture[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as Fixture);
}

test('committed smoke histories replay against the current workflow code', async () => {
  const histories = fixtures(path.join(HISTORIES, 'smoke'));
  assert.ok(histories.length > 0, 'at least one smoke fixture is committed');
  let replayed = 0;
  for await (const result of Worker.runReplayHistories(
    { workflowsPath: require.resolve('../fixtures/workflows/smoke'), replayName: 'smoke-replay' },
    histories,
  )) {
    assert.equal(result.error, undefined, `replay of ${result.workflowId} failed: ${String(result.error)}`);
    replayed++;
  }
  assert.equal(replayed, histories.length);
});

test('an incompatible workflow change fails replay with a nondeterminism error', async () => {
  const [fixture] = fixtures(path.join(HISTORIES, 'smoke'));
  assert.ok(fixture);
  await assert.rejects(
    Worker.runReplayHistory(
      { workflowsPath: require.resolve('../fixtures/workflows/smoke-incompatible'), replayName: 'smoke-incompatible' },
      fixture.history,
      fixture.workflowId,
    ),
    (err: unknown) => {
      assert.ok(err instanceof DeterminismViolationError, `expected DeterminismViolationError, got ${String(err)}`);
      assert.match(err.message, /TMPRL1100|[Nn]ondeterminism/);
      return true;
    },
  );
});

// ---- syncJobWorkflow: histories of real runs (scripts/record-sync-history.ts) ------------------------------------

const SYNC_SCENARIOS = ['happy-path', 'empty-window', 'catch-up', 'write-retried', 'continue-as-new'];

test('committed sync-job histories replay against src/workflows', async () => {
  const histories = fixtures(path.join(HISTORIES, 'sync-job'));
  const names = fs.readdirSync(path.join(HISTORIES, 'sync-job')).map((f) => f.replace(/\.json$/, ''));
  for (const scenario of SYNC_SCENARIOS) assert.ok(names.includes(scenario), `the ${scenario} history is committed`);
  let replayed = 0;
  for await (const result of Worker.runReplayHistories(
    { workflowsPath: require.resolve('../../src/workflows'), replayName: 'sync-job-replay' },
    histories,
  )) {
    assert.equal(result.error, undefined, `replay of ${result.workflowId} failed: ${String(result.error)}`);
    replayed++;
  }
  assert.equal(replayed, histories.length);
});

test('the sync-job histories cover what they are named for', () => {
  const load = (name: string) => fs.readFileSync(path.join(HISTORIES, 'sync-job', `${name}.json`), 'utf8');
  assert.match(load('continue-as-new'), /EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW/);
  assert.match(load('write-retried'), /"lastFailure"[\s\S]*ElasticsearchUnavailable/);
  const scheduled = (name: string) => load(name).match(/"activityType": \{\s*"name": "readWindow"/g)?.length ?? 0;
  assert.ok(scheduled('catch-up') >= 3, 'the catch-up run reads several windows');
  assert.equal(scheduled('empty-window'), 1);
});

test('committing before writing (a nondeterministic change of the sync workflow) fails replay', async () => {
  const history = fixtures(path.join(HISTORIES, 'sync-job')).find((f) => f.workflowId === 'sync-fixture-happy-path');
  assert.ok(history);
  await assert.rejects(
    Worker.runReplayHistory(
      {
        workflowsPath: require.resolve('../fixtures/workflows/sync-job-incompatible'),
        replayName: 'sync-job-incompatible',
      },
      history.history,
      history.workflowId,
    ),
    (err: unknown) => {
      assert.ok(err instanceof DeterminismViolationError, `expected DeterminismViolationError, got ${String(err)}`);
      assert.match(err.message, /TMPRL1100|[Nn]ondeterminism/);
      return true;
    },
  );
});
