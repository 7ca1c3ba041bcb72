// Header wording -> register fields: synonyms, fuzzy matching with a confidence, config overrides,
// and the per-quarter history columns ("Q2 RAG", "Q3 update").
import type { Config, Field } from './config';
import { FIELDS } from './config';
import { memoize } from '../shared/memo';
import { editDistance, foldWords } from './status';

export const FIELD_SYNONYMS: Record<Field, string[]> = {
  id: ['id', 'ref', 'reference', 'ref no', 'ref number', 'milestone id', 'milestone ref', 'no', 'number', '#', 'code',
    'project number', 'item', 'item no', 'action no', 'action ref', 'unique id'],
  priority: ['priority', 'business plan priority', 'strategic priority', 'objective', 'strategic objective', 'outcome',
    'pillar', 'directorate', 'department', 'priority area', 'corporate priority', 'section'],
  theme: ['theme', 'workstream', 'work stream', 'programme', 'category', 'sub priority', 'report category',
    'focus area', 'area of focus', 'strand', 'portfolio', 'sub theme'],
  milestone: ['milestone', 'milestones', 'milestone description', 'milestone wording', 'business plan milestone',
    'action', 'actions', 'deliverable', 'commitment', 'activity', 'task', 'project name', 'project', 'key milestone',
    'description', 'what we will do', 'milestone text'],
  owner: ['owner', 'lead', 'lead officer', 'responsible officer', 'accountable officer', 'accountable', 'sro',
    'responsible', 'milestone owner', 'owner lead', 'lead owner', 'business lead', 'who'],
  due: ['due', 'due date', 'due quarter', 'quarter due', 'deadline', 'target date', 'target quarter', 'delivery date',
    'end date', 'target', 'by when', 'quarter', 'timescale', 'timescales', 'target completion', 'target completion date',
    'planned completion', 'due by', 'delivery quarter', 'milestone date', 'date due'],
  status: ['status', 'rag', 'rag status', 'current status', 'overall status', 'progress status', 'colour rating',
    'color rating', 'rating', 'dca', 'delivery confidence', 'delivery confidence assessment', 'rag rating', 'state'],
  update: ['progress update', 'update', 'progress', 'commentary', 'comment', 'comments', 'latest update',
    'narrative', 'notes', 'rating comment', 'position', 'current position', 'progress to date', 'progress commentary',
    'update narrative', 'latest position'],
  completed: ['completed', 'date completed', 'completion date', 'actual completion', 'actual completion date',
    'delivered on', 'date delivered', 'completed date', 'completed on', 'actual date', 'quarter completed',
    'completed quarter', 'delivered'],
};

export interface FieldCandidate {
  field: Field;
  column: number;
  header: string;
  confidence: number;
}

export interface HistoryColumn {
  column: number;
  header: string;
  quarter: 'Q1' | 'Q2' | 'Q3' | 'Q4';
  /** Start year of the financial year when the header names one ("Q2 2017-18 status"). */
  fyStart?: number;
  kind: 'status' | 'update';
}

const STATUS_WORDS = /\b(rag|status|rating|colour|color|dca)\b/;
const UPDATE_WORDS = /\b(update|updates|progress|commentary|comment|comments|narrative|position|notes)\b/;

/** "Q2 RAG", "Quarter 3 update", "Q2 2017-18 status", "RAG Q4", "Q4 17/18 progress". */
export function parseHistoryHeader(header: string, column: number): HistoryColumn | undefined {
  const f = header.toLowerCase().replace(/[\u2013\u2014]/g, '-').replace(/\s+/g, ' ').trim();
  const m = /\b(?:q|qtr|quarter)\s*([1-4])\b/.exec(f);
  if (!m) return undefined;
  const rest = (f.slice(0, m.index) + ' ' + f.slice(m.index + m[0].length)).trim();
  let fyStart: number | undefined;
  const y = /((?:19|20)?\d{2})\s*[-/]\s*((?:19|20)?\d{2})/.exec(rest);
  if (y) {
    const a = y[1]!.length === 2 ? 2000 + Number(y[1]) : Number(y[1]);
    const b = y[2]!.length === 2 ? 2000 + Number(y[2]) : Number(y[2]);
    if (b === a + 1) fyStart = a;
  }
  const words = foldWords(rest.replace(/((?:19|20)?\d{2})\s*[-/]\s*((?:19|20)?\d{2})/, ' '));
  const quarter = `Q${m[1]}` as HistoryColumn['quarter'];
  const base = fyStart === undefined ? { column, header, quarter } : { column, header, quarter, fyStart };
  if (STATUS_WORDS.test(words)) return { ...base, kind: 'status' };
  if (UPDATE_WORDS.test(words)) return { ...base, kind: 'update' };
  return undefined;
}

const confidence = memoize((key) => {
  const i = key.indexOf('\u0000');
  return computeConfidence(key.slice(i + 1), key.slice(0, i) as Field);
}, 50_000);

/** How well one header names one field, 0..1. */
export function headerConfidence(header: string, field: Field): number {
  return confidence(`${field}\u0000${header}`);
}

/** A field's synonyms folded, with their words: folded and split once, not for every header scored. */
interface FoldedSynonym {
  text: string;
  words: string[];
}

const FOLDED_SYNONYMS = new Map<Field, { exact: Set<string>; synonyms: FoldedSynonym[] }>();

function foldedSynonyms(field: Field): { exact: Set<string>; synonyms: FoldedSynonym[] } {
  let f = FOLDED_SYNONYMS.get(field);
  if (f === undefined) {
    const synonyms = FIELD_SYNONYMS[field].map((syn) => {
      const text = foldWords(syn);
      return { text, words: text.split(' ') };
    });
    f = { exact: new Set(synonyms.map((s) => s.text)), synonyms };
    FOLDED_SYNONYMS.set(field, f);
  }
  return f;
}

function computeConfidence(header: string, field: Field): number {
  const h = foldWords(header);
  if (h === '') return 0;
  const { exact, synonyms } = foldedSynonyms(field);
  if (exact.has(h)) return 1;
  const hw = h.split(' ');
  let best = 0;
  for (const { text: s, words: sw } of synonyms) {
    // Every word of the synonym appears in the header ("Milestone (as published)", "Lead officer name").
    if (sw.every((w) => hw.includes(w))) {
      best = Math.max(best, 0.6 + 0.3 * (sw.length / hw.length));
      continue;
    }
    // Similarity below 0.75 is certain when the lengths differ by more than a quarter: skip the distance.
    if (s.length >= 5 && h.length >= 5 && Math.abs(h.length - s.length) <= 0.25 * Math.max(h.length, s.length)) {
      const sim = 1 - editDistance(h, s) / Math.max(h.length, s.length);
      if (sim >= 0.75) best = Math.max(best, sim * 0.8);
    }
  }
  return best;
}

export interface ColumnChoice {
  field: Field;
  column: number;
  header: string;
  confidence: number;
  fromConfig: boolean;
}

export interface MappingResult {
  columns: ColumnChoice[];
  history: HistoryColumn[];
  /** Fields that more than one header could feed: the chosen column and the ones passed over. */
  ambiguous: { field: Field; chosen: ColumnChoice; others: FieldCandidate[] }[];
  /** Config column names that no header matches. */
  missingConfigColumns: { field: Field; header: string }[];
}

const MIN_CONFIDENCE = 0.6;

/** Headers people give a grouping level, whichever level it is in their tracker. */
const GROUPING_WORDS = new Set([
  'area', 'areas', 'workstream', 'workstreams', 'strand', 'strands', 'objective', 'objectives', 'commitment', 'commitments',
  'programme', 'programmes', 'program', 'programs', 'portfolio', 'portfolios', 'directorate', 'directorates', 'outcome',
  'outcomes', 'pillar', 'pillars',
]);

/**
 * How plainly a header names some grouping level, 0..0.8: 0.8 for the word alone ("Area", "Workstream"), less when it
 * ends a few words ("Business area", "Strategic objective"); nothing when it only qualifies another noun
 * ("Programme manager", "Outcome measure"). Below a field's own synonyms, since which level it is is a guess.
 */
export function groupingConfidence(header: string): number {
  const words = foldWords(header).replace(/\bwork stream\b/g, 'workstream').split(' ').filter((w) => w !== '');
  if (words.length === 0 || words.length > 3 || !GROUPING_WORDS.has(words[words.length - 1]!)) return 0;
  return words.length === 1 ? 0.8 : 0.6 + 0.2 / words.length;
}

export interface MapOptions {
  /** The sheet's name stands in for the priority (a sheet per priority), so only a theme column can be missing. */
  priorityFromSheet?: boolean;
}

/**
 * Maps a header row's cells to fields. Each column feeds at most one field; the most confident pairs win. A grouping
 * level (priority, theme) that no header names is then fed by an unused column headed as people head groupings
 * ("Area", "Workstream", "Objective"...), keeping broad to narrow from left to right.
 */
export function mapColumns(headers: string[], config: Pick<Config, 'columns'>, options: MapOptions = {}): MappingResult {
  const columns: ColumnChoice[] = [];
  const taken = new Set<number>();
  const missingConfigColumns: MappingResult['missingConfigColumns'] = [];
  const fixed = new Set<Field>();
  for (const [field, want] of Object.entries(config.columns ?? {}) as [Field, string][]) {
    const idx = headers.findIndex((h, i) => !taken.has(i) && foldWords(h) === foldWords(want));
    if (idx < 0) {
      missingConfigColumns.push({ field, header: want });
      continue;
    }
    columns.push({ field, column: idx, header: headers[idx]!, confidence: 1, fromConfig: true });
    taken.add(idx);
    fixed.add(field);
  }

  const history: HistoryColumn[] = [];
  headers.forEach((h, i) => {
    if (taken.has(i)) return;
    const hc = parseHistoryHeader(h, i);
    if (hc) {
      history.push(hc);
      taken.add(i);
    }
  });

  const candidates: FieldCandidate[] = [];
  headers.forEach((h, i) => {
    if (taken.has(i)) return;
    for (const field of FIELDS) {
      if (fixed.has(field)) continue;
      const confidence = headerConfidence(h, field);
      if (confidence >= MIN_CONFIDENCE) candidates.push({ field, column: i, header: h, confidence });
    }
  });
  candidates.sort((a, b) => b.confidence - a.confidence || a.column - b.column);
  const chosen = new Map<Field, ColumnChoice>();
  for (const c of candidates) {
    if (chosen.has(c.field) || taken.has(c.column)) continue;
    chosen.set(c.field, { ...c, fromConfig: false });
    taken.add(c.column);
  }
  fillGroupingLevels(headers, taken, chosen, fixedColumn(columns, 'priority'), fixedColumn(columns, 'theme'), options);
  const ambiguous: MappingResult['ambiguous'] = [];
  for (const [field, choice] of chosen) {
    // Another header that names the same field just as plainly, and fed nothing else.
    const others = candidates.filter(
      (c) =>
        c.field === field &&
        c.column !== choice.column &&
        c.confidence >= Math.max(0.75, choice.confidence - 0.15) &&
        ![...chosen.values()].some((o) => o.column === c.column),
    );
    if (others.length > 0) ambiguous.push({ field, chosen: choice, others });
  }
  columns.push(...chosen.values());
  columns.sort((a, b) => a.column - b.column);
  return { columns, history, ambiguous, missingConfigColumns };
}

function fixedColumn(columns: ColumnChoice[], field: Field): number | undefined {
  return columns.find((c) => c.field === field)?.column;
}

function fillGroupingLevels(
  headers: string[], taken: Set<number>, chosen: Map<Field, ColumnChoice>, fixedPriority: number | undefined, fixedTheme: number | undefined,
  options: MapOptions,
): void {
  const priorityCol = fixedPriority ?? chosen.get('priority')?.column;
  const themeCol = fixedTheme ?? chosen.get('theme')?.column;
  const needPriority = priorityCol === undefined && !options.priorityFromSheet;
  const needTheme = themeCol === undefined;
  if (!needPriority && !needTheme) return;
  const spare: FieldCandidate[] = [];
  headers.forEach((h, i) => {
    if (taken.has(i)) return;
    const confidence = groupingConfidence(h);
    if (confidence >= MIN_CONFIDENCE) spare.push({ field: 'theme', column: i, header: h, confidence });
  });
  const use = (field: Field, c: FieldCandidate) => {
    chosen.set(field, { ...c, field, fromConfig: false });
    taken.add(c.column);
  };
  if (needPriority && needTheme) {
    if (spare[0]) use('priority', spare[0]);
    if (spare[1]) use('theme', spare[1]);
    return;
  }
  if (needPriority) {
    const left = spare.find((c) => c.column < themeCol!);
    if (left) use('priority', left);
    return;
  }
  const right = spare.find((c) => priorityCol === undefined || c.column > priorityCol);
  if (right) use('theme', right);
}
