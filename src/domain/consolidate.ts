// Several trackers read as one: each file's sheets in one workbook, named so that every issue and source reference
// says which file a row came from, and the file's name standing in for the priority where no column gives one.
import { allocateSheetName } from '../shared/excel-rules';
import type { GridSheet, GridWorkbook } from './grid';
import { GENERIC_SHEET } from './read-tracker';

export interface InputWorkbook {
  /** The file's name as the user gave it ("childrens.xlsx"). */
  fileName: string;
  workbook: GridWorkbook;
}

/** "Children's services tracker.xlsx" -> "Children's services tracker". */
export function fileStem(fileName: string): string {
  const base = fileName.replace(/^.*[\\/]/, '');
  const stem = base.replace(/\.[A-Za-z0-9]{1,5}$/, '').trim();
  return stem === '' ? base : stem;
}

/**
 * One workbook of every input's sheets. One input is returned as it is. With several, a file of one sheet gives a
 * sheet named after the file; a file of several gives "file sheet" names. The priority stand-in is the file's name,
 * or the sheet's own name where a file has several sheets with names that say something (a sheet per priority).
 */
export function consolidateWorkbooks(inputs: InputWorkbook[]): GridWorkbook {
  if (inputs.length === 1) return inputs[0]!.workbook;
  const taken = new Set<string>();
  const sheets: GridSheet[] = [];
  for (const { fileName, workbook } of inputs) {
    const stem = fileStem(fileName);
    const single = workbook.sheets.length === 1;
    for (const s of workbook.sheets) {
      const standIn = single || GENERIC_SHEET.test(s.name.trim()) ? stem : s.name.trim();
      sheets.push({
        ...s,
        name: allocateSheetName(single ? stem : `${stem} ${s.name}`, taken),
        origin: { file: fileName, sheet: s.name },
        priorityStandIn: standIn,
      });
    }
  }
  return { source: inputs.map((i) => i.fileName).join(', '), sheets };
}
