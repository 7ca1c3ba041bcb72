// Test helper: LibreOffice conversions, each with its own profile so parallel runs don't hand work to each other.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

export const SOFFICE = '/usr/bin/soffice';
export const hasSoffice = existsSync(SOFFICE);

/** Converts `file` with LibreOffice (e.g. to "pdf" or "xlsx:Calc MS Excel 2007 XML") into outDir; returns the output path. */
export function convertWithSoffice(file: string, to: string, outDir: string): string {
  const profile = mkdtempSync(path.join(tmpdir(), 'soffice-profile-'));
  try {
    execFileSync(
      SOFFICE,
      [`-env:UserInstallation=file://${profile}`, '--headless', '--norestore', '--convert-to', to, '--outdir', outDir, file],
      { stdio: 'pipe', timeout: 120000 },
    );
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
  const ext = to.split(':')[0];
  const out = path.join(outDir, `${path.basename(file, path.extname(file))}.${ext}`);
  if (!existsSync(out)) throw new Error(`LibreOffice did not write ${out}`);
  return out;
}

/** Renders PDF pages to PNG files (prefix-1.png, ...) and returns their paths. */
export function renderPdfPages(pdf: string, prefix: string, dpi = 80): string[] {
  execFileSync('pdftoppm', ['-png', '-r', String(dpi), pdf, prefix], { stdio: 'pipe', timeout: 60000 });
  const dir = path.dirname(prefix);
  const base = path.basename(prefix);
  const pages: string[] = [];
  for (let i = 1; i < 1000; i++) {
    const candidates = [`${base}-${i}.png`, `${base}-${String(i).padStart(2, '0')}.png`, `${base}-${String(i).padStart(3, '0')}.png`];
    const found = candidates.map((c) => path.join(dir, c)).find((p) => existsSync(p));
    if (!found) break;
    pages.push(found);
  }
  return pages;
}
