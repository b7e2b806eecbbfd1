import { OtsyncError } from '../../src/common/errors';

/**
 * Thrown by `ensureGoClient` / `ensureJavaClient` when a conformance client cannot be built: the toolchain is
 * missing, the Go module proxy or Maven Central cannot be reached, or the sources do not compile. The message
 * says what failed and how to fix it, and ends with the tail of the build output.
 */
export class ConformanceBuildError extends OtsyncError {
  constructor(
    readonly client: 'go' | 'java',
    what: string,
    hint: string,
    readonly outputTail = '',
    cause?: unknown,
  ) {
    super(
      `Building the ${client === 'go' ? 'Go' : 'Java'} Tablestore conformance client failed: ${what}\n` +
        `How to fix: ${hint}` +
        (outputTail ? `\n--- last lines of the build output ---\n${outputTail}` : ''),
      { hint, cause },
    );
  }
}

/**
 * Thrown by `runClient` when a conformance client exits non-zero, times out, or prints a line that is not JSON.
 * Carries the exit code and both output streams, so a failed conformance check shows what the SDK objected to.
 */
export class ConformanceClientRunError extends OtsyncError {
  constructor(
    message: string,
    readonly exitCode: number | null,
    readonly stdout: string,
    readonly stderr: string,
  ) {
    super(`${message}\n--- stderr ---\n${stderr.trimEnd() || '(empty)'}`, {
      hint: 'Read the stderr above: exit 1 is a Tablestore call the SDK rejected or failed, 2 a usage error.',
    });
  }
}
