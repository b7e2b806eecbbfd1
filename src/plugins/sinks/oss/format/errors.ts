/**
 * Errors of the OSS writer's encoding layer (text, csv, parquet). Row-level conversion failures are not errors:
 * they come back as dirty rows from `encode()` (writers.md §2.5).
 */
import { OtsyncError } from '../../../../common/errors';

/**
 * Thrown by `createEncoderFactory` when the configuration cannot be honoured: `fileFormat: "orc"`, an unknown
 * `encoding`, an invalid `csvWriterConfig` value, a parquet column type or `parquetSchema` the encoder cannot write,
 * an unsupported `compress` codec. Never retryable: the job script must change.
 */
export class OssFormatConfigError extends OtsyncError {
  readonly retryable = false;
  constructor(
    /** The parameter at fault, e.g. `encoding`, `csvWriterConfig.escapeMode` or `column[2].type`. */
    readonly parameter: string,
    message: string,
    options: { hint?: string } = {},
  ) {
    super(`OSS writer parameter ${parameter}: ${message}${options.hint ? ` (${options.hint})` : ''}`, options);
  }
}

/** A configuration problem found by a check; `key` is the parameter path, e.g. `csvWriterConfig.escapeMode`. */
export interface FormatProblem {
  readonly key: string;
  readonly message: string;
  readonly hint?: string;
}

/** Throws {@link OssFormatConfigError} for the first problem, if any. */
export function throwFirst(problems: readonly FormatProblem[]): void {
  const first = problems[0];
  if (first) throw new OssFormatConfigError(first.key, first.message, first.hint ? { hint: first.hint } : {});
}
