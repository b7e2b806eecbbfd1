/**
 * Records the smoke workflow's history from a real Temporal server into test/fixtures/histories/smoke/, for the
 * replay test. Run against the local stack: `npx tsx scripts/record-smoke-history.ts` (TEMPORAL_ADDRESS defaults
 * to 127.0.0.1:7233). Committed fixtures are never re-recorded to make a change pass: a failing replay means the
 * workflow change needs `patched()`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { NativeConnection, Worker } from '@temporalio/worker';
import * as activities from '../test/fixtures/workflows/smoke-activities';

async function record(): Promise<void> {
  const address = process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233';
  const taskQueue = 'record-smoke';
  const workflowId = 'smoke-fixture';
  const nativeConnection = await NativeConnection.connect({ address });
  const connection = await Connection.connect({ address });
  try {
    const worker = await Worker.create({
      connection: nativeConnection,
      taskQueue,
      workflowsPath: require.resolve('../test/fixtures/workflows/smoke'),
      activities,
      // A fixed identity keeps this machine's pid and host name out of the committed fixture.
      identity: 'otsync-fixture-recorder',
    });
    const client = new Client({ connection, identity: 'otsync-fixture-recorder' });
    await worker.runUntil(
      client.workflow.execute('smokeWorkflow', {
        taskQueue,
        workflowId,
        args: ['otsync'],
        workflowIdConflictPolicy: 'TERMINATE_EXISTING',
        workflowIdReusePolicy: 'ALLOW_DUPLICATE',
      }),
    );
    const history = await client.workflow.getHandle(workflowId).fetchHistory();
    const out = path.join(__dirname, '..', 'test', 'fixtures', 'histories', 'smoke', 'smoke-workflow.json');
    fs.writeFileSync(out, JSON.stringify({ workflowId, history: JSON.parse(historyToJSON(history)) }, null, 2) + '\n');
    process.stdout.write(`wrote ${out}\n`);
  } finally {
    await connection.close();
    await nativeConnection.close();
  }
}

void record();
