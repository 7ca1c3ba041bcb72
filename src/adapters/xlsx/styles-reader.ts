// The styles part (styles.xml) read for what the grid needs: which cell formats show a date or time, so a number in
// such a cell reads as a date. A small part, parsed with namespaces (Transitional or Strict, any prefix).
import { childElements, spreadsheetNamespace } from './xml-reader';
import { parseXml } from './xml-writer';

/** For each cell format (cellXfs index, a cell's s attribute), whether its number format shows a date or time. */
export function readDateStyles(xml: string): boolean[] {
  const root = parseXml(xml).documentElement;
  const ns = root ? spreadsheetNamespace(root) : undefined;
  if (!root || ns === undefined || root.localName !== 'styleSheet') return [];
  const custom = new Map<number, string>();
  for (const f of childElements(root, ns, 'numFmts').flatMap((list) => childElements(list, ns, 'numFmt'))) {
    const id = Number(f.getAttribute('numFmtId'));
    const code = f.getAttribute('formatCode');
    if (Number.isInteger(id) && code !== null) custom.set(id, code);
  }
  const cellXfs = childElements(root, ns, 'cellXfs')[0];
  return (cellXfs ? childElements(cellXfs, ns, 'xf') : []).map((xf) => {
    const id = Number(xf.getAttribute('numFmtId') || '0');
    const code = custom.get(id);
    return code !== undefined ? isDateFormat(code) : isBuiltinDateFormat(id);
  });
}

/** Excel's built-in number formats that show dates or times (ids 27-36 and 50-58 are the East Asian ones). */
export function isBuiltinDateFormat(id: number): boolean {
  return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) || (id >= 50 && id <= 58);
}

const DATE_FORMAT_CACHE = new Map<string, boolean>();

/**
 * Whether a custom number format shows a date or time: it has d, m, y, h or s outside quoted text, [..] sections
 * (colours, conditions, locales) and escaped (\x), padded (_x) or fill (*x) characters; or an elapsed-time
 * section such as [h], [mm] or [ss].
 */
export function isDateFormat(code: string): boolean {
  let known = DATE_FORMAT_CACHE.get(code);
  if (known === undefined) {
    known = scanDateFormat(code);
    if (DATE_FORMAT_CACHE.size < 1000) DATE_FORMAT_CACHE.set(code, known);
  }
  return known;
}

function scanDateFormat(code: string): boolean {
  for (let i = 0; i < code.length; i++) {
    const ch = code.charAt(i);
    if (ch === '"') {
      const end = code.indexOf('"', i + 1);
      if (end === -1) return false;
      i = end;
    } else if (ch === '\\' || ch === '_' || ch === '*') {
      i++;
    } else if (ch === '[') {
      const end = code.indexOf(']', i + 1);
      if (end === -1) return false;
      if (/^(h+|m+|s+)$/i.test(code.slice(i + 1, end))) return true;
      i = end;
    } else if ('dmyhsDMYHS'.includes(ch)) {
      return true;
    }
  }
  return false;
}
