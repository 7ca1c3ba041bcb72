// The whole job on a grid: find the trackers, build the register, build the report for a quarter.
import { buildRegister } from './build-register';
import { buildReport } from './build-report';
import { compareRegisters, type PreviousRegister } from './compare-registers';
import { DEFAULT_FY_START_MONTH, type Config, type Field } from './config';
import type { GridSheet, GridWorkbook } from './grid';
import { appendIssues, makeIssue, type Issue } from './issue';
import type { Milestone, QuarterRef } from './milestone';
import { financialYearLabel, financialYearStart, parseQuarter, quarterFromIndex, quarterIndex, quarterOfDate } from './quarter';
import { readTrackerSheet, type RawRow, type TrackerSheet } from './read-tracker';
import type { Report } from './report-model';
import { resolveScale } from './status-scale';
import { isIssuesSheetName, isRegisterSheetName, isReportSheetName } from '../shared/excel-rules';

/** How one source sheet was read: where its header is and which column feeds which field. */
export interface SheetMapping {
  sheet: string;
  /** 1-based header row. */
  headerRow: number;
  headers: string[];
  columns: ColumnMapping[];
  /** Per-quarter history columns found, e.g. "Q2 RAG" -> Q2 status. */
  history: { column: number; header: string; quarter: string; financialYear?: string; kind: 'status' | 'update' }[];
}

export interface ColumnMapping {
  field: Field;
  /** 0-based column index in the sheet. */
  column: number;
  header: string;
  /** 0..1: 1 for an exact synonym or a config override. */
  confidence: number;
  fromConfig: boolean;
}

export interface PipelineOptions {
  /** Report period; default: the latest quarter that has updates. */
  period?: Partial<QuarterRef>;
  /** Issues the reader raised (error cells, encoding), merged into the result without duplicates. */
  readIssues?: Issue[];
  /** Used only when the data give no quarter at all; default: now. */
  today?: Date;
  /** The previous period to compare with (read with the same settings, so on the same scale); the report then carries `changes`. */
  previous?: PreviousRegister;
  /**
   * For a caller with no further use for the grid (the CLI copies the source from its bytes): each tracker sheet's rows
   * are let go as soon as they are read, and each tracker row once its milestone is built, so the cells' text is held
   * only where the register holds it. The workbook's tracker sheets are left with no rows.
   */
  consumeGrid?: boolean;
  /**
   * Called with each milestone as it is built (with `consumeGrid`, the only holder of its text by then): the CLI keeps
   * past quarters' updates deflated from here on. It may replace history entries with equal ones; nothing else.
   */
  onMilestone?: (m: Milestone) => void;
}

export interface PipelineResult {
  mappings: SheetMapping[];
  register: Milestone[];
  report: Report;
  /** Every issue: reading, mapping, validation and report issues. Same list as report.issues. */
  issues: Issue[];
  /** Status wordings found in the data that are not on the scale (for the pane to offer a choice). */
  unknownStatuses: string[];
  /** The report's quarter, chosen or defaulted. */
  period: QuarterRef;
  /** With a previous period: each matched milestone's status then, by id (the register's Change column). */
  previousStatus?: Map<string, string | undefined>;
}

export function runPipeline(workbook: GridWorkbook, config: Config, options: PipelineOptions = {}): PipelineResult {
  const fyStart = config.financialYearStartMonth ?? DEFAULT_FY_START_MONTH;
  const issues: Issue[] = [];
  appendIssues(issues, options.readIssues ?? []);

  // Sheets the file has but the reader left out (hidden ones), named when they may be why no tracker was found.
  const notRead = (workbook.sheetsInFile ?? []).filter((name) => !workbook.sheets.some((x) => x.name === name));
  const wanted = config.sheet === undefined ? undefined : Array.isArray(config.sheet) ? config.sheet : [config.sheet];
  const sheets = wanted
    ? wanted.flatMap((name) => {
        const s = workbook.sheets.find((x) => x.name === name) ?? workbook.sheets.find((x) => x.name.toLowerCase() === name.toLowerCase());
        // Several files read as one: a name may be a sheet's own name in each of them.
        const inFiles = s ? [] : workbook.sheets.filter((x) => x.origin !== undefined && x.origin.sheet.toLowerCase() === name.toLowerCase());
        if (inFiles.length > 0) return inFiles;
        if (!s) {
          const hidden = notRead.find((x) => x.toLowerCase() === name.toLowerCase());
          issues.push(
            hidden !== undefined
              ? makeIssue('error', hidden, '', 'sheet-not-found', `The settings name the sheet "${hidden}", which is hidden in the workbook, so it was not read.`,
                  'Unhide it in Excel (right-click a sheet tab > Unhide), save the workbook and run again.')
              : makeIssue('error', name, '', 'sheet-not-found', `The settings name a sheet "${name}" that the workbook does not have.`,
                  `Sheets in the workbook: ${workbook.sheets.map((x) => x.name).join(', ')}`),
          );
        }
        return s ? [s] : [];
      })
    : byFile(workbook.sheets).flatMap((group) => defaultSheets(group, config, issues));

  const trackers: TrackerSheet[] = [];
  for (const sheet of sheets) {
    const r = readTrackerSheet(sheet, config);
    appendIssues(issues, r.issues);
    if (r.tracker) {
      trackers.push(r.tracker);
      // Only a sheet that gave a tracker: the others are looked at again below when no tracker is found.
      if (options.consumeGrid) sheet.rows = [];
    }
  }
  if (trackers.length === 0 && sheets.length > 0) {
    const empty = sheets.every((s) => s.rows.every((r) => r.every((v) => v === null || v === '')));
    const hiddenNote = notRead.length === 0 ? '' : ` Hidden sheets are not read: ${notRead.map((n) => `"${n}"`).join(', ')}.`;
    issues.push(makeIssue('error', '', '', 'no-tracker-found', `No milestone tracker was found in ${workbook.source}${empty ? `: ${sheets.length === 1 ? `its sheet "${sheets[0]!.name}" is` : 'its sheets are'} empty` : ''}.${hiddenNote}`,
      `The tracker needs a header row with a "Milestone" column and at least one of Due, Status, Owner or Update; or set "sheet" and "headerRow" in the settings.${notRead.length === 0 ? '' : ' If the tracker is on a hidden sheet, unhide it in Excel, save and run again.'}`));
  }

  const period = choosePeriod(trackers, fyStart, options);
  const reg = buildRegister(trackers, config, {
    defaultFinancialYear: period.financialYear,
    ...(options.consumeGrid ? { consumeRows: true } : {}),
    ...(options.onMilestone ? { onMilestone: options.onMilestone } : {}),
  });
  appendIssues(issues, reg.issues);
  const scale = resolveScale(config.scale);
  const report = buildReport(reg.register, period, reg.rows, { fyStartMonth: fyStart, locate: reg.locate, scale });
  appendIssues(issues, report.issues);
  let previousStatus: Map<string, string | undefined> | undefined;
  if (options.previous) {
    const compared = compareRegisters(reg.register, period, options.previous, {
      scale,
      locate: (id) => reg.locate(id, 'milestone'),
    });
    report.changes = compared.changes;
    previousStatus = compared.previousStatus;
    appendIssues(issues, compared.issues);
  }
  const all = dedupeIssues(issues);
  report.issues = all;
  if (config.language !== undefined) report.language = config.language;

  return {
    mappings: trackers.map((t) => ({
      sheet: t.sheet,
      headerRow: t.headerRow,
      headers: t.headers,
      columns: t.columns.map((c) => ({ ...c })),
      history: t.history.map((h) =>
        h.fyStart === undefined
          ? { column: h.column, header: h.header, quarter: h.quarter, kind: h.kind }
          : { column: h.column, header: h.header, quarter: h.quarter, financialYear: financialYearLabel(h.fyStart), kind: h.kind },
      ),
    })),
    register: reg.register,
    report,
    issues: all,
    unknownStatuses: reg.unknownStatuses,
    period,
    ...(previousStatus ? { previousStatus } : {}),
  };
}

/**
 * An earlier period's tracker or register.xlsx, read with the same settings, as the previous register to compare
 * with; or the one issue that says why it cannot be (no tracker in it).
 */
export function previousFromWorkbook(
  workbook: GridWorkbook,
  config: Config,
  source: string,
  options: Pick<PipelineOptions, 'period' | 'today'> = {},
): { ok: true; previous: PreviousRegister; issues: Issue[] } | { ok: false; issue: Issue } {
  const r = runPipeline(workbook, config, options);
  if (r.mappings.length === 0) {
    const why = r.issues.find((i) => i.code === 'no-tracker-found') ?? r.issues.find((i) => i.severity === 'error' && i.cell === '');
    return {
      ok: false,
      issue: makeIssue('error', '', '', 'previous-unreadable',
        why ? `The previous file cannot be used: ${why.message}` : `The previous file ${source} has no milestone tracker.`,
        why?.suggestion),
    };
  }
  const periodFrom = options.period?.quarter && options.period.financialYear ? 'given' : r.mappings.some((m) => m.history.length > 0) ? 'history' : 'due-dates';
  return { ok: true, previous: { source, period: r.period, register: r.register, periodFrom }, issues: r.issues };
}

/**
 * Sheets of one file read when the settings name none: every sheet but the report and issues sheets this tool writes.
 * A workbook that already has a "Milestone Register" (a register.xlsx, or a workbook the add-in worked on)
 * is read from its newest register, which people edit; its source sheets would count every row twice.
 */
function defaultSheets(all: GridSheet[], config: Config, issues: Issue[]) {
  const own = (s: GridSheet) => s.origin?.sheet ?? s.name;
  // Only a sheet that reads as a register counts: a "Milestone Register" sheet of notes must not hide the tracker.
  const registers = all.filter((s) => isRegisterSheetName(own(s)) && readTrackerSheet(s, config).tracker !== undefined);
  if (registers.length > 0) {
    const newest = registers[registers.length - 1]!;
    const others = all.filter((s) => s !== newest && !isReportSheetName(own(s)) && !isIssuesSheetName(own(s)));
    if (others.length > 0) {
      issues.push(makeIssue('warning', newest.name, '', 'register-sheet-used',
        `The workbook has a "${newest.name}" sheet, so it was read instead of ${others.map((s) => `"${s.name}"`).join(', ')}.`,
        'To build from the original tracker sheets, name them in the settings ("sheet").'));
    }
    return [newest];
  }
  return all.filter((s) => !isReportSheetName(own(s)) && !isIssuesSheetName(own(s)));
}

/** The sheets grouped by the file they came from, in order (one group when the workbook is one file). */
function byFile(sheets: GridSheet[]): GridSheet[][] {
  const groups = new Map<string | undefined, GridSheet[]>();
  for (const s of sheets) {
    const g = groups.get(s.origin?.file);
    if (g) g.push(s);
    else groups.set(s.origin?.file, [s]);
  }
  return [...groups.values()];
}

/** One issue per sheet, cell and code: the most severe, first seen. */
function dedupeIssues(issues: Issue[]): Issue[] {
  const out: Issue[] = [];
  // By cell, the places in out of the issues kept for it (a cell has one or two; no key strings to build).
  const at = new Map<string, number[]>();
  for (let n = 0; n < issues.length; n++) {
    const i = issues[n]!;
    if (i.cell === '') {
      out.push(i);
      continue;
    }
    const kept = at.get(i.cell);
    let k: number | undefined;
    if (kept !== undefined) {
      for (const j of kept) {
        if (out[j]!.sheet === i.sheet && out[j]!.code === i.code) {
          k = j;
          break;
        }
      }
    }
    if (k === undefined) {
      if (kept === undefined) at.set(i.cell, [out.length]);
      else kept.push(out.length);
      out.push(i);
    } else if (out[k]!.severity === 'warning' && i.severity === 'error') {
      out[k] = i;
    }
  }
  return out;
}

/** The report quarter: as asked, else the latest quarter that has updates. */
export function choosePeriod(trackers: TrackerSheet[], fyStart: number, options: PipelineOptions): QuarterRef {
  const asked = options.period ?? {};
  if (asked.quarter && asked.financialYear) return { quarter: asked.quarter, financialYear: asked.financialYear };

  // Financial year of most dated due cells: the year that history headers without a year belong to.
  const fyCount = new Map<string, number>();
  /** Quarter index of each row with a dated due cell, and the row (whether it has an update is asked only if needed). */
  const dueIdx: number[] = [];
  const dueRows: RawRow[] = [];
  for (const t of trackers) {
    for (let k = 0; k < t.rows.length; k++) {
      const r = t.rows[k]!;
      const p = parseQuarter(r.fields.due ?? null, fyStart);
      if (p.kind !== 'ok') continue;
      fyCount.set(p.ref.financialYear, (fyCount.get(p.ref.financialYear) ?? 0) + 1);
      dueIdx.push(quarterIndex(p.ref));
      dueRows.push(r);
    }
  }
  const dominant = [...fyCount.entries()].sort((a, b) => b[1] - a[1] || b[0].localeCompare(a[0]))[0]?.[0];
  const yearless = asked.financialYear ?? dominant;

  // Latest quarter with updates, per financial year (a tracker can hold hundreds of thousands of cells:
  // keep maxima, never spread big arrays into Math.max).
  const latestByStart = new Map<number, number>();
  const note = (idx: number) => {
    const start = Math.floor(idx / 4);
    latestByStart.set(start, Math.max(latestByStart.get(start) ?? -Infinity, idx));
  };
  // A quarter column counts once one of its cells is filled: the rest of its cells say nothing more.
  for (const t of trackers) {
    t.history.forEach((h, i) => {
      const filled = t.rows.some((r) => {
        const v = r.historyValues[i] ?? null;
        return v !== null && (typeof v === 'object' || String(v).trim() !== '');
      });
      if (!filled) return;
      const fy = h.fyStart !== undefined ? financialYearLabel(h.fyStart) : yearless;
      if (fy) note(quarterIndex({ quarter: h.quarter, financialYear: fy }));
    });
  }
  if (latestByStart.size === 0) {
    // No per-quarter history: the updates are current, so the report is for the latest quarter with
    // updates that is not in the future (end dates years ahead say nothing about the reporting quarter).
    const now = quarterIndex(quarterOfDate(options.today ?? new Date(), fyStart));
    const pick = (xs: number[]) => {
      const past = xs.filter((i) => i <= now);
      for (const i of past.length > 0 ? past : xs) note(i);
    };
    pick(dueIdx.filter((_, k) => {
      const u = dueRows[k]!.fields.update;
      return u !== null && u !== undefined && (typeof u === 'object' || String(u).trim() !== '');
    }));
    if (latestByStart.size === 0) pick(dueIdx);
  }

  if (asked.financialYear) {
    const inYear = latestByStart.get(financialYearStart(asked.financialYear));
    return { quarter: asked.quarter ?? (inYear !== undefined ? quarterFromIndex(inYear).quarter : 'Q4'), financialYear: asked.financialYear };
  }
  let best: number | undefined;
  for (const v of latestByStart.values()) best = best === undefined ? v : Math.max(best, v);
  const latest = best !== undefined ? quarterFromIndex(best) : quarterOfDate(options.today ?? new Date(), fyStart);
  return asked.quarter ? { quarter: asked.quarter, financialYear: latest.financialYear } : latest;
}
