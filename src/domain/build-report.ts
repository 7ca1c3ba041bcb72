// Register + quarter -> the quarterly report model: this quarter's milestones and updates on delayed ones.
import type { StatusId } from './config';
import { makeIssue, type Issue } from './issue';
import { PackedText } from './grid';
import { hasPackedUpdate, hasUpdate, packedUpdateOf, withPackedUpdate, type HistoryEntry, type Milestone, type QuarterRef } from './milestone';
import { formatQuarter, quarterEndDate, quarterIndex } from './quarter';
import type { RegisterResult } from './build-register';
import type { PrioritySection, Report, ReportEntry, StatusCounts, ThemeSection } from './report-model';
import { deliveredId, DELIVERY_SCALE, emptyStatusCounts, type StatusScale } from './status-scale';

export interface ReportContext {
  fyStartMonth: number;
  locate?: RegisterResult['locate'];
  /** Default: the delivery scale. */
  scale?: StatusScale;
}

// Quarters are compared by index (quarterIndex), each milestone's against the report's computed once; the
// differences keep the comparisons exactly as compareQuarters made them (NaN for a malformed year compares false).

/** Status and update as they stood in quarter qi (a quarter index). */
export function positionAt(m: Milestone, qi: number): { status?: StatusId; update: string } {
  const { at, later, status } = standingAt(m, qi);
  const update = updateAt(m, at, later);
  return status === undefined ? { update: String(update) } : { status, update: String(update) };
}

/** The update as it stood then, packed if it is (not read back: a report entry keeps it packed too). */
function updateAt(m: Milestone, at: HistoryEntry | undefined, later: boolean): string | PackedText {
  // A quarter's own update column wins, even when blank (a blank Q4 update is no Q4 update).
  if (at) return packedUpdateOf(at) ?? at.update ?? '';
  return later ? '' : (packedUpdateOf(m) ?? m.update);
}

/** The status as it stood in quarter qi: positionAt's, without reading the update (which may be packed). */
export function statusAt(m: Milestone, qi: number): StatusId | undefined {
  return standingAt(m, qi).status;
}

function standingAt(m: Milestone, qi: number): { at: HistoryEntry | undefined; later: boolean; status: StatusId | undefined } {
  let at: HistoryEntry | undefined;
  // Has the tracker moved past q? Then the current columns describe a later quarter, not q.
  let later = false;
  let upTo: StatusId | undefined;
  for (const h of m.history) {
    const d = quarterIndex(h) - qi;
    if (at === undefined && d === 0) at = h;
    if (d > 0 && (h.status !== undefined || hasUpdate(h))) later = true;
    if (d <= 0 && h.status !== undefined) upTo = h.status; // the latest such, as the history is oldest first
  }
  return { at, later, status: at?.status ?? (later ? upTo : (m.status ?? upTo)) };
}

/** Whether an earlier milestone is carried as delayed at quarter q: not delivered by its due quarter, not reported delivered before q, and evidence of delay. */
export function isDelayedAt(m: Milestone, q: QuarterRef, scale: StatusScale = DELIVERY_SCALE): boolean {
  return delayedAt(m, quarterIndex(q), deliveredId(scale));
}

/** `delivered`: the scale's delivered id; a scale without one (DCA) never reports a milestone delivered. */
function delayedAt(m: Milestone, qi: number, delivered: StatusId | undefined): boolean {
  const di = quarterIndex(m.due);
  if (di - qi >= 0) return false;
  const ci = m.completed ? quarterIndex(m.completed) : NaN;
  // Delivered by the end of its due quarter: never delayed.
  if (m.completed && ci - di <= 0) return false;
  let dueEntry: HistoryEntry | undefined;
  for (const h of m.history) {
    if (quarterIndex(h) - di === 0) {
      dueEntry = h;
      break;
    }
  }
  if (dueEntry?.status !== undefined && dueEntry.status === delivered) return false;
  // Reported delivered in a quarter after the due one but before q: already reported, not carried again.
  if (m.completed && ci - qi < 0) return false;
  let notDeliveredBetween = false;
  let laterHistory = false;
  let atQ: HistoryEntry | undefined;
  for (const h of m.history) {
    const hi = quarterIndex(h);
    if (h.status !== undefined && h.status === delivered && hi - di > 0 && hi - qi < 0) return false;
    // Evidence of delay.
    if (h.status !== undefined && h.status !== delivered && hi - di >= 0 && hi - qi < 0) notDeliveredBetween = true;
    if (hi - qi > 0 && (h.status !== undefined || hasUpdate(h))) laterHistory = true;
    if (atQ === undefined && hi - qi === 0) atQ = h;
  }
  const completedLate = m.completed !== undefined && ci - di > 0;
  const currentNotDelivered = !laterHistory && m.status !== undefined && m.status !== delivered;
  const notDeliveredAtQ = atQ?.status !== undefined && atQ.status !== delivered;
  return notDeliveredBetween || completedLate || currentNotDelivered || notDeliveredAtQ;
}

export function summarySentence(
  q: QuarterRef, due: StatusCounts, dueTotal: number, delayed: StatusCounts, delayedTotal: number, unassessed: number,
  scale: StatusScale = DELIVERY_SCALE,
): string {
  const parts = (c: StatusCounts, tense: 'due' | 'delayed') => {
    const items: string[] = [];
    for (const e of scale.entries) {
      const n = c[e.id] ?? 0;
      if (!n) continue;
      if (e.delivered) items.push(`${n} ${tense === 'due' ? (n === 1 ? 'was' : 'were') : n === 1 ? 'has now been' : 'have now been'} delivered`);
      else items.push(`${n} ${e.phrase ? e.phrase[n === 1 ? 0 : 1] : `${n === 1 ? 'is' : 'are'} rated ${e.label}`}`);
    }
    if (items.length <= 1) return items.join('');
    return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
  };
  const label = formatQuarter(q);
  let s =
    dueTotal === 0
      ? `No milestones were due in ${label}.`
      : `Of the ${dueTotal} ${q.quarter} milestone${dueTotal === 1 ? '' : 's'}, ${parts(due, 'due') || 'none has a status yet'}.`;
  if (delayedTotal > 0) {
    const p = parts(delayed, 'delayed');
    s += ` ${delayedTotal} earlier milestone${delayedTotal === 1 ? ' was' : 's were'} delayed${p ? `: ${p}` : ''}.`;
  }
  if (unassessed > 0) s += ` ${unassessed} ${unassessed === 1 ? 'has' : 'have'} no status in the tracker.`;
  return s;
}

/** The report's sections as they fill: priorities and their themes in order of first appearance. */
class SectionIndex {
  readonly sections: PrioritySection[] = [];
  private readonly byPriority = new Map<string, { section: PrioritySection; themes: Map<string, ThemeSection> }>();

  constructor(private readonly emptyCounts: () => StatusCounts) {}

  /** The section of the milestone's priority, and the theme within it, made when first met. */
  place(m: Milestone): { section: PrioritySection; theme: ThemeSection } {
    let found = this.byPriority.get(m.priority);
    if (!found) {
      const section: PrioritySection = { priority: m.priority, themes: [], summary: this.emptyCounts(), delayedSummary: this.emptyCounts() };
      found = { section, themes: new Map() };
      this.byPriority.set(m.priority, found);
      this.sections.push(section);
    }
    let theme = found.themes.get(m.theme);
    if (!theme) {
      theme = { theme: m.theme, entries: [] };
      found.section.themes.push(theme);
      found.themes.set(m.theme, theme);
    }
    return { section: found.section, theme };
  }
}

/** A milestone's entry in the report, with its status and update as they stood in quarter qi. */
function reportEntry(m: Milestone, qi: number, isDue: boolean): ReportEntry {
  const { at, later, status } = standingAt(m, qi);
  const update = updateAt(m, at, later);
  const entry: ReportEntry = {
    id: m.id,
    milestone: m.milestone,
    dueQuarter: m.due.quarter,
    dueFinancialYear: m.due.financialYear,
    kind: isDue ? 'due' : 'delayed-update',
    update: typeof update === 'string' ? update : '',
    owner: m.owner,
    source: m.source,
  };
  if (status !== undefined) entry.status = status;
  return update instanceof PackedText ? withPackedUpdate(entry, update) : entry;
}

function missingUpdate(m: Milestone, q: QuarterRef, ctx: ReportContext): Issue {
  const where = ctx.locate?.(m.id, { quarter: q, kind: 'update' }) ?? { sheet: m.source.sheet, cell: '' };
  return makeIssue('warning', where.sheet, where.cell, 'missing-update',
    `"${m.milestone.length > 60 ? m.milestone.slice(0, 57) + '...' : m.milestone}" is in the ${formatQuarter(q)} report but has no progress update for ${q.quarter}.`,
    'Write the progress update in the tracker before publishing.');
}

/** The milestones due in quarter q, and the earlier ones still delayed then, by priority and theme, with their counts. */
export function buildReport(
  register: Milestone[],
  q: QuarterRef,
  rows: Report['rows'],
  ctx: ReportContext,
): Report {
  const scale = ctx.scale ?? DELIVERY_SCALE;
  const delivered = deliveredId(scale);
  const emptyCounts = () => emptyStatusCounts(scale);
  const issues: Issue[] = [];
  const index = new SectionIndex(emptyCounts);
  const dueCounts = emptyCounts();
  const delayedCounts = emptyCounts();
  let dueTotal = 0;
  let delayedTotal = 0;
  let unassessed = 0;

  const qi = quarterIndex(q);
  for (let k = 0; k < register.length; k++) {
    const m = register[k]!;
    const isDue = quarterIndex(m.due) - qi === 0;
    if (!isDue && !delayedAt(m, qi, delivered)) continue;
    const entry = reportEntry(m, qi, isDue);
    const { section, theme } = index.place(m);
    theme.entries.push(entry);
    if (isDue) dueTotal++;
    else delayedTotal++;
    if (entry.status) {
      (isDue ? section.summary : section.delayedSummary)[entry.status]! += 1;
      (isDue ? dueCounts : delayedCounts)[entry.status]! += 1;
    } else {
      unassessed++;
    }
    // Packed text is never blank (grid.ts), so it is not read back to be trimmed.
    if (!hasPackedUpdate(entry) && entry.update.trim() === '') issues.push(missingUpdate(m, q, ctx));
  }

  // As in the published reports: a theme's milestones for the quarter, then the updates on delayed ones.
  const sections = index.sections;
  for (const s of sections) {
    for (const t of s.themes) t.entries = [...t.entries.filter((e) => e.kind === 'due'), ...t.entries.filter((e) => e.kind !== 'due')];
  }
  return {
    quarter: q.quarter,
    financialYear: q.financialYear,
    asAt: quarterEndDate(q, ctx.fyStartMonth),
    sections,
    summary: dueCounts,
    delayedSummary: delayedCounts,
    unassessed,
    summarySentence: summarySentence(q, dueCounts, dueTotal, delayedCounts, delayedTotal, unassessed, scale),
    issues,
    rows,
    ...(scale.id === DELIVERY_SCALE.id ? {} : { scale }),
  };
}
