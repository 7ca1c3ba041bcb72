// User text as XML character data: the one escape every hand-written WordprocessingML string goes through.

/**
 * What XML 1.0 does not allow in a document at all: C0 controls other than tab, line feed and carriage return,
 * U+FFFE and U+FFFF, and surrogates that are not part of a pair (a string cut in the middle of an emoji).
 */
const FORBIDDEN_SOURCE = '[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\uFFFE\\uFFFF]|[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]';
const HAS_FORBIDDEN = new RegExp(FORBIDDEN_SOURCE);
const FORBIDDEN = new RegExp(FORBIDDEN_SOURCE, 'g');
const HAS_SPECIAL = /[&<>]/;
const SPECIAL = /[&<>]/g;
const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * `text` as XML character data (element content such as <w:t>, not attribute values): & < > escaped, as the docx
 * library escapes text, and characters XML 1.0 forbids dropped. Everything else, quotes, emoji and right-to-left text
 * included, is kept exactly, so Word shows the text the user typed and never reads it as markup.
 */
export function escapeXmlText(text: string): string {
  const allowed = HAS_FORBIDDEN.test(text) ? text.replace(FORBIDDEN, '') : text;
  return HAS_SPECIAL.test(allowed) ? allowed.replace(SPECIAL, (c) => ENTITY[c]!) : allowed;
}
