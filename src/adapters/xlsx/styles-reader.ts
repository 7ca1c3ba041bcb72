// The styles part (styles.xml) read for what the grid needs: which cell formats show a calendar date, so a number in
// such a cell reads as a date. A small part, parsed with namespaces (Transitional or Strict, any prefix).
import { builtinFormatKind, numberFormatKind, readsAsDate } from '../../shared/number-formats';
import { childElements, parseXml, spreadsheetNamespace } from './xml-reader';

/** For each cell format (cellXfs index, a cell's s attribute), whether a number under it reads as a date (readsAsDate). */
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
    return readsAsDate(code !== undefined ? numberFormatKind(code) : builtinFormatKind(id));
  });
}
