// The Word report read back from its packed bytes: text, order, styles and colours, shading, boxes, header rows, page
// size; user text exact and never markup; a valid package on both deflate paths (CompressionStream and fflate).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import type { Report } from '../../src/domain/report-model';
import { CancelledError } from '../../src/shared/long-work';
import { reportDocxBytes } from '../../src/adapters/docx/write-docx';
import { emptyReport, sampleReport } from './sample-data';
import { readableOn } from '../../src/render/contrast';
import { runsHere } from '../tool-required';

/** A status colour as the document sets it: the scale's, darkened to read at 4.5:1 on the page, the bands and the headers. */
const readable = (c: string) => readableOn(c, ['FFFFFF', 'E2EFDA', 'DDEBF7', 'D9D9D9']);

async function parts(report: Report): Promise<{ document: string; styles: string; zip: JSZip }> {
  // checkCRC32: every part's checksum is verified, as Word does.
  const zip = await JSZip.loadAsync(await reportDocxBytes(report), { checkCRC32: true });
  return { document: await zip.file('word/document.xml')!.async('string'), styles: await zip.file('word/styles.xml')!.async('string'), zip };
}

async function documentXml(report: Report): Promise<string> {
  return (await parts(report)).document;
}

function decode(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}

/** The visible text of an XML fragment, paragraphs separated by newlines. */
function textOf(xml: string): string {
  return xml
    .split(/<\/w:p>/)
    .map((p) => decode([...p.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('')))
    .filter((t) => t !== '')
    .join('\n');
}

function tableRows(xml: string): string[] {
  return xml.split(/<w:tr[ >]/).slice(1).map((r) => r.slice(0, r.indexOf('</w:tr>')));
}

function rowWith(xml: string, text: string): string {
  const row = tableRows(xml).find((r) => textOf(r).includes(text));
  if (!row) throw new Error(`no table row with "${text}"`);
  return row;
}

/** A style's own run properties, then those of the styles it is based on. */
function styleRunProperty(styles: string, id: string | undefined, pick: (rPr: string) => string | undefined): string | undefined {
  for (let seen = 0; id !== undefined && seen < 10; seen++) {
    const style = new RegExp(`<w:style [^>]*w:styleId="${id}"[^>]*>([\\s\\S]*?)</w:style>`).exec(styles)?.[1];
    if (style === undefined) return undefined;
    const found = pick(/<w:rPr>([\s\S]*?)<\/w:rPr>/.exec(style)?.[1] ?? '');
    if (found !== undefined) return found;
    id = /<w:basedOn w:val="([^"]+)"/.exec(style)?.[1];
  }
  return undefined;
}

const colourOf = (rPr: string) => /<w:color w:val="([0-9A-Fa-f]{6}|auto)"/.exec(rPr)?.[1];
const boldOf = (rPr: string) => (/<w:b\/>|<w:b w:val="(true|1|on)"\/>/.test(rPr) ? 'bold' : /<w:b w:val="(false|0|off)"\/>/.test(rPr) ? 'not bold' : undefined);

/**
 * How Word formats the run holding `text`: its direct formatting, else its character style, else its paragraph's
 * style (each with the styles it is based on). So the test holds whether formatting is direct or in styles, and fails
 * when a style is lost.
 */
function runFormat(xml: string, styles: string, text: string, pick: (rPr: string) => string | undefined): string | undefined {
  for (const p of xml.split('</w:p>')) {
    const run = p.split('</w:r>').find((r) => decode(r).includes(text));
    if (!run) continue;
    const rPr = /<w:rPr>([\s\S]*?)<\/w:rPr>/.exec(run.slice(run.lastIndexOf('<w:r>')))?.[1] ?? '';
    const pStyle = /<w:pPr><w:pStyle w:val="([^"]+)"/.exec(p.slice(p.lastIndexOf('<w:p>')))?.[1];
    return pick(rPr)
      ?? styleRunProperty(styles, /<w:rStyle w:val="([^"]+)"/.exec(rPr)?.[1], pick)
      ?? styleRunProperty(styles, pStyle, pick);
  }
  return undefined;
}

/** A report of one theme whose texts are those given. */
function reportWith(texts: { priority?: string; theme?: string; milestone?: string; update?: string }): Report {
  const r = sampleReport();
  const section = r.sections[0]!;
  const theme = section.themes[0]!;
  const entry = theme.entries[0]!;
  if (texts.priority !== undefined) section.priority = texts.priority;
  if (texts.theme !== undefined) theme.theme = texts.theme;
  if (texts.milestone !== undefined) entry.milestone = texts.milestone;
  if (texts.update !== undefined) entry.update = texts.update;
  return r;
}

describe('reportDocxBytes', () => {
  let xml: string;
  let styles: string;
  beforeAll(async () => {
    ({ document: xml, styles } = await parts(sampleReport()));
  });

  test('title, as-at line, legend and summary sentence come first, in that order', () => {
    const text = textOf(xml);
    const order = [
      'Business plan milestones: Quarter 4 2017-18',
      'Update as at end of March 2018',
      'Milestone reporting',
      'Quarter 4 milestones are set against a green background.',
      'Status is assessed as follows:',
      '✓ Delivered',
      '● On track',
      '▲ Some delay',
      'Of the 4 Q4 milestones, 1 was delivered',
      'Q4 milestones by status',
      'Keeping children and young people safe',
    ].map((t) => text.indexOf(t));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  test('entries grouped by priority then theme, with kind labels, in report order', () => {
    const text = textOf(xml);
    const at = (t: string) => text.indexOf(t);
    const seq = [
      at('Child protection'),
      at('Q4 milestone: “Subject to BCU roll out, provide an extra 400'),
      at('Q4 milestone: “Subject to BCU roll out, deploy 600'),
      at('Q4 update on delayed Q2 milestone: “Review arrangements'),
      at('Tackling hate crime'),
      at('Q4 milestone: “Review the Online Hate Crime Hub'),
      at('Q4 update on delayed Q3 2016-17 milestone: “Female Genital'),
    ];
    expect(seq.every((i) => i >= 0)).toBe(true);
    expect([...seq].sort((a, b) => a - b)).toEqual(seq);
  });

  test('milestone wording in blue and bold, progress update in black, status symbol bold in the scale colour', () => {
    const row = rowWith(xml, 'deploy 600 Safer Schools Officers');
    const colour = (text: string) => runFormat(row, styles, text, colourOf);
    const bold = (text: string) => runFormat(row, styles, text, boldOf);
    expect(colour('deploy 600 Safer Schools Officers')).toBe('1F4E79');
    expect(bold('deploy 600 Safer Schools Officers')).toBe('bold');
    expect(colour('Q4 milestone: ')).toBe('1F4E79');
    expect(colour('As at February, 319 were already in place.')).toBe('000000');
    expect(bold('As at February, 319 were already in place.')).toBeUndefined();
    expect(colour('●')).toBe(readable('43A047'));
    expect(bold('●')).toBe('bold');
    const delivered = rowWith(xml, 'Review the Online Hate Crime Hub');
    expect(runFormat(delivered, styles, '✓', colourOf)).toBe(readable('2E7D32'));
    const delayed = rowWith(xml, 'Review arrangements and future needs');
    expect(runFormat(delayed, styles, 'Review arrangements and future needs', colourOf)).toBe('1F4E79');
    expect(runFormat(delayed, styles, '▲', colourOf)).toBe(readable('F57C00'));
  });

  test('the formatting lives in named styles (Milestone, Progress update, Status ...), once, not on every run', () => {
    for (const name of ['Milestone', 'Progress update', 'Table heading', 'Status Delivered', 'Status On track', 'Status Some delay']) {
      expect(styles).toContain(`<w:name w:val="${name}"/>`);
    }
    const row = rowWith(xml, 'deploy 600 Safer Schools Officers');
    expect(row).toContain('<w:pStyle w:val="Milestone"/>');
    expect(row).toContain('<w:pStyle w:val="ProgressUpdate"/>');
    expect(row).not.toContain('<w:color ');
    expect(row).not.toContain('<w:tcMar>');
    // The legend's status lines use the same character styles as the entries.
    const legend = xml.slice(0, xml.indexOf('Of the 4 Q4 milestones'));
    expect(runFormat(legend, styles, '▲', colourOf)).toBe(readable('F57C00'));
    expect(runFormat(legend, styles, 'Our milestones are in blue.', colourOf)).toBe('1F4E79');
  });

  test('due entries shaded light green; delayed updates shaded light blue in a blue box', () => {
    const due = rowWith(xml, 'deploy 600 Safer Schools Officers');
    expect(due.match(/<w:shd [^>]*w:fill="E2EFDA"/g)).toHaveLength(3);
    expect(due).not.toContain('2E75B6');
    const delayed = rowWith(xml, 'Review arrangements and future needs');
    expect(delayed.match(/<w:shd [^>]*w:fill="DDEBF7"/g)).toHaveLength(3);
    expect(delayed.match(/<w:(top|bottom|left|right|start|end) [^>]*w:color="2E75B6"/g)!.length).toBeGreaterThanOrEqual(12);
    expect(delayed).not.toContain('E2EFDA');
  });

  test('line breaks in an update become separate paragraphs', () => {
    const row = rowWith(xml, 'We are on track and ready to deliver this.');
    expect(textOf(row)).toContain('We are on track and ready to deliver this.\nThe uplift will be complete at full BCU implementation.');
  });

  test('user text is text: markup and formula-looking text are escaped, not interpreted', () => {
    expect(xml).not.toContain('<script>');
    expect(xml).toContain('&lt;script&gt;');
    expect(textOf(rowWith(xml, 'stays text'))).toContain('<script>alert("x")</script> & =SUM(A1:A3) stays text');
  });

  test('cell margins are set once per table', () => {
    const tables = xml.split('<w:tbl>').slice(1);
    expect(tables.length).toBe(5); // legend, two summaries, two themes
    for (const t of tables) expect(t).toMatch(/<w:tblCellMar><w:top w:type="dxa" w:w="60"\/><w:left w:type="dxa" w:w="100"\/>/);
  });

  test('A4 portrait page, header row repeated on each page, entry rows free to break across pages', () => {
    expect(xml).toMatch(/<w:pgSz [^>]*w:w="11906"[^>]*w:h="16838"/);
    const headers = tableRows(xml).filter((r) => r.includes('<w:tblHeader'));
    // One header row per entries table (2 themes) and per summary table (2).
    expect(headers.filter((r) => textOf(r).startsWith('Milestone'))).toHaveLength(2);
    expect(headers).toHaveLength(4);
    // Kept-whole entry rows make LibreOffice lose the rest of a table at a page break (the demo end-to-end test shows it).
    expect(rowWith(xml, 'deploy 600 Safer Schools Officers')).not.toContain('<w:cantSplit');
  });

  test('an empty report says there is nothing to report, with no entry tables', async () => {
    const empty = await documentXml(emptyReport());
    const text = textOf(empty);
    expect(text).toContain('Business plan milestones: Quarter 1 2018-19');
    expect(text).toContain('Update as at end of June 2018');
    expect(text).toContain('There are no milestones to report for Q1 2018-19.');
    expect(text).not.toContain('Progress update');
    expect(empty).not.toContain('MilestoneRegisterBody');
  });

  test('summary tables: a row per priority with its counts, the total row in bold', () => {
    const r = sampleReport();
    const row = rowWith(xml, 'All priorities');
    expect(textOf(row)).toBe(['All priorities', r.summary.delivered, r.summary['on-track'], r.summary['some-delay']].join('\n'));
    expect(runFormat(row, styles, 'All priorities', boldOf)).toBe('bold');
    expect(textOf(rowWith(xml, 'Keeping children and young people safe'))).toMatch(/^Keeping children and young people safe\n\d+\n\d+\n\d+$/);
  });

  /** Each summary table's rows (header first), each as whether every paragraph in it keeps with the next. */
  function summaryKeeps(doc: string): boolean[][] {
    return doc.split('<w:tbl>').slice(1).map((t) => t.slice(0, t.indexOf('</w:tbl>'))).filter((t) => t.includes('>All priorities<'))
      .map((t) => tableRows(t).map((r) => r.split('<w:p>').slice(1).every((p) => p.includes('<w:keepNext/>'))));
  }

  test('summary tables are read whole: each kept on one page, its total never left alone at the top of the next', () => {
    const tables = summaryKeeps(xml);
    expect(tables).toHaveLength(2);
    // Header and priorities keep with the row after them; the total ends the table.
    for (const keeps of tables) expect(keeps).toEqual([...keeps.slice(0, -1).map(() => true), false]);
  });

  test('a summary of more priorities than a page holds breaks where it must, its last priority kept with the total', async () => {
    const r = sampleReport();
    const first = r.sections[0]!;
    r.sections = Array.from({ length: 40 }, (_, i) => ({ ...first, priority: `Priority ${i + 1}` }));
    const keeps = summaryKeeps(await documentXml(r))[0]!;
    expect(keeps).toHaveLength(42);
    expect(keeps.filter((k) => k)).toHaveLength(2);
    expect(keeps[0]).toBe(true);
    expect(keeps[40]).toBe(true);
  });
});

describe('user text in the Word report is exact and never markup', () => {
  const awkward = [
    '<w:p>&amp; </w:t></w:r></w:p><w:p><w:r><w:t>injected',
    ']]> <![CDATA[x]]> <!-- c --> "quoted" \'single\' & done',
    '🚓 Police 👮🏽‍♀️ 🇬🇧, שלום עולם, مرحبا بالعالم, 漢字, ü',
    '  leading and trailing spaces  ',
    'tab\there',
  ].join(' | ');

  test('milestone, update, priority and theme come back character for character from word/document.xml', async () => {
    const report = reportWith({ priority: `P ${awkward}`, theme: `T ${awkward}`, milestone: `M ${awkward}`, update: `U ${awkward}` });
    const doc = await documentXml(report);
    const text = textOf(doc);
    expect(text).toContain(`Q4 milestone: “M ${awkward}”`);
    expect(text.split('\n')).toContain(`U ${awkward}`);
    expect(text.split('\n')).toContain(`T ${awkward}`);
    // The priority: its heading and its row in both summary tables.
    expect(text.split('\n').filter((l) => l === `P ${awkward}`).length).toBe(3);
    expect(doc).not.toContain('injected</w:t>');
    expect(doc).not.toContain('<w:t>injected');
  });

  test('a 32,767-character update (Excel\'s cell limit) with markup in it comes back whole', async () => {
    const long = `${'<w:p>&amp;é🚓 '.repeat(3000)}`.slice(0, 32767 - 3) + 'end';
    expect(long.length).toBe(32767);
    const doc = await documentXml(reportWith({ update: long }));
    expect(textOf(rowWith(doc, 'end')).split('\n')).toContain(long);
  });

  test('line breaks (\\n, \\r\\n, \\r) become separate paragraphs; blank lines stay', async () => {
    const doc = await documentXml(reportWith({ update: 'one\ntwo\r\nthree\rfour\n\nsix' }));
    const row = rowWith(doc, 'three');
    const paragraphs = row.split('</w:p>').filter((p) => p.includes('ProgressUpdate')).map((p) => decode([...p.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('')));
    expect(paragraphs).toEqual(['one', 'two', 'three', 'four', '', 'six']);
  });

  test('characters XML forbids are dropped, the rest of the text kept; the document stays well-formed', async () => {
    const { document } = await parts(reportWith({ update: 'a\u0001b\u000Bc\uFFFEd \uD83D e', theme: 'x\u0000y' }));
    expect(textOf(document).split('\n')).toContain('abcd  e');
    expect(textOf(document).split('\n')).toContain('xy');
    // eslint-disable-next-line no-control-regex -- the control characters XML 1.0 forbids
    expect(document).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/);
  });
});

describe('the package', () => {
  const lint = runsHere(spawnSync('xmllint', ['--version']).status === 0) ? test : test.skip;

  lint('every XML part is well-formed (xmllint), with awkward text in it', async () => {
    const { zip } = await parts(reportWith({ update: '<w:p> & ]]> 🚓 \u0001', milestone: '"\'<>&' }));
    const dir = mkdtempSync(join(tmpdir(), 'docx-'));
    try {
      const names = Object.keys(zip.files).filter((n) => n.endsWith('.xml') || n.endsWith('.rels'));
      expect(names).toEqual(expect.arrayContaining(['[Content_Types].xml', 'word/document.xml', 'word/styles.xml', 'word/footer1.xml']));
      const files: string[] = [];
      for (const [i, n] of names.entries()) {
        const f = join(dir, `${i}.xml`);
        writeFileSync(f, await zip.file(n)!.async('uint8array'));
        files.push(f);
      }
      const r = spawnSync('xmllint', ['--noout', ...files], { encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('without CompressionStream (older browsers) fflate deflates, and the document is the same', async () => {
    const report = sampleReport();
    const native = await documentXml(report);
    const saved = Object.getOwnPropertyDescriptor(globalThis, 'CompressionStream');
    // @ts-expect-error: removed to take the fallback path
    delete globalThis.CompressionStream;
    try {
      expect(typeof (globalThis as { CompressionStream?: unknown }).CompressionStream).toBe('undefined');
      expect(await documentXml(report)).toBe(native);
    } finally {
      if (saved) Object.defineProperty(globalThis, 'CompressionStream', saved);
    }
  });

  test('a large report (3,000 entries) packs into a valid zip with every entry in it', async () => {
    const report = sampleReport();
    const theme = report.sections[0]!.themes[0]!;
    const template = theme.entries[0]!;
    theme.entries = Array.from({ length: 3000 }, (_, i) => ({ ...template, id: `E-${i}`, milestone: `Milestone number ${i} <&>`, update: `Update ${i}\nsecond line ${i}` }));
    const doc = await documentXml(report);
    expect(doc.split('<w:tr>').length - 1).toBeGreaterThanOrEqual(3000);
    const text = textOf(doc);
    expect(text).toContain('Q4 milestone: “Milestone number 0 <&>”');
    expect(text).toContain('Q4 milestone: “Milestone number 2999 <&>”');
    expect(text).toContain('Update 2999\nsecond line 2999');
  });
});

describe('long reports', () => {
  /** The sample report with every theme's entries repeated until it holds about 40,000 entries. */
  function bigReport(): Report {
    const r = sampleReport();
    const count = r.sections.reduce((n, s) => n + s.themes.reduce((m, t) => m + t.entries.length, 0), 0);
    const times = Math.ceil(40_000 / count);
    return {
      ...r,
      sections: r.sections.map((s) => ({ ...s, themes: s.themes.map((t) => ({ ...t, entries: Array.from({ length: times }, () => t.entries).flat() })) })),
    };
  }

  test('progress rises to 1 while the page gets its turns; Cancel stops the work at the next pause', async () => {
    const report = bigReport();
    const fractions: number[] = [];
    let turns = 0;
    const timer = setInterval(() => turns++, 10);
    try {
      const bytes = await reportDocxBytes(report, { onProgress: (f) => fractions.push(f) });
      expect(bytes.length).toBeGreaterThan(0);
    } finally {
      clearInterval(timer);
    }
    expect(fractions.length).toBeGreaterThan(2);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(fractions[fractions.length - 1]).toBe(1);
    expect(turns).toBeGreaterThan(2);

    const cancel = new AbortController();
    const seen: number[] = [];
    const made = reportDocxBytes(report, {
      signal: cancel.signal,
      onProgress: (f) => {
        seen.push(f);
        cancel.abort();
      },
    });
    await expect(made).rejects.toBeInstanceOf(CancelledError);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toBeLessThan(0.5);
  });
});
