/**
 * The Elasticsearch sink (DataX `elasticsearchwriter`, DataWorks `elasticsearch`): writes Tablestore Stream
 * change records into one index, as DataX does (writers.md §1) or — by default — with external versions from the
 * stream sequence, folded partial updates and propagated deletes, so nothing is lost or applied twice and reruns
 * are no-ops. See sink.ts for the design; schema.ts for the parameters (`externalVersioning`, `propagateDeletes`,
 * `gcDeletes` are otsync's additions).
 *
 * @example
 * ```ts
 * import { ElasticsearchSink, probeElasticsearch } from './plugins/sinks/elasticsearch';
 *
 * await probeElasticsearch({ endpoints: plan.sink.connection.endpoints, credentials });  // checkEndpoints
 * const sink = new ElasticsearchSink(plan.sink.config, { endpoints: plan.sink.connection.endpoints, credentials });
 * await sink.prepare();                         // version, index, mapping, gc_deletes
 * const r = await sink.write(records, { signal }); // { written, skippedStale, dirty, dirtySamples }
 * await sink.finishWindow();                    // alias, when configured
 * await sink.close();
 * ```
 */
export { ElasticsearchSink, type ElasticsearchSinkOptions, type SinkLogger } from './sink';
export { probeElasticsearch, type EndpointHealth } from './health';
export type { ElasticsearchTarget } from './http';
export {
  ElasticsearchBulkError,
  ElasticsearchConfigError,
  ElasticsearchRequestError,
  ElasticsearchVersionError,
  SanitizedCause,
} from './errors';
export { classifyItem, isRetryableStatus, type ItemVerdict } from './retry';
export { sequenceVersion, MAX_TIMESTAMP_US, ROW_INDEX_LIMIT } from './versioning';
export { elasticsearchSchema, type CompiledElasticsearchConfig, type ElasticsearchConnection } from './schema';
