import type { z } from 'zod';
import type { IssueCollector, JsonPath } from '../issues';

/** How one plugin's `parameter` block (or the `setting` block) is checked. */
export interface ParameterSpec<T> {
  /** The zod schema of the known keys; unknown keys are reported separately. */
  readonly schema: z.ZodType<T>;
  /** Keys that are recognised but have no effect in otsync, with the reason (each gives a warning). */
  readonly ignored?: Readonly<Record<string, string>>;
  /** Keys handled outside the schema (connection keys, `datasource`), so not reported as unknown. */
  readonly handledElsewhere?: readonly string[];
  /** Every key the schema knows (including aliases). */
  readonly known: readonly string[];
}

/**
 * Validates `input` with the spec's schema, reports each zod issue as an error at its JSON path, and each unknown
 * key as a warning (never a silent drop). Returns undefined when the schema failed.
 */
export function parseParameters<T>(
  spec: ParameterSpec<T>,
  input: Record<string, unknown>,
  path: JsonPath,
  issues: IssueCollector,
  what = 'parameter',
): T | undefined {
  const known = new Set([...spec.known, ...(spec.handledElsewhere ?? [])]);
  for (const key of Object.keys(input)) {
    const reason = spec.ignored?.[key];
    if (reason !== undefined) {
      issues.warn([...path, key], `${what} "${key}" has no effect in otsync: ${reason}`);
    } else if (!known.has(key)) {
      const near = [...known].find((k) => k.toLowerCase() === key.toLowerCase());
      issues.warn(
        [...path, key],
        `unknown ${what} "${key}" is ignored`,
        near ? `did you mean "${near}"? (keys are case-sensitive)` : 'remove it, or check its spelling',
      );
    }
  }
  const result = spec.schema.safeParse(input);
  if (result.success) return result.data;
  // Values whose variables could not be resolved were reported already; check the rest without them so that the
  // user still sees every other problem in the block.
  const failedKeys = new Set(result.error.issues.map((i) => String(i.path[0])));
  if (result.error.issues.every((i) => typeof i.path[0] === 'string' && issues.suppresses([...path, i.path[0]]))) {
    const retry = spec.schema.safeParse(Object.fromEntries(Object.entries(input).filter(([k]) => !failedKeys.has(k))));
    if (retry.success) return retry.data;
  }
  for (const issue of result.error.issues) {
    issues.error([...path, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))], issue.message);
  }
  return undefined;
}

/** Reports `key` as required-and-blank when its trimmed text is empty; returns the trimmed text otherwise. */
export function requireText(
  value: string | undefined,
  path: JsonPath,
  issues: IssueCollector,
  hint?: string,
): string | undefined {
  const text = value?.trim();
  if (text) return text;
  issues.error(path, value === undefined ? 'is required' : 'must not be empty', hint);
  return undefined;
}
