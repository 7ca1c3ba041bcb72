// Small, shared pieces of SpreadsheetML text: escaping, cell addresses, dates.

/** Escapes text for an XML element or a double-quoted attribute. */
export function escapeXml(s: string): string {
  return /[&<>"]/.test(s) ? s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;') : s;
}

/** Attribute values also keep their line breaks and tabs (XML would turn them into spaces). */
export function escapeAttr(s: string): string {
  return escapeXml(s).replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}

/** Reverses the five predefined entities and numeric character references. */
export function unescapeXml(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (all, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[e] ?? all;
  });
}

const CONTROL_OR_ESCAPE = /[\u0000-\u0008\u000b-\u001f\ufffe\uffff]|_x[0-9a-fA-F]{4}_/;

/**
 * Cell text as OOXML stores it: carriage returns and other control characters as _xHHHH_ escapes (XML would
 * drop or normalise them), and a literal "_xHHHH_" protected as "_x005F_xHHHH_". Excel and our reader read both back exactly.
 */
export function escapeCellText(s: string): string {
  if (!CONTROL_OR_ESCAPE.test(s)) return s;
  return s
    .replace(/_(x[0-9a-fA-F]{4}_)/g, '_x005F_$1')
    .replace(/[\u0000-\u0008\u000b-\u001f\ufffe\uffff]/g, (ch) => `_x${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`);
}

const LETTERS: string[] = [];

/** A, B, ... XFD for a 0-based column (cached: every cell needs one). */
export function colLetters(c: number): string {
  let s = LETTERS[c];
  if (s === undefined) {
    s = '';
    for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
    LETTERS[c] = s;
  }
  return s;
}

const DAY_MS = 86400000;
const EPOCH_1900 = Date.UTC(1899, 11, 30);
const EPOCH_1904 = Date.UTC(1904, 0, 1);

/** The Excel serial number of a date (its UTC wall time), in the 1900 or the 1904 date system. */
export function excelSerial(d: Date, date1904: boolean): number {
  return (d.getTime() - (date1904 ? EPOCH_1904 : EPOCH_1900)) / DAY_MS;
}
