/**
 * Errors of the Elasticsearch sink. Each says when it is thrown and whether repeating the call could help
 * (`retryable`), which the write activity turns into the Temporal failure's `nonRetryable`.
 *
 * No message and no `cause` ever holds a credential, a request header or document data: Elasticsearch error
 * reasons can quote field values and ids ("Preview of field's value: …"), and the client's own errors carry the
 * request (with its `authorization` header) in `meta`. So raw client errors are never attached as `cause`; a
 * {@link SanitizedCause} with the error type and status is attached instead.
 */
import { OtsyncError } from '../../../common/errors';

/** A data-free stand-in for an Elasticsearch or transport error, kept as `cause`. */
export class SanitizedCause extends Error {
  constructor(
    message: string,
    /** Elasticsearch error type (`mapper_parsing_exception`) or client error name (`ConnectionError`). */
    readonly errorType: string | undefined,
    /** HTTP status, when there was a response. */
    readonly status: number | undefined,
  ) {
    super(message);
    this.name = 'SanitizedCause';
  }
}

/**
 * Thrown when the configuration cannot work against the data or the server, found only at run time: a `splitter`
 * JavaScript cannot express, a record with a different column count than `column` (DataX `ESWriter-00`),
 * `parent` columns on Elasticsearch 7 or later, a date `format` with an unsupported pattern letter. Never retryable.
 */
export class ElasticsearchConfigError extends OtsyncError {
  readonly retryable = false;
  constructor(
    /** The parameter at fault, e.g. `splitter` or `column[3].format`. */
    readonly parameter: string,
    message: string,
    options: { hint?: string; cause?: unknown } = {},
  ) {
    super(`Elasticsearch writer parameter ${parameter}: ${message}`, options);
  }
}

/**
 * Thrown when one Elasticsearch request failed for good: a permanent answer (4xx other than 429), or a retryable
 * one (429, 5xx, connection refused, timeout) after the retry budget was spent (`retryable` is then true, so the
 * activity may try again later).
 */
export class ElasticsearchRequestError extends OtsyncError {
  constructor(
    /** What was being done: `bulk`, `mget`, `create index`, `put mapping`, … */
    readonly operation: string,
    /** HTTP status, undefined when no response came. */
    readonly status: number | undefined,
    /** Elasticsearch error type or client error name. */
    readonly errorType: string | undefined,
    readonly retryable: boolean,
    /** Attempts made, the failed one included. */
    readonly attempts: number,
    detail: string,
    options: { hint?: string } = {},
  ) {
    super(`Elasticsearch ${operation} failed after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${detail}`, {
      hint: options.hint,
      cause: new SanitizedCause(detail, errorType, status),
    });
  }
}

/**
 * Thrown by `write` when documents of a batch could not be written (DataX `ESWriter-04` ES_INDEX_INSERT): items
 * still failing with a retryable status after `trySize` attempts (`retryable` true), an item failing with a
 * permanent status other than 400, or an item 400 with `ignoreParseError: false`. Not thrown when
 * `ignoreWriteError` is set (the items are then dropped and logged, as DataX does).
 */
export class ElasticsearchBulkError extends OtsyncError {
  constructor(
    readonly retryable: boolean,
    /** Bulk items that failed for good. */
    readonly failedItems: number,
    /** Status and error type of the first failed item, e.g. `429 es_rejected_execution_exception`. */
    readonly firstFailure: string,
    readonly attempts: number,
    options: { hint?: string } = {},
  ) {
    super(
      `Elasticsearch bulk write failed for ${failedItems} document${failedItems === 1 ? '' : 's'} after ` +
        `${attempts} attempt${attempts === 1 ? '' : 's'} (first failure: ${firstFailure})`,
      { hint: options.hint, cause: new SanitizedCause(firstFailure, undefined, undefined) },
    );
  }
}

/**
 * Thrown when a change's stream sequence cannot be turned into an external version (see versioning.ts): a commit
 * time outside 1970–2255 or a row index of 1024 or more. Never retryable: the same record would fail again.
 */
export class ElasticsearchVersionError extends OtsyncError {
  readonly retryable = false;
  constructor(message: string) {
    super(message, {
      hint: 'set "externalVersioning": false in the writer parameters to write without versions (DataX behaviour)',
    });
  }
}
