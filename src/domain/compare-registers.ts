// This register against the previous period's: milestones matched by id, else by wording; what moved between them.
import { assignedId } from './build-register';
import { statusAt } from './build-report';
import type { Changes, DueChange, StatusChange } from './changes-model';
import { makeIssue, type Issue } from './issue';
import type { Milestone, QuarterRef } from './milestone';
import { formatQuarter, quarterFromIndex, quarterIndex } from './quarter';
import { editDistance, foldWords } from './status';
import { DELIVERY_SCALE, isDeliveredStatus, statusDirection, type StatusScale } from './status-scale';

/**
 * The previous period as the comparison needs it: read from an earlier tracker or a register.xlsx, or from a
 * published snapshot (a stored report model and register), which gives the same three things.
 */
export interface PreviousRegister {
  /** What it was read from, as the user knows it: a file name, or a snapshot's name. */
  source: string;
  period: QuarterRef;
  register: Milestone[];
  /**
   * Where the period came from: given (a snapshot, an option), the file's quarter columns, or only its due
   * dates. From due dates alone it says little (a Q3 tracker lists Q4 milestones), so the quarter before the
   * report's is taken instead, with a warning.
   */
  periodFrom?: 'given' | 'history' | 'due-dates';
}

export interface CompareOptions {
  /** The scale both registers' statuses are on (both are read with the same settings); default: delivery. */
  scale?: StatusScale;
  /** Where a milestone's cell is, for issues; without it issues name the row's sheet only. */
  locate?: (id: string) => { sheet: string; cell: string } | undefined;
}

export interface CompareResult {
  changes: Changes;
  issues: Issue[];
  /** Each matched milestone's status in the previous report, by this register's id (for the register's Change column). */
  previousStatus: Map<string, string | undefined>;
}

/** Wording at least this similar (1 - edit distance / longer length) is a fuzzy match. */
export const SIMILAR = 0.8;
/** Two candidates closer than this to each other are ambiguous. */
const TIE = 0.05;
/** Beyond this many wording pairs, fuzzy matching is skipped (with a warning) rather than slow the job. */
const MAX_FUZZY_PAIRS = 250_000;

function hasOwnId(m: Milestone): boolean {
  return m.id !== assignedId(m.source.sheet, m.source.row);
}

function groupKey(m: Milestone): string {
  return `${foldWords(m.priority)}\u0000${foldWords(m.theme)}`;
}

/** 0..1: 1 for the same folded words. */
export function wordingSimilarity(a: string, b: string): number {
  const fa = foldWords(a);
  const fb = foldWords(b);
  if (fa === fb) return 1;
  const longer = Math.max(fa.length, fb.length);
  if (longer === 0) return 1;
  if (Math.abs(fa.length - fb.length) / longer > 1 - SIMILAR) return 0;
  return 1 - editDistance(fa, fb) / longer;
}

export function compareRegisters(current: Milestone[], currentPeriod: QuarterRef, previous: PreviousRegister, options: CompareOptions = {}): CompareResult {
  const scale = options.scale ?? DELIVERY_SCALE;
  const issues: Issue[] = [];
  const where = (m: Milestone) => options.locate?.(m.id) ?? { sheet: m.source.sheet, cell: '' };
  let previousPeriod = previous.period;
  if (previous.periodFrom === 'due-dates') {
    previousPeriod = quarterFromIndex(quarterIndex(currentPeriod) - 1);
    issues.push(makeIssue('warning', '', '', 'previous-period-assumed',
      `The previous file (${previous.source}) has no quarter columns to say which quarter it reports, so it is taken as ${formatQuarter(previousPeriod)}, the quarter before this report's.`,
      'If it is another quarter, say which (--previous-quarter "Q2 2017-18").'));
  }
  const prevLabel = formatQuarter(previousPeriod);

  if (quarterIndex(previousPeriod) >= quarterIndex(currentPeriod)) {
    issues.push(makeIssue('warning', '', '', 'previous-not-earlier',
      `The previous report (${previous.source}) is for ${prevLabel}, not a quarter before this report's ${formatQuarter(currentPeriod)}.`,
      'Compare with the tracker or register of an earlier quarter.'));
  }

  /** current index -> previous index */
  const pairs = new Map<number, { prev: number; match?: 'same' | 'similar'; similarity?: number }>();
  const prevTaken = new Set<number>();
  const ambiguousCurrent = new Set<number>();
  const ambiguousPrev = new Set<number>();
  const ambiguous: Changes['ambiguous'] = [];

  // 1. By id: both rows carry an id of their own.
  const prevById = new Map<string, number>();
  previous.register.forEach((p, i) => {
    if (hasOwnId(p)) prevById.set(p.id, i);
  });
  current.forEach((c, i) => {
    if (!hasOwnId(c)) return;
    const j = prevById.get(c.id);
    if (j !== undefined) {
      pairs.set(i, { prev: j });
      prevTaken.add(j);
    }
  });

  // Wording is asked only where ids cannot answer: two rows that both carry ids of their own are different milestones.
  const ownId = current.map(hasOwnId);
  const prevOwnId = previous.register.map(hasOwnId);
  const mayPair = (c: number, p: number) => !(ownId[c] && prevOwnId[p]);
  const openCurrent = () => current.map((_, i) => i).filter((i) => !pairs.has(i) && !ambiguousCurrent.has(i));
  const openPrev = () => previous.register.map((_, i) => i).filter((i) => !prevTaken.has(i) && !ambiguousPrev.has(i));

  /** `rivals`: other current milestones that fit the one candidate as well (then the candidate is shared, not several). */
  const markAmbiguous = (c: number, candidates: number[], rivals: number[] = []) => {
    ambiguousCurrent.add(c);
    for (const p of candidates) ambiguousPrev.add(p);
    const m = current[c]!;
    const ids = candidates.map((p) => previous.register[p]!.id);
    ambiguous.push({ id: m.id, milestone: m.milestone, candidates: ids });
    const at = where(m);
    const message = rivals.length === 0
      ? `"${short(m.milestone)}" matches ${candidates.length} milestones of ${prevLabel} (${ids.join(', ')}) equally well, so it is not compared.`
      : `"${short(m.milestone)}" and ${rivals.map((r) => current[r]!.id).join(', ')} match the same milestone of ${prevLabel} (${ids.join(', ')}) equally well, so none of them is compared.`;
    issues.push(makeIssue('warning', at.sheet, at.cell, 'ambiguous-match', message, 'Give the milestones ids in both trackers, or word them apart.'));
  };

  // 2. The same words (case, spacing and punctuation folded); among several, the one under the same priority and theme.
  const prevByWords = new Map<string, number[]>();
  for (const p of openPrev()) {
    const k = foldWords(previous.register[p]!.milestone);
    const list = prevByWords.get(k);
    if (list) list.push(p);
    else prevByWords.set(k, [p]);
  }
  const curByWords = new Map<string, number[]>();
  for (const c of openCurrent()) {
    const k = foldWords(current[c]!.milestone);
    const list = curByWords.get(k);
    if (list) list.push(c);
    else curByWords.set(k, [c]);
  }
  for (const [k, cs] of curByWords) {
    const ps = prevByWords.get(k);
    if (!ps) continue;
    for (const c of cs) {
      const eligible = ps.filter((p) => !prevTaken.has(p) && mayPair(c, p));
      if (eligible.length === 0) continue;
      const rivals = cs.filter((x) => x !== c && !pairs.has(x));
      let pick: number | undefined;
      if (eligible.length === 1 && rivals.every((x) => !mayPair(x, eligible[0]!))) pick = eligible[0];
      else {
        const g = groupKey(current[c]!);
        const sameGroup = eligible.filter((p) => groupKey(previous.register[p]!) === g);
        const groupRivals = rivals.filter((x) => groupKey(current[x]!) === g && sameGroup.some((p) => mayPair(x, p)));
        if (sameGroup.length === 1 && groupRivals.length === 0) pick = sameGroup[0];
      }
      if (pick !== undefined) {
        pairs.set(c, { prev: pick, match: 'same', similarity: 1 });
        prevTaken.add(pick);
      } else {
        markAmbiguous(c, eligible);
      }
    }
  }

  // 3. Similar words: the closest pairs first; a near tie for either side is ambiguous, never a guess.
  const cs = openCurrent();
  const ps = openPrev();
  if (cs.length * ps.length > MAX_FUZZY_PAIRS) {
    issues.push(makeIssue('warning', '', '', 'fuzzy-match-skipped',
      `${cs.length} milestones found no match by id or exact wording among ${ps.length} of ${prevLabel}; too many to compare by similar wording, so they count as new and dropped.`,
      'Give the milestones ids in both trackers.'));
  } else {
    const candidates: { c: number; p: number; s: number }[] = [];
    for (const c of cs) {
      for (const p of ps) {
        if (!mayPair(c, p)) continue;
        const s = wordingSimilarity(current[c]!.milestone, previous.register[p]!.milestone);
        if (s >= SIMILAR) candidates.push({ c, p, s });
      }
    }
    candidates.sort((a, b) => b.s - a.s || a.c - b.c || a.p - b.p);
    const byC = new Map<number, typeof candidates>();
    const byP = new Map<number, typeof candidates>();
    for (const x of candidates) {
      (byC.get(x.c) ?? byC.set(x.c, []).get(x.c)!).push(x);
      (byP.get(x.p) ?? byP.set(x.p, []).get(x.p)!).push(x);
    }
    const open = (y: (typeof candidates)[number]) => !pairs.has(y.c) && !prevTaken.has(y.p) && !ambiguousCurrent.has(y.c) && !ambiguousPrev.has(y.p);
    for (const x of candidates) {
      if (!open(x)) continue;
      const close = [...byC.get(x.c)!, ...byP.get(x.p)!].filter((y) => y !== x && x.s - y.s < TIE && open(y));
      if (close.length === 0) {
        pairs.set(x.c, { prev: x.p, match: 'similar', similarity: Math.round(x.s * 100) / 100 });
        prevTaken.add(x.p);
        continue;
      }
      // The tie concerns this current milestone (several previous ones), or this previous one (several current ones).
      const forC = close.filter((y) => y.c === x.c).map((y) => y.p);
      if (forC.length > 0) markAmbiguous(x.c, [x.p, ...forC]);
      else {
        const group = [x.c, ...close.map((y) => y.c)].sort((a, b) => a - b);
        for (const c of group) markAmbiguous(c, [x.p], group.filter((o) => o !== c));
      }
    }
  }

  // What moved between the matched pairs, in this register's order.
  const statusChanges: StatusChange[] = [];
  const dueChanges: DueChange[] = [];
  const wordingMatches: Changes['wordingMatches'] = [];
  const previousStatus = new Map<string, string | undefined>();
  const qi = quarterIndex(currentPeriod);
  const pqi = quarterIndex(previousPeriod);
  current.forEach((c, i) => {
    const pair = pairs.get(i);
    if (!pair) return;
    const p = previous.register[pair.prev]!;
    if (pair.match) wordingMatches.push({ id: c.id, previousId: p.id, match: pair.match, similarity: pair.similarity ?? 1 });
    const from = statusAt(p, pqi);
    const to = statusAt(c, qi);
    previousStatus.set(c.id, from);
    if (from !== undefined && to !== undefined && from !== to) {
      const direction = statusDirection(scale, from, to);
      if (direction) {
        const kind = isDeliveredStatus(scale, to) ? 'delivered' : direction === 'better' ? 'recovered' : 'delayed';
        statusChanges.push({ id: c.id, milestone: c.milestone, from, to, direction, kind });
      }
    }
    const d = quarterIndex(c.due) - quarterIndex(p.due);
    if (d !== 0) {
      dueChanges.push({
        id: c.id, milestone: c.milestone,
        from: { quarter: p.due.quarter, financialYear: p.due.financialYear },
        to: { quarter: c.due.quarter, financialYear: c.due.financialYear },
        direction: d > 0 ? 'later' : 'earlier',
      });
    }
  });

  const newList = current.filter((_, i) => !pairs.has(i) && !ambiguousCurrent.has(i));
  const newIds = newList.map((m) => m.id);
  const droppedList = previous.register.filter((_, i) => !prevTaken.has(i) && !ambiguousPrev.has(i));
  const droppedMilestones = droppedList.map((p) => {
    const status = statusAt(p, pqi);
    return status === undefined ? { id: p.id, milestone: p.milestone } : { id: p.id, milestone: p.milestone, status };
  });

  return {
    changes: {
      previous: { source: previous.source, quarter: previousPeriod.quarter, financialYear: previousPeriod.financialYear },
      matched: pairs.size,
      new: newIds,
      dropped: droppedList.map((p) => p.id),
      statusChanges,
      dueChanges,
      wordingMatches,
      ambiguous,
      newMilestones: newList.map((m) => ({ id: m.id, milestone: m.milestone, due: { quarter: m.due.quarter, financialYear: m.due.financialYear } })),
      droppedMilestones,
      counts: {
        deliveredSince: statusChanges.filter((s) => s.kind === 'delivered').length,
        newlyDelayed: statusChanges.filter((s) => s.kind === 'delayed').length,
        recovered: statusChanges.filter((s) => s.kind === 'recovered').length,
        dueMoved: dueChanges.length,
        new: newIds.length,
        dropped: droppedList.length,
      },
    },
    issues,
    previousStatus,
  };
}

function short(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
