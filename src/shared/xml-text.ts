// Text in and out of XML: the one place user text is escaped for any XML this tool writes (package parts, the Word
// report's WordprocessingML, the add-in's settings part) and entities are read back. Pure: imports nothing.

/**
 * The characters XML 1.0 cannot hold at all, raw or as a character reference: C0 controls other than tab, line feed and
 * carriage return, U+FFFE, U+FFFF, and UTF-16 surrogates that are not half of a pair (a string cut in an emoji).
 */
// eslint-disable-next-line no-control-regex -- the control characters XML 1.0 forbids
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const NOT_XML_ALL = new RegExp(NOT_XML.source, 'g');

/** The pattern of one character XML 1.0 cannot hold, for writers that encode such characters instead of dropping them. */
export const NOT_XML_SOURCE = NOT_XML.source;

/** `s` without the characters XML 1.0 cannot hold. Every escaping function below ends here. */
export function xmlChars(s: string): string {
  return NOT_XML.test(s) ? s.replace(NOT_XML_ALL, '') : s;
}

const TEXT_SPECIAL = /[&<>]/;
const TEXT_SPECIAL_ALL = /[&<>]/g;
const TEXT_ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * `text` as XML character data (element content such as <w:t>, not attribute values): & < > escaped, as the docx
 * library escapes text, and characters XML 1.0 forbids dropped. Everything else, quotes, emoji and right-to-left text
 * included, is kept exactly, so Word shows the text the user typed and never reads it as markup.
 */
export function escapeXmlText(text: string): string {
  const allowed = xmlChars(text);
  return TEXT_SPECIAL.test(allowed) ? allowed.replace(TEXT_SPECIAL_ALL, (c) => TEXT_ENTITY[c] ?? c) : allowed;
}

/** Escapes text for an XML element or a double-quoted attribute: & < > " (characters XML cannot hold are left out). */
export function escapeXml(s: string): string {
  const safe = xmlChars(s);
  return /[&<>"]/.test(safe) ? safe.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;') : safe;
}

/** An attribute value: as escapeXml, and line breaks and tabs kept as references (XML would turn them into spaces). */
export function escapeAttr(s: string): string {
  return escapeXml(s).replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}

const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Reverses the five predefined entities and numeric character references, in one pass; a reference past U+10FFFF reads as nothing. */
export function unescapeXml(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (all, e: string) => {
    if (e[0] !== '#') return PREDEFINED[e] ?? all;
    const code = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : '';
  });
}
