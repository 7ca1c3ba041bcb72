// Status scales: the reference report's (delivered / on track / some delay), RAG, the Major Projects delivery
// confidence scale, or an organisation's own list. Plain data, so it crosses to the worker and into report.json.
import { z } from 'zod';
import type { CustomStatus, ScaleConfig } from './config';

/** A status is an id of the chosen scale: "on-track", "amber-green", or a custom one. */
export const STATUS_ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const StatusIdSchema = z.string().regex(STATUS_ID_PATTERN, 'a status id is lower-case words joined by "-", such as "amber-green"');
export type StatusId = z.infer<typeof StatusIdSchema>;

/** Icons a scale's entry can show; each has an Excel icon (render/status-icons.ts), a text symbol and a colour. */
export const STATUS_ICONS = [
  'check', 'cross', 'exclamation',
  'green-light', 'amber-light', 'red-light',
  'green-flag', 'amber-flag', 'red-flag',
  'arrow-up', 'arrow-up-right', 'arrow-right', 'arrow-down-right', 'arrow-down',
] as const;
export const StatusIconSchema = z.enum(STATUS_ICONS);
export type StatusIcon = z.infer<typeof StatusIconSchema>;

export const StatusEntrySchema = z.object({
  id: StatusIdSchema,
  /** What the register's dropdown, the legend and the report show. */
  label: z.string(),
  /** Wordings people write for it (the label and id are understood too). */
  words: z.array(z.string()),
  icon: StatusIconSchema,
  /** Lower is better; a scale's entries are kept in rank order. */
  rank: z.number(),
  /** This status means the milestone was delivered. */
  delivered: z.boolean().optional(),
  /** Symbol used in text outputs (Word, HTML, the pane). */
  symbol: z.string(),
  /** Colour of the symbol and the chart series, RRGGBB. */
  color: z.string(),
  /** How the summary sentence says "n have this status" (one, many); default "is rated <label>". */
  phrase: z.tuple([z.string(), z.string()]).optional(),
});
export type StatusEntry = z.infer<typeof StatusEntrySchema>;

export const StatusScaleSchema = z.object({
  /** "delivery", "rag", "dca5" or "custom". */
  id: z.string(),
  /** Best first. */
  entries: z.array(StatusEntrySchema),
});
export type StatusScale = z.infer<typeof StatusScaleSchema>;

/** Each icon's text symbol and colour, for the outputs that draw text rather than Excel icons; shapes differ, so print in grey still tells them apart. */
const ICON_LOOK: Record<StatusIcon, { symbol: string; color: string }> = {
  check: { symbol: '✓', color: '2E7D32' },
  cross: { symbol: '✗', color: 'C62828' },
  exclamation: { symbol: '!', color: 'E65100' },
  'green-light': { symbol: '●', color: '2E7D32' },
  'amber-light': { symbol: '▲', color: 'E65100' },
  'red-light': { symbol: '◆', color: 'C62828' },
  'green-flag': { symbol: '⚑', color: '2E7D32' },
  'amber-flag': { symbol: '⚑', color: 'E65100' },
  'red-flag': { symbol: '⚑', color: 'C62828' },
  'arrow-up': { symbol: '▲', color: '2E7D32' },
  'arrow-up-right': { symbol: '◥', color: '558B2F' },
  'arrow-right': { symbol: '▶', color: 'E65100' },
  'arrow-down-right': { symbol: '◢', color: 'BF360C' },
  'arrow-down': { symbol: '▼', color: 'C62828' },
};

const DELIVERED_WORDS = [
  'delivered', 'complete', 'completed', 'done', '✓', '✔', '✅', 'achieved', 'blue', 'b', 'closed', 'finished',
  'met', 'delivered on time', 'completed on time',
];

type Definition = Omit<StatusEntry, 'symbol' | 'color'> & Partial<Pick<StatusEntry, 'symbol' | 'color'>>;

function scaleOf(id: string, definitions: Definition[]): StatusScale {
  const entries = [...definitions]
    .sort((a, b) => a.rank - b.rank)
    .map((d) => ({ ...d, symbol: d.symbol ?? ICON_LOOK[d.icon].symbol, color: d.color ?? ICON_LOOK[d.icon].color }));
  return { id, entries };
}

/** The reference report's scale; the default. */
export const DELIVERY_SCALE: StatusScale = scaleOf('delivery', [
  { id: 'delivered', label: 'Delivered', icon: 'check', rank: 1, delivered: true, symbol: '✓', color: '2E7D32', words: DELIVERED_WORDS },
  {
    id: 'on-track', label: 'On track', icon: 'green-light', rank: 2, symbol: '●', color: '43A047', phrase: ['is on track', 'are on track'],
    words: ['on track', 'ontrack', 'green', 'g', 'on target', 'on schedule', 'in progress on track', 'amber green', 'amber/green', 'ag', 'progressing', 'on plan'],
  },
  {
    id: 'some-delay', label: 'Some delay', icon: 'amber-light', rank: 3, symbol: '▲', color: 'F57C00', phrase: ['has some delay', 'have some delay'],
    words: ['some delay', 'delay', 'delayed', 'amber', 'a', 'at risk', 'behind', 'behind schedule', 'red', 'r', 'slipped', 'slippage',
      'off track', 'amber red', 'amber/red', 'ar', 'late', 'overdue', 'not on track'],
  },
]);

/** Red / Amber / Green, with Blue for complete. "Amber/Green" and "Amber/Red" are not guessed onto it. */
export const RAG_SCALE: StatusScale = scaleOf('rag', [
  { id: 'delivered', label: 'Complete', icon: 'check', rank: 1, delivered: true, color: '1F5FA8', words: DELIVERED_WORDS },
  { id: 'green', label: 'Green', icon: 'green-light', rank: 2, words: ['green', 'g', 'on track', 'ontrack', 'on target', 'on schedule', 'on plan', 'progressing'] },
  {
    id: 'amber', label: 'Amber', icon: 'amber-light', rank: 3,
    words: ['amber', 'a', 'some delay', 'delay', 'delayed', 'at risk', 'behind', 'behind schedule', 'slipped', 'slippage', 'late'],
  },
  { id: 'red', label: 'Red', icon: 'red-light', rank: 4, words: ['red', 'r', 'off track', 'not on track', 'overdue', 'critical', 'stalled', 'blocked'] },
]);

/** The Major Projects Portfolio's Delivery Confidence Assessment (five levels, no "delivered"). */
export const DCA5_SCALE: StatusScale = scaleOf('dca5', [
  { id: 'green', label: 'Green', icon: 'arrow-up', rank: 1, words: ['green', 'g'] },
  { id: 'amber-green', label: 'Amber/Green', icon: 'arrow-up-right', rank: 2, words: ['amber green', 'amber/green', 'ag', 'a/g', 'a g'] },
  { id: 'amber', label: 'Amber', icon: 'arrow-right', rank: 3, words: ['amber', 'a'] },
  { id: 'amber-red', label: 'Amber/Red', icon: 'arrow-down-right', rank: 4, words: ['amber red', 'amber/red', 'ar', 'a/r', 'a r'] },
  { id: 'red', label: 'Red', icon: 'arrow-down', rank: 5, words: ['red', 'r'] },
]);

const BUILT_IN_SCALES: Record<'delivery' | 'rag' | 'dca5', StatusScale> = { delivery: DELIVERY_SCALE, rag: RAG_SCALE, dca5: DCA5_SCALE };

/** The scale a setting names (default: delivery). The setting is assumed valid (ConfigSchema checks it). */
export function resolveScale(setting: ScaleConfig | undefined): StatusScale {
  if (setting === undefined) return DELIVERY_SCALE;
  if (typeof setting === 'string') return BUILT_IN_SCALES[setting];
  return scaleOf('custom', setting.map((c: CustomStatus) => ({
    id: c.id, label: c.label, words: c.words ?? [], icon: c.icon, rank: c.rank, ...(c.delivered ? { delivered: true } : {}),
  })));
}

export function scaleEntry(scale: StatusScale, id: StatusId): StatusEntry {
  const s = scale.entries.find((x) => x.id === id);
  if (!s) throw new Error(`status "${id}" is not on the ${scale.id} scale`);
  return s;
}

/** 0 for the best status, 1 for the next...; -1 when the id is not on the scale. */
export function statusRank(scale: StatusScale, id: StatusId): number {
  return scale.entries.findIndex((x) => x.id === id);
}

/** Whether the status means delivered on this scale (a scale may have no such status, as DCA has not). */
export function isDeliveredStatus(scale: StatusScale, id: StatusId | undefined): boolean {
  return id !== undefined && scale.entries.some((x) => x.id === id && x.delivered === true);
}

/** The delivered status's id, if the scale has one. */
export function deliveredId(scale: StatusScale): StatusId | undefined {
  return scale.entries.find((x) => x.delivered)?.id;
}

/** Negative when a is better than b, positive when worse, 0 when the same (ids not on the scale rank last). */
export function compareStatus(scale: StatusScale, a: StatusId, b: StatusId): number {
  const r = (id: StatusId) => {
    const i = statusRank(scale, id);
    return i < 0 ? scale.entries.length : i;
  };
  return r(a) - r(b);
}

/** Better or worse from one status to another, by the scale's rank; undefined when the same or either is not on the scale. */
export function statusDirection(scale: StatusScale, from: StatusId, to: StatusId): 'better' | 'worse' | undefined {
  const a = statusRank(scale, from);
  const b = statusRank(scale, to);
  if (a < 0 || b < 0 || a === b) return undefined;
  return b < a ? 'better' : 'worse';
}

/** Score for icons and charts: higher is better, the worst status scores 1. */
export function statusScoreOf(scale: StatusScale, id: StatusId): number {
  return scale.entries.length - statusRank(scale, id);
}

/** Counts by status, in the scale's order, all zero. */
export function emptyStatusCounts(scale: StatusScale): Record<StatusId, number> {
  const c: Record<StatusId, number> = {};
  for (const e of scale.entries) c[e.id] = 0;
  return c;
}

/** The default scale's entries, for code that is not given a scale (the Excel adapter's chart colours). */
export const STATUS_SCALE: readonly StatusEntry[] = DELIVERY_SCALE.entries;
