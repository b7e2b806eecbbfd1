/**
 * Charset encoding of text and csv objects (writers.md §2.1 `encoding`), with `iconv-lite`. DataX writes through a
 * Java `OutputStreamWriter`, so this follows Java's charsets where they differ from iconv-lite's defaults: `UTF-16`
 * is big-endian with one byte-order mark at the start of the object, `UTF-32` is big-endian without one, and
 * `UTF-8`, `UTF-16LE`/`BE` never get a mark. A character the charset cannot represent becomes `?`, as in Java.
 *
 * One {@link CharsetEncoder} serves one object, so a mark is written once and the encoder's state carries across
 * `encode()` calls.
 */
import iconv from 'iconv-lite';

/** Java charset names whose iconv-lite default differs from Java's output, by canonical (alphanumeric) name. */
const JAVA_UNICODE: Readonly<Record<string, { name: string; addBOM: boolean }>> = {
  utf16: { name: 'utf-16be', addBOM: true },
  utf32: { name: 'utf-32be', addBOM: false },
};

/** A UTF-16 code unit of a surrogate pair without its other half. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATE_ALL = new RegExp(LONE_SURROGATE.source, 'g');

function canonical(name: string): string {
  return name.toLowerCase().replace(/[^0-9a-z]/g, '');
}

/**
 * Whether `name` is a charset otsync can encode text and csv objects in (UTF-8, GBK, GB18030, Big5, ISO-8859-1,
 * UTF-16LE, windows-1252, Shift_JIS, …; names compare ignoring case and punctuation, as iconv-lite does). The OSS
 * schema should validate `encoding` with this rather than with `TextDecoder`, whose WHATWG labels decode
 * `ISO-8859-1` as windows-1252 and cannot say whether a charset can be written.
 */
export function encodingSupported(name: string): boolean {
  const trimmed = name.trim();
  return trimmed.length > 0 && iconv.encodingExists(trimmed);
}

/** Encodes successive pieces of one object's text. */
export interface CharsetEncoder {
  /** The bytes of `text`; the first call of a charset with a byte-order mark starts with it. */
  write(text: string): Buffer;
  /** Bytes the encoder held back (none for the charsets above, kept for stateful ones). */
  end(): Buffer;
}

/** A fresh encoder for one object. Throws when the charset is unknown ({@link encodingSupported} is false). */
export function createCharsetEncoder(name: string): CharsetEncoder {
  const trimmed = name.trim();
  if (!encodingSupported(trimmed)) throw new Error(`unknown charset "${name}"`);
  const canon = canonical(trimmed);
  if (canon === 'utf8') {
    // Java's encoder writes `?` for an unpaired surrogate where Node would write U+FFFD.
    const write = (text: string) =>
      Buffer.from(LONE_SURROGATE.test(text) ? text.replace(LONE_SURROGATE_ALL, '?') : text);
    return { write, end: () => Buffer.alloc(0) };
  }
  const java = JAVA_UNICODE[canon];
  const encoder = java
    ? iconv.getEncoder(java.name, { addBOM: java.addBOM })
    : iconv.getEncoder(trimmed, { addBOM: false });
  return {
    write: (text) => encoder.write(text),
    end: () => encoder.end() ?? Buffer.alloc(0),
  };
}
