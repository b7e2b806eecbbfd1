/**
 * The little XML this server needs, with no dependency: builders for its response documents (elements,
 * attributes, CDATA) and one reader, for the SQL text inside a submitted instance (spec 3.6).
 */

/** Escapes text for an element body or attribute value. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITY_OF[c] ?? c);
}

const ENTITY_OF: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** An already-serialised fragment (keeps nested builders from escaping twice). */
export interface XmlNode {
  readonly xml: string;
}

/** Content of an element: text (escaped), nodes, lists; `undefined` is left out so optional parts stay simple. */
export type XmlContent = string | number | boolean | XmlNode | readonly XmlContent[] | undefined;

/** `<name attr="v">content</name>`. */
export function element(name: string, content: XmlContent = '', attributes: Record<string, string> = {}): XmlNode {
  const attrs = Object.entries(attributes)
    .map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
    .join('');
  return { xml: `<${name}${attrs}>${render(content)}</${name}>` };
}

/** A CDATA section; a `]]>` inside the text is split across two sections. */
export function cdata(text: string): XmlNode {
  return { xml: `<![CDATA[${text.replace(/]]>/g, ']]]]><![CDATA[>')}]]>` };
}

function render(content: XmlContent): string {
  if (content === undefined) return '';
  if (Array.isArray(content)) return content.map((c: XmlContent) => render(c)).join('');
  if (typeof content === 'object') return (content as XmlNode).xml;
  return escapeXml(String(content));
}

/** A complete document: declaration plus one root element. */
export function xmlDocument(root: XmlNode): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${root.xml}`;
}

/**
 * The text of the first `<name>` element: CDATA sections kept verbatim, entities decoded elsewhere; undefined
 * when there is no such element.
 */
export function firstElementText(xml: string, name: string): string | undefined {
  const match = new RegExp(`<${name}(?:\\s[^>]*)?>([\\s\\S]*?)</${name}>`).exec(xml);
  if (match === undefined || match === null) return undefined;
  const raw = match[1] ?? '';
  let out = '';
  let i = 0;
  while (i < raw.length) {
    const start = raw.indexOf('<![CDATA[', i);
    if (start === -1) {
      out += decodeEntities(raw.slice(i));
      break;
    }
    out += decodeEntities(raw.slice(i, start));
    const end = raw.indexOf(']]>', start);
    if (end === -1) return undefined;
    out += raw.slice(start + 9, end);
    i = end + 3;
  }
  return out;
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (_, entity: string) => {
    if (entity.startsWith('#')) {
      const code = entity.startsWith('#x') ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
      return code > 0x10ffff ? '' : String.fromCodePoint(code);
    }
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[entity] ?? '';
  });
}

/** RFC 1123 date, as every ODPS header and XML time element uses. */
export function httpDate(ms: number): string {
  return new Date(ms).toUTCString();
}
