// The settings kept inside the workbook hold no personal data: only the config and the generated sheets' ids and names.
// A new stored field fails here until it is added to an allow-list below, on purpose, after a privacy review.
import { createExcelSession } from '../../../src/adapters/office/excel-session';
import { SETTINGS_NAMESPACE, settingsToXml, StoredSettingsSchema, type StoredSettings } from '../../../src/adapters/office/workbook-settings';
import { ConfigSchema, FIELDS, STATUS_IDS, type Config } from '../../../src/domain/config';
import type { SheetLayout } from '../../../src/render/sheet-layout';
import { FakeExcel, officeWith } from './fake-excel';

const STORED_KEYS = ['config', 'generatedSheets'];
const CONFIG_KEYS = ['sheet', 'headerRow', 'columns', 'scale', 'statusSynonyms', 'financialYearStartMonth', 'language'];
const SHEET_KEYS = ['id', 'name'];

/** Who and where, as Office would tell an add-in that asked (this one never does). */
const IDENTITY = {
  displayName: 'Jane Doe',
  emailAddress: 'jane.doe@contoso.com',
  userName: 'jdoe',
  machine: 'LAPTOP-JD4821',
  url: 'https://contoso-my.sharepoint.com/personal/jane_doe_contoso_com/Documents/Business plan tracker.xlsx',
  path: 'C:\\Users\\jdoe\\OneDrive - Contoso\\Business plan tracker.xlsx',
};

const fullConfig: Config = {
  sheet: ['Tracker', 'Notes'],
  headerRow: 3,
  columns: { id: 'Ref', milestone: 'Milestone', status: 'Q4 RAG', owner: 'Lead' },
  statusSynonyms: { delivered: ['Done and dusted'], 'some-delay': ['Slipping'] },
  financialYearStartMonth: 4,
};

const layout = (name: string): SheetLayout => ({ name, columnWidths: [], rows: [['x']], styles: [], merges: [], validations: [], iconRules: [] });

function storedJson(fake: FakeExcel): Record<string, unknown> {
  const parts = fake.xmlParts.filter((p) => !p.deleted);
  expect(parts).toHaveLength(1);
  const body = /<settings xmlns="[^"]+">([\s\S]*)<\/settings>/.exec(parts[0]!.xml)![1]!;
  return JSON.parse(body.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')) as Record<string, unknown>;
}

function keysOf(o: unknown): string[] {
  return Object.keys(o as object);
}

describe('settings stored in the workbook', () => {
  test('the schema stores only allow-listed fields', () => {
    expect(keysOf(StoredSettingsSchema.shape).sort()).toEqual([...STORED_KEYS].sort());
    expect(keysOf(StoredSettingsSchema.shape.generatedSheets.element.shape).sort()).toEqual([...SHEET_KEYS].sort());
    expect(keysOf(ConfigSchema.shape).sort()).toEqual([...CONFIG_KEYS].sort());
  });

  test('what a session writes: allow-listed keys only, and nothing of the user, the machine or the file\u2019s location', async () => {
    const fake = new FakeExcel([{ name: 'Tracker', rows: [['Ref', 'Milestone', 'Q4 RAG', 'Lead'], ['P1', 'Publish the plan', 'Green', 'DCS Green']] }]);
    const office = {
      context: {
        ...officeWith(20).context,
        displayLanguage: 'en-GB',
        document: { url: IDENTITY.url, settings: {} },
        userProfile: { displayName: IDENTITY.displayName, emailAddress: IDENTITY.emailAddress },
        diagnostics: { host: 'Excel', platform: 'PC', version: '16.0', machine: IDENTITY.machine, user: IDENTITY.userName },
      },
    };
    const s = createExcelSession(office, fake.run, () => Promise.resolve());
    await s.loadSettings();
    expect(await s.saveConfig(fullConfig)).toEqual([]);
    const w = await s.writeSheets([layout('Milestone Register'), layout('Issues')]);
    expect(w.ok).toBe(true);

    const stored = storedJson(fake);
    expect(keysOf(stored).sort()).toEqual([...STORED_KEYS].sort());
    const config = stored.config as Record<string, unknown>;
    for (const k of keysOf(config)) expect(CONFIG_KEYS).toContain(k);
    for (const k of keysOf(config.columns)) expect(FIELDS as readonly string[]).toContain(k);
    for (const k of keysOf(config.statusSynonyms)) expect(STATUS_IDS as readonly string[]).toContain(k);
    const sheets = stored.generatedSheets as Record<string, unknown>[];
    expect(sheets.map((x) => x.name)).toEqual(['Milestone Register', 'Issues']);
    for (const sheet of sheets) expect(keysOf(sheet).sort()).toEqual([...SHEET_KEYS].sort());
    expect(config).toEqual(fullConfig);

    const xml = fake.xmlParts.find((p) => !p.deleted)!.xml;
    expect(xml).toContain(SETTINGS_NAMESPACE);
    for (const value of Object.values(IDENTITY)) expect(xml).not.toContain(value);
    for (const fragment of ['jdoe', 'jane', 'Jane', 'contoso', 'C:\\', '\\\\', 'https:', 'file:', '@', 'LAPTOP', 'Business plan tracker.xlsx']) {
      expect(xml).not.toContain(fragment);
    }
  });

  test('an object that carries more than the schema (a spread from somewhere) stores only the schema\u2019s fields', () => {
    const extra = {
      config: { headerRow: 2, author: IDENTITY.displayName },
      generatedSheets: [{ id: '{S9}', name: 'Milestone Register', createdBy: IDENTITY.emailAddress }],
      lastOpenedFrom: IDENTITY.path,
    } as unknown as StoredSettings;
    const xml = settingsToXml(extra);
    expect(xml).toBe(`<?xml version="1.0" encoding="UTF-8"?><settings xmlns="${SETTINGS_NAMESPACE}">{"config":{"headerRow":2},"generatedSheets":[{"id":"{S9}","name":"Milestone Register"}]}</settings>`);
  });
});
