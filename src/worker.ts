/**
 * Worker wiring only: config → connection → worker → run → close. The workflows come from src/workflows (bundled
 * by the SDK), the activities from `createActivities`; nothing here holds business logic.
 */
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from './activities';
import { closeOpenPlugins } from './activities/open-plugins';
import { temporalTarget, type TemporalTarget } from './client';

export { DEFAULT_TASK_QUEUE } from './worker-defaults';
import { DEFAULT_TASK_QUEUE } from './worker-defaults';

export interface WorkerConfig {
  readonly target?: TemporalTarget;
  /** @default {@link DEFAULT_TASK_QUEUE} */
  readonly taskQueue?: string;
  /** Module exporting the workflow functions. @default src/workflows */
  readonly workflowsPath?: string;
  /** Activity implementations. @default `createActivities()` */
  readonly activities?: object;
  /** Shown in histories as the worker identity; set it to keep host names out of recorded fixtures. */
  readonly identity?: string;
}

/** A created (not yet running) worker and the connection it owns. */
export interface OtsyncWorker {
  readonly worker: Worker;
  /** Closes the connection; call after the worker has stopped. */
  close(): Promise<void>;
}

export async function createWorker(config: WorkerConfig = {}): Promise<OtsyncWorker> {
  const target = config.target ?? temporalTarget();
  const connection = await NativeConnection.connect({ address: target.address });
  try {
    const worker = await Worker.create({
      connection,
      namespace: target.namespace,
      taskQueue: config.taskQueue ?? DEFAULT_TASK_QUEUE,
      workflowsPath: config.workflowsPath ?? require.resolve('./workflows'),
      activities: config.activities ?? createActivities(),
      ...(config.identity ? { identity: config.identity } : {}),
    });
    return { worker, close: () => connection.close() };
  } catch (err) {
    await connection.close();
    throw err;
  }
}

/** Runs a worker until SIGINT/SIGTERM (the SDK's default shutdown signals), then closes its connection. */
export async function runWorker(config: WorkerConfig = {}): Promise<void> {
  const { worker, close } = await createWorker(config);
  try {
    await worker.run();
  } finally {
    await close();
    await closeOpenPlugins();
  }
}
