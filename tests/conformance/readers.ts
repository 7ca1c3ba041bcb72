// The gate's independent readers, run in batches: openpyxl (Debian's python3-openpyxl), exceljs, LibreOffice headless.
// A reader that is missing fails the run (it never skips). A reader that cannot open the *source* either is
// not asked to open the output: the finding then is the source's, and is reported as a note, not a problem.
import { execFile } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import type { Problem } from './check-package';

export const PYTHON = '/usr/bin/python3';
export const SOFFICE = '/usr/bin/soffice';

export interface ReaderCase {
  id: string;
  /** The written .xlsx. */
  output: string;
  /** The .xlsx it was written from, when there is one. */
  source?: string | undefined;
}

export interface ReaderResult {
  problems: Problem[];
  notes: string[];
}

function run(cmd: string, args: string[], input?: string, timeout = 600000): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(cmd, args, { timeout, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : 1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) + (err && code === 1 && !stderr ? err.message : '') });
    });
    if (input !== undefined) child.stdin!.end(input);
  });
}

/** Fails loudly when a reader the gate needs is not installed (CI installs them in .ci/run). */
export async function requireReaders(): Promise<void> {
  const missing: string[] = [];
  if (!existsSync(PYTHON) || (await run(PYTHON, ['-c', 'import openpyxl'])).code !== 0) missing.push('python3-openpyxl (Debian, /usr/bin/python3)');
  if (!existsSync(SOFFICE)) missing.push('libreoffice-calc (soffice)');
  if (missing.length > 0) throw new Error(`The conformance gate needs ${missing.join(' and ')}: apt-get install them (.ci/run does).`);
}

async function withOpenpyxl(cases: ReaderCase[], results: Map<string, ReaderResult>): Promise<void> {
  const script = path.join(__dirname, 'read-openpyxl.py');
  const r = await run(PYTHON, [script], JSON.stringify(cases));
  const seen = new Set<string>();
  for (const line of r.stdout.split('\n')) {
    if (!line.trim()) continue;
    const o = JSON.parse(line) as { id: string; error?: string; sourceError?: string; mismatches: string[] };
    seen.add(o.id);
    const res = results.get(o.id)!;
    if (o.error) {
      const c = cases.find((x) => x.id === o.id)!;
      // Does openpyxl read the source? If not, the output is not held to it. A workbook holds at least one sheet
      // (sml.xsd: CT_Sheets), so a source in which openpyxl finds none is one it cannot read: openpyxl 3.0 finds no
      // sheet in any Strict workbook (it knows only the Transitional r: namespace).
      const src = c.source
        ? await run(PYTHON, ['-c', 'import sys, openpyxl; sys.exit(0 if openpyxl.load_workbook(sys.argv[1]).sheetnames else 3)', c.source])
        : { code: 0 };
      if (src.code === 0) res.problems.push({ check: 'reader', part: 'openpyxl', message: o.error });
      else res.notes.push(`openpyxl cannot read the source either (${src.code === 3 ? 'it finds no sheet in it' : 'it fails to open it'}): ${o.error}`);
      continue;
    }
    if (o.sourceError) res.notes.push(`openpyxl cannot open the source, so values were not compared: ${o.sourceError}`);
    for (const m of o.mismatches) res.problems.push({ check: 'reader', part: 'openpyxl', message: `source value changed: ${m}` });
  }
  for (const c of cases) {
    if (!seen.has(c.id)) results.get(c.id)!.problems.push({ check: 'reader', part: 'openpyxl', message: `no answer (exit ${r.code}): ${r.stderr.trim().split('\n').pop() ?? ''}` });
  }
}

async function exceljsOpens(file: string): Promise<string | undefined> {
  try {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await fs.readFile(file)) as unknown as ArrayBuffer);
    if (wb.worksheets.length === 0) return 'no worksheets';
    return undefined;
  } catch (e) {
    return (e as Error).message.split('\n')[0];
  }
}

async function withExceljs(cases: ReaderCase[], results: Map<string, ReaderResult>): Promise<void> {
  for (const c of cases) {
    const err = await exceljsOpens(c.output);
    if (err === undefined) continue;
    const srcErr = c.source ? await exceljsOpens(c.source) : undefined;
    if (srcErr === undefined) results.get(c.id)!.problems.push({ check: 'reader', part: 'exceljs', message: err });
    else results.get(c.id)!.notes.push(`exceljs cannot open the source either: ${srcErr}`);
  }
}

/** Converts files to CSV (every sheet to its own file) in one soffice run; returns how many CSVs each gave. */
async function sofficeSheetCounts(files: string[]): Promise<{ counts: number[]; code: number; said: string }> {
  const dir = await fs.mkdtemp(path.join(tmpdir(), 'gate-soffice-'));
  const profile = await fs.mkdtemp(path.join(tmpdir(), 'gate-soffice-profile-'));
  try {
    const inputs: string[] = [];
    for (const [i, f] of files.entries()) {
      const input = path.join(dir, `f${i}.xlsx`);
      inputs.push(input);
      await fs.copyFile(f, input);
    }
    const outDir = path.join(dir, 'csv');
    // Filter options: comma, double quote, UTF-8, from row 1, ..., last token -1 = every sheet to its own file.
    const filter = 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1';
    const r = await run(SOFFICE, [`-env:UserInstallation=file://${profile}`, '--headless', '--norestore', '--convert-to', filter, '--outdir', outDir, ...inputs]);
    const written = existsSync(outDir) ? await fs.readdir(outDir) : [];
    const counts = files.map((_, i) => written.filter((n) => n.startsWith(`f${i}-`) && n.endsWith('.csv')).length);
    const said = [...new Set(r.stderr.split('\n').map((l) => l.trim()).filter((l) => l && !/javaldx/.test(l)))].join(' ');
    return { counts, code: r.code, said };
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
    await fs.rm(profile, { recursive: true, force: true });
  }
}

/** LibreOffice must load every output (at least one sheet exported); the sources of those it cannot load are tried in a second run. */
async function withLibreOffice(cases: ReaderCase[], results: Map<string, ReaderResult>): Promise<void> {
  const outs = await sofficeSheetCounts(cases.map((c) => c.output));
  const failed = cases.filter((_, i) => outs.counts[i] === 0);
  if (failed.length === 0) return;
  const withSource = failed.filter((c) => c.source);
  const srcs = await sofficeSheetCounts(withSource.map((c) => c.source!));
  for (const c of failed) {
    const res = results.get(c.id)!;
    const at = withSource.indexOf(c);
    if (at >= 0 && srcs.counts[at] === 0) {
      res.notes.push('LibreOffice cannot open the source either');
      continue;
    }
    res.problems.push({
      check: 'reader',
      part: 'LibreOffice',
      message: `could not load it: the CSV export of every sheet wrote nothing (soffice exit ${outs.code}${outs.said ? `, said: ${outs.said}` : ''})`,
    });
  }
}

/** Runs the three readers over every case; a problem is a reader that opens the source but not the output, or reads the source's values differently. */
export async function checkReaders(cases: ReaderCase[]): Promise<Map<string, ReaderResult>> {
  await requireReaders();
  const results = new Map<string, ReaderResult>(cases.map((c) => [c.id, { problems: [], notes: [] }]));
  if (cases.length === 0) return results;
  await withOpenpyxl(cases, results);
  await withExceljs(cases, results);
  await withLibreOffice(cases, results);
  return results;
}
