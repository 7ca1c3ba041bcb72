// The Word report as a model (src/render/report-docx.ts): what src/adapters/docx packs, checked without packing it.
import { Document } from 'docx';
import { reportDocument } from '../../src/render/report-docx';
import { escapeXmlText } from '../../src/shared/xml-text';
import { emptyReport, sampleReport } from './sample-data';

/** The body as one string, cut into a piece at every pause. */
async function bodyOf(pieces: { xml: string; fraction: number }[], report = sampleReport()): Promise<string> {
  let xml = '';
  await reportDocument(report).writeBody({
    markup: (x) => {
      xml += x;
    },
    text: (t) => {
      xml += escapeXmlText(t);
    },
    pause: (fraction) => {
      pieces.push({ xml, fraction });
      xml = '';
      return undefined;
    },
  });
  pieces.push({ xml, fraction: 1 });
  return pieces.map((p) => p.xml).join('');
}

test('a report with entries: a docx Document frame, a placeholder for the body, the language, the body as XML text', async () => {
  const report = sampleReport();
  const doc = reportDocument(report);
  expect(doc.frame).toBeInstanceOf(Document);
  expect(doc.placeholder).toMatch(/^<w:p>.*<\/w:p>$/);
  expect(doc.language).toBe(report.language ?? 'en-GB');
  const pieces: { xml: string; fraction: number }[] = [];
  const body = await bodyOf(pieces, report);
  const entries = report.sections.flatMap((s) => s.themes.flatMap((t) => t.entries));
  expect(entries.length).toBeGreaterThan(0);
  // Every entry's update is in the body, escaped as XML character data.
  for (const e of entries) {
    for (const line of e.update.split(/\r\n|\r|\n/)) expect(body).toContain(line.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
  }
  expect(body.startsWith('<w:p>')).toBe(true);
  expect(body.match(/<w:tbl>/g)?.length).toBe(body.match(/<\/w:tbl>/g)?.length);
  expect(pieces[pieces.length - 1]?.fraction).toBe(1);
  expect(pieces.every((p, i) => p.fraction >= (pieces[i - 1]?.fraction ?? 0))).toBe(true);
});

test('a report without entries has no placeholder: the frame is the whole document', () => {
  expect(reportDocument(emptyReport()).placeholder).toBeUndefined();
});
