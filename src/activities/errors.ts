import { OtsyncError } from '../common/errors';

/** Thrown when the window's dirty records pass the job's `errorLimit`; the window is not committed. */
export class ErrorLimitExceededError extends OtsyncError {}

/** Thrown when a plan cannot run as configured (a sink not supported yet, a job missing from the store, …). */
export class JobConfigError extends OtsyncError {}
