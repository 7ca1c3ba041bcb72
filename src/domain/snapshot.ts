// A published report frozen: the period, the settings that produced it, the report's figures and the register as it
// stood, so a later quarter compares with what was published even after the tracker is overwritten.
import { z } from 'zod';
import { statusAt } from './build-report';
import type { PreviousRegister } from './compare-registers';
import { ConfigSchema, StatusIdSchema, type Config } from './config';
import { FinancialYearSchema, packedUpdateOf, QuarterRefSchema, QuarterSchema, withPackedUpdate, type Milestone, type QuarterRef } from './milestone';
import { formatQuarter, quarterIndex } from './quarter';
import { StatusCountsSchema, type Report } from './report-model';
import { StatusScaleSchema } from './status-scale';

export const SNAPSHOT_VERSION = 1;

/** One register row as register.json writes it, plus the status the report gave it where that differs from its Status cell. */
export const SnapshotMilestoneSchema = z.object({
  id: z.string().min(1),
  priority: z.string(),
  theme: z.string(),
  milestone: z.string().min(1),
  owner: z.string(),
  dueQuarter: QuarterSchema,
  dueFinancialYear: FinancialYearSchema,
  status: StatusIdSchema.nullable(),
  update: z.string(),
  completed: QuarterRefSchema.nullable(),
  source: z.object({ sheet: z.string(), row: z.number().int().min(1) }),
  /**
   * The status reported for the published quarter, present only where it is not `status` (the tracker's quarter columns
   * said otherwise for that quarter); null: the quarter had none.
   */
  reportedStatus: StatusIdSchema.nullable().optional(),
});
export type SnapshotMilestone = z.infer<typeof SnapshotMilestoneSchema>;

/** The report's figures: what a later "Changes since" section quotes of the published one. */
export const SnapshotReportSchema = z.object({
  asAt: z.string(),
  summary: StatusCountsSchema,
  delayedSummary: StatusCountsSchema,
  unassessed: z.number().int(),
  summarySentence: z.string(),
  rows: z.object({ read: z.number().int(), inRegister: z.number().int(), withErrors: z.number().int() }),
  /** Ids of the report's entries: due in the quarter, and delayed earlier ones reported on. */
  dueIds: z.array(z.string()),
  delayedIds: z.array(z.string()),
  scale: StatusScaleSchema.optional(),
  language: z.string().optional(),
});
export type SnapshotReport = z.infer<typeof SnapshotReportSchema>;

export const SnapshotSchema = z.object({
  version: z.literal(SNAPSHOT_VERSION),
  /** Stable: made from the publishing time, never changed afterwards. */
  id: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/),
  /** ISO 8601 date and time (UTC). */
  publishedAt: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/),
  period: QuarterRefSchema,
  settings: ConfigSchema,
  report: SnapshotReportSchema,
  milestones: z.array(SnapshotMilestoneSchema),
});
export type Snapshot = z.infer<typeof SnapshotSchema>;

/** What makeSnapshot needs of a pipeline result (a PipelineResult fits). */
export interface SnapshotSource {
  register: Milestone[];
  report: Report;
  period: QuarterRef;
}

/** A snapshot id from its publishing time: "20261130T235215123Z". */
export function snapshotIdOf(publishedAt: Date): string {
  return publishedAt.toISOString().replace(/[-:.]/g, '');
}

/** One register row as register.json and a snapshot hold it: flat, status as the scale's id. */
export function registerRow(m: Milestone): SnapshotMilestone {
  const row: SnapshotMilestone = {
    id: m.id,
    priority: m.priority,
    theme: m.theme,
    milestone: m.milestone,
    owner: m.owner,
    dueQuarter: m.due.quarter,
    dueFinancialYear: m.due.financialYear,
    status: m.status ?? null,
    update: packedUpdateOf(m) ? '' : m.update,
    completed: m.completed ? { quarter: m.completed.quarter, financialYear: m.completed.financialYear } : null,
    source: { sheet: m.source.sheet, row: m.source.row },
  };
  // A packed update stays packed in the snapshot too, read back as its XML is written.
  const packed = packedUpdateOf(m);
  return packed ? withPackedUpdate(row, packed) : row;
}

export function makeSnapshot(result: SnapshotSource, config: Config, publishedAt: Date): Snapshot {
  const qi = quarterIndex(result.period);
  const milestones = result.register.map((m): SnapshotMilestone => {
    const row: SnapshotMilestone = registerRow(m);
    const reported = statusAt(m, qi) ?? null;
    if (reported !== row.status) row.reportedStatus = reported;
    return row;
  });
  const r = result.report;
  const dueIds: string[] = [];
  const delayedIds: string[] = [];
  for (const s of r.sections) for (const t of s.themes) for (const e of t.entries) (e.kind === 'due' ? dueIds : delayedIds).push(e.id);
  const report: SnapshotReport = {
    asAt: r.asAt,
    summary: { ...r.summary },
    delayedSummary: { ...r.delayedSummary },
    unassessed: r.unassessed,
    summarySentence: r.summarySentence,
    rows: { ...r.rows },
    dueIds,
    delayedIds,
  };
  if (r.scale) report.scale = r.scale;
  const language = r.language ?? config.language;
  if (language !== undefined) report.language = language;
  return {
    version: SNAPSHOT_VERSION,
    id: snapshotIdOf(publishedAt),
    publishedAt: publishedAt.toISOString(),
    period: { quarter: result.period.quarter, financialYear: result.period.financialYear },
    settings: settingsOf(config),
    report,
    milestones,
  };
}

/** Only the config's own keys (an object carrying more loses it here: nothing else goes into the file). */
function settingsOf(config: Config): Config {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(ConfigSchema.shape) as (keyof Config)[]) if (config[k] !== undefined) out[k] = config[k];
  return out;
}

/** The publishing date as a reader writes it: "30 November 2026". */
export function publishedDateText(s: Pick<Snapshot, 'publishedAt'>): string {
  const d = new Date(s.publishedAt);
  const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  return Number.isNaN(d.getTime()) ? s.publishedAt : `${d.getUTCDate()} ${months[d.getUTCMonth()] ?? ''} ${d.getUTCFullYear()}`;
}

/**
 * The snapshot as the previous register the comparison takes: each row with the status the report gave it for the
 * published quarter, so comparing with it finds what comparing with the register it froze found. `source` names it
 * in the changes ("the Q3 2017-18 report published on 1 January 2018" unless given).
 */
export function previousFromSnapshot(s: Snapshot, source?: string): PreviousRegister {
  const register = s.milestones.map((row): Milestone => {
    const reported = row.reportedStatus === undefined ? row.status : row.reportedStatus;
    const m: Milestone = {
      id: row.id,
      priority: row.priority,
      theme: row.theme,
      milestone: row.milestone,
      owner: row.owner,
      due: { quarter: row.dueQuarter, financialYear: row.dueFinancialYear },
      update: row.update,
      history: [],
      source: { sheet: row.source.sheet, row: row.source.row },
    };
    if (reported !== null) m.status = reported;
    if (row.completed) m.completed = { quarter: row.completed.quarter, financialYear: row.completed.financialYear };
    return m;
  });
  return {
    source: source ?? `the ${formatQuarter(s.period)} report published on ${publishedDateText(s)}`,
    period: { quarter: s.period.quarter, financialYear: s.period.financialYear },
    register,
    periodFrom: 'given',
  };
}

/** The latest snapshot by publishing time (the last of equals); undefined for none. */
export function latestSnapshot<T extends { publishedAt: string }>(snapshots: readonly T[]): T | undefined {
  let best: T | undefined;
  for (const s of snapshots) if (best === undefined || Date.parse(s.publishedAt) >= Date.parse(best.publishedAt)) best = s;
  return best;
}
