// The Word report's updates written from their packed bytes (the CLI with a big tracker): the same document as from the
// text held as strings, line for line.
import { strFromU8, unzipSync } from 'fflate';
import * as path from 'node:path';
import { reportDocxBytes } from '../../../src/adapters/docx/write-docx';
import { readWorkbookFile } from '../../../src/adapters/xlsx/read-file';
import { PackedTexts } from '../../../src/cli/packed-texts';
import { hasPackedUpdate, withPackedUpdate } from '../../../src/domain/milestone';
import { runPipeline } from '../../../src/domain/pipeline';
import type { Report } from '../../../src/domain/report-model';

const SAMPLE = path.resolve(__dirname, '../../../samples/met-tracker-2017-18.xlsx');

/** Updates with every way a line can end (LF, CR, CRLF, at the end, twice), what XML escapes and what it cannot hold. */
const UPDATES = [
  'one line',
  'first\nsecond\r\nthird\rfourth',
  'ends with a break\n',
  '\r\n\r\nblank lines first\n\nand between\r\r\n',
  'a & b < c > d "quoted" \u2019curly\u2019 \u00e9\u4e2d\ud83d\ude93',
  'control \u0001 and \ufffe \uffff left out\ttab kept',
  '',
  '\n',
];

async function documentXml(report: Report): Promise<string> {
  return strFromU8(unzipSync(await reportDocxBytes(report))['word/document.xml']!);
}

test('a packed update is written as its text would be: a paragraph per line, escaped, controls left out', async () => {
  const read = await readWorkbookFile(SAMPLE);
  if (!read.ok) throw new Error(read.issue.message);
  const plain = runPipeline(read.workbook, {}, {}).report;
  const packedReport = runPipeline(read.workbook, {}, {}).report;
  const store = new PackedTexts();
  let n = 0;
  for (const [s, section] of plain.sections.entries()) {
    for (const [t, theme] of section.themes.entries()) {
      theme.entries.forEach((e, i) => {
        const text = `${UPDATES[n % UPDATES.length]!}${n % 3 === 0 ? '' : ` ${n}`}`;
        n++;
        e.update = text;
        const twin = packedReport.sections[s]!.themes[t]!.entries;
        twin[i] = withPackedUpdate({ ...twin[i]!, update: '' }, store.pack(text));
      });
    }
  }
  expect(n).toBeGreaterThan(UPDATES.length * 2);
  expect(packedReport.sections.every((s) => s.themes.every((t) => t.entries.every(hasPackedUpdate)))).toBe(true);
  const before = store.bytesRead;
  const xml = await documentXml(packedReport);
  // Not read back as strings: written from the bytes.
  expect(store.bytesRead).toBe(before);
  expect(xml).toBe(await documentXml(plain));
  expect(xml).toContain('<w:t xml:space="preserve">second</w:t>');
  expect(xml).toContain('a &amp; b &lt; c &gt; d "quoted"');
  expect(xml).toContain('control  and   left out\ttab kept');
});
