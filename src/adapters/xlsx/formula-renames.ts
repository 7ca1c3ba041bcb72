// A layout's formulas rewritten for the sheet and table names the writer had to change.
import { quoteSheetName } from '../../shared/excel-rules';

export interface Renames {
  sheets: { from: string; to: string }[];
  table?: { from: string; to: string };
}

export function renameInFormula(formula: string, renames: Renames): string {
  let f = formula;
  for (const { from, to } of renames.sheets) {
    f = f.split(`${quoteSheetName(from)}!`).join(`${quoteSheetName(to)}!`);
    if (/^[A-Za-z_][\w.]*$/.test(from)) f = f.replace(new RegExp(`(?<![\\w.'])${escapeRegExp(from)}!`, 'g'), `${quoteSheetName(to)}!`);
  }
  if (renames.table) f = f.replace(new RegExp(`(?<![\\w.])${escapeRegExp(renames.table.from)}\\[`, 'g'), `${renames.table.to}[`);
  return f;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
