// Published means accessible: each rule checked on the generated files (the .docx and the .xlsx parts), read with an XML parser.
import { strFromU8, unzipSync } from 'fflate';
import { JSDOM } from 'jsdom';
import { writeWorkbook } from '../../src/adapters/xlsx/write-workbook';
import { renderIssuesSheet } from '../../src/render/issues-sheet';
import { renderRegisterSheet } from '../../src/render/register-sheet';
import { contrastRatio } from '../../src/render/contrast';
import { reportDocxBytes } from '../../src/adapters/docx/write-docx';
import { renderReportHtml } from '../../src/render/report-html';
import { renderReportSheet } from '../../src/render/report-sheet';
import { DCA5_SCALE, DELIVERY_SCALE, RAG_SCALE, type StatusScale } from '../../src/domain/status-scale';
import { sampleChangesOn, sampleRegisterOn, sampleReportOn } from './sample-data';

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const S = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const parser = new new JSDOM().window.DOMParser();
const parse = (xml: string) => parser.parseFromString(xml, 'application/xml');
const all = (node: Document | Element, ns: string, tag: string) => Array.from(node.getElementsByTagNameNS(ns, tag));
const first = (node: Element, ns: string, tag: string) => node.getElementsByTagNameNS(ns, tag)[0];
const val = (el: Element | undefined, attr = 'val', ns = W) => el?.getAttributeNS(ns, attr) ?? undefined;
const hex = (c: string | undefined, fallback: string) => (c === undefined || c === 'auto' ? fallback : c.toUpperCase().slice(-6));

/** Every rule holds whichever scale the statuses are on: each scale's own colours are darkened to 4.5:1. */
const SCALES: [string, StatusScale][] = [['delivery', DELIVERY_SCALE], ['rag', RAG_SCALE], ['dca5', DCA5_SCALE]];
const labelsOf = (scale: StatusScale) => scale.entries.map((s) => s.label);
/** The sample compared with a previous quarter, so every rule covers the "Changes since" section, the notes and the Change column too. */
const comparedReportOn = (scale: StatusScale) => ({ ...sampleReportOn(scale), changes: sampleChangesOn(scale).changes });

async function docxParts(scale: StatusScale, language?: string): Promise<Record<string, Document>> {
  const report = { ...comparedReportOn(scale), ...(language ? { language } : {}) };
  const files = unzipSync(await reportDocxBytes(report));
  return Object.fromEntries(Object.entries(files).filter(([p]) => p.endsWith('.xml')).map(([p, b]) => [p, parse(strFromU8(b))]));
}

describe.each(SCALES)('the Word report (%s scale)', (_, scale) => {
  let parts: Record<string, Document>;
  beforeAll(async () => {
    parts = await docxParts(scale);
  });

  test('has a title and the document language in its properties and styles (en-GB unless configured)', async () => {
    const core = parts['docProps/core.xml']!;
    expect(core.getElementsByTagNameNS('http://purl.org/dc/elements/1.1/', 'title')[0]?.textContent).toBe('Business plan milestones: Quarter 4 2017-18');
    expect(core.getElementsByTagNameNS('http://purl.org/dc/elements/1.1/', 'language')[0]?.textContent).toBe('en-GB');
    const defaults = first(parts['word/styles.xml']!.documentElement, W, 'docDefaults')!;
    expect(val(first(defaults, W, 'lang'))).toBe('en-GB');
    const welsh = await docxParts(scale, 'cy-GB');
    expect(welsh['docProps/core.xml']!.getElementsByTagNameNS('http://purl.org/dc/elements/1.1/', 'language')[0]?.textContent).toBe('cy-GB');
    expect(val(first(first(welsh['word/styles.xml']!.documentElement, W, 'docDefaults')!, W, 'lang'))).toBe('cy-GB');
  });

  test('the report checked carries the "Changes since" section (its headings and tables held to the same rules)', () => {
    expect(parts['word/document.xml']!.documentElement.textContent).toContain('Changes since Q3 2017-18');
  });

  test('headings use Heading 1-3 styles, one Heading 1 first, no level skipped', () => {
    const styles = new Map(all(parts['word/styles.xml']!, W, 'style').map((s) => [s.getAttributeNS(W, 'styleId')!, s]));
    const levels: number[] = [];
    for (const p of all(parts['word/document.xml']!, W, 'p')) {
      const id = val(first(p, W, 'pStyle'));
      if (id === 'Title') throw new Error('the title is set in the Title style, which is no heading');
      const m = /^Heading(\d)$/.exec(id ?? '');
      if (!m) continue;
      expect(val(first(styles.get(id!)!, W, 'outlineLvl'))).toBe(String(Number(m[1]) - 1));
      levels.push(Number(m[1]));
    }
    expect(levels[0]).toBe(1);
    expect(levels.filter((l) => l === 1)).toHaveLength(1);
    for (let i = 1; i < levels.length; i++) expect(levels[i]!).toBeLessThanOrEqual(levels[i - 1]! + 1);
    expect(new Set(levels)).toEqual(new Set([1, 2, 3]));
  });

  test('every data table has its first row marked as a header row, repeated on each page', () => {
    const tables = all(parts['word/document.xml']!, W, 'tbl').filter((t) => all(t, W, 'gridCol').length > 1);
    expect(tables.length).toBeGreaterThanOrEqual(4);
    for (const t of tables) {
      const rows = all(t, W, 'tr');
      expect(first(rows[0]!, W, 'tblHeader')).toBeDefined();
      expect(rows.slice(1).every((r) => first(r, W, 'tblHeader') === undefined)).toBe(true);
    }
  });

  test('a status is said in words next to its symbol', () => {
    const labels = labelsOf(scale);
    let seen = 0;
    for (const t of all(parts['word/document.xml']!, W, 'tbl')) {
      const rows = all(t, W, 'tr');
      if (rows[0]?.textContent !== 'MilestoneProgress updateStatus') continue;
      for (const r of rows.slice(1)) {
        const status = all(r, W, 'tc').at(-1)!.textContent.trim();
        if (status === '') continue;
        seen++;
        expect(labels.some((l) => status.endsWith(` ${l}`))).toBe(true);
      }
    }
    expect(seen).toBeGreaterThan(3);
  });

  test('all text reads at 4.5:1 or more on its fill (blue on green included)', () => {
    const styles = new Map(all(parts['word/styles.xml']!, W, 'style').map((s) => [s.getAttributeNS(W, 'styleId')!, s]));
    const colourOf = (id: string | undefined): string | undefined => {
      const s = id === undefined ? undefined : styles.get(id);
      if (!s) return undefined;
      const c = val(first(s, W, 'color'));
      return c ?? colourOf(val(first(s, W, 'basedOn')));
    };
    const pairs = new Map<string, number>();
    for (const part of ['word/document.xml', 'word/footer1.xml']) {
      for (const run of all(parts[part]!, W, 'r')) {
        if ((run.textContent ?? '').trim() === '') continue;
        const p = run.closest('p')!;
        const cell = run.closest('tc');
        const fill = hex(cell ? val(first(first(cell, W, 'tcPr')!, W, 'shd'), 'fill') : undefined, 'FFFFFF');
        const rPr = first(run, W, 'rPr');
        const text = hex(
          val(rPr ? first(rPr, W, 'color') : undefined) ?? colourOf(val(rPr ? first(rPr, W, 'rStyle') : undefined)) ?? colourOf(val(first(p, W, 'pStyle'))),
          '000000',
        );
        pairs.set(`${text} on ${fill}`, contrastRatio(text, fill));
      }
    }
    expect(pairs.has('1F4E79 on E2EFDA')).toBe(true); // milestone wording on the green band
    expect(pairs.size).toBeGreaterThan(5);
    // Each of the scale's status colours is among the pairs checked (in the legend at least).
    const statusColours = new Set(scale.entries.map((s) => colourOf(`Status${s.label.split(/[^A-Za-z0-9]+/).map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('')}`)));
    expect(statusColours.size).toBeGreaterThan(1);
    for (const c of statusColours) expect([...pairs.keys()].some((k) => k.startsWith(`${c} on `))).toBe(true);
    const low = [...pairs].filter(([, r]) => r < 4.5).map(([k, r]) => `${k}: ${r.toFixed(2)}`);
    expect(low).toEqual([]);
  });
});

describe.each(SCALES)('the workbook (%s scale)', (_, scale) => {
  let files: Record<string, Uint8Array>;
  beforeAll(async () => {
    const report = comparedReportOn(scale);
    const sheets = [renderRegisterSheet(sampleRegisterOn(scale), scale, sampleChangesOn(scale)), renderReportSheet(report), renderIssuesSheet(report.issues)];
    files = unzipSync((await writeWorkbook(null, sheets)).bytes);
  });

  test("the report sheet's entries header repeats on every printed page", () => {
    const wb = parse(strFromU8(files['xl/workbook.xml']!));
    const names = all(wb, S, 'definedName').filter((d) => d.getAttribute('name') === '_xlnm.Print_Titles');
    const sheets = all(wb, S, 'sheet').map((s) => s.getAttribute('name'));
    const titles = names.find((n) => sheets[Number(n.getAttribute('localSheetId'))] === 'Q4 2017-18 Report');
    expect(titles?.textContent).toMatch(/^'Q4 2017-18 Report'!\$(\d+):\$\1$/);
  });

  test("in the report sheet an icon is never alone: the cell its formula reads holds the status in words", () => {
    const wb = parse(strFromU8(files['xl/workbook.xml']!));
    const index = all(wb, S, 'sheet').findIndex((s) => s.getAttribute('name') === 'Q4 2017-18 Report');
    const sheet = parse(strFromU8(files[`xl/worksheets/sheet${index + 1}.xml`]!));
    const strings = all(parse(strFromU8(files['xl/sharedStrings.xml']!)), S, 'si').map((si) => si.textContent ?? '');
    const cells = new Map(all(sheet, S, 'c').map((c) => [c.getAttribute('r')!, c]));
    const textOf = (ref: string) => {
      const c = cells.get(ref);
      if (c?.getAttribute('t') === 'inlineStr') return first(c, S, 'is')?.textContent ?? '';
      const v = c ? first(c, S, 'v')?.textContent : undefined;
      return c?.getAttribute('t') === 's' && v !== undefined ? strings[Number(v)]! : (v ?? '');
    };
    let icons = 0;
    for (const [ref, c] of cells) {
      const f = first(c, S, 'f')?.textContent ?? '';
      const m = /^IFERROR\(MATCH\(([A-Z]+\d+),/.exec(f);
      // An empty result shows no icon (a milestone whose status the tracker does not give).
      if (!m || !first(c, S, 'v')?.textContent) continue;
      icons++;
      expect([ref, labelsOf(scale).includes(textOf(m[1]!))]).toEqual([ref, true]);
    }
    expect(icons).toBeGreaterThan(5);
  });

  test('every font colour the sheets use reads at 4.5:1 or more on the fill it is set on', () => {
    const styles = parse(strFromU8(files['xl/styles.xml']!));
    const fonts = all(first(styles.documentElement, S, 'fonts')!, S, 'font').map((f) => hex(first(f, S, 'color')?.getAttribute('rgb') ?? undefined, '000000'));
    const fills = all(first(styles.documentElement, S, 'fills')!, S, 'fill').map((f) => {
      const pattern = first(f, S, 'patternFill');
      return pattern?.getAttribute('patternType') === 'solid' ? hex(first(pattern, S, 'fgColor')?.getAttribute('rgb') ?? undefined, 'FFFFFF') : 'FFFFFF';
    });
    const xfs = all(first(styles.documentElement, S, 'cellXfs')!, S, 'xf');
    const used = new Set<string>();
    for (const [path, bytes] of Object.entries(files)) {
      if (!path.startsWith('xl/worksheets/')) continue;
      for (const c of all(parse(strFromU8(bytes)), S, 'c')) if (first(c, S, 'v') || first(c, S, 'is')) used.add(c.getAttribute('s') ?? '0');
    }
    const pairs = new Map<string, number>();
    for (const s of used) {
      const xf = xfs[Number(s)]!;
      const text = fonts[Number(xf.getAttribute('fontId') ?? 0)]!;
      const fill = fills[Number(xf.getAttribute('fillId') ?? 0)]!;
      pairs.set(`${text} on ${fill}`, contrastRatio(text, fill));
    }
    expect(pairs.has('1F4E79 on E2EFDA')).toBe(true);
    expect(pairs.has('FFFFFF on 1F4E79')).toBe(true);
    const low = [...pairs].filter(([, r]) => r < 4.5).map(([k, r]) => `${k}: ${r.toFixed(2)}`);
    expect(low).toEqual([]);
  });
});

describe.each(SCALES)('the HTML report (pane preview, Copy report; %s scale)', (_, scale) => {
  const doc = new JSDOM(`<!doctype html><body>${renderReportHtml(comparedReportOn(scale))}</body>`).window.document;

  test('one h1 first, then no heading level skipped', () => {
    const levels = Array.from(doc.querySelectorAll('h1, h2, h3, h4, h5, h6')).map((h) => Number(h.tagName[1]));
    expect(levels[0]).toBe(1);
    expect(levels.filter((l) => l === 1)).toHaveLength(1);
    for (let i = 1; i < levels.length; i++) expect(levels[i]!).toBeLessThanOrEqual(levels[i - 1]! + 1);
  });

  test('every text colour reads at 4.5:1 or more on the background it sits on', () => {
    const colourIn = (el: Element, prop: 'color' | 'background') => new RegExp(`(?:^|;)\\s*${prop}:\\s*#([0-9A-Fa-f]{6})`).exec(el.getAttribute('style') ?? '')?.[1];
    const pairs = new Map<string, number>();
    for (const el of Array.from(doc.body.querySelectorAll('*'))) {
      if (!Array.from(el.childNodes).some((n) => n.nodeType === 3 && n.textContent!.trim() !== '')) continue;
      let text: string | undefined;
      let fill: string | undefined;
      for (let e: Element | null = el; e && (text === undefined || fill === undefined); e = e.parentElement) {
        text ??= colourIn(e, 'color');
        fill ??= colourIn(e, 'background');
      }
      const t = (text ?? '000000').toUpperCase();
      const f = (fill ?? 'FFFFFF').toUpperCase();
      pairs.set(`${t} on ${f}`, contrastRatio(t, f));
    }
    expect(pairs.has('1F4E79 on E2EFDA')).toBe(true);
    const low = [...pairs].filter(([, r]) => r < 4.5).map(([k, r]) => `${k}: ${r.toFixed(2)}`);
    expect(low).toEqual([]);
  });
});
