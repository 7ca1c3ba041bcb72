// The settings a user can give: the CLI's config file and the settings the task pane keeps in a workbook.
import { z } from 'zod';

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

export const STATUS_IDS = ['delivered', 'on-track', 'some-delay'] as const;
export const StatusIdSchema = z.enum(STATUS_IDS);
export type StatusId = z.infer<typeof StatusIdSchema>;

export const ConfigSchema = z
  .object({
    /** Sheet name (or names) to read; default: every sheet that holds a tracker. */
    sheet: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
    /** 1-based header row, as Excel numbers rows. */
    headerRow: z.number().int().min(1).max(1048576).optional(),
    /** Field -> source header text. */
    columns: z.partialRecord(FieldSchema, z.string().min(1)).optional(),
    /** Extra wordings per status id, added to the built-in ones. */
    statusSynonyms: z.partialRecord(StatusIdSchema, z.array(z.string().min(1))).optional(),
    /** First month of the financial year, 1-12 (default 4: April). */
    financialYearStartMonth: z.number().int().min(1).max(12).optional(),
    /** Language of the published report (BCP 47, e.g. "en-GB", "cy-GB"); default en-GB. */
    language: z.string().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'a language tag such as "en-GB"').optional(),
  })
  .strict();
export type Config = z.infer<typeof ConfigSchema>;

export const DEFAULT_FY_START_MONTH = 4;
