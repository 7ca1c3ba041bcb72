// LibreOffice as a test instrument: convert files headless (each run with a profile of its own) and read row heights.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

export const hasLibreOffice = ['soffice', 'pdftotext', 'pdftoppm'].every((t) => {
  try {
    execFileSync('which', [t], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
});

/** Converts `file` to `format` (e.g. "pdf", "fods") into `outDir`; returns the new file's path. */
export function convert(file: string, format: string, outDir: string): string {
  const profile = mkdtempSync(join(tmpdir(), 'lo-'));
  try {
    execFileSync('soffice', ['--headless', `-env:UserInstallation=file://${profile}`, '--convert-to', format, '--outdir', outDir, file], {
      stdio: 'ignore',
      timeout: 180000,
    });
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
  const out = join(outDir, basename(file).replace(/\.[^.]+$/, `.${format}`));
  if (!existsSync(out)) throw new Error(`LibreOffice made no ${format} from ${file}`);
  return out;
}

/** Row heights in points of the first sheet of a flat ODS file, by 0-based row, up to `rows` rows. */
export function fodsRowHeights(fods: string, rows: number): number[] {
  const xml = readFileSync(fods, 'utf8');
  const styles = new Map<string, number>();
  for (const m of xml.matchAll(/<style:style style:name="(ro\d+)" style:family="table-row">\s*<style:table-row-properties([^>]*)>/g)) {
    const h = /style:row-height="([\d.]+)in"/.exec(m[2]!);
    if (h) styles.set(m[1]!, Number(h[1]) * 72);
  }
  const table = xml.slice(xml.indexOf('<table:table '), xml.indexOf('</table:table>'));
  const out: number[] = [];
  for (const m of table.matchAll(/<table:table-row table:style-name="(ro\d+)"(?: table:number-rows-repeated="(\d+)")?/g)) {
    const n = Number(m[2] ?? 1);
    for (let i = 0; i < n && out.length < rows; i++) out.push(styles.get(m[1]!) ?? NaN);
    if (out.length >= rows) break;
  }
  return out;
}

/**
 * LibreOffice's own optimal height of each row of an xlsx file's first sheet: the file is converted to flat ODS, its
 * row heights and generator are removed (so LibreOffice treats it as another producer's file and fits every row on
 * loading), and it is converted once more.
 */
export function optimalRowHeights(xlsx: string, outDir: string, rows: number): number[] {
  const fods = convert(xlsx, 'fods', outDir);
  const bare = readFileSync(fods, 'utf8')
    .replace(/<meta:generator>[^<]*<\/meta:generator>/, '')
    .replace(/ style:row-height="[^"]*"/g, '')
    .replace(/style:use-optimal-row-height="false"/g, 'style:use-optimal-row-height="true"');
  const dir = mkdtempSync(join(tmpdir(), 'fit-'));
  const input = join(dir, 'unfitted.fods');
  writeFileSync(input, bare);
  try {
    return fodsRowHeights(convert(input, 'fods', outDir), rows);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
