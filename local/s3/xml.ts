import { S3RequestError } from './errors.ts';

/** S3's XML, both ways: text escaping for answers, and the few small request documents (Complete, Delete, Tagging). */

export const S3_NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';

/** Escapes markup, and writes control characters (legal in keys) as character references. */
export function escapeXml(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: XML 1.0 cannot carry these raw, so they are escaped
  return text.replace(/[<>&'"\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** `<Tag>text</Tag>`, or nothing when the value is undefined. */
export function element(tag: string, value: string | number | boolean | undefined): string {
  return value === undefined ? '' : `<${tag}>${escapeXml(String(value))}</${tag}>`;
}

function malformed(): S3RequestError {
  return new S3RequestError('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema');
}

function decodeText(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, entity: string) => {
    const lower = entity.toLowerCase();
    if (lower.startsWith('#x')) return String.fromCodePoint(Number.parseInt(lower.slice(2), 16));
    if (lower.startsWith('#')) return String.fromCodePoint(Number(lower.slice(1)));
    return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[lower]!;
  });
}

/** The inner XML of each `<tag>…</tag>` (namespace prefixes and attributes allowed). */
export function childElements(xml: string, tag: string): string[] {
  const pattern = new RegExp(`<(?:[\\w-]+:)?${tag}(?:\\s[^>]*)?>([\\s\\S]*?)</(?:[\\w-]+:)?${tag}>`, 'g');
  return [...xml.matchAll(pattern)].map((match) => match[1]!);
}

/** The decoded, trimmed text of every `<tag>` in `xml`. */
export function childTexts(xml: string, tag: string): string[] {
  return childElements(xml, tag).map((inner) => {
    if (inner.includes('<')) throw malformed();
    return decodeText(inner).trim();
  });
}

/** The text of the one `<tag>` in `xml`, decoded; undefined when absent. */
export function childText(xml: string, tag: string): string | undefined {
  const [inner] = childElements(xml, tag);
  if (inner === undefined) return undefined;
  if (inner.includes('<')) throw malformed();
  return decodeText(inner);
}

export function requiredText(xml: string, tag: string): string {
  const text = childText(xml, tag);
  if (text === undefined) throw malformed();
  return text;
}

/** The document's root element must be `root`. */
export function rootContent(xml: string, root: string): string {
  const [content] = childElements(xml.replace(/^\uFEFF/, ''), root);
  if (content === undefined) throw malformed();
  return content;
}
