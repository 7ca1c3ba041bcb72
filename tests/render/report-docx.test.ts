// The Word report read back from its packed bytes: text, order, colours, shading, boxes, header rows, page size.
import { Packer } from 'docx';
import JSZip from 'jszip';
import type { Report } from '../../src/domain/report-model';
import { renderReportDocx } from '../../src/render/report-docx';
import { emptyReport, sampleReport } from './sample-data';

async function documentXml(report: Report): Promise<string> {
  const zip = await JSZip.loadAsync(await Packer.toBuffer(renderReportDocx(report)));
  return zip.file('word/document.xml')!.async('string');
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

function runColour(xml: string, text: string): string | undefined {
  const run = xml.split('</w:r>').find((r) => decode(r).includes(text));
  return run ? /<w:color w:val="([0-9A-Fa-f]{6}|auto)"/.exec(run)?.[1] : undefined;
}

describe('renderReportDocx', () => {
  let xml: string;
  beforeAll(async () => {
    xml = await documentXml(sampleReport());
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

  test('milestone wording in blue, progress update in black, status symbol in the scale colour', () => {
    const row = rowWith(xml, 'deploy 600 Safer Schools Officers');
    expect(runColour(row, 'deploy 600 Safer Schools Officers')).toBe('1F4E79');
    expect(runColour(row, 'Q4 milestone: ')).toBe('1F4E79');
    expect(runColour(row, 'As at February, 319 were already in place.')).toBe('000000');
    expect(runColour(row, '●')).toBe('43A047');
    const delivered = rowWith(xml, 'Review the Online Hate Crime Hub');
    expect(runColour(delivered, '✓')).toBe('2E7D32');
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

  test('A4 portrait page, header row repeated on each page, rows kept whole', () => {
    expect(xml).toMatch(/<w:pgSz [^>]*w:w="11906"[^>]*w:h="16838"/);
    const headers = tableRows(xml).filter((r) => r.includes('<w:tblHeader'));
    // One header row per entries table (2 themes) and per summary table (2).
    expect(headers.filter((r) => textOf(r).startsWith('Milestone'))).toHaveLength(2);
    expect(headers).toHaveLength(4);
    expect(rowWith(xml, 'deploy 600 Safer Schools Officers')).toContain('<w:cantSplit');
  });

  test('an empty report says there is nothing to report, with no entry tables', async () => {
    const empty = await documentXml(emptyReport());
    const text = textOf(empty);
    expect(text).toContain('Business plan milestones: Quarter 1 2018-19');
    expect(text).toContain('Update as at end of June 2018');
    expect(text).toContain('There are no milestones to report for Q1 2018-19.');
    expect(text).not.toContain('Progress update');
  });
});
