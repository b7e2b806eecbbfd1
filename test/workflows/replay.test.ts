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
