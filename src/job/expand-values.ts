import type { IssueCollector, JsonPath } from './issues';
import { expandString, type VariableScope } from './variables/template';

/**
 * Expands variables in every string of a JSON value (keys are left alone), reporting each unresolved reference at
 * its JSON path. Substituting after parsing (DataX substitutes in the raw text) keeps comments inert, escapes
 * values correctly, and lets errors name their path. Records the parameter names used in `used`.
 */
export function expandValue(
  value: unknown,
  path: JsonPath,
  scope: VariableScope,
  issues: IssueCollector,
  used: Set<string>,
): unknown {
  if (typeof value === 'string') {
    const result = expandString(value, scope);
    for (const name of result.parameters) used.add(name);
    for (const p of result.problems) issues.error(path, p.message, p.hint);
    if (result.problems.length > 0) issues.suppressBelow(path);
    return result.value;
  }
  if (Array.isArray(value)) return value.map((v, i) => expandValue(v, [...path, i], scope, issues, used));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      Object.defineProperty(out, k, {
        value: expandValue(v, [...path, k], scope, issues, used),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  return value;
}

/** Names referenced as `${name}` or `$name` in a raw string. */
export function referencedNames(text: unknown): string[] {
  if (typeof text !== 'string') return [];
  return [...text.matchAll(/\$\{([^}[\]]+)\}|\$([A-Za-z_]\w*)/g)].map((m) => (m[1] ?? m[2] ?? '').trim());
}
