import type { CompiledElasticsearchConfig, ElasticsearchConnection } from '../plugins/sinks/elasticsearch/schema';
import type { CompiledMaxComputeConfig, MaxComputeConnection } from '../plugins/sinks/maxcompute/schema';
import type { CompiledOssConfig, OssConnection } from '../plugins/sinks/oss/schema';
import type { CompiledTablestoreStreamConfig, TablestoreConnection } from '../plugins/sources/tablestore-stream/schema';
import type { JobLayout } from './envelope';
import type { CompiledJobSetting } from './setting-schema';

/** The source of a plan: always the Tablestore Stream reader today. */
export interface SourcePlan {
  readonly plugin: 'tablestore-stream';
  /** The name as written in the script (`otsstream` or `otsstreamreader`). */
  readonly pluginName: string;
  readonly connection: TablestoreConnection;
  readonly config: CompiledTablestoreStreamConfig;
}

/** The sink of a plan, discriminated by `plugin`. */
export type SinkPlan =
  | {
      readonly plugin: 'elasticsearch';
      readonly pluginName: string;
      readonly connection: ElasticsearchConnection;
      readonly config: CompiledElasticsearchConfig;
    }
  | {
      readonly plugin: 'oss';
      readonly pluginName: string;
      readonly connection: OssConnection;
      readonly config: CompiledOssConfig;
    }
  | {
      readonly plugin: 'maxcompute';
      readonly pluginName: string;
      readonly connection: MaxComputeConnection;
      readonly config: CompiledMaxComputeConfig;
    };

/**
 * A validated job: plain JSON, the only thing the workflow and activities share. It never holds a secret:
 * credentials are `SecretRef`s that activities resolve at run time.
 */
export interface JobPlan {
  readonly planVersion: 1;
  readonly layout: JobLayout;
  /** `sha256-<hex>` of the script text; inline credential references point at it. */
  readonly scriptId: string;
  readonly run: {
    /** IANA zone every time in the script was read in. */
    readonly timeZone: string;
    /** The run's scheduled time `T` (ISO 8601 with offset), when one was given. */
    readonly nominalTime?: string;
    /** Resolved values of the parameters the script used (never credentials: those are not expanded). */
    readonly parameters: Readonly<Record<string, string>>;
  };
  readonly source: SourcePlan;
  readonly sink: SinkPlan;
  readonly setting: CompiledJobSetting;
}
