/**
 * Base class of every error otsync raises on purpose. Each carries a `hint` telling the user how to fix
 * what went wrong, so that the CLI can print "what, where, how to fix" without guessing.
 */
export class OtsyncError extends Error {
  /** One sentence on how to fix the problem, shown after the message. */
  readonly hint: string | undefined;

  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.hint = options.hint;
  }
}
