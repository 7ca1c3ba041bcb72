// The settings a user can give: the CLI's config file and the settings the task pane keeps in a workbook.
import { z } from 'zod';
import { resolveScale, StatusIconSchema, StatusIdSchema } from './status-scale';
import { EXCEL_ROWS } from '../shared/excel-rules';

export { STATUS_ICONS, StatusIconSchema, StatusIdSchema, type StatusIcon, type StatusId } from './status-scale';

export const FIELDS = [
  'id',
  'priority',
  'theme',
  'milestone',
  'owner',
  'due',
  'status',
  'update',
  'completed',
] as const;
export const FieldSchema = z.enum(FIELDS);
export type Field = z.infer<typeof FieldSchema>;

/** The default scale's ids (the reference report's: delivered, on track, some delay). */
export const STATUS_IDS = ['delivered', 'on-track', 'some-delay'] as const;
export const SCALE_NAMES = ['delivery', 'rag', 'dca5'] as const;

export const CustomStatusSchema = z
  .object({
    id: StatusIdSchema,
    label: z.string().trim().min(1),
    /** Wordings people write for it; the label and the id are always understood too. */
    words: z.array(z.string().min(1)).optional(),
    icon: StatusIconSchema,
    /** Orders the scale: a lower rank is better. */
    rank: z.number().int(),
    /** This status means the milestone was delivered (at most one entry). */
    delivered: z.boolean().optional(),
  })
  .strict();
export type CustomStatus = z.infer<typeof CustomStatusSchema>;

export const ScaleConfigSchema = z.union([
  z.enum(SCALE_NAMES, { error: 'use "delivery", "rag", "dca5" or a list of your own statuses' }),
  z
    .array(CustomStatusSchema)
    .min(2, 'a custom scale needs at least two statuses')
    .max(5, 'Excel icon sets show at most five statuses')
    .superRefine((entries, ctx) => {
      const seen = new Map<string, number>();
      entries.forEach((e, i) => {
        if (seen.has(e.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `the id "${e.id}" is used twice` });
        seen.set(e.id, i);
      });
      const ranks = new Set<number>();
      entries.forEach((e, i) => {
        if (ranks.has(e.rank)) ctx.addIssue({ code: 'custom', path: [i, 'rank'], message: `two statuses have rank ${e.rank}; each needs its own` });
        ranks.add(e.rank);
      });
      const delivered = entries.flatMap((e, i) => (e.delivered ? [i] : []));
      if (delivered.length > 1) ctx.addIssue({ code: 'custom', path: [delivered[1]!, 'delivered'], message: 'only one status can mean delivered' });
    }),
]);
export type ScaleConfig = z.infer<typeof ScaleConfigSchema>;

export const ConfigSchema = z
  .object({
    /** Sheet name (or names) to read; default: every sheet that holds a tracker. */
    sheet: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
    /** 1-based header row, as Excel numbers rows. */
    headerRow: z.number().int().min(1).max(EXCEL_ROWS).optional(),
    /** Field -> source header text. */
    columns: z.partialRecord(FieldSchema, z.string().min(1)).optional(),
    /** The status scale: "delivery" (default), "rag", "dca5", or a custom list of statuses. */
    scale: ScaleConfigSchema.optional(),
    /** Extra wordings per status id of the scale, added to the built-in ones. */
    statusSynonyms: z.record(StatusIdSchema, z.array(z.string().min(1))).optional(),
    /** First month of the financial year, 1-12 (default 4: April). */
    financialYearStartMonth: z.number().int().min(1).max(12).optional(),
    /** Language of the published report (BCP 47, e.g. "en-GB", "cy-GB"); default en-GB. */
    language: z.string().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'a language tag such as "en-GB"').optional(),
  })
  .strict()
  .superRefine((config, ctx) => {
    if (config.statusSynonyms === undefined) return;
    const ids = scaleIdsOf(config.scale);
    for (const id of Object.keys(config.statusSynonyms)) {
      if (!ids.includes(id)) {
        ctx.addIssue({ code: 'custom', path: ['statusSynonyms', id], message: `"${id}" is not a status of the ${typeof config.scale === 'string' ? `"${config.scale}"` : config.scale ? 'custom' : '"delivery"'} scale; use one of ${ids.join(', ')}` });
      }
    }
  });
export type Config = z.infer<typeof ConfigSchema>;

/**
 * The first problem of a config that does not parse, as a dotted key and a message. Where a value could take either
 * of two forms (a scale's name or list), the problem is the one of the form it was written in.
 */
export function configProblem(error: z.ZodError): { key: string; message: string } {
  let issue = error.issues[0]!;
  let path: PropertyKey[] = [...issue.path];
  while (issue.code === 'invalid_union' && issue.errors.length > 0) {
    const branches = issue.errors.filter((b) => b.length > 0);
    const deeper = branches.find((b) => b[0]!.path.length > 0) ?? branches[0];
    if (!deeper) break;
    issue = deeper[0]!;
    path = [...path, ...issue.path];
  }
  return { key: path.length ? path.map(String).join('.') : '(top level)', message: issue.message };
}

/** The status ids of a scale setting, for validating the settings that name them. */
export function scaleIdsOf(scale: ScaleConfig | undefined): string[] {
  if (Array.isArray(scale)) return scale.map((e) => e.id);
  return resolveScale(scale).entries.map((e) => e.id);
}

export const DEFAULT_FY_START_MONTH = 4;
