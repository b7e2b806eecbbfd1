/**
 * The little XML this server needs, with no dependency: escaping for the response bodies it writes, and a small
 * tolerant parser for the three request bodies it reads (Delete, CompleteMultipartUpload,
 * CreateBucketConfiguration). The parser keeps elements and text only: attributes, comments, processing
 * instructions and DOCTYPE are skipped, CDATA is text, and mismatched or unclosed tags are an error (MalformedXML).
 */

/** Escapes text for an element body or attribute value. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITY_OF[c] ?? c);
}

const ENTITY_OF: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** A child element, a list of them, or text: `undefined` children are left out, so optional elements stay simple. */
export type XmlContent = string | number | boolean | XmlNode | readonly XmlContent[] | undefined;

/** An already-serialised element (keeps nested builders from escaping twice). */
export interface XmlNode {
  readonly xml: string;
}

/** `<name>content</name>`; strings, numbers and booleans are escaped, nodes and lists are nested. */
export function element(name: string, content: XmlContent = ''): XmlNode {
  return { xml: `<${name}>${render(content)}</${name}>` };
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

/** A parsed element. */
export interface XmlElement {
  name: string;
  children: XmlElement[];
  /** The element's own text, entities decoded, not trimmed. */
  text: string;
}

/** Thrown by {@link parseXml} for input that is not well-formed enough to read. */
export class XmlSyntaxError extends Error {}

/**
 * Parses a document into its root element.
 * @throws XmlSyntaxError on mismatched, unclosed or missing elements, or text outside the root.
 */
export function parseXml(input: string): XmlElement {
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let i = 0;
  while (i < input.length) {
    const lt = input.indexOf('<', i);
    const text = input.slice(i, lt === -1 ? input.length : lt);
    const top = stack[stack.length - 1];
    if (top !== undefined) top.text += decodeEntities(text);
    else if (text.trim() !== '') throw new XmlSyntaxError('Text outside the root element.');
    if (lt === -1) break;
    if (input.startsWith('<![CDATA[', lt)) {
      const end = input.indexOf(']]>', lt);
      if (end === -1 || top === undefined) throw new XmlSyntaxError('Unterminated or misplaced CDATA section.');
      top.text += input.slice(lt + 9, end);
      i = end + 3;
      continue;
    }
    const skipTo = input.startsWith('<!--', lt) ? '-->' : /^<[?!]/.test(input.slice(lt, lt + 2)) ? '>' : undefined;
    if (skipTo !== undefined) {
      const end = input.indexOf(skipTo, lt);
      if (end === -1) throw new XmlSyntaxError('Unterminated declaration or comment.');
      i = end + skipTo.length;
      continue;
    }
    const gt = input.indexOf('>', lt);
    if (gt === -1) throw new XmlSyntaxError('Unterminated tag.');
    const tag = input.slice(lt + 1, gt);
    i = gt + 1;
    if (tag.startsWith('/')) {
      const name = tag.slice(1).trim();
      const open = stack.pop();
      if (open?.name !== name) throw new XmlSyntaxError(`Unexpected closing tag </${name}>.`);
      if (stack.length === 0) root = open;
      continue;
    }
    const selfClosing = tag.endsWith('/');
    const name = /^[^\s/]+/.exec(tag)?.[0];
    if (name === undefined) throw new XmlSyntaxError('Empty tag.');
    if (stack.length === 0 && root !== undefined) throw new XmlSyntaxError('More than one root element.');
    const node: XmlElement = { name, children: [], text: '' };
    stack[stack.length - 1]?.children.push(node);
    if (selfClosing) {
      if (stack.length === 0) root = node;
    } else {
      stack.push(node);
    }
  }
  if (stack.length > 0 || root === undefined) throw new XmlSyntaxError('Missing or unclosed root element.');
  return root;
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (_, entity: string) => {
    if (entity.startsWith('#')) {
      const code = entity.startsWith('#x') ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
      if (code > 0x10ffff) throw new XmlSyntaxError(`Invalid character reference &${entity};.`);
      return String.fromCodePoint(code);
    }
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[entity] ?? '';
  });
}

/** The children of `parent` named `name`. */
export function childrenNamed(parent: XmlElement, name: string): XmlElement[] {
  return parent.children.filter((c) => c.name === name);
}

/** The trimmed text of the first child named `name`, or undefined. */
export function childText(parent: XmlElement, name: string): string | undefined {
  return parent.children.find((c) => c.name === name)?.text.trim();
}
