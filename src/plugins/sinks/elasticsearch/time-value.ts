/**
 * Elasticsearch time values (`60s`, `7d`, `500ms`), as index settings such as `index.gc_deletes` take them
 * (https://www.elastic.co/guide/en/elasticsearch/reference/current/api-conventions.html#time-units).
 */

const UNIT_MS: Readonly<Record<string, number>> = {
  d: 86_400_000,
  h: 3_600_000,
  m: 60_000,
  s: 1000,
  ms: 1,
  micros: 0.001,
  nanos: 0.000001,
};

/** Milliseconds of a time value, or undefined when `text` is not one. A bare `-1` or `0` is accepted. */
export function parseTimeValueMs(text: string): number | undefined {
  const t = text.trim();
  if (t === '-1' || t === '0') return Number(t);
  const m = /^(\d+(?:\.\d+)?)\s*(d|h|m|s|ms|micros|nanos)$/.exec(t);
  if (!m) return undefined;
  return Number(m[1]) * (UNIT_MS[m[2] ?? ''] ?? NaN);
}
