import { z } from 'zod';

/**
 * zod building blocks for DataX parameter values. DataX's configuration reader (and DataWorks 1.0 scripts, which
 * quote most scalars) accepts `"0"` for 0 and `"true"` for true, and treats a blank string as absent for numbers and
 * booleans; these helpers accept the same and produce typed values.
 */

/** A blank string (only whitespace) counts as absent. */
export function blankToUndefined(v: unknown): unknown {
  return typeof v === 'string' && v.trim() === '' ? undefined : v;
}

/** A string; a JSON number is accepted and stringified (DataX does). An empty string stays empty. */
export function dxString() {
  return z.preprocess(
    (v) => (typeof v === 'number' ? String(v) : v),
    z.string({ error: 'must be a string' }).optional(),
  );
}

/** A whole number given as a JSON number or numeric string, within `[min, max]`; blank = absent. */
export function dxInteger(min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER) {
  return z.preprocess(
    (v) => {
      const b = blankToUndefined(v);
      return typeof b === 'string' && /^\s*[+-]?\d+\s*$/.test(b) ? Number(b.trim()) : b;
    },
    z
      .number({ error: 'must be a whole number' })
      .int({ error: 'must be a whole number' })
      .min(min, { error: `must be at least ${min}` })
      .max(max, { error: `must be at most ${max}` })
      .optional(),
  );
}

/** A decimal number given as a JSON number or numeric string, within `[min, max]`; blank = absent. */
export function dxDecimal(min = -Infinity, max = Infinity) {
  return z.preprocess(
    (v) => {
      const b = blankToUndefined(v);
      return typeof b === 'string' && /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(b) ? Number(b.trim()) : b;
    },
    z
      .number({ error: 'must be a number' })
      .min(min, { error: `must be at least ${min}` })
      .max(max, { error: `must be at most ${max}` })
      .optional(),
  );
}

/** A boolean given as JSON `true`/`false` or the strings `true`/`false` in any case; blank = absent. */
export function dxBoolean() {
  return z.preprocess(
    (v) => {
      const b = blankToUndefined(v);
      if (typeof b !== 'string') return b;
      const t = b.trim().toLowerCase();
      return t === 'true' ? true : t === 'false' ? false : b;
    },
    z.boolean({ error: 'must be true or false' }).optional(),
  );
}

/** A list of strings; a single string is accepted as a one-element list (DataX reads lists leniently). */
export function dxStringList() {
  return z.preprocess(
    (v) => (typeof v === 'string' ? [v] : v),
    z.array(z.string({ error: 'must be a string' }), { error: 'must be a list of strings' }).optional(),
  );
}

/** A JSON object with any content, passed through as given (e.g. Elasticsearch index settings). */
export function dxObject() {
  return z.record(z.string(), z.unknown(), { error: 'must be an object' }).optional();
}
