// Excel's naming rules and limits, and the names of the sheets this tool writes: the same for the domain, the
// layouts, the file writer and the add-in. Pure: imports nothing.

/** Characters in one cell. */
export const MAX_CELL_TEXT = 32767;
/** Characters in a sheet name. */
export const MAX_SHEET_NAME = 31;
/** Characters in a table or defined name. */
export const MAX_TABLE_NAME = 255;
/** Characters of an inline list validation's source ("a,b,c"). */
export const MAX_LIST_SOURCE = 255;
/** Characters in a data validation's alert title. */
export const MAX_VALIDATION_TITLE = 32;
/** Characters in a data validation's alert message. */
export const MAX_VALIDATION_MESSAGE = 225;
/** Characters in a table column's name. */
export const MAX_TABLE_COLUMN_NAME = 255;
export const EXCEL_ROWS = 1048576;
export const EXCEL_COLUMNS = 16384;
/** Excel's largest row height, in points. */
export const MAX_ROW_HEIGHT = 409;

/** A sheet name Excel keeps for itself (its change-tracking sheet). */
export const RESERVED_SHEET_NAME = 'History';

// eslint-disable-next-line no-control-regex -- Excel forbids control characters in sheet names
const SHEET_NAME_FORBIDDEN = /[:\\/?*[\]\u0000-\u001f]/;

/** The first `max` UTF-16 units of `s`, never splitting a surrogate pair. */
export function cutText(s: string, max: number): string {
  if (s.length <= max) return s;
  const cut = s.slice(0, max);
  const last = cut.charCodeAt(cut.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? cut.slice(0, -1) : cut;
}

/** Why Excel would refuse `name` as a sheet name, or undefined when it is fine (uniqueness aside). */
export function sheetNameProblem(name: string): string | undefined {
  if (name.trim() === '') return 'is blank';
  if (name.length > MAX_SHEET_NAME) return `is longer than ${MAX_SHEET_NAME} characters`;
  if (SHEET_NAME_FORBIDDEN.test(name)) return 'holds one of : \\ / ? * [ ]';
  if (name.startsWith("'") || name.endsWith("'")) return 'starts or ends with an apostrophe';
  if (name.toLowerCase() === RESERVED_SHEET_NAME.toLowerCase()) return `is "${RESERVED_SHEET_NAME}", which Excel reserves`;
  return undefined;
}

/**
 * A sheet name Excel accepts, as close to `wanted` as may be: forbidden characters become spaces, apostrophes at
 * either end go, at most 31 characters, "History" becomes "History data", and " (2)", " (3)" ... make it unique
 * (ignoring case) among `taken`, to which it is added.
 */
export function allocateSheetName(wanted: string, taken: Set<string>): string {
  let base = wanted
    .replace(new RegExp(SHEET_NAME_FORBIDDEN.source, 'g'), ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^'+|'+$/g, '')
    .trim();
  if (base === '') base = 'Sheet';
  else if (base.toLowerCase() === RESERVED_SHEET_NAME.toLowerCase()) base = `${RESERVED_SHEET_NAME} data`;
  let name = cutText(base, MAX_SHEET_NAME);
  for (let n = 2; taken.has(name.toLowerCase()); n++) {
    const suffix = ` (${n})`;
    name = cutText(base, MAX_SHEET_NAME - suffix.length).trimEnd() + suffix;
  }
  taken.add(name.toLowerCase());
  return name;
}

/** Why Excel would refuse `name` as a table (or defined) name, or undefined when it is fine (uniqueness aside). */
export function tableNameProblem(name: string): string | undefined {
  if (name === '') return 'is blank';
  if (name.length > MAX_TABLE_NAME) return `is longer than ${MAX_TABLE_NAME} characters`;
  if (!/^[\p{L}_\\]/u.test(name)) return 'does not start with a letter, _ or \\';
  if (/[^\p{L}\p{N}_.\\]/u.test(name)) return 'holds characters other than letters, digits, _ . and \\';
  if (/^(r|c)$/i.test(name)) return 'is R or C';
  if (/^[A-Za-z]{1,3}\d+$/.test(name) || /^R\d*C\d*$/i.test(name)) return 'looks like a cell reference';
  return undefined;
}

/**
 * A table name Excel accepts, as close to `wanted` as may be, unique (ignoring case) among `taken`, to which it is
 * added. Table names share one namespace with the workbook's defined names: put both in `taken`.
 */
export function allocateTableName(wanted: string, taken: Set<string>): string {
  let base = wanted.replace(/[^\p{L}\p{N}_.\\]/gu, '_');
  if (!/^[\p{L}_\\]/u.test(base)) base = `_${base}`;
  if (/^(r|c)$/i.test(base) || /^[A-Za-z]{1,3}\d+$/.test(base) || /^R\d*C\d*$/i.test(base)) base = `${base}_`;
  base = base.slice(0, MAX_TABLE_NAME - 5);
  let name = base;
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base}${n}`;
  taken.add(name.toLowerCase());
  return name;
}

/** A sheet name as a formula writes it: always quoted, apostrophes doubled. */
export function quoteSheetName(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}

/** The inline source of a list validation ("a,b,c"), or undefined when Excel cannot take it inline (too long, or a value holds a comma or quote). */
export function inlineListSource(values: readonly string[]): string | undefined {
  if (values.some((v) => v.includes(',') || v.includes('"'))) return undefined;
  const inline = values.join(',');
  return inline.length <= MAX_LIST_SOURCE ? inline : undefined;
}

/** The title of a dropdown's alert when a typed value is not on the list (at most MAX_VALIDATION_TITLE characters). */
export const LIST_ALERT_TITLE = 'Not in the list';

/** The name the hidden sheet of long dropdown lists asks for. */
export const LISTS_SHEET = 'Lists';

/** A list validation's source: the inline text (without quotes) or a range of the lists sheet (without '='). */
export type ListSource = { inline: string } | { range: string };

function columnLetters(c: number): string {
  let s = '';
  for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/**
 * Where each dropdown's list lives, the same in both adapters: inline ("a,b,c") when Excel takes it so, else a column of
 * one hidden lists sheet written after the layouts (a list over 255 characters, or a value with a comma or a quote).
 */
export class ListSources {
  private readonly lists: string[][] = [];
  private readonly refs = new Map<string, string>();
  private sheetName: string | undefined;
  /** `allocateName` is asked once, when the first list needs the sheet. */
  constructor(private readonly allocateName: () => string) {}

  sourceFor(values: readonly string[]): ListSource {
    const inline = inlineListSource(values);
    if (inline !== undefined) return { inline };
    const key = JSON.stringify(values);
    let range = this.refs.get(key);
    if (range === undefined) {
      this.sheetName ??= this.allocateName();
      this.lists.push([...values]);
      const col = columnLetters(this.lists.length - 1);
      range = `${quoteSheetName(this.sheetName)}!$${col}$1:$${col}$${Math.max(values.length, 1)}`;
      this.refs.set(key, range);
    }
    return { range };
  }

  /** The lists sheet's name, once a list needed it. */
  get name(): string | undefined {
    return this.sheetName;
  }

  /** The lists sheet's rows: list i in column i, each value at most 255 characters (Excel's limit for a list item). */
  rows(): string[][] {
    const rows: string[][] = [];
    this.lists.forEach((values, c) => values.forEach((v, r) => ((rows[r] ??= [])[c] = v.slice(0, MAX_LIST_SOURCE))));
    for (const row of rows) for (let c = 0; c < this.lists.length; c++) row[c] ??= '';
    return rows;
  }
}

/** Sheet and table names an adapter had to change from the layout's. */
export interface Renames {
  sheets: { from: string; to: string }[];
  table?: { from: string; to: string } | undefined;
}

/** A layout's formula rewritten for the sheet and table names the adapter had to change. */
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

// ---- The sheets this tool writes ----

export const REGISTER_SHEET_NAME = 'Milestone Register';
export const REGISTER_TABLE_NAME = 'MilestoneRegister';
export const ISSUES_SHEET_NAME = 'Issues';
const REPORT_SHEET_SUFFIX = ' Report';

/** "Q4 2017-18 Report": the report sheet of a period ("Q4 2017-18"). */
export function reportSheetName(period: string): string {
  return `${period}${REPORT_SHEET_SUFFIX}`;
}

/** A name as written, or as allocateSheetName made it unique: "Issues", "Issues (2)". */
function ownSheetName(pattern: string): RegExp {
  return new RegExp(`^${pattern}( \\(\\d+\\))?$`);
}
const REGISTER_SHEET = ownSheetName(escapeRegExp(REGISTER_SHEET_NAME));
const ISSUES_SHEET = ownSheetName(escapeRegExp(ISSUES_SHEET_NAME));
const REPORT_SHEET = ownSheetName(`Q[1-4] \\d{4}-\\d{2}${escapeRegExp(REPORT_SHEET_SUFFIX)}`);

/** Whether `name` is a register sheet this tool wrote ("Milestone Register", "Milestone Register (2)"). */
export function isRegisterSheetName(name: string): boolean {
  return REGISTER_SHEET.test(name);
}

/** Whether `name` is an issues sheet this tool wrote ("Issues", "Issues (2)"). */
export function isIssuesSheetName(name: string): boolean {
  return ISSUES_SHEET.test(name);
}

/** Whether `name` is a report sheet this tool wrote ("Q4 2017-18 Report", "Q4 2017-18 Report (2)"). */
export function isReportSheetName(name: string): boolean {
  return REPORT_SHEET.test(name);
}

/** The built-in icon set a custom icon rule of n icons is named after: Excel wants a set of exactly n icons. */
export type IconSetOfSize = '3TrafficLights1' | '4TrafficLights' | '5Arrows';
const ICON_SET_OF_SIZE: Record<3 | 4 | 5, IconSetOfSize> = { 3: '3TrafficLights1', 4: '4TrafficLights', 5: '5Arrows' };

/**
 * An icon rule as Excel takes it. A custom rule names a built-in set with as many icons as it shows (Excel refuses, or
 * repairs, a count that differs), and Excel has no set of fewer than three: a one- or two-icon rule shows its lowest
 * icon again in empty bands (their threshold equals the next one up), so what shows is unchanged.
 */
export function excelIconRule<I>(icons: readonly I[], thresholds: readonly number[]): { base: IconSetOfSize; icons: I[]; thresholds: number[] } {
  if (icons.length === 0 || icons.length > 5 || icons.length !== thresholds.length) {
    throw new Error(`an icon rule needs 1 to 5 icons, one per threshold (got ${icons.length} and ${thresholds.length})`);
  }
  const outIcons = [...icons];
  const outThresholds = [...thresholds];
  while (outIcons.length < 3) {
    outIcons.unshift(outIcons[0]!);
    outThresholds.splice(1, 0, outThresholds[1] ?? outThresholds[0]!);
  }
  return { base: ICON_SET_OF_SIZE[outIcons.length as 3 | 4 | 5], icons: outIcons, thresholds: outThresholds };
}
