// Everything the task pane asks of Excel, each call one runExcel batch; results and failures come back as data.
import type { Config } from '../../domain/config';
import type { GridWorkbook } from '../../domain/grid';
import { makeIssue, officeErrorOf, type Issue } from '../../domain/issue';
import { cancelledIssue } from '../../domain/cancelled-issue';
import { isCancelled } from '../../shared/long-work';
import type { SheetLayout } from '../../render/sheet-layout';
import {
  describeMissing,
  detectCapabilities,
  officeErrorCode,
  PROTECTION_CODES,
  runExcel,
  SIZE_CODES,
  type Capabilities,
  type ExcelResult,
  type ExcelRunner,
  type OfficeLike,
} from './excel-run';
import { removeAddedSheets, removeOrMarkAddedSheets, type Cleanup, type WritePlan } from './partial-sheets';
import { readExcelWorkbook } from './read-workbook';
import { REQUEST_BUDGET_BYTES } from './request-batcher';
import { EMPTY_SETTINGS, loadSettings, saveSettings, type StoredSettings } from './workbook-settings';
import { writeLayouts, type WriteResult } from './write-layout';

export interface OfficeHostLike extends OfficeLike {
  context: OfficeLike['context'] & { officeTheme?: { bodyBackgroundColor?: string } };
}

export interface SessionOptions {
  sleep?: (ms: number) => Promise<void>;
  /** Bytes per request to Excel (tests and benchmarks make it small to get many syncs). */
  requestBudget?: number;
}

export interface WriteSheetsOptions {
  /** What the user asked for, in messages: "Building the register". */
  action?: string;
  /** Source sheets the layouts were built from: if one was renamed or deleted since it was read, nothing is written. */
  sources?: string[];
  /** The user's Cancel: the write stops before its next request and the sheets it had added are deleted. */
  signal?: AbortSignal;
}

export interface ExcelSession {
  capabilities: Capabilities;
  /** Features this Excel lacks, in words, for the pane to show. */
  missing: string[];
  theme(): 'light' | 'dark';
  /** Aborting `signal` stops the read after its current block (issue code "cancelled"); reading changes nothing. */
  readWorkbook(onProgress?: (f: number) => void, signal?: AbortSignal): Promise<ExcelResult<{ workbook: GridWorkbook; issues: Issue[]; activeSheet: string }>>;
  loadSettings(): Promise<{ settings: StoredSettings; issues: Issue[] }>;
  saveConfig(config: Config): Promise<Issue[]>;
  /**
   * Adds the layouts as new sheets. If Excel stops the write halfway, or the user cancels it, the sheets it had added are
   * deleted (or, where Excel refuses, marked " (incomplete)" with a note in A1) and the issue says which.
   */
  writeSheets(layouts: SheetLayout[], onProgress?: (f: number) => void, options?: WriteSheetsOptions): Promise<ExcelResult<WriteResult>>;
  selectCell(sheet: string, cell: string): Promise<Issue[]>;
  removeGeneratedSheets(): Promise<ExcelResult<{ removed: string[] }>>;
}

export function createExcelSession(office: OfficeHostLike, run: ExcelRunner, sleepOrOptions?: ((ms: number) => Promise<void>) | SessionOptions): ExcelSession {
  const { sleep, requestBudget = REQUEST_BUDGET_BYTES } = typeof sleepOrOptions === 'function' ? { sleep: sleepOrOptions } : (sleepOrOptions ?? {});
  const capabilities = detectCapabilities(office);
  let settings: StoredSettings = EMPTY_SETTINGS;
  /** A write that stopped before it could undo itself: its sheets go before anything else is written or removed. */
  let unfinished: WritePlan | undefined;
  const opts = (action: string) => (sleep ? { action, sleep } : { action });

  const persist = async (next: StoredSettings): Promise<Issue[]> => {
    settings = next;
    if (!capabilities.settings) return [];
    const r = await runExcel(run, (ctx) => saveSettings(ctx, next), opts('Saving the settings'));
    return r.ok ? [] : [r.issue];
  };

  /** After a write stopped for good: undo what it added (or mark it) and say so in the issue. */
  const undoStoppedWrite = async (issue: Issue, action: string): Promise<Issue> => {
    const code = officeErrorOf(issue.code);
    const protection = capabilities.protection && code !== undefined && PROTECTION_CODES.includes(code);
    if (!unfinished && !protection) return { ...issue, message: `${issue.message} ${NOTHING_WRITTEN}` };
    const plan = unfinished ?? { existingIds: [], names: [] };
    const c = await runExcel(run, (ctx) => removeOrMarkAddedSheets(ctx, plan, protection), { ...opts('Removing the half-written sheets'), attempts: 2 });
    if (!c.ok && plan.names.length === 0) return { ...issue, message: `${issue.message} ${NOTHING_WRITTEN}` };
    if (!c.ok) {
      // Excel refused even the clean-up (still in cell-edit mode, say): the next write or removal deletes them first.
      return {
        ...issue,
        message: `${issue.message} Sheets it had started (${quoted(plan.names)}) may still be in the workbook, half-written; your own sheets were not changed.`,
        suggestion: `${issue.suggestion ?? 'Try again.'} The half-written sheets are removed first when you try again, or use "Remove generated sheets".`,
      };
    }
    unfinished = undefined;
    if (c.value.marked.length > 0) {
      // Marked sheets stay in the add-in's list, so reading skips them and "Remove generated sheets" deletes them.
      await persist({ ...settings, generatedSheets: [...settings.generatedSheets, ...c.value.marked] });
    }
    return describeCleanup(issue, c.value, action);
  };

  return {
    capabilities,
    missing: describeMissing(capabilities),

    theme() {
      const bg = office.context.officeTheme?.bodyBackgroundColor;
      const m = bg ? /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})/i.exec(bg) : null;
      if (!m) return 'light';
      const [r, g, b] = [m[1], m[2], m[3]].map((h) => parseInt(h!, 16));
      return 0.299 * r! + 0.587 * g! + 0.114 * b! < 128 ? 'dark' : 'light';
    },

    async readWorkbook(onProgress, signal) {
      const skip = new Set(settings.generatedSheets.map((s) => s.id));
      // A sheet renamed or deleted while it is being read: read again once, from the new list of sheets.
      let rereads = 1;
      try {
        return await runExcel(run, async (ctx) => {
          const r = await readExcelWorkbook(ctx, capabilities, { skipIds: skip, ...(onProgress ? { onProgress } : {}), ...(signal ? { signal } : {}) });
          return { workbook: r.workbook, issues: r.issues, activeSheet: r.activeSheet };
        }, { ...opts('Reading the workbook'), retryIf: (code) => (code === 'ItemNotFound' || code === 'InsertDeleteConflict') && rereads-- > 0 });
      } catch (e) {
        if (!isCancelled(e)) throw e;
        return { ok: false, issue: cancelledIssue('Reading the workbook', 'Reading changes nothing in the workbook.') };
      }
    },

    async loadSettings() {
      if (!capabilities.settings) return { settings, issues: [] };
      const r = await runExcel(run, (ctx) => loadSettings(ctx), opts('Reading the saved settings'));
      if (!r.ok) return { settings, issues: [r.issue] };
      settings = r.value.settings;
      return r.value;
    },

    async saveConfig(config) {
      return persist({ ...settings, config });
    },

    async writeSheets(layouts, onProgress, options = {}) {
      const action = options.action ?? 'Writing the sheets';
      let budget = requestBudget;
      let sizeRetries = 2;
      let retrySmaller = false;
      let missing: string[] = [];
      const attempt = runExcel(run, async (ctx) => {
        // Retrying (cell-edit mode, a request too large) or after a write that could not undo itself: its sheets go first,
        // so the new ones get the same names, never "(2)" copies beside half-written sheets.
        if (unfinished) {
          await removeAddedSheets(ctx, unfinished);
          unfinished = undefined;
        }
        missing = options.sources?.length ? await missingSheets(ctx, options.sources) : [];
        if (missing.length > 0) return undefined;
        try {
          const w = await writeLayouts(ctx, layouts, capabilities, {
            budget,
            onPlan: (plan) => {
              unfinished = plan;
            },
            ...(onProgress ? { onProgress } : {}),
            ...(options.signal ? { signal: options.signal } : {}),
          });
          unfinished = undefined;
          return w;
        } catch (e) {
          retrySmaller = SIZE_CODES.includes(officeErrorCode(e) ?? '') && sizeRetries-- > 0;
          if (retrySmaller) budget = Math.floor(budget / 4);
          throw e;
        }
      }, { ...opts(action), retryIf: (code) => SIZE_CODES.includes(code) && retrySmaller });
      let r: Awaited<typeof attempt>;
      try {
        r = await attempt;
      } catch (e) {
        if (!isCancelled(e)) throw e;
        // Cancelled: the sheets already sent to Excel are removed, as for a write Excel stopped.
        return { ok: false, issue: await undoStoppedWrite(cancelledIssue(action, ''), action) };
      }
      if (r.ok && r.value === undefined) return { ok: false, issue: missingSourceIssue(action, missing) };
      if (!r.ok) return { ok: false, issue: await undoStoppedWrite(r.issue, action) };
      const issues = await persist({ ...settings, generatedSheets: [...settings.generatedSheets, ...r.value!.sheets, ...r.value!.helperSheets] });
      return { ok: true, value: { ...r.value!, issues: [...r.value!.issues, ...issues] } };
    },

    async selectCell(sheet, cell) {
      const r = await runExcel(run, async (ctx) => {
        const ws = ctx.workbook.worksheets.getItemOrNullObject(sheet);
        await ctx.sync();
        if (ws.isNullObject) return false;
        ws.activate();
        if (cell) ws.getRange(cell).select();
        await ctx.sync();
        return true;
      }, opts('Selecting the cell'));
      if (!r.ok) return [r.issue];
      return r.value ? [] : [makeIssue('warning', sheet, cell, 'sheet-not-found', `Sheet "${sheet}" is no longer in the workbook, so ${cell || 'it'} cannot be shown.`,
        `The sheet "${sheet}" was renamed or deleted; press "Read workbook again" on the Source step.`)];
    },

    async removeGeneratedSheets() {
      const tracked = settings.generatedSheets;
      const r = await runExcel(run, async (ctx) => {
        const removed: string[] = [];
        if (unfinished) {
          removed.push(...(await removeAddedSheets(ctx, unfinished)));
          unfinished = undefined;
        }
        const found = tracked.map((s) => {
          const ws = ctx.workbook.worksheets.getItemOrNullObject(s.id);
          ws.load('name');
          return ws;
        });
        await ctx.sync();
        for (const ws of found) {
          if (ws.isNullObject) continue;
          removed.push(ws.name);
          ws.delete();
        }
        await ctx.sync();
        return { removed };
      }, opts('Removing the generated sheets'));
      if (r.ok) await persist({ ...settings, generatedSheets: [] });
      return r;
    },
  };
}

const NOTHING_WRITTEN = 'Nothing was written; your own sheets were not changed.';

const quoted = (names: string[]) => names.map((n) => `"${n}"`).join(', ');

/** Source sheets (by name, as Excel compares them) that are no longer in the workbook. */
async function missingSheets(context: Excel.RequestContext, names: string[]): Promise<string[]> {
  const sheets = context.workbook.worksheets;
  sheets.load('items/name');
  await context.sync();
  const have = new Set(sheets.items.map((s) => s.name.toLowerCase()));
  return [...new Set(names)].filter((n) => !have.has(n.toLowerCase()));
}

function missingSourceIssue(action: string, missing: string[]): Issue {
  const one = missing.length === 1;
  const names = quoted(missing);
  return makeIssue('error', missing[0] ?? '', '', 'source-sheet-missing',
    `${action} stopped: the ${one ? 'sheet' : 'sheets'} ${names} ${one ? 'it was read from is' : 'they were read from are'} no longer in the workbook. ${NOTHING_WRITTEN}`,
    `The ${one ? 'sheet' : 'sheets'} ${names} ${one ? 'was' : 'were'} renamed or deleted; press "Read workbook again" on the Source step, then try again.`);
}

/** The issue of a stopped write, completed with what became of the sheets it had added and, for protection, what to unprotect. */
function describeCleanup(issue: Issue, c: Cleanup, action: string): Issue {
  // Protection found: say which, in place of Excel's general wording ("The operation is invalid ...").
  const why = c.workbookProtected
    ? `${action} stopped: the workbook\u2019s structure is protected, so sheets cannot be added or removed.`
    : c.protectedSheets.length > 0
    ? `${action} stopped: ${c.protectedSheets.length === 1 ? 'sheet' : 'sheets'} ${quoted(c.protectedSheets)} ${c.protectedSheets.length === 1 ? 'was' : 'were'} protected while the add-in was writing.`
    : issue.message;
  const parts = [why];
  if (c.removed.length > 0) parts.push(`The half-written ${c.removed.length === 1 ? 'sheet' : 'sheets'} ${quoted(c.removed)} ${c.removed.length === 1 ? 'was' : 'were'} removed; the workbook is as it was.`);
  if (c.marked.length > 0) {
    parts.push(`Excel did not let the add-in remove the half-written ${c.marked.length === 1 ? 'sheet' : 'sheets'}: ${quoted(c.marked.map((m) => m.name))} ${c.marked.length === 1 ? 'is' : 'are'} marked incomplete (a note in A1). Delete ${c.marked.length === 1 ? 'it' : 'them'}, or use "Remove generated sheets".`);
  }
  if (c.left.length > 0) parts.push(`The half-written ${c.left.length === 1 ? 'sheet' : 'sheets'} ${quoted(c.left)} could not be removed or marked: delete ${c.left.length === 1 ? 'it' : 'them'} by hand.`);
  if (c.removed.length + c.marked.length + c.left.length === 0) parts.push(NOTHING_WRITTEN);
  else parts.push('Your own sheets were not changed.');

  let suggestion = issue.suggestion;
  if (c.workbookProtected) suggestion = 'The workbook’s structure is protected: unprotect it (Review > Protect Workbook) and try again.';
  else if (c.protectedSheets.length > 0) {
    const gone = c.protectedSheets.every((n) => c.removed.includes(n));
    suggestion = gone
      ? 'Something else protected the new sheet while the add-in was writing (a co-author, a macro or another add-in?); try again once it has stopped.'
      : `Unprotect sheet ${quoted(c.protectedSheets)} (Review > Unprotect Sheet), delete it, and try again.`;
  }
  return suggestion === undefined ? { ...issue, message: parts.join(' ') } : { ...issue, message: parts.join(' '), suggestion };
}
