/**
 * Turns an error thrown inside an activity into the ApplicationFailure the workflow sees: `type` is the error's
 * class name (workflows branch on it, and the retry policy's `nonRetryableErrorTypes` lists the hopeless ones),
 * the message is the error's own — which by the project's error rules never carries secrets or record values.
 */
import { ApplicationFailure } from '@temporalio/activity';
import { NON_RETRYABLE_ERROR_TYPES } from '../sync/job-input';

const NON_RETRYABLE = new Set<string>(NON_RETRYABLE_ERROR_TYPES);

export function toFailure(err: unknown): ApplicationFailure {
  if (err instanceof ApplicationFailure) return err;
  const error = err instanceof Error ? err : new Error(String(err));
  const type = error.name && error.name !== 'Error' ? error.name : error.constructor.name;
  const hint = (error as { hint?: unknown }).hint;
  return ApplicationFailure.create({
    message: typeof hint === 'string' ? `${error.message} (${hint})` : error.message,
    type,
    // An error may know better than its class: e.g. an Elasticsearch request error is permanent for a 400.
    nonRetryable: NON_RETRYABLE.has(type) || (error as { retryable?: unknown }).retryable === false,
  });
}

/** Runs an activity body, converting whatever it throws. */
export async function asActivity<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toFailure(err);
  }
}
