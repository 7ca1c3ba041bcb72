// The register's row: one validated milestone, and the quarter arithmetic it is built on.
import { z } from 'zod';
import { StatusIdSchema } from './config';
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
    (v.update === undefined || typeof v.update === 'string')
  );
}

/**
 * MilestoneSchema as a plain check, for the register's hot loop (zod's parse of every row would cost a fifth of the
 * core's time). Never looser than the schema: true means MilestoneSchema.parse accepts the value.
 */
export function isMilestone(v: unknown): v is Milestone {
  if (!isRecord(v)) return false;
  if (typeof v.id !== 'string' || v.id.length < 1) return false;
  if (typeof v.priority !== 'string' || typeof v.theme !== 'string' || typeof v.owner !== 'string' || typeof v.update !== 'string') return false;
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
