// The register's row: one validated milestone, and the quarter arithmetic it is built on.
import { z } from 'zod';
import { StatusIdSchema } from './config';
import type { PackedText } from './grid';
import { STATUS_ID_PATTERN } from './status-scale';

export const QuarterSchema = z.enum(['Q1', 'Q2', 'Q3', 'Q4']);
export type Quarter = z.infer<typeof QuarterSchema>;

/** Financial year label such as "2017-18" (the year it starts in, then the last two digits of the next). */
export const FinancialYearSchema = z.string().regex(/^\d{4}-\d{2}$/);

export const QuarterRefSchema = z.object({ quarter: QuarterSchema, financialYear: FinancialYearSchema });
export type QuarterRef = z.infer<typeof QuarterRefSchema>;

export const HistoryEntrySchema = z.object({
  quarter: QuarterSchema,
  financialYear: FinancialYearSchema,
  status: StatusIdSchema.optional(),
  update: z.string().optional(),
});
export type HistoryEntry = z.infer<typeof HistoryEntrySchema>;

export const MilestoneSchema = z.object({
  id: z.string().min(1),
  priority: z.string(),
  theme: z.string(),
  milestone: z.string().min(1),
  owner: z.string(),
  due: QuarterRefSchema,
  status: StatusIdSchema.optional(),
  update: z.string(),
  completed: QuarterRefSchema.optional(),
  /** Per-quarter status and update, oldest first. */
  history: z.array(HistoryEntrySchema),
  source: z.object({ sheet: z.string(), row: z.number().int().min(1) }),
});
export type Milestone = z.infer<typeof MilestoneSchema>;

const QUARTER_SET: ReadonlySet<unknown> = new Set(QuarterSchema.options);
const FINANCIAL_YEAR = /^\d{4}-\d{2}$/;

/** Texts that passed each pattern: a register repeats a few status ids and years on every row. */
const VALID_STATUS_IDS = new Set<string>();
const VALID_YEARS = new Set<string>();

function matches(pattern: RegExp, valid: Set<string>, s: string): boolean {
  if (valid.has(s)) return true;
  if (!pattern.test(s)) return false;
  if (valid.size >= 256) valid.clear();
  valid.add(s);
  return true;
}

function isStatusId(v: unknown): boolean {
  return typeof v === 'string' && matches(STATUS_ID_PATTERN, VALID_STATUS_IDS, v);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isQuarterRef(v: unknown): boolean {
  return isRecord(v) && QUARTER_SET.has(v.quarter) && typeof v.financialYear === 'string' && matches(FINANCIAL_YEAR, VALID_YEARS, v.financialYear);
}

function isHistoryEntry(v: unknown): boolean {
  return (
    isRecord(v) &&
    isQuarterRef(v) &&
    (v.status === undefined || isStatusId(v.status)) &&
    // Packed text always reads back as a string: not read back here, where nothing else needs it.
    (hasPackedUpdate(v) || v.update === undefined || typeof v.update === 'string')
  );
}

/**
 * MilestoneSchema as a plain check, for the register's hot loop (zod's parse of every row would cost a fifth of the
 * core's time). Never looser than the schema: true means MilestoneSchema.parse accepts the value.
 */
export function isMilestone(v: unknown): v is Milestone {
  if (!isRecord(v)) return false;
  if (typeof v.id !== 'string' || v.id.length < 1) return false;
  if (typeof v.priority !== 'string' || typeof v.theme !== 'string' || typeof v.owner !== 'string') return false;
  // Packed text always reads back as a string: not read back here, where nothing else needs it.
  if (!hasPackedUpdate(v) && typeof v.update !== 'string') return false;
  if (typeof v.milestone !== 'string' || v.milestone.length < 1) return false;
  if (!isQuarterRef(v.due)) return false;
  if (v.status !== undefined && !isStatusId(v.status)) return false;
  if (v.completed !== undefined && !isQuarterRef(v.completed)) return false;
  if (!Array.isArray(v.history)) return false;
  for (const h of v.history) if (!isHistoryEntry(h)) return false;
  const source = v.source;
  return isRecord(source) && typeof source.sheet === 'string' && Number.isSafeInteger(source.row) && (source.row as number) >= 1;
}

/** Throws MilestoneSchema's own ZodError when the value is not a valid register row. */
export function assertMilestone(v: unknown): asserts v is Milestone {
  if (!isMilestone(v)) MilestoneSchema.parse(v);
}

const PACKED = Symbol('packed update');

/** An object with an update: a milestone, a history entry, a report entry. */
export interface WithUpdate {
  update?: string | undefined;
}

interface PackedEntry extends WithUpdate {
  [PACKED]?: PackedText;
}

function packedUpdate(this: PackedEntry): string | undefined {
  return this[PACKED]?.text();
}

/** Assigning an update to an object whose update is packed makes it a plain property again. */
function setUpdate(this: PackedEntry, value: string | undefined): void {
  delete this[PACKED];
  Object.defineProperty(this, 'update', { value, writable: true, enumerable: true, configurable: true });
}

const UPDATE_ACCESSOR: PropertyDescriptor = { get: packedUpdate, set: setUpdate, enumerable: true, configurable: true };

/**
 * Plain objects ({}'s prototype and constructor) with room in themselves for an entry's fields, up to 8 and 16. V8 gives
 * an object made by `new` as many fields in itself as its constructor's text assigns to `this` (these assignments never
 * run), and takes back what the first objects it made did not use. `{}` has room for 4: the rest of a milestone's 12
 * fields would go to an array of its own, at 100k rows 160k more objects for the collector to visit at every collection.
 */
type Roomy = new () => Record<string | symbol, unknown>;
const ROOM = { never: false };
const SmallObject = function SmallObject(this: Record<string, unknown>) {
  if (ROOM.never) this.f1 = this.f2 = this.f3 = this.f4 = this.f5 = this.f6 = this.f7 = this.f8 = undefined;
} as unknown as Roomy;
const LargeObject = function LargeObject(this: Record<string, unknown>) {
  if (ROOM.never) {
    this.f1 = this.f2 = this.f3 = this.f4 = this.f5 = this.f6 = this.f7 = this.f8 = undefined;
    this.f9 = this.f10 = this.f11 = this.f12 = this.f13 = this.f14 = this.f15 = this.f16 = undefined;
  }
} as unknown as Roomy;
SmallObject.prototype = Object.prototype;
LargeObject.prototype = Object.prototype;

/**
 * The object (a milestone, a history entry, a report entry) with its update read from packed text whenever it is asked
 * for: a new object with the same fields in the same order (`update` an enumerable own property, so JSON, spreads and
 * deep equality see what they would see), the text held only packed. A big tracker's long progress text is kept so from
 * the moment the CLI reads it until each output writes it.
 */
export function withPackedUpdate<T extends WithUpdate>(entry: T, text: PackedText): T {
  // Defined in order on a new object, V8 keeps its fields fast; redefining `update` on the old one would make each
  // object a dictionary (several times the memory saved).
  // The other fields are plain assignments (what defineProperty would make, at a fraction of its cost: this runs for
  // every milestone, history entry and report entry of a big tracker).
  const keys = Object.keys(entry);
  const packed = keys.length < 8 ? new SmallObject() : new LargeObject();
  Object.defineProperty(packed, PACKED, { value: text, configurable: true });
  for (const key of keys) {
    if (key === 'update') Object.defineProperty(packed, 'update', UPDATE_ACCESSOR);
    else packed[key] = (entry as Record<string, unknown>)[key];
  }
  return packed as T;
}

/** The packed text the object's update is read from; undefined when it is a plain string (or absent). */
export function packedUpdateOf(entry: WithUpdate): PackedText | undefined {
  return (entry as PackedEntry)[PACKED];
}

/** Whether the object's update is read from packed text (asking for it would read it back). */
export function hasPackedUpdate(entry: WithUpdate): boolean {
  return (entry as PackedEntry)[PACKED] !== undefined;
}

/** Whether the entry has an update, without reading it back when it is packed. */
export function hasUpdate(entry: WithUpdate): boolean {
  return hasPackedUpdate(entry) || entry.update !== undefined;
}
