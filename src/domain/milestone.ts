// The register's row: one validated milestone, and the quarter arithmetic it is built on.
import { z } from 'zod';
import { StatusIdSchema } from './config';

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
