// A layout's Excel table, status dropdowns (data validation lists) and icon rules (conditional formats).
import { makeIssue, type Issue } from '../../domain/issue';
import type { IconRule, ListValidation, TableSpec } from '../../render/sheet-layout';
import {
  cutText,
  excelIconRule,
  type IconSetOfSize,
  LIST_ALERT_TITLE,
  MAX_VALIDATION_MESSAGE,
  MAX_VALIDATION_TITLE,
  quoteSheetName,
  type ListSource,
} from '../../shared/excel-rules';
import { utf8Length } from './excel-values';
import { COMMAND_BYTES, REQUEST_COST, rangeAddress, rangeCost, rangeOn, type Adder } from './write-requests';

const ICON_SET_NAMES: Record<IconRule['icons'][number]['set'] | IconSetOfSize, string> = {
  '3Symbols': 'ThreeSymbols',
  '3Symbols2': 'ThreeSymbols2',
  '3TrafficLights1': 'ThreeTrafficLights1',
  '3Flags': 'ThreeFlags',
  '3Signs': 'ThreeSigns',
  '4TrafficLights': 'FourTrafficLights',
  '5Arrows': 'FiveArrows',
};

/**
 * The table over the layout's range, once the range holds the data, named `tableName`. When a defined name took the
 * layout's table name, a warning says what the table is called instead.
 */
export async function queueTable(
  add: Adder, sheet: Excel.Worksheet, sheetName: string, spec: TableSpec, tableName: string, definedNames: Set<string>, issues: Issue[],
): Promise<void> {
  if (tableName !== spec.name && definedNames.has(spec.name.toLowerCase())) {
    issues.push(makeIssue('warning', sheetName, rangeAddress(spec.range), 'table-renamed',
      `The table on sheet "${sheetName}" is called "${tableName}": the workbook already has a defined name "${spec.name}", and Excel keeps table names and defined names apart.`,
      `Formulas elsewhere can refer to the table as ${tableName}[…]. To give it its usual name, rename or delete the defined name "${spec.name}" (Formulas > Name Manager), remove the generated sheets and build again.`));
  }
  await add(COMMAND_BYTES * 3, () => {
    const table = sheet.tables.add(`${quoteSheetName(sheetName)}!${rangeAddress(spec.range)}`, true);
    table.name = tableName;
    table.style = spec.style;
  });
}

/** A dropdown list on the validation's range: its values inline, or a range of the lists sheet. */
export function queueValidation(add: Adder, sheet: Excel.Worksheet, v: ListValidation, source: ListSource): Promise<void> {
  const formula = 'inline' in source ? source.inline : `=${source.range}`;
  return add(rangeCost(rangeAddress(v.range)) + REQUEST_COST.property * 3 + utf8Length(JSON.stringify([formula, v.error])) + 100, () => {
    const dv = rangeOn(sheet, rangeAddress(v.range)).dataValidation;
    dv.rule = { list: { inCellDropDown: true, source: formula } };
    dv.errorAlert = { showAlert: true, style: 'Stop', title: cutText(LIST_ALERT_TITLE, MAX_VALIDATION_TITLE), message: cutText(v.error, MAX_VALIDATION_MESSAGE) };
  });
}

export function queueIconRule(add: Adder, sheet: Excel.Worksheet, rule: IconRule): Promise<void> {
  return add(rangeCost(rangeAddress(rule.range)) + COMMAND_BYTES * 4, () => {
    const cf = rangeOn(sheet, rangeAddress(rule.range)).conditionalFormats.add('IconSet');
    const icons = cf.iconSet;
    const excel = excelIconRule(rule.icons, rule.thresholds);
    icons.style = ICON_SET_NAMES[excel.base] as Excel.IconSet;
    // reverseIconOrder is left alone: Excel refuses it on rules with custom icons (the typings say so).
    icons.showIconOnly = !rule.showValue;
    icons.criteria = excel.icons.map((icon, i) => {
      const customIcon = { set: ICON_SET_NAMES[icon.set] as Excel.IconSet, index: icon.index };
      if (i === 0) return { customIcon } as unknown as Excel.ConditionalIconCriterion;
      return { type: 'Number', operator: 'GreaterThanOrEqual', formula: `=${excel.thresholds[i] ?? 0}`, customIcon };
    });
  });
}
