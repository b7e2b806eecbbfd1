import type { DatasourceType, PublicDatasource } from '../datasources/catalog';
import type { SecretRef } from '../datasources/secret-ref';
import type { IssueCollector, JsonPath } from '../job/issues';

/** Plugin ids (STYLE.md): lowercase nouns named after the service. */
export type SourcePluginId = 'tablestore-stream';
export type SinkPluginId = 'elasticsearch' | 'oss' | 'maxcompute';
export type PluginId = SourcePluginId | SinkPluginId;

/** Everything a plugin schema needs to compile its `parameter` block; no I/O, no secrets. */
export interface PluginCompileContext {
  /** JSON path of the `parameter` block, for issue paths. */
  readonly path: JsonPath;
  readonly issues: IssueCollector;
  /** The datasource named by `datasource`, already merged into the parameters (explicit keys win). */
  readonly datasource: PublicDatasource | undefined;
  /** Where the credentials are; already checked for presence. */
  readonly credentials: SecretRef;
  /** IANA zone of the run (time strings and dates are local to it). */
  readonly timeZone: string;
  /** "Now" in epoch milliseconds for the 5-minute and retention rules; those rules are skipped when absent. */
  readonly nowMs: number | undefined;
  /** The data table's stream retention in hours, when known; the retention rule then errors instead of warning. */
  readonly streamRetentionHours: number | undefined;
  /** Whether the raw (unexpanded) value of `key` changes between two 5-minute runs of one day. */
  variesWithinDay(key: string): boolean;
}

/** Which parameter keys hold connection values a datasource can supply, by datasource field. */
export type DatasourceFieldMap = Partial<
  Record<'endpoint' | 'instanceName' | 'bucket' | 'project' | 'tunnelServer', string>
>;

/** One plugin's parameter schema and the facts the compiler needs about it. */
export interface PluginSchema<Connection = unknown, Config = unknown> {
  readonly id: PluginId;
  readonly role: 'source' | 'sink';
  /** DataX name (`otsstreamreader`) and DataWorks name (`otsstream`). */
  readonly dataxName: string;
  readonly dataworksName: string;
  readonly datasourceType: DatasourceType;
  readonly datasourceFields: DatasourceFieldMap;
  /** Keys that may hold each credential, in precedence order (DataX aliases such as `username`/`accessId`). */
  readonly credentialKeys: {
    readonly accessId: readonly string[];
    readonly accessKey: readonly string[];
    readonly securityToken?: readonly string[];
  };
  /** Whether the plugin cannot run without an AccessKey pair. */
  readonly credentialsRequired: boolean;
  /** Validates the parameters (secrets and `datasource` already removed) into a typed connection and config. */
  compile(
    parameter: Record<string, unknown>,
    ctx: PluginCompileContext,
  ): { connection: Connection; config: Config } | undefined;
}
