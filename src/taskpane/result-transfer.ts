// The engine's answer from the worker, in pieces: one message of a 100,000-row result is about 90 MB to copy, and the
// page copies a message in one go when it arrives (over a second of frozen pane). Pieces of a few hundred items
// each arrive as their own short task, and the page repaints and answers clicks between them. What the pane shows of the
// whole register and report (its years, the preview's HTML) comes made with the head, so the page never walks them.
import type { Issue } from '../domain/issue';
import type { Milestone } from '../domain/milestone';
import type { PipelineResult } from '../domain/pipeline';
import type { ReportEntry } from '../domain/report-model';
import { renderReportHtml } from '../render/report-html';

/** Entries in the pane's preview; a big tracker's report is tens of thousands (the exports hold them all). */
export const PREVIEW_ENTRIES = 300;

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
  return { years: [...ys].sort(), previewHtml: renderReportHtml(result.report, { maxEntries: PREVIEW_ENTRIES }) };
}

/** Views that came with a result from the worker. */
const madeViews = new WeakMap<PipelineResult, ResultView>();

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
  | { kind: 'head'; result: PipelineResult; sharedIssues: boolean; view?: ResultView }
  | { kind: 'register'; items: Milestone[] }
  | { kind: 'issues'; items: Issue[] }
  | { kind: 'report-issues'; items: Issue[] }
  | { kind: 'entries'; section: number; theme: number; items: ReportEntry[] };

/**
 * Items per piece: about 100 KB of a typical tracker's register rows, a few ms to take in (500 took 50-170 ms a piece on
 * a loaded machine, with the garbage collector's share).
 */
export const PIECE_ITEMS = 150;

export function splitResult(result: PipelineResult, size = PIECE_ITEMS, view?: ResultView): ResultPiece[] {
  const sharedIssues = result.report.issues === result.issues;
  const head: PipelineResult = {
    ...result,
    register: [],
    issues: [],
    report: {
      ...result.report,
      issues: [],
      sections: result.report.sections.map((s) => ({ ...s, themes: s.themes.map((t) => ({ ...t, entries: [] })) })),
    },
  };
  const pieces: ResultPiece[] = [view ? { kind: 'head', result: head, sharedIssues, view } : { kind: 'head', result: head, sharedIssues }];
  const slices = <T,>(items: T[], make: (part: T[]) => ResultPiece) => {
    for (let i = 0; i < items.length; i += size) pieces.push(make(items.slice(i, i + size)));
  };
  slices(result.register, (items) => ({ kind: 'register', items }));
  slices(result.issues, (items) => ({ kind: 'issues', items }));
  if (!sharedIssues) slices(result.report.issues, (items) => ({ kind: 'report-issues', items }));
  result.report.sections.forEach((s, section) =>
    s.themes.forEach((t, theme) => slices(t.entries, (items) => ({ kind: 'entries', section, theme, items }))),
  );
  return pieces;
}

/** Puts the pieces back together (in the order splitResult made them); the same result, down to the shared issue list. */
export class ResultJoiner {
  private result: PipelineResult | undefined;
  private view: ResultView | undefined;

  add(piece: ResultPiece): void {
    if (piece.kind === 'head') {
      this.result = piece.result;
      this.view = piece.view;
      if (piece.sharedIssues) this.result.report.issues = this.result.issues;
      return;
    }
    const r = this.result;
    if (!r) throw new Error('a piece of the engine result came before its head');
    if (piece.kind === 'register') append(r.register, piece.items);
    else if (piece.kind === 'issues') append(r.issues, piece.items);
    else if (piece.kind === 'report-issues') append(r.report.issues, piece.items);
    else append(r.report.sections[piece.section]!.themes[piece.theme]!.entries, piece.items);
  }

  done(): PipelineResult {
    if (!this.result) throw new Error('the engine result had no head');
    if (this.view) madeViews.set(this.result, this.view);
    return this.result;
  }
}

function append<T>(target: T[], items: T[]): void {
  for (const i of items) target.push(i);
}
