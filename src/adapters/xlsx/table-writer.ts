// A table part for a new sheet, and its column names made as Excel requires them (unique, non-blank).
import { cutText, MAX_TABLE_COLUMN_NAME } from '../../shared/excel-rules';
import { isLayoutFormula } from '../../render/sheet-layout';
import type { Conformance } from './ooxml-names';
import { rangeRef, rowAt, type SheetSpec } from './worksheet-writer';
import { element, escapeCellText, xmlPart } from './xml-writer';

/** What a table part needs: the layout's table with its part number and column names. */
export interface TablePartSpec {
  id: number;
  name: string;
  range: { top: number; left: number; bottom: number; right: number };
  columns: string[];
  style: string;
}

export function tablePart(t: TablePartSpec, c: Conformance): string {
  const ref = rangeRef(t.range);
  return xmlPart(
    element(
      'table',
      { xmlns: c.main, id: t.id, name: t.name, displayName: t.name, ref, totalsRowShown: 0 },
      element('autoFilter', { ref }) +
        element('tableColumns', { count: t.columns.length }, t.columns.map((name, i) => element('tableColumn', { id: i + 1, name: escapeCellText(name) })).join('')) +
        element('tableStyleInfo', { name: t.style, showFirstColumn: 0, showLastColumn: 0, showRowStripes: 1, showColumnStripes: 0 }),
    ),
  );
}

/** Header names for a table: the header cells' text, blanks and repeats made unique as Excel requires. */
export function tableColumnNames(spec: SheetSpec, range: { top: number; left: number; right: number }): string[] {
  const taken = new Set<string>();
  const names: string[] = [];
  const cells = rowAt(spec.rows, range.top);
  for (let c = range.left; c <= range.right; c++) {
    const v = cells?.[c];
    const raw =
      v === null || v === undefined
        ? ''
        : isLayoutFormula(v as never)
          ? String((v as { result: string | number | boolean | null }).result ?? '')
          : v instanceof Date
            ? v.toISOString().slice(0, 10)
            : typeof v === 'object'
              ? (v as { error: string }).error
              : String(v);
    const clean = cutText(raw, MAX_TABLE_COLUMN_NAME);
    let header = clean.trim() === '' ? `Column${c - range.left + 1}` : clean;
    for (let n = 2; taken.has(header.toLowerCase()); n++) header = `${clean || 'Column'}${n}`;
    taken.add(header.toLowerCase());
    names.push(header);
  }
  return names;
}
