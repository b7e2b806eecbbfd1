/**
 * The real plugins behind the activities: the Tablestore Stream source and the sinks, built from a plan and the
 * credentials resolved at run time. A sink this worker does not know fails as a configuration error, by name.
 */
import type { ResolvedCredentials } from '../datasources/resolver';
import type { JobPlan } from '../job/plan-types';
import { ElasticsearchSink } from '../plugins/sinks/elasticsearch';
import { MaxComputeSink } from '../plugins/sinks/maxcompute';
import { OssSink } from '../plugins/sinks/oss';
import { TablestoreStreamClient } from '../plugins/sources/tablestore-stream/client';
import { TablestoreStreamSource } from '../plugins/sources/tablestore-stream';
import { JobConfigError } from './errors';
import type { PluginFactories } from './open-plugins';
import type { SinkRuntime, SourceRuntime } from './runtime';

function tablestoreSource(plan: JobPlan, credentials: ResolvedCredentials): SourceRuntime {
  const { connection, config } = plan.source;
  if (!credentials.accessId || !credentials.accessKey) {
    throw new JobConfigError(`the Tablestore source has no AccessKey pair`, {
      hint: 'give accessId/accessKey in the script or register the datasource on the worker',
    });
  }
  const client = new TablestoreStreamClient({
    endpoint: connection.endpoint,
    instanceName: connection.instanceName,
    credentials: {
      accessKeyId: credentials.accessId,
      accessKeySecret: credentials.accessKey,
      ...(credentials.securityToken ? { securityToken: credentials.securityToken } : {}),
    },
    retry: { maxRetries: config.maxRetries },
  });
  const source = new TablestoreStreamSource(client, config);
  return {
    prepare: () => source.prepare(),
    readWindow: async (window, consume, options) => {
      const r = await source.readWindow(window, consume, { signal: options.signal, onProgress: options.onProgress });
      return { positions: r.positions, recordsRead: r.counts.streamRecords };
    },
    writePositions: (window, positions, version) => source.writePositions(window, positions, version),
    readCommitted: (jobId) => source.readCommitted(jobId),
    findDataxResumeEnd: () => source.findLatestCompleteEnd(),
    commitWindow: async (jobId, expectedEndMs, endMs, version) => {
      await source.commitWindow(jobId, expectedEndMs === null ? 'none' : { expectedEndMs }, endMs, version);
    },
    close: async () => client.close(),
  };
}

function sink(plan: JobPlan, credentials: ResolvedCredentials): SinkRuntime {
  switch (plan.sink.plugin) {
    case 'elasticsearch':
      return new ElasticsearchSink(
        plan.sink.config,
        {
          endpoints: plan.sink.connection.endpoints,
          credentials: { accessId: credentials.accessId, accessKey: credentials.accessKey },
        },
        { timeZone: plan.run.timeZone },
      );
    case 'oss': {
      if (!credentials.accessId || !credentials.accessKey) {
        throw new JobConfigError(`the OSS writer has no AccessKey pair`, {
          hint: 'give accessId/accessKey in the script or register the datasource on the worker',
        });
      }
      const { endpoint, bucket } = plan.sink.connection;
      return new OssSink(
        plan.sink.config,
        {
          endpoint,
          bucket,
          accessKeyId: credentials.accessId,
          accessKeySecret: credentials.accessKey,
          ...(credentials.securityToken ? { securityToken: credentials.securityToken } : {}),
        },
        { timeZone: plan.run.timeZone },
      );
    }
    case 'maxcompute': {
      if (!credentials.accessId || !credentials.accessKey) {
        throw new JobConfigError(`the MaxCompute writer has no AccessKey pair`, {
          hint: 'give accessId/accessKey in the script or register the datasource on the worker',
        });
      }
      const { odpsServer, tunnelServer, project } = plan.sink.connection;
      return new MaxComputeSink(
        plan.sink.config,
        {
          odpsServer,
          ...(tunnelServer ? { tunnelServer } : {}),
          project,
          credentials: {
            accessKeyId: credentials.accessId,
            accessKeySecret: credentials.accessKey,
            ...(credentials.securityToken ? { securityToken: credentials.securityToken } : {}),
          },
        },
        { timeZone: plan.run.timeZone },
      );
    }
    default: {
      // A plan compiled by a newer otsync than this worker.
      const unknown: { plugin: string } = plan.sink;
      throw new JobConfigError(`the ${unknown.plugin} writer is not available in this otsync version`, {
        hint: 'run the job on workers of the otsync version that compiled it',
      });
    }
  }
}

export const defaultPluginFactories: PluginFactories = { source: tablestoreSource, sink };
