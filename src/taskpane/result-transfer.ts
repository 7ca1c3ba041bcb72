// The engine's answer from the worker, in pieces: one message of a 100,000-row result is about 90 MB to copy, and the
// page copies a message in one go when it arrives (over a second of frozen pane). Pieces of a few hundred items
// each arrive as their own short task, and the page repaints and answers clicks between them.
import type { Issue } from '../domain/issue';
import type { Milestone } from '../domain/milestone';
import type { PipelineResult } from '../domain/pipeline';
import type { ReportEntry } from '../domain/report-model';

export type ResultPiece =
  /** Everything but the long lists, which are empty here; `sharedIssues`: report.issues is the same list as issues. */
  | { kind: 'head'; result: PipelineResult; sharedIssues: boolean }
  | { kind: 'register'; items: Milestone[] }
  | { kind: 'issues'; items: Issue[] }
  | { kind: 'report-issues'; items: Issue[] }
  | { kind: 'entries'; section: number; theme: number; items: ReportEntry[] };

/** Items per piece: a few hundred KB of a typical tracker's register rows, 10-20 ms to take in on a busy page. */
export const PIECE_ITEMS = 500;

export function splitResult(result: PipelineResult, size = PIECE_ITEMS): ResultPiece[] {
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
  const pieces: ResultPiece[] = [{ kind: 'head', result: head, sharedIssues }];
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

  add(piece: ResultPiece): void {
    if (piece.kind === 'head') {
      this.result = piece.result;
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
    return this.result;
  }
}

function append<T>(target: T[], items: T[]): void {
  for (const i of items) target.push(i);
}
