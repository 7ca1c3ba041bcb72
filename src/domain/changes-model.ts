// What changed since the previous report: the part of the report model (and report.json) that compares periods.
import { z } from 'zod';
import { FinancialYearSchema, QuarterRefSchema, QuarterSchema } from './milestone';

/** Status ids are the scale's ids, kept as strings so any scale's ids fit. */
const StatusText = z.string().min(1);

export const StatusChangeSchema = z.object({
  id: z.string(),
  milestone: z.string(),
  from: StatusText,
  to: StatusText,
  direction: z.enum(['better', 'worse']),
  /** For a reader: "delivered" (now delivered), "recovered" (better, not yet delivered), "delayed" (worse). */
  kind: z.enum(['delivered', 'recovered', 'delayed']),
});
export type StatusChange = z.infer<typeof StatusChangeSchema>;

export const DueChangeSchema = z.object({
  id: z.string(),
  milestone: z.string(),
  from: QuarterRefSchema,
  to: QuarterRefSchema,
  direction: z.enum(['later', 'earlier']),
});
export type DueChange = z.infer<typeof DueChangeSchema>;

export const ChangesSchema = z.object({
  previous: z.object({ source: z.string(), quarter: QuarterSchema, financialYear: FinancialYearSchema }),
  /** Milestones found in both registers. */
  matched: z.number().int(),
  /** Ids (this register's) of milestones the previous register did not have. */
  new: z.array(z.string()),
  /** Ids (the previous register's) of milestones this register no longer has. */
  dropped: z.array(z.string()),
  statusChanges: z.array(StatusChangeSchema),
  dueChanges: z.array(DueChangeSchema),
  /** Matches made by wording, not by id: "same" (the same words once case, spacing and punctuation are folded) or "similar" (fuzzy). */
  wordingMatches: z.array(
    z.object({ id: z.string(), previousId: z.string(), match: z.enum(['same', 'similar']), similarity: z.number() }),
  ),
  /** Milestones whose wording fits several previous ones equally: not matched, not new, and an issue says so. */
  ambiguous: z.array(z.object({ id: z.string(), milestone: z.string(), candidates: z.array(z.string()) })),
  /** The new milestones' wording and due quarter, for the report's list. */
  newMilestones: z.array(z.object({ id: z.string(), milestone: z.string(), due: QuarterRefSchema })),
  /** The dropped milestones' wording and last status, for the report's list. */
  droppedMilestones: z.array(z.object({ id: z.string(), milestone: z.string(), status: StatusText.optional() })),
  counts: z.object({
    deliveredSince: z.number().int(),
    newlyDelayed: z.number().int(),
    recovered: z.number().int(),
    dueMoved: z.number().int(),
    new: z.number().int(),
    dropped: z.number().int(),
  }),
});
export type Changes = z.infer<typeof ChangesSchema>;
