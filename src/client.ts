/**
 * Client-side entry: where the Temporal server is and how to reach it. Later issues add compiling a job script
 * into a plan and starting its schedule here.
 *
 * @example
 *   const client = await connectClient();           // TEMPORAL_ADDRESS / TEMPORAL_NAMESPACE, else the local stack
 *   await client.workflow.execute('syncJobWorkflow', { ... });
 */
import { Client, Connection } from '@temporalio/client';

/** Which Temporal server and namespace to use. */
export interface TemporalTarget {
  /** host:port of the frontend. @default `$TEMPORAL_ADDRESS`, else the local stack's `127.0.0.1:7233` */
  readonly address: string;
  /** @default `$TEMPORAL_NAMESPACE`, else `default` */
  readonly namespace: string;
}

export function temporalTarget(env: NodeJS.ProcessEnv = process.env): TemporalTarget {
  return {
    address: env.TEMPORAL_ADDRESS || '127.0.0.1:7233',
    namespace: env.TEMPORAL_NAMESPACE || 'default',
  };
}

/** Connects a Temporal client; the caller closes it with `client.connection.close()`. */
export async function connectClient(target: TemporalTarget = temporalTarget()): Promise<Client> {
  const connection = await Connection.connect({ address: target.address });
  return new Client({ connection, namespace: target.namespace });
}
