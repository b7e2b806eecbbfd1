/**
 * The MaxCompute writer (DataX `odpswriter`, DataWorks `odps`): schema (validation), sink (one Tunnel upload
 * session per window, committed by the commit activity), REST and Tunnel clients.
 */
export { MaxComputeSink, type MaxComputeConnectionOptions, type MaxComputeSinkOptions } from './sink';
export { MaxComputeConfigError, MaxComputeRequestError } from './errors';
export { maxComputeSchema, type CompiledMaxComputeConfig, type MaxComputeConnection } from './schema';
