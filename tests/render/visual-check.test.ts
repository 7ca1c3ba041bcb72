// Renders the report to real files (docx, xlsx), converts them with LibreOffice and checks the PDFs; PNGs are left in tests/.output/render for a human look.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readWorkbookFile } from '../../src/adapters/xlsx/read-file';
import { writeWorkbook } from '../../src/adapters/xlsx/write-workbook';
import { runPipeline } from '../../src/domain/pipeline';
import { renderIssuesSheet } from '../../src/render/issues-sheet';
import { renderRegisterSheet } from '../../src/render/register-sheet';
import { reportDocxBytes } from '../../src/adapters/docx/write-docx';
import { renderReportSheet } from '../../src/render/report-sheet';
import { sampleRegister, sampleReport } from './sample-data';
import { runsHere } from '../tool-required';

const OUT = join(__dirname, '..', '.output', 'render');
const hasTools = ['soffice', 'pdftotext', 'pdftoppm'].every((t) => {
  try {
    execFileSync('which', [t], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
});
const maybe = runsHere(hasTools) ? test : test.skip;

function toPdf(file: string): string {
  const profile = mkdtempSync(join(tmpdir(), 'lo-'));
  try {
    execFileSync('soffice', ['--headless', `-env:UserInstallation=file://${profile}`, '--convert-to', 'pdf', '--outdir', OUT, file], {
      stdio: 'ignore',
      timeout: 120000,
    });
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
  const pdf = file.replace(/\.[^.]+$/, '.pdf');
  if (!existsSync(pdf)) throw new Error(`LibreOffice made no PDF from ${file}`);
  const stem = basename(pdf, '.pdf');
  for (const f of readdirSync(OUT)) if (f.startsWith(`${stem}-`) && f.endsWith('.png')) rmSync(join(OUT, f));
  execFileSync('pdftoppm', ['-png', '-r', '60', pdf, pdf.replace(/\.pdf$/, '')]);
  return execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' });
}

function pageCount(text: string): number {
  return text.split('\f').filter((p) => p.trim() !== '').length;
}

beforeAll(() => mkdirSync(OUT, { recursive: true }));

describe('the report on paper (LibreOffice)', () => {
  maybe('the Word report converts to PDF with the title, labels, updates and statuses', async () => {
    const file = join(OUT, 'report.docx');
    writeFileSync(file, await reportDocxBytes(sampleReport()));
    const text = toPdf(file);
    expect(pageCount(text)).toBeGreaterThanOrEqual(1);
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain('Business plan milestones: Quarter 4 2017-18');
    expect(flat).toContain('Update as at end of March 2018');
    expect(flat).toContain('Q4 update on delayed Q2 milestone');
    expect(flat).toContain('<script>alert("x")</script>');
    expect(flat).toContain('✓ Delivered');
  });

  maybe('on paper, markup-like user text shows literally and a long update is not cut', async () => {
    const report = sampleReport();
    const entry = report.sections[0]!.themes[0]!.entries[0]!;
    entry.milestone = 'Text like <w:p> and &amp; stays text';
    entry.update = `First line <w:t>&lt;\n${'Long update words. '.repeat(200)}last words 🚓 שלום`;
    const file = join(OUT, 'report-awkward.docx');
    writeFileSync(file, await reportDocxBytes(report));
    const flat = toPdf(file).replace(/\s+/g, ' ');
    expect(flat).toContain('Text like <w:p> and &amp; stays text');
    expect(flat).toContain('First line <w:t>&lt;');
    expect(flat).toContain('last words');
    expect(flat).toContain('שלום');
  });

  maybe('the register, report and issues sheets convert to PDF', async () => {
    const layouts = [renderRegisterSheet(sampleRegister()), renderReportSheet(sampleReport()), renderIssuesSheet(sampleReport().issues)];
    const { bytes } = await writeWorkbook(null, layouts);
    const file = join(OUT, 'register.xlsx');
    writeFileSync(file, bytes);
    const text = toPdf(file);
    expect(pageCount(text)).toBeGreaterThanOrEqual(2);
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain('Business plan milestones: Quarter 4 2017-18');
    expect(flat).toContain('Progress update');
    expect(flat).toContain('=HYPERLINK("http://evil")');
  });
});

describe('the demo tracker end to end (reader, pipeline, renderers, writer, LibreOffice)', () => {
  maybe('the sample tracker renders to a Word report and a workbook whose PDFs carry every report entry', async () => {
    const read = await readWorkbookFile(join(__dirname, '..', '..', 'samples', 'met-tracker-2017-18.xlsx'));
    if (!read.ok) throw new Error(read.issue.message);
    const result = runPipeline(read.workbook, {}, { readIssues: read.issues });
    const entries = result.report.sections.flatMap((s) => s.themes.flatMap((t) => t.entries));
    expect(entries.length).toBeGreaterThan(5);
    const docx = join(OUT, 'demo-report.docx');
    writeFileSync(docx, await reportDocxBytes(result.report));
    // pdftotext joins words hyphenated at a line end ("e-reporting" -> "ereporting"): compare without spaces and hyphens.
    const squash = (t: string) => t.replace(/[\s\-\u00ad]+/g, '');
    const docText = squash(toPdf(docx));
    const { bytes } = await writeWorkbook(null, [renderRegisterSheet(result.register), renderReportSheet(result.report), renderIssuesSheet(result.issues)]);
    const xlsx = join(OUT, 'demo-register.xlsx');
    writeFileSync(xlsx, bytes);
    const sheetText = squash(toPdf(xlsx));
    const title = squash(`Business plan milestones: Quarter ${result.report.quarter.slice(1)} ${result.report.financialYear}`);
    expect(docText).toContain(title);
    expect(sheetText).toContain(title);
    for (const e of entries) {
      // A row broken across pages comes out of pdftotext in two places: look for the start and the end of the wording.
      const words = e.milestone.split(/\s+/);
      expect(docText).toContain(squash(words.slice(0, 5).join(' ')));
      expect(docText).toContain(squash(words.slice(-2).join(' ')));
      // Cells side by side interleave their lines in extracted text: look for the first words only.
      expect(sheetText).toContain(squash(e.milestone.split(/\s+/).slice(0, 3).join(' ')));
    }
  });
});
