/**
 * The OSS writer (DataX `osswriter`, DataWorks `oss`): schema (validation), sink (window → objects), client.
 */
export { OssSink, type OssSinkOptions, type OssWindowStats } from './sink';
export { OssConfigError, OssRequestError } from './errors';
export { ossSchema, type CompiledOssConfig, type OssConnection } from './schema';
