// The words of the "Changes since …" section and the entries' change notes, shared by the sheet, Word and HTML
// renderers (and so Copy report) so they cannot drift apart.
import type { Changes } from '../domain/changes-model';
import type { QuarterRef } from '../domain/milestone';
import { reportScale, type Report } from '../domain/report-model';
import type { StatusScale } from '../domain/status-scale';
import { quotedMilestone } from './report-text';

export interface ChangesCount {
  label: string;
  count: number;
}

export interface ChangesItem {
  id: string;
  /** The milestone in quotes, shown in blue. */
  milestone: string;
  /** What changed, for a reader, shown in black. */
  change: string;
}

export interface ChangesGroup {
  heading: string;
  items: ChangesItem[];
}

export interface ChangesSection {
  /** "Changes since Q3 2017-18" */
  title: string;
  /** "Compared with the Q3 2017-18 report (q3.xlsx): 6 milestones are in both." */
  intro: string;
  counts: ChangesCount[];
  /** Only the groups that have entries, in the order of the counts. */
  groups: ChangesGroup[];
  /** Matches made by wording and milestones that could not be matched, said plainly. */
  notes: string[];
}

/**
 * A status in words, then and now, as the scale says it: "was on track" / "now on track", "had some delay" / "now has
 * some delay" (the entry's phrase, as in the summary sentence), "was amber" / "now amber" (its label), "was delivered" /
 * "delivered" (the scale's delivered status, whatever its label, as the summary sentence says it).
 */
function statusWords(scale: StatusScale, id: string): { was: string; now: string } {
  const e = scale.entries.find((s) => s.id === id);
  if (!e) return { was: `was ${id}`, now: `now ${id}` };
  if (e.delivered) return { was: 'was delivered', now: 'delivered' };
  const phrase = e.phrase?.[0];
  const has = phrase && /^has\s+(.+)$/.exec(phrase);
  if (has) return { was: `had ${has[1]}`, now: `now has ${has[1]}` };
  const is = phrase && /^is\s+(.+)$/.exec(phrase);
  const words = is ? is[1]! : e.label.toLowerCase();
  return { was: `was ${words}`, now: `now ${words}` };
}

function quarterText(q: QuarterRef): string {
  return `${q.quarter} ${q.financialYear}`;
}

/** "Q3" when it is in the report's financial year, else "Q3 2016-17". */
function shortQuarter(q: QuarterRef, report: Report): string {
  return q.financialYear === report.financialYear ? q.quarter : quarterText(q);
}

function previousRef(c: Changes): QuarterRef {
  return { quarter: c.previous.quarter, financialYear: c.previous.financialYear };
}

export function changesTitle(c: Changes): string {
  return `Changes since ${quarterText(previousRef(c))}`;
}

export function changesSection(report: Report): ChangesSection | undefined {
  const c = report.changes;
  if (!c) return undefined;
  const scale = reportScale(report);
  const was = (id: string) => statusWords(scale, id).was;
  const prev = shortQuarter(previousRef(c), report);
  const byKind = (kind: 'delivered' | 'recovered' | 'delayed') => c.statusChanges.filter((s) => s.kind === kind);
  const statusItem = (s: Changes['statusChanges'][number]): ChangesItem => ({
    id: s.id, milestone: quotedMilestone(s.milestone), change: `${capital(statusWords(scale, s.to).now)}; ${was(s.from)} in ${prev}.`,
  });
  const groups: ChangesGroup[] = [
    { heading: `Delivered since ${prev}`, items: byKind('delivered').map(statusItem) },
    { heading: 'Newly delayed', items: byKind('delayed').map(statusItem) },
    { heading: 'Recovered', items: byKind('recovered').map(statusItem) },
    {
      heading: 'Due date moved',
      items: c.dueChanges.map((d) => ({
        id: d.id, milestone: quotedMilestone(d.milestone),
        change: `Now due ${quarterText(d.to)}; was due ${quarterText(d.from)} in ${prev}.`,
      })),
    },
    {
      heading: 'New milestones',
      items: c.newMilestones.map((n) => ({ id: n.id, milestone: quotedMilestone(n.milestone), change: `New since ${prev}; due ${quarterText(n.due)}.` })),
    },
    {
      heading: 'Dropped milestones',
      items: c.droppedMilestones.map((d) => ({
        id: d.id, milestone: quotedMilestone(d.milestone),
        change: `No longer in the tracker${d.status ? `; ${was(d.status)} in ${prev}` : ''}.`,
      })),
    },
  ];
  // A scale with no delivered status (dca5) has nothing to count as delivered: no row that can only say 0.
  const counts: ChangesCount[] = [
    ...(scale.entries.some((e) => e.delivered) ? [{ label: `Delivered since ${prev}`, count: c.counts.deliveredSince }] : []),
    { label: 'Newly delayed', count: c.counts.newlyDelayed },
    { label: 'Recovered', count: c.counts.recovered },
    { label: 'Due date moved', count: c.counts.dueMoved },
    { label: 'New', count: c.counts.new },
    { label: 'Dropped', count: c.counts.dropped },
  ];
  const notes: string[] = [];
  const similar = c.wordingMatches.filter((w) => w.match === 'similar').length;
  const same = c.wordingMatches.length - similar;
  if (same > 0) notes.push(`${same} milestone${same === 1 ? ' was' : 's were'} matched by the same wording, as the trackers give no ids for them.`);
  if (similar > 0) notes.push(`${similar} milestone${similar === 1 ? ' was' : 's were'} matched by similar wording: check ${similar === 1 ? 'it' : 'them'} (listed in report.json).`);
  if (c.ambiguous.length > 0) {
    notes.push(`${c.ambiguous.length} milestone${c.ambiguous.length === 1 ? '' : 's'} could not be matched, as ${c.ambiguous.length === 1 ? 'its' : 'their'} wording fits several of ${prev}: see the issues.`);
  }
  return {
    title: changesTitle(c),
    intro: `Compared with the ${quarterText(previousRef(c))} report (${c.previous.source}): ${c.matched} milestone${c.matched === 1 ? ' is' : 's are'} in both.`,
    counts,
    groups: groups.filter((g) => g.items.length > 0),
    notes,
  };
}

/**
 * The short note an entry of the main table carries, e.g. "Had some delay in Q3; due date moved from Q4.": the
 * earlier status said with the quarter after it, as the changes lists say it, so it cannot read as "since Q3 it has been".
 */
export function changeNoteIndex(report: Report): Map<string, string> {
  const c = report.changes;
  const out = new Map<string, string>();
  if (!c) return out;
  const scale = reportScale(report);
  const prev = shortQuarter(previousRef(c), report);
  const parts = new Map<string, string[]>();
  const add = (id: string, text: string) => {
    const list = parts.get(id);
    if (list) list.push(text);
    else parts.set(id, [text]);
  };
  for (const s of c.statusChanges) add(s.id, `${statusWords(scale, s.from).was} in ${prev}`);
  for (const d of c.dueChanges) add(d.id, `due date moved from ${shortQuarter(d.from, report)}`);
  for (const [id, list] of parts) out.set(id, `${capital(list.join('; '))}.`);
  for (const id of c.new) out.set(id, `New since ${prev}.`);
  return out;
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
