/**
 * The `text` line format (DataX `TextWriterImpl`): the values joined by `fieldDelimiter` (any string), then
 * `lineDelimiter`. No quoting or escaping at all, so a value holding the delimiter or a newline breaks the layout,
 * as it does in DataX. A row with no values is a bare line delimiter.
 */
export function textLine(fields: readonly string[], fieldDelimiter: string, lineDelimiter: string): string {
  return fields.join(fieldDelimiter) + lineDelimiter;
}
