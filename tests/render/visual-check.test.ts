// Renders the report to real files (docx, xlsx), converts them with LibreOffice and checks the PDFs; PNGs are left in tests/.output/render for a human look.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Packer } from 'docx';
import { writeWorkbook } from '../../src/adapters/xlsx/write-workbook';
import { renderIssuesSheet } from '../../src/render/issues-sheet';
import { renderRegisterSheet } from '../../src/render/register-sheet';
import { renderReportDocx } from '../../src/render/report-docx';
import { renderReportSheet } from '../../src/render/report-sheet';
import { sampleRegister, sampleReport } from './sample-data';

const OUT = join(__dirname, '..', '.output', 'render');
const hasTools = ['soffice', 'pdftotext', 'pdftoppm'].every((t) => {
  try {
    execFileSync('which', [t], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
});
const maybe = hasTools ? test : test.skip;

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
    writeFileSync(file, await Packer.toBuffer(renderReportDocx(sampleReport())));
    const text = toPdf(file);
    expect(pageCount(text)).toBeGreaterThanOrEqual(1);
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain('Business plan milestones: Quarter 4 2017-18');
    expect(flat).toContain('Update as at end of March 2018');
    expect(flat).toContain('Q4 update on delayed Q2 milestone');
    expect(flat).toContain('<script>alert("x")</script>');
    expect(flat).toContain('✓ Delivered');
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
