// The bad-input corpus (tests/fixtures/bad, README there) through the real command: `node bin/milestones.js
// <file> --out <dir>` in a child process, as a user or a script runs it. Every case: the input's SHA-256 is
// unchanged and the process ends within TIMEOUT_MS (killed and failed otherwise). Unworkable input: exit 2,
// exactly one line on stderr in the user's words, nothing written. Workable input: exit 0, the outputs
// written, the right rows and issues.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, promises as fs, readdirSync, statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { ReportSchema } from '../../src/domain/report-model';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const corpus = require('../../scripts/make-bad-fixtures.js') as {
  writeWide: (dir: string) => Promise<string>;
  longText: (seed: number) => string;
  UNICODE: string[][];
  FORMULA_LIKE: string[][];
};

const ROOT = path.resolve(__dirname, '../..');
const BAD = path.join(ROOT, 'tests/fixtures/bad');
const BIN = path.join(ROOT, 'bin/milestones.js');
const MAIN = path.join(ROOT, 'lib/cli/main.js');
const TIMEOUT_MS = 60_000;
// Some tests run the command twice, and beforeAll may rebuild lib/; each run is held to TIMEOUT_MS itself.
jest.setTimeout(TIMEOUT_MS * 3);

const sha = async (f: string) => createHash('sha256').update(await fs.readFile(f)).digest('hex');

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  killed: boolean;
  ms: number;
}

/** Runs the command in its own process group; on timeout the whole group is killed. */
function milestones(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const child = spawn(process.execPath, [BIN, ...args], { cwd: tmp, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let killed = false;
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      killed = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, TIMEOUT_MS);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, killed, ms: Date.now() - t0 });
    });
  });
}

let tmp: string;
let wide: string;
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'milestones-bad-'));
  // The command runs lib/; rebuild it when src/ is newer (a stale build would test old code).
  const newest = (dir: string): number =>
    readdirSync(dir, { withFileTypes: true }).reduce(
      (m, e) => Math.max(m, e.isDirectory() ? newest(path.join(dir, e.name)) : statSync(path.join(dir, e.name)).mtimeMs),
      0,
    );
  const srcTime = Math.max(...['cli', 'domain', 'adapters/xlsx', 'render'].map((d) => newest(path.join(ROOT, 'src', d))));
  if (!existsSync(MAIN) || statSync(MAIN).mtimeMs < srcTime) {
    // Type errors are `npm run typecheck`'s to report; tsc still emits, and that is what is run here.
    await new Promise<void>((resolve) => {
      const tsc = spawn(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.cli.json'], { cwd: ROOT, stdio: 'ignore' });
      tsc.on('close', () => resolve());
    });
    if (!existsSync(MAIN) || statSync(MAIN).mtimeMs < srcTime) throw new Error('lib/ could not be built: run `npm run build:cli`');
  }
  wide = await corpus.writeWide(tmp);
});
afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

interface Outcome {
  run: Run;
  out: string;
}

/** Runs one case: hashes the input before and after, and fails on a timeout. */
async function runCase(input: string, extra: string[] = [], name = path.basename(input)): Promise<Outcome> {
  const out = path.join(tmp, `out-${name}`);
  const isFile = existsSync(input) && statSync(input).isFile();
  const before = isFile ? await sha(input) : undefined;
  const run = await milestones([input, '--out', out, ...extra]);
  expect(run.killed).toBe(false);
  expect(run.ms).toBeLessThan(TIMEOUT_MS);
  if (isFile) expect(await sha(input)).toBe(before);
  return { run, out };
}

/** Exit 2, one line on stderr in the user's words naming the problem, nothing written. */
function expectRefused({ run, out }: Outcome, says: RegExp): void {
  expect(run.signal).toBeNull();
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  const lines = run.stderr.replace(/\n$/, '').split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^milestones: \S/);
  expect(lines[0]).toMatch(says);
  expect(lines[0]).not.toMatch(/\bError:|\bat \S+ \(\S+:\d+:\d+\)|\bat \/\S+:\d+:\d+|undefined|\[object |\bE(?:NOENT|ACCES|PERM|ISDIR|NOTDIR|EXIST|BUSY)\b/);
  expect(existsSync(out)).toBe(false);
}

interface Entry {
  id: string;
  milestone: string;
  update: string;
  owner: string;
  kind: string;
  status?: string;
  source: { sheet: string; row: number };
}
interface Issue {
  severity: string;
  sheet: string;
  cell: string;
  code: string;
  message: string;
}
interface Json {
  issues: Issue[];
  rows: { read: number; inRegister: number; withErrors: number };
  sections: { priority: string; themes: { theme: string; entries: Entry[] }[] }[];
}

/** Exit 0, nothing on stderr, the three outputs written; returns report.json, checked against its schema. */
async function expectWritten({ run, out }: Outcome): Promise<Json> {
  expect(run.signal).toBeNull();
  expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
  for (const f of ['register.xlsx', 'report.docx', 'report.json']) expect(existsSync(path.join(out, f))).toBe(true);
  const json = JSON.parse(await fs.readFile(path.join(out, 'report.json'), 'utf8')) as Json;
  expect(ReportSchema.safeParse(json).success).toBe(true);
  expect(json.rows.inRegister + json.rows.withErrors).toBe(json.rows.read);
  return json;
}

const entries = (json: Json): Entry[] => json.sections.flatMap((s) => s.themes.flatMap((t) => t.entries));
const entry = (json: Json, id: string): Entry => {
  const e = entries(json).find((x) => x.id === id);
  if (!e) throw new Error(`no report entry ${id}; have ${entries(json).map((x) => x.id).join(', ')}`);
  return e;
};
const codes = (json: Json) => json.issues.map((i) => `${i.severity}:${i.code}:${i.sheet}!${i.cell}`).sort();

/** The register sheet's rows as header -> text (the last "Milestone Register…" sheet the CLI wrote). */
async function registerRows(out: string): Promise<{ sheets: string[]; rows: Record<string, string>[] }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path.join(out, 'register.xlsx'));
  const sheets = wb.worksheets.map((w) => w.name);
  const reg = [...wb.worksheets].reverse().find((w) => /^Milestone Register/.test(w.name))!;
  const text = (v: ExcelJS.CellValue): string => {
    if (v === null || v === undefined) return '';
    if (typeof v === 'object' && 'richText' in v) return v.richText.map((p) => p.text).join('');
    if (typeof v === 'object' && 'formula' in v) return `=${v.formula}`;
    return typeof v === 'string' ? v : String(v);
  };
  const header = (reg.getRow(1).values as ExcelJS.CellValue[]).map(text);
  const rows: Record<string, string>[] = [];
  reg.eachRow((row, n) => {
    if (n === 1) return;
    const rec: Record<string, string> = {};
    header.forEach((h, c) => h && (rec[h] = text(row.getCell(c).value)));
    rows.push(rec);
  });
  return { sheets, rows };
}

// ------------------------------------------------------------------------------------------------------
describe('unworkable input: exit 2, one line, nothing written', () => {
  test.each([
    ['empty-workbook.xlsx', /No milestone tracker was found in empty-workbook\.xlsx: its sheet "Sheet1" is empty/],
    ['numbers-only.xlsx', /No milestone tracker was found in numbers-only\.xlsx\. The tracker needs a header row with a "Milestone" column/],
    ['png-renamed.xlsx', /png-renamed\.xlsx is not an Excel workbook \(\.xlsx\) or a CSV file/],
    ['text-renamed.xlsx', /text-renamed\.xlsx is not an Excel workbook \(\.xlsx\) or a CSV file/],
    ['empty-file.xlsx', /empty-file\.xlsx is empty \(0 bytes\)/],
    ['truncated.xlsx', /truncated\.xlsx is incomplete or damaged \(the file ends too early\)/],
    ['old-format.xls', /old-format\.xls is in the old Excel 97-2003 format \(\.xls\).*Save As > Excel Workbook \(\.xlsx\)/],
    ['password-protected.xlsx', /password-protected\.xlsx is protected with a password.*remove the password/],
  ])('%s', async (file, says) => {
    expectRefused(await runCase(path.join(BAD, file)), says);
  });

  test('a folder given as the input', async () => {
    expectRefused(await runCase(BAD, [], 'folder'), /bad is a folder, not a file/);
  });

  test('a path that does not exist', async () => {
    expectRefused(await runCase(path.join(tmp, 'no-such-tracker.xlsx')), /There is no file at .*no-such-tracker\.xlsx/);
  });

  test('--out pointing at an existing file: refused before any work, the file untouched', async () => {
    const blocker = path.join(tmp, 'out-is-a-file');
    await fs.writeFile(blocker, 'keep me');
    const input = path.join(BAD, 'two-status-headers.xlsx');
    const before = await sha(input);
    const run = await milestones([input, '--out', blocker]);
    expect(run.killed).toBe(false);
    expect(await sha(input)).toBe(before);
    expect(await fs.readFile(blocker, 'utf8')).toBe('keep me');
    expect(run.code).toBe(2);
    const lines = run.stderr.replace(/\n$/, '').split('\n');
    expect(lines).toEqual([`milestones: The outputs cannot be written to ${blocker}: it is a file, not a folder; give --out a folder (it is created if missing).`]);
  });

  test('--out inside a file (out-is-a-file/sub)', async () => {
    const blocker = path.join(tmp, 'out-parent-file');
    await fs.writeFile(blocker, 'keep me');
    const run = await milestones([path.join(BAD, 'two-status-headers.xlsx'), '--out', path.join(blocker, 'sub')]);
    expect(run.code).toBe(2);
    expect(run.stderr.replace(/\n$/, '').split('\n')).toEqual([
      `milestones: The outputs cannot be written to ${path.join(blocker, 'sub')}: ${blocker} is a file, not a folder; give --out a folder (it is created if missing).`,
    ]);
    expect(await fs.readFile(blocker, 'utf8')).toBe('keep me');
  });
});

// ------------------------------------------------------------------------------------------------------
describe('workable input: exit 0, the right rows and issues', () => {
  test('header row and no data rows: an empty register, no issues', async () => {
    const o = await runCase(path.join(BAD, 'header-only.xlsx'));
    const json = await expectWritten(o);
    expect(json.rows).toEqual({ read: 0, inRegister: 0, withErrors: 0 });
    expect(entries(json)).toEqual([]);
    expect(json.issues).toEqual([]);
    expect((await registerRows(o.out)).rows).toEqual([]);
    expect(o.run.stdout).toMatch(/^Rows read: 0 \(in register: 0, with errors: 0\)/);
  });

  test('two headers for one field ("Status" and "RAG status"): the first is used, ambiguous-column at the other', async () => {
    const o = await runCase(path.join(BAD, 'two-status-headers.xlsx'));
    const json = await expectWritten(o);
    expect(json.rows).toEqual({ read: 2, inRegister: 2, withErrors: 0 });
    expect(codes(json)).toEqual(['warning:ambiguous-column:Tracker!F1']);
    expect(json.issues[0]!.message).toMatch(/"Status" \(E1\) and "RAG status" \(F1\).*E1 is used/);
    expect(entry(json, 'M1').status).toBe('on-track'); // Green under Status, not Amber under RAG status
    expect(entry(json, 'M2').status).toBe('some-delay');
    const reg = await registerRows(o.out);
    expect(reg.rows.map((r) => [r.ID, r.Status])).toEqual([['M1', 'On track'], ['M2', 'Some delay']]);
  });

  test('CSV in Windows-1252 with semicolons: £ é – “ ” ’ € — read exactly, with an encoding warning', async () => {
    const o = await runCase(path.join(BAD, 'cp1252-semicolon.csv'));
    const json = await expectWritten(o);
    expect(json.rows).toEqual({ read: 3, inRegister: 3, withErrors: 0 });
    expect(codes(json)).toEqual(['warning:encoding:cp1252-semicolon!']);
    expect(entry(json, 'C1').milestone).toBe('Save £250k on the estate – phase 1');
    expect(entry(json, 'C1').update).toBe('Café lease ended; £260k saved.');
    expect(entry(json, 'C2').milestone).toBe('Résumé of the “victims’ charter”');
    expect(entry(json, 'C2').update).toBe('Draft – awaiting legal; naïve wording fixed.');
    expect(entry(json, 'C3').milestone).toBe('Train 40 staff (€ costs in Q3)');
    expect(entry(json, 'C3').update).toBe('40 trained — done.');
    const reg = await registerRows(o.out);
    expect(reg.rows.map((r) => r.Milestone)).toEqual([
      'Save £250k on the estate – phase 1',
      'Résumé of the “victims’ charter”',
      'Train 40 staff (€ costs in Q3)',
    ]);
  });

  test('cells of exactly 32,767 characters: exact in report.json and in the register', async () => {
    const o = await runCase(path.join(BAD, 'long-text-32767.xlsx'));
    const json = await expectWritten(o);
    const m = corpus.longText(1);
    const u = corpus.longText(2);
    expect(m).toHaveLength(32767);
    expect(entry(json, 'L1').milestone).toBe(m);
    expect(entry(json, 'L1').update).toBe(u);
    // Only the report sheet's cell that joins milestone and update is cut (Excel's cell limit), and says so.
    expect(json.issues.filter((i) => i.code !== 'text-too-long')).toEqual([]);
    for (const i of json.issues) expect(i.sheet).toMatch(/Report$/);
    const reg = await registerRows(o.out);
    const l1 = reg.rows.find((r) => r.ID === 'L1')!;
    expect(l1.Milestone).toBe(m);
    expect(l1['Progress update']).toBe(u);
  });

  test('#REF! in the milestone (essential): an error keeps the row out; #DIV/0! in the owner: a warning, row kept', async () => {
    const o = await runCase(path.join(BAD, 'error-values.xlsx'));
    const json = await expectWritten(o);
    expect(json.rows).toEqual({ read: 3, inRegister: 2, withErrors: 1 });
    expect(codes(json)).toEqual(['error:error-value:Tracker!B2', 'warning:error-value:Tracker!C3']);
    expect(json.issues.find((i) => i.cell === 'B2')!.message).toMatch(/#REF!/);
    expect(json.issues.find((i) => i.cell === 'C3')!.message).toMatch(/#DIV\/0!/);
    expect(entries(json).map((e) => e.id).sort()).toEqual(['E2', 'E3']);
    expect(entry(json, 'E2').owner).toBe('');
    const reg = await registerRows(o.out);
    expect(reg.rows.map((r) => r.ID)).toEqual(['E2', 'E3']);
    expect(reg.rows[0]!.Owner).toBe('');
  });

  test('a full row in row 1,048,576 after the data: read as one more row', async () => {
    const o = await runCase(path.join(BAD, 'last-row.xlsx'));
    const json = await expectWritten(o);
    expect(json.rows).toEqual({ read: 4, inRegister: 4, withErrors: 0 });
    expect(json.issues).toEqual([]);
    expect(entry(json, 'M9').source).toEqual({ sheet: 'Tracker', row: 1048576 });
    expect(entry(json, 'M9').milestone).toBe('A milestone typed in the last row');
    const reg = await registerRows(o.out);
    expect(reg.rows.map((r) => r.ID)).toEqual(['M1', 'M2', 'M3', 'M9']);
    expect(reg.rows[3]!.Source).toMatch(/1048576/);
    // Speed is held by the 60 s limit (the machine is shared); the reader's test checks the rows are not allocated.
  });

  test('3,000 columns (made in a temp folder): the six tracker columns are found, the rest ignored', async () => {
    const o = await runCase(wide);
    const json = await expectWritten(o);
    expect(json.rows).toEqual({ read: 3, inRegister: 3, withErrors: 0 });
    expect(entries(json).map((e) => e.id)).toEqual(['M1', 'M2', 'M3']);
    expect(o.run.stdout).toMatch(/sheet "Wide": header row 1, 6 columns mapped/);
  });

  test('emoji and right-to-left text (Arabic, Hebrew, bidi marks, astral characters): exact everywhere', async () => {
    const o = await runCase(path.join(BAD, 'unicode-rtl-emoji.xlsx'));
    const json = await expectWritten(o);
    expect(json.issues).toEqual([]);
    const reg = await registerRows(o.out);
    for (const [id, milestone, owner, , , update] of corpus.UNICODE) {
      expect(entry(json, id!)).toMatchObject({ milestone, owner, update });
      expect(reg.rows.find((r) => r.ID === id)).toMatchObject({ Milestone: milestone, Owner: owner, 'Progress update': update });
    }
  });

  test('sheets already named "Milestone Register" (notes) and "Issues": the tracker is still read, names kept apart', async () => {
    const o = await runCase(path.join(BAD, 'existing-output-sheets.xlsx'));
    const json = await expectWritten(o);
    expect(json.rows).toEqual({ read: 3, inRegister: 3, withErrors: 0 });
    expect(codes(json)).toEqual(['warning:no-tracker:Milestone Register!']);
    const reg = await registerRows(o.out);
    expect(reg.sheets.slice(0, 3)).toEqual(['Tracker', 'Milestone Register', 'Issues']);
    expect(new Set(reg.sheets).size).toBe(reg.sheets.length);
    expect(reg.rows.map((r) => r.ID)).toEqual(['M1', 'M2', 'M3']);
  });

  test('a register.xlsx from an earlier run: its "Milestone Register" is read (not the source sheets twice), exact text', async () => {
    const first = await runCase(path.join(BAD, 'unicode-rtl-emoji.xlsx'), [], 'first-run');
    await expectWritten(first);
    const again = await runCase(path.join(first.out, 'register.xlsx'), [], 'second-run');
    const json = await expectWritten(again);
    expect(json.rows).toEqual({ read: 4, inRegister: 4, withErrors: 0 });
    expect(codes(json)).toEqual(['warning:register-sheet-used:Milestone Register!']);
    for (const [id, milestone, owner, , , update] of corpus.UNICODE) expect(entry(json, id!)).toMatchObject({ milestone, owner, update });
    const reg = await registerRows(again.out);
    expect(reg.sheets).toEqual(['Tracker', 'Milestone Register', 'Q4 2017-18 Report', 'Issues', 'Milestone Register (2)', 'Q4 2017-18 Report (2)', 'Issues (2)']);
  });

  test.each(['formula-text.xlsx', 'formula-text.csv'])('text that looks like a formula stays text (%s)', async (file) => {
    const o = await runCase(path.join(BAD, file));
    const json = await expectWritten(o);
    expect(json.rows).toEqual({ read: 5, inRegister: 5, withErrors: 0 });
    for (const [id, milestone, owner, , , update] of corpus.FORMULA_LIKE) {
      expect(entry(json, id!)).toMatchObject({ milestone, owner, update });
    }
    // No <f> element in any sheet of register.xlsx carries the text; the register cells hold it as text.
    const zip = await JSZip.loadAsync(await fs.readFile(path.join(o.out, 'register.xlsx')));
    const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
    const formulas: string[] = [];
    for (const name of Object.keys(zip.files).filter((n) => /^xl\/worksheets\/[^/]+\.xml$/.test(n))) {
      const xml = await zip.file(name)!.async('string');
      for (const m of xml.matchAll(/<f(?:\s[^>]*)?>([\s\S]*?)<\/f>/g)) formulas.push(unescape(m[1]!));
    }
    const texts = corpus.FORMULA_LIKE.flatMap(([, m, , , , u]) => [m!, u!]);
    expect(formulas.length).toBeGreaterThan(0); // the register's Icon column is formulas: the scan is not vacuous
    const leaked: string[] = [];
    for (const f of formulas) {
      for (const t of texts) {
        const body = t.replace(/^[=+@-]/, '');
        if (f === t || f === body || (body.length > 3 && f.includes(body))) leaked.push(`<f>${f}</f> carries ${t}`);
      }
    }
    expect(leaked).toEqual([]);
    const reg = await registerRows(o.out);
    for (const [id, milestone, , , , update] of corpus.FORMULA_LIKE) {
      expect(reg.rows.find((r) => r.ID === id)).toMatchObject({ Milestone: milestone, 'Progress update': update });
    }
  });

  test('rows hidden by hand and by an autofilter are data: kept, each with a hidden-row warning', async () => {
    const o = await runCase(path.join(BAD, 'hidden-rows.xlsx'));
    const json = await expectWritten(o);
    expect(json.rows).toEqual({ read: 6, inRegister: 6, withErrors: 0 });
    expect(codes(json)).toEqual(['A3', 'A4', 'A5', 'A7'].map((c) => `warning:hidden-row:Tracker!${c}`));
    expect(entries(json).map((e) => e.id).sort()).toEqual(['H1', 'H2', 'H3', 'H4', 'H5', 'H6']);
    expect((await registerRows(o.out)).rows.map((r) => r.ID)).toEqual(['H1', 'H2', 'H3', 'H4', 'H5', 'H6']);
  });

  test('--strict: the same workable input exits 1 when it has issues, 0 when it has none', async () => {
    const strict = await runCase(path.join(BAD, 'error-values.xlsx'), ['--strict'], 'strict-error-values');
    expect(strict.run.code).toBe(1);
    expect(strict.run.stderr).toBe('');
    expect(existsSync(path.join(strict.out, 'report.json'))).toBe(true);
    const clean = await runCase(path.join(BAD, 'unicode-rtl-emoji.xlsx'), ['--strict'], 'strict-unicode');
    expect(clean.run.code).toBe(0);
  });
});
