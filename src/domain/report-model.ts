// The quarterly report as a pure model: what report.json holds and both renderers draw.
import { z } from 'zod';
import { ChangesSchema } from './changes-model';
import { StatusIdSchema } from './config';
import { IssueSchema } from './issue';
import { DELIVERY_SCALE, StatusScaleSchema, type StatusScale } from './status-scale';
import { FinancialYearSchema, QuarterSchema } from './milestone';

export const ReportEntrySchema = z.object({
  id: z.string(),
  milestone: z.string(),
  dueQuarter: QuarterSchema,
  dueFinancialYear: FinancialYearSchema,
  /** "due": due in the report's quarter; "delayed-update": an earlier milestone still carried as delayed. */
  kind: z.enum(['due', 'delayed-update']),
  /** Absent only when the tracker gives no status (an issue says so). */
  status: StatusIdSchema.optional(),
  update: z.string(),
  owner: z.string(),
  source: z.object({ sheet: z.string(), row: z.number().int() }),
});
export type ReportEntry = z.infer<typeof ReportEntrySchema>;

/** Counts by status id, every status of the scale present, in the scale's order (best first). */
export const StatusCountsSchema = z.record(StatusIdSchema, z.number().int());
export type StatusCounts = z.infer<typeof StatusCountsSchema>;

export const ThemeSectionSchema = z.object({ theme: z.string(), entries: z.array(ReportEntrySchema) });
export const PrioritySectionSchema = z.object({
  priority: z.string(),
  /** Within a theme: this quarter's milestones first, then updates on delayed ones, each in tracker order. */
  themes: z.array(ThemeSectionSchema),
  /** Statuses of this quarter's milestones (kind "due"). */
  summary: StatusCountsSchema,
  /** Statuses of the delayed earlier milestones reported on (kind "delayed-update"). */
  delayedSummary: StatusCountsSchema,
});
export type ThemeSection = z.infer<typeof ThemeSectionSchema>;
export type PrioritySection = z.infer<typeof PrioritySectionSchema>;

export const ReportSchema = z.object({
  quarter: QuarterSchema,
  financialYear: FinancialYearSchema,
  /** ISO date of the last day of the quarter. */
  asAt: z.string(),
  sections: z.array(PrioritySectionSchema),
  /** Statuses of this quarter's milestones, as in "Of the 37 Q4 milestones, 19 were delivered...". */
  summary: StatusCountsSchema,
  /** Statuses of the delayed earlier milestones reported on this quarter. */
  delayedSummary: StatusCountsSchema,
  /** Entries whose status the tracker did not give. */
  unassessed: z.number().int(),
  /** e.g. "Of the 37 Q4 milestones, 19 were delivered, 12 are on track and 6 have some delay." */
  summarySentence: z.string(),
  issues: z.array(IssueSchema),
  rows: z.object({ read: z.number().int(), inRegister: z.number().int(), withErrors: z.number().int() }),
  /** The status scale, when it is not the default "delivery" scale. */
  scale: StatusScaleSchema.optional(),
  /** What changed since the previous report, over the whole register; present only when one was given. */
  changes: ChangesSchema.optional(),
  /** Language of the published report (the config's "language"); absent means en-GB. */
  language: z.string().optional(),
});
export type Report = z.infer<typeof ReportSchema>;

/** The scale a report's statuses are on. */
export function reportScale(report: Pick<Report, 'scale'>): StatusScale {
  return report.scale ?? DELIVERY_SCALE;
}
