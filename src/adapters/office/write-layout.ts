// Writes SheetLayouts to new Excel sheets: values in chunks first, then formats, table, validations, icons, print setup, chart.
// Each step is its own module: write-values, write-formats, write-table, write-page; write-requests sizes the requests.
import { makeIssue, type Issue } from '../../domain/issue';
import { throwIfCancelled } from '../../shared/long-work';
import type { ListValidation, SheetLayout } from '../../render/sheet-layout';
import type { Capabilities } from './excel-run';
import { allocateSheetName, allocateTableName, ListSources, LISTS_SHEET, renameInFormula, type ListSource, type Renames } from '../../shared/excel-rules';
import { REQUEST_BUDGET_BYTES, RequestBatcher, type BatchStats } from './request-batcher';
import { queueFormats } from './write-formats';
import { queueSheetSetup, type FitCheck } from './write-page';
import { COMMAND_BYTES, type Adder } from './write-requests';
import { queueIconRule, queueTable, queueValidation } from './write-table';
import { chunkRows, queueValues, textTooLong, type CellFixes, type Chunk } from './write-values';

export { charsToPoints, dateRuns } from './write-formats';
export { rangeAddress, REQUEST_COST } from './write-requests';
export { chunkRows, type CellFixes } from './write-values';

export interface WrittenSheet {
  /** The name the sheet got (the layout's, or a free variant of it). */
  name: string;
  id: string;
}

export interface WriteResult {
  /** One per layout, in order. */
  sheets: WrittenSheet[];
  /** Sheets the layouts needed beside them: the hidden lists sheet of long dropdown lists, when one was. */
  helperSheets: WrittenSheet[];
  stats: BatchStats;
  issues: Issue[];
}

export interface WriteOptions {
  budget?: number;
  onProgress?: (fraction: number) => void;
  /** Activate the last written sheet at the end (default true). */
  activate?: boolean;
  /** Told, before any sheet is added, which sheets exist and which names the new ones get (to undo a write that stops). */
  onPlan?: (plan: { existingIds: string[]; names: string[] }) => void;
  /** Checked before every request is sent: once aborted, the write stops with CancelledError (the caller undoes it). */
  signal?: AbortSignal;
}

/** One layout ready to write: the names it gets and its values in request-sized chunks. */
interface SheetPlan {
  layout: SheetLayout;
  width: number;
  name: string;
  tableName: string | undefined;
  chunks: Chunk[];
  /** Where each of the layout's validations takes its list from (none when Excel has no validation). */
  sources: ListSource[];
}

interface WritePlan {
  sheets: SheetPlan[];
  /** The hidden sheet of dropdown lists too long to give inline, when one is needed. */
  lists: { name: string; width: number; chunks: Chunk[] } | undefined;
  /** The workbook's sheets, the new ones added to it. */
  worksheets: Excel.WorksheetCollection;
  existingIds: string[];
  /** Lower-cased defined names, which take table names. */
  definedNames: Set<string>;
  totalBytes: number;
}

/** A validation whose list is on the lists sheet: it waits until that sheet is written. */
interface PendingValidation {
  sheet: Excel.Worksheet;
  v: ListValidation;
  source: ListSource;
}

/** Adds one new sheet per layout (free names), never touching existing sheets. */
export async function writeLayouts(
  context: Excel.RequestContext,
  layouts: SheetLayout[],
  caps: Capabilities,
  options: WriteOptions = {},
): Promise<WriteResult> {
  const budget = options.budget ?? REQUEST_BUDGET_BYTES;
  const issues: Issue[] = [];
  const plan = await planWrite(context, layouts, caps, budget, issues);
  options.onPlan?.({ existingIds: plan.existingIds, names: [...plan.sheets.map((p) => p.name), ...(plan.lists ? [plan.lists.name] : [])] });
  const { add, batcher } = openRequests(context, caps, budget, plan.totalBytes, options);

  const written: { sheet: Excel.Worksheet; name: string }[] = [];
  const onLists: PendingValidation[] = [];
  const fitChecks: FitCheck[] = [];
  for (const p of plan.sheets) {
    const sheet = await addSheet(add, plan.worksheets, p.name);
    written.push({ sheet, name: p.name });
    await queueValues(add, sheet, p.chunks, p.width);
    await queueFormats(add, sheet, p.layout, caps, budget);
    if (p.layout.table && p.tableName !== undefined) await queueTable(add, sheet, p.name, p.layout.table, p.tableName, plan.definedNames, issues);
    await queueDropdownsAndIcons(add, sheet, p, caps, onLists);
    await queueSheetSetup(add, sheet, p.name, p.layout, caps, fitChecks);
  }
  const listsSheet = plan.lists ? await writeListsSheet(add, plan.worksheets, plan.lists, onLists) : undefined;

  const last = written[written.length - 1];
  if (last && options.activate !== false) await add(COMMAND_BYTES, () => last.sheet.activate());
  // Formulas written while calculation was paused (the icon scores) show their values once the workbook recalculates.
  if (caps.iconSets) await add(COMMAND_BYTES, () => context.workbook.application.calculate('Recalculate' as Excel.CalculationType));
  for (const w of written) w.sheet.load('id,name');
  listsSheet?.load('id,name');
  for (const f of fitChecks) f.layout.load('zoom');
  throwIfCancelled(options.signal);
  await batcher.flush();
  reportFitToWidth(fitChecks, issues);
  options.onProgress?.(1);
  const helperSheets = listsSheet ? [{ id: listsSheet.id, name: listsSheet.name }] : [];
  return { sheets: written.map((w) => ({ id: w.sheet.id, name: w.sheet.name })), helperSheets, stats: batcher.stats, issues };
}

/**
 * Reads the workbook's sheet, table and defined names, then names the new sheets and tables as the file writer does
 * (sheets first, then each sheet's table; formulas follow the renames) and cuts the values into request-sized chunks.
 */
async function planWrite(context: Excel.RequestContext, layouts: SheetLayout[], caps: Capabilities, budget: number, issues: Issue[]): Promise<WritePlan> {
  const sheetsColl = context.workbook.worksheets;
  sheetsColl.load('items/name,items/id');
  const tables = context.workbook.tables;
  tables.load('items/name');
  // Defined names share the tables' namespace: a name "MilestoneRegister" makes that table name unavailable.
  const names = context.workbook.names;
  names.load('items/name');
  await context.sync();
  const takenSheets = new Set(sheetsColl.items.map((s) => s.name.toLowerCase()));
  const definedNames = new Set(names.items.map((n) => n.name.toLowerCase()));
  const takenTables = new Set([...tables.items.map((t) => t.name.toLowerCase()), ...definedNames]);

  const sheetNames = layouts.map((layout) => allocateSheetName(layout.name, takenSheets));
  const sheetRenames = layouts.flatMap((l, i) => {
    const to = sheetNames[i];
    return to !== undefined && l.name !== to ? [{ from: l.name, to }] : [];
  });
  // Dropdown lists Excel cannot take inline go on a hidden lists sheet after the layouts, as in the file.
  const lists = new ListSources(() => allocateSheetName(LISTS_SHEET, takenSheets));
  const sheets = layouts.map((layout, i): SheetPlan => {
    const width = Math.max(1, layout.columnWidths.length, ...layout.rows.map((r) => r.length));
    const name = sheetNames[i] ?? layout.name;
    const tableName = layout.table ? allocateTableName(layout.table.name, takenTables) : undefined;
    const renames: Renames = { sheets: sheetRenames };
    if (layout.table && tableName !== undefined && tableName !== layout.table.name) renames.table = { from: layout.table.name, to: tableName };
    const fixes: CellFixes = {
      formula: (f) => renameInFormula(f, renames),
      onCut: (r, c, length) => issues.push(textTooLong(name, r, c, length)),
    };
    return { layout, width, name, tableName, chunks: chunkRows(layout.rows, width, budget - COMMAND_BYTES, fixes), sources: [] };
  });
  for (const p of sheets) if (caps.validation) p.sources = p.layout.validations.map((v) => lists.sourceFor(v.values));
  const listRows = lists.rows();
  const listsWidth = listRows[0]?.length ?? 1;
  const listsPlan = lists.name === undefined ? undefined : { name: lists.name, width: listsWidth, chunks: chunkRows(listRows, listsWidth, budget - COMMAND_BYTES) };
  const bytesOf = (chunks: Chunk[]) => chunks.reduce((m, c) => m + c.bytes, 0);
  const listBytes = listsPlan ? bytesOf(listsPlan.chunks) : 0;
  const totalBytes = sheets.reduce((n, p) => n + bytesOf(p.chunks) + p.layout.styles.length * COMMAND_BYTES, 1 + listBytes);
  return { sheets, lists: listsPlan, worksheets: sheetsColl, existingIds: sheetsColl.items.map((s) => s.id), definedNames, totalBytes };
}

/**
 * The request queue: commands are batched into requests within the budget, progress is reported at each sync, and the
 * user's cancel is honoured between requests.
 */
function openRequests(
  context: Excel.RequestContext, caps: Capabilities, budget: number, totalBytes: number, options: WriteOptions,
): { add: Adder; batcher: RequestBatcher } {
  let doneBytes = 0;
  // Screen updating and calculation are paused once, with the first request (pausing them at every request makes the
  // screen flicker between requests); the workbook is recalculated once everything is written.
  let paused = false;
  const batcher = new RequestBatcher(
    context,
    budget,
    () => {
      if (paused) return;
      paused = true;
      if (caps.suspendScreenUpdating) context.application.suspendScreenUpdatingUntilNextSync();
      if (caps.iconSets) context.application.suspendApiCalculationUntilNextSync();
    },
    () => options.onProgress?.(Math.min(1, doneBytes / totalBytes)),
  );
  const add: Adder = async (size, queue) => {
    // Between requests is the only place the user's click can have landed (queueing itself never waits).
    throwIfCancelled(options.signal);
    await batcher.add(size, queue);
    doneBytes += size;
  };
  return { add, batcher };
}

async function addSheet(add: Adder, worksheets: Excel.WorksheetCollection, name: string): Promise<Excel.Worksheet> {
  let sheet!: Excel.Worksheet;
  await add(COMMAND_BYTES, () => {
    sheet = worksheets.add(name);
  });
  return sheet;
}

/** Dropdowns and icon rules on the used rows the layout names; dropdowns whose list is on the lists sheet wait for it. */
async function queueDropdownsAndIcons(add: Adder, sheet: Excel.Worksheet, p: SheetPlan, caps: Capabilities, onLists: PendingValidation[]): Promise<void> {
  if (caps.validation) {
    for (const [i, v] of p.layout.validations.entries()) {
      const source = p.sources[i];
      if (source === undefined) continue;
      if ('range' in source) onLists.push({ sheet, v, source });
      else await queueValidation(add, sheet, v, source);
    }
  }
  if (caps.iconSets) {
    for (const rule of p.layout.iconRules) await queueIconRule(add, sheet, rule);
  }
}

/** The hidden lists sheet, then the dropdowns that take their lists from it. */
async function writeListsSheet(add: Adder, worksheets: Excel.WorksheetCollection, lists: NonNullable<WritePlan['lists']>, onLists: PendingValidation[]): Promise<Excel.Worksheet> {
  const sheet = await addSheet(add, worksheets, lists.name);
  await queueValues(add, sheet, lists.chunks, lists.width);
  await add(COMMAND_BYTES, () => {
    sheet.visibility = 'Hidden';
  });
  for (const { sheet: on, v, source } of onLists) await queueValidation(add, on, v, source);
  return sheet;
}

/** A warning for each sheet Excel did not set to print one page wide. */
function reportFitToWidth(fitChecks: FitCheck[], issues: Issue[]): void {
  for (const f of fitChecks) {
    if (f.layout.zoom?.horizontalFitToPages === 1) continue;
    issues.push(makeIssue('warning', f.name, '', 'fit-to-width-unset', `Excel did not set sheet "${f.name}" to print one page wide.`,
      'Before printing, set it by hand: Page Layout > Scale to Fit > Width: 1 page (Height: Automatic).'));
  }
}
