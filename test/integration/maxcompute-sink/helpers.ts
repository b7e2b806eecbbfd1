/**
 * Shared by the MaxCompute sink tests: an in-process local MaxCompute server with a project, job plans compiled from
 * DataWorks scripts shaped like seeds 002 (multi-version columns into `pt=…`) and 004 (row mode), and sinks on them.
 */
import { randomUUID } from 'node:crypto';
import { createMaxComputeServer, type MaxComputeServer } from '../../../src/emulators/maxcompute';
import { compileJobPlan } from '../../../src/job';
import type { JobPlan } from '../../../src/job/plan-types';
import { MaxComputeSink, type MaxComputeSinkOptions } from '../../../src/plugins/sinks/maxcompute';

export const MC_CREDENTIALS = { accessKeyId: 'LTAImaxcomputetest', accessKeySecret: `mc-secret-${randomUUID()}` };
export const PROJECT = 'otsync_test';

export async function startMaxCompute(): Promise<MaxComputeServer> {
  return createMaxComputeServer({ credentials: MC_CREDENTIALS, projects: [PROJECT] });
}

/** A DataWorks v1 script (seed 002's shape) compiled into a plan; `writer` overrides the odps parameters. */
export function maxComputePlan(
  server: MaxComputeServer,
  writer: Record<string, unknown>,
  reader: Record<string, unknown> = {},
): JobPlan {
  const script = {
    type: 'job',
    version: '1.0',
    configuration: {
      reader: {
        plugin: 'otsstream',
        parameter: {
          endpoint: 'http://127.0.0.1:1',
          accessId: 'LTAIreader',
          accessKey: 'reader-secret',
          instanceName: 'inst',
          dataTable: 'person',
          statusTable: 'TableStoreStreamReaderStatusTable',
          startTimestampMillis: '1700000000000',
          endTimestampMillis: '1700000300000',
          ...reader,
        },
      },
      writer: {
        plugin: 'odps',
        parameter: {
          odpsServer: server.endpoint,
          tunnelServer: server.tunnelEndpoint,
          project: PROJECT,
          accessId: MC_CREDENTIALS.accessKeyId,
          accessKey: MC_CREDENTIALS.accessKeySecret,
          table: 'person',
          truncate: false,
          partition: 'pt=20240315',
          column: ['id', 'colname', 'version', 'colvalue', 'optype', 'sequenceinfo'],
          ...writer,
        },
      },
      setting: { speed: { mbps: 7, concurrent: 7 } },
    },
  };
  return compileJobPlan(JSON.stringify(script), { timeZone: 'UTC' }).plan;
}

export function sinkFor(
  server: MaxComputeServer,
  writer: Record<string, unknown>,
  options: Partial<MaxComputeSinkOptions> = {},
  reader: Record<string, unknown> = {},
): MaxComputeSink {
  const plan = maxComputePlan(server, writer, reader);
  if (plan.sink.plugin !== 'maxcompute') throw new Error('not a MaxCompute plan');
  const { odpsServer, tunnelServer, project } = plan.sink.connection;
  return new MaxComputeSink(
    plan.sink.config,
    { odpsServer, ...(tunnelServer ? { tunnelServer } : {}), project, credentials: MC_CREDENTIALS },
    { timeZone: 'UTC', backoffMs: 10, ...options },
  );
}
