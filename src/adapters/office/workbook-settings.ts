// The add-in's settings and its list of generated sheets, kept inside the workbook as one custom XML part.
import { z } from 'zod';
import { ConfigSchema, type Config } from '../../domain/config';
import { makeIssue, type Issue } from '../../domain/issue';
import { escapeXmlText, unescapeXml } from '../../shared/xml-text';

export const SETTINGS_NAMESPACE = 'urn:milestone-register:settings:1';

export const StoredSettingsSchema = z.object({
  config: ConfigSchema,
  /** Sheets the add-in created (ids are stable when a user renames a sheet). */
  generatedSheets: z.array(z.object({ id: z.string(), name: z.string() })),
});
export type StoredSettings = z.infer<typeof StoredSettingsSchema>;

export const EMPTY_SETTINGS: StoredSettings = { config: {}, generatedSheets: [] };

/**
 * Only what the schema names is stored: the config and the generated sheets' ids and names. Nothing personal (no user
 * names, e-mail addresses, file paths or machine names); an object that carries more (a spread from somewhere) loses it here.
 */
export function storedFields(settings: StoredSettings): StoredSettings {
  const configKeys = Object.keys(ConfigSchema.shape) as (keyof Config)[];
  const config: Record<string, unknown> = {};
  for (const k of configKeys) if (settings.config[k] !== undefined) config[k] = settings.config[k];
  return { config: config, generatedSheets: settings.generatedSheets.map(({ id, name }) => ({ id, name })) };
}

export function settingsToXml(settings: StoredSettings): string {
  return `<?xml version="1.0" encoding="UTF-8"?><settings xmlns="${SETTINGS_NAMESPACE}">${escapeXmlText(JSON.stringify(storedFields(settings)))}</settings>`;
}

export function settingsFromXml(xml: string): { settings: StoredSettings; issues: Issue[] } {
  const body = /<settings\b[^>]*>([\s\S]*)<\/settings>/.exec(xml)?.[1];
  const bad = (why: string) => ({
    settings: EMPTY_SETTINGS,
    issues: [makeIssue('warning', '', '', 'settings-unreadable', `The Milestone Register settings saved in this workbook could not be read (${why}); the defaults are used.`,
      'Check the mapping on the Source step and save the settings again.')],
  });
  if (body === undefined) return bad('no settings element');
  let json: unknown;
  try {
    json = JSON.parse(unescapeXml(body));
  } catch {
    return bad('not valid JSON');
  }
  const parsed = StoredSettingsSchema.safeParse(json);
  if (!parsed.success) return bad(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return { settings: parsed.data, issues: [] };
}

export async function loadSettings(context: Excel.RequestContext): Promise<{ settings: StoredSettings; issues: Issue[] }> {
  const parts = context.workbook.customXmlParts.getByNamespace(SETTINGS_NAMESPACE);
  parts.load('items/id');
  await context.sync();
  const part = parts.items[0];
  if (!part) return { settings: EMPTY_SETTINGS, issues: [] };
  const xml = part.getXml();
  await context.sync();
  return settingsFromXml(xml.value);
}

/** Replaces the stored part (one per workbook). */
export async function saveSettings(context: Excel.RequestContext, settings: StoredSettings): Promise<void> {
  const parts = context.workbook.customXmlParts.getByNamespace(SETTINGS_NAMESPACE);
  parts.load('items/id');
  await context.sync();
  for (const p of parts.items) p.delete();
  context.workbook.customXmlParts.add(settingsToXml(settings));
  await context.sync();
}
