// The engine's answer from the worker, in pieces: one message of a 100,000-row result is about 90 MB to copy, and the
// page copies a message in one go when it arrives (over a second of frozen pane). Pieces of 50-150 items
// each arrive as their own short task, and the page repaints and answers clicks between them. What the pane shows of the
// whole register and report (its years, the preview's HTML) comes made with the head, so the page never walks them.
import type { Issue } from '../domain/issue';
import type { Milestone } from '../domain/milestone';
import type { PipelineResult } from '../domain/pipeline';
import type { PrioritySection, ReportEntry, ThemeSection } from '../domain/report-model';
import { renderReportHtml } from '../render/report-html';

/** Entries in the pane's preview; a big tracker's report is tens of thousands (the exports hold them all). */
export const PREVIEW_ENTRIES = 300;
/**
 * Priorities in each of the preview's summary tables: a tracker with thousands of priorities made tables of 20,000
 * elements, a third of a second to lay out.
 */
export const PREVIEW_SUMMARY_ROWS = 50;

/** What the pane shows of a result beyond its head: the financial years it mentions and the report preview's HTML. */
export interface ResultView {
  years: string[];
  previewHtml: string;
}

export function makeResultView(result: PipelineResult): ResultView {
  const ys = new Set<string>([result.period.financialYear]);
  for (const m of result.register) {
    ys.add(m.due.financialYear);
    if (m.completed) ys.add(m.completed.financialYear);
    for (const h of m.history) ys.add(h.financialYear);
  }
  return { years: [...ys].sort(), previewHtml: renderReportHtml(result.report, { maxEntries: PREVIEW_ENTRIES, maxSummaryRows: PREVIEW_SUMMARY_ROWS }) };
}

/** Views that came with a result from the worker. */
const madeViews = new WeakMap<PipelineResult, ResultView>();
/** Results whose register stayed in the worker. */
const registersKept = new WeakSet<PipelineResult>();

/**
 * True for a result whose register stayed in the worker (a file read there, which the worker also writes from): its
 * `register` is empty on the page, and `report.rows.inRegister` counts it.
 */
export function registerInWorker(result: PipelineResult): boolean {
  return registersKept.has(result);
}

/** The view that came with the result, else made here (a result the page made itself). */
export function resultView(result: PipelineResult): ResultView {
  let view = madeViews.get(result);
  if (!view) {
    view = makeResultView(result);
    madeViews.set(result, view);
  }
  return view;
}

export type ResultPiece =
  /** Everything but the long lists, which are empty here; `sharedIssues`: report.issues is the same list as issues. */
  | { kind: 'head'; result: PipelineResult; sharedIssues: boolean; view?: ResultView; registerStays?: true }
  | { kind: 'register'; items: Milestone[] }
  | { kind: 'issues'; items: Issue[] }
  | { kind: 'report-issues'; items: Issue[] }
  /** Whole priority sections, appended to the report's. */
  | { kind: 'sections'; items: PrioritySection[] }
  /** Whole themes, appended to the last section's (a section too big for one piece). */
  | { kind: 'themes'; items: ThemeSection[] }
  /** Entries appended to the last theme of the last section (a theme too big for one piece). */
  | { kind: 'entries'; items: ReportEntry[] };

/**
 * Register rows per piece: about 50 KB of a typical tracker's rows, about 1 ms to take in on a quiet machine (150 took 30-90 ms
 * a piece on a machine loaded 8 times over its cores). Issues and report entries are about a third the size of a row,
 * so their pieces hold three times as many.
 */
export const PIECE_ITEMS = 50;

/**
 * `registerStays`: the register is not sent (three quarters of a big result, 90 MB at 100,000 rows); the page needs
 * only its count, and the worker, which keeps the result, writes the files from it.
 */
export function splitResult(result: PipelineResult, size = PIECE_ITEMS, view?: ResultView, registerStays = false): ResultPiece[] {
  const sharedIssues = result.report.issues === result.issues;
  // A big tracker's report has thousands of priorities and themes (12,000 themes at 100,000 rows): they come in pieces too.
  const head: PipelineResult = { ...result, register: [], issues: [], report: { ...result.report, issues: [], sections: [] } };
  const pieces: ResultPiece[] = [
    { kind: 'head', result: head, sharedIssues, ...(view ? { view } : {}), ...(registerStays ? { registerStays: true as const } : {}) },
  ];
  const slices = <T,>(items: T[], n: number, make: (part: T[]) => ResultPiece) => {
    for (let i = 0; i < items.length; i += n) pieces.push(make(items.slice(i, i + n)));
  };
  const small = Math.max(1, size * 3);
  if (!registerStays) slices(result.register, size, (items) => ({ kind: 'register', items }));
  slices(result.issues, small, (items) => ({ kind: 'issues', items }));
  if (!sharedIssues) slices(result.report.issues, small, (items) => ({ kind: 'report-issues', items }));
  splitSections(result.report.sections, small, pieces);
  return pieces;
}

/** Items of a section or theme, counting each heading as one: what a piece of `small` items may hold. */
const themeWeight = (t: ThemeSection) => 1 + t.entries.length;
const sectionWeight = (s: PrioritySection) => s.themes.reduce((n, t) => n + themeWeight(t), 1);

/** Whole sections batched up to `small` items; a bigger section as its heading, then its themes the same way. */
function splitSections(sections: PrioritySection[], small: number, pieces: ResultPiece[]): void {
  /** Batches items of the given weights into pieces made by `make`; one heavier than a piece goes to `alone`. */
  const batch = <T,>(items: T[], weight: (x: T) => number, make: (part: T[]) => ResultPiece, alone: (x: T) => void) => {
    let part: T[] = [];
    let load = 0;
    const flush = () => {
      if (part.length > 0) pieces.push(make(part));
      part = [];
      load = 0;
    };
    for (const x of items) {
      const w = weight(x);
      if (w > small) {
        flush();
        alone(x);
        continue;
      }
      if (load + w > small) flush();
      part.push(x);
      load += w;
    }
    flush();
  };
  batch(
    sections,
    sectionWeight,
    (items) => ({ kind: 'sections', items }),
    (s) => {
      pieces.push({ kind: 'sections', items: [{ ...s, themes: [] }] });
      batch(
        s.themes,
        themeWeight,
        (items) => ({ kind: 'themes', items }),
        (t) => {
          pieces.push({ kind: 'themes', items: [{ ...t, entries: [] }] });
          for (let i = 0; i < t.entries.length; i += small) pieces.push({ kind: 'entries', items: t.entries.slice(i, i + small) });
        },
      );
    },
  );
}

/** Puts the pieces back together (in the order splitResult made them); the same result, down to the shared issue list. */
export class ResultJoiner {
  private result: PipelineResult | undefined;
  private view: ResultView | undefined;
  private registerStays = false;

  add(piece: ResultPiece): void {
    if (piece.kind === 'head') {
      this.result = piece.result;
      this.view = piece.view;
      this.registerStays = piece.registerStays === true;
      if (piece.sharedIssues) this.result.report.issues = this.result.issues;
      return;
    }
    const r = this.result;
    if (!r) throw new Error('a piece of the engine result came before its head');
    const sections = r.report.sections;
    if (piece.kind === 'register') append(r.register, piece.items);
    else if (piece.kind === 'issues') append(r.issues, piece.items);
    else if (piece.kind === 'report-issues') append(r.report.issues, piece.items);
    else if (piece.kind === 'sections') append(sections, piece.items);
    else {
      const section = sections[sections.length - 1];
      if (!section) throw new Error('report themes came before their section');
      if (piece.kind === 'themes') append(section.themes, piece.items);
      else {
        const theme = section.themes[section.themes.length - 1];
        if (!theme) throw new Error('report entries came before their theme');
        append(theme.entries, piece.items);
      }
    }
  }

  done(): PipelineResult {
    if (!this.result) throw new Error('the engine result had no head');
    if (this.view) madeViews.set(this.result, this.view);
    if (this.registerStays) registersKept.add(this.result);
    return this.result;
  }
}

function append<T>(target: T[], items: T[]): void {
  for (const i of items) target.push(i);
}
