/**
 * Partition specs as DataX formats them (writers.md §3.2, `ODPS.Util` formatPartition): trim, spaces around `=`
 * removed, `/` (with surrounding spaces) → `,`, spaces around `,` removed, every `'` removed.
 */
import { PartitionSpecError } from './errors';

/** Java `String.trim()`: strips characters up to U+0020 at both ends. */
function javaTrim(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && text.charCodeAt(start) <= 0x20) start++;
  while (end > start && text.charCodeAt(end - 1) <= 0x20) end--;
  return text.slice(start, end);
}

/** `"pt='20150101' / type = 1"` → `"pt=20150101,type=1"`. */
export function normalizePartitionSpec(spec: string): string {
  return javaTrim(spec)
    .replace(/ *= */g, '=')
    .replace(/ *\/ */g, ',')
    .replace(/ *, */g, ',')
    .replace(/'/g, '');
}

/**
 * The `[name, value]` pairs of a spec, after {@link normalizePartitionSpec}; `[]` for a blank spec. Throws
 * {@link PartitionSpecError} for a piece without exactly one `=` or with an empty name or value.
 */
export function parsePartitionSpec(spec: string): [string, string][] {
  const normalized = normalizePartitionSpec(spec);
  if (normalized === '') return [];
  return normalized.split(',').map((piece) => {
    const parts = piece.split('=');
    if (parts.length !== 2) {
      throw new PartitionSpecError(`partition spec piece '${piece}' must be exactly one name=value`);
    }
    const [name, value] = parts as [string, string];
    if (name === '' || value === '') {
      throw new PartitionSpecError(`partition spec piece '${piece}' has an empty name or value`);
    }
    return [name, value];
  });
}
