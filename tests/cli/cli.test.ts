// The CLI end to end on real files: outputs written and readable, exit codes, the input never touched.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { runCli } from '../../src/cli/main';
import { ReportSchema } from '../../src/domain/report-model';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../..');
const SAMPLE = path.join(ROOT, 'samples/met-tracker-2017-18.xlsx');
const sha = async (f: string) => createHash('sha256').update(await fs.readFile(f)).digest('hex');

async function cli(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l), cwd: ROOT });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

let tmp: string;
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'milestones-cli-'));
});
afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

describe('milestones on the bundled sample tracker', () => {
  let outDir: string;
  let before: string;
  let result: Awaited<ReturnType<typeof cli>>;
  beforeAll(async () => {
    outDir = path.join(tmp, 'sample');
    before = await sha(SAMPLE);
    result = await cli([SAMPLE, '--out', outDir]);
  });

  test('exits 0, prints the summary and where the files are', () => {
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/^Rows read: \d+ \(in register: \d+, with errors: \d+\)/);
    expect(result.out).toMatch(/Q4 2017-18 report: \d+ entries/);
    expect(result.out).toContain(path.relative(ROOT, path.join(outDir, 'register.xlsx')));
    expect(result.out).toContain('report.docx');
    expect(result.out).toContain('report.json');
  });

  test('never writes the input file', async () => {
    expect(await sha(SAMPLE)).toBe(before);
  });

  test('report.json has the documented shape and its counts add up', async () => {
    const json = JSON.parse(await fs.readFile(path.join(outDir, 'report.json'), 'utf8'));
    expect(ReportSchema.safeParse(json).success).toBe(true);
    expect(json.rows.inRegister + json.rows.withErrors).toBe(json.rows.read);
    expect(json.quarter).toBe('Q4');
    expect(json.financialYear).toBe('2017-18');
    expect(json.asAt).toBe('2018-03-31');
    const kinds = json.sections.flatMap((s: any) => s.themes.flatMap((t: any) => t.entries.map((e: any) => e.kind)));
    expect(kinds).toContain('due');
    expect(kinds).toContain('delayed-update');
    for (const i of json.issues) expect(i.cell === '' || /^[A-Z]+\d+$/.test(i.cell)).toBe(true);
  });

  test('register.xlsx: source sheets copied through, register table with dropdowns and icons, report and issues sheets', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(outDir, 'register.xlsx'));
    const names = wb.worksheets.map((w) => w.name);
    const src = new ExcelJS.Workbook();
    await src.xlsx.readFile(SAMPLE);
    const srcNames = src.worksheets.map((w) => w.name);
    expect(names.slice(0, srcNames.length)).toEqual(srcNames);
    expect(names.slice(srcNames.length)).toEqual(['Milestone Register', 'Q4 2017-18 Report', 'Issues']);
    // Source cells unchanged.
    for (const s of src.worksheets) {
      const o = wb.getWorksheet(s.name)!;
      s.eachRow((row, r) => row.eachCell((c, col) => expect(o.getCell(r, col).text).toBe(c.text)));
    }
    const reg = wb.getWorksheet('Milestone Register')!;
    const json = JSON.parse(await fs.readFile(path.join(outDir, 'report.json'), 'utf8'));
    expect(Object.keys((reg as any).tables ?? {}).length + ((reg as any).getTables?.().length ?? 0)).toBeGreaterThan(0);
    expect(reg.actualRowCount - 1).toBe(json.rows.inRegister);
    const dv = (reg as any).dataValidations.model as Record<string, { type: string; formulae: string[] }>;
    const lists = Object.values(dv).filter((v) => v.type === 'list').map((v) => v.formulae[0]);
    expect(lists.some((f) => /Delivered/.test(f!) && /On track/.test(f!) && /Some delay/.test(f!))).toBe(true);
    const cf = (reg as any).conditionalFormattings as { rules: { type: string }[] }[];
    expect(cf.some((c) => c.rules.some((r) => r.type === 'iconSet'))).toBe(true);
  });
});

describe('milestones on the sample with { "scale": "rag" }', () => {
  test('report.json counts by RAG ids, and register.xlsx offers the RAG labels', async () => {
    const outDir = path.join(tmp, 'rag');
    const cfg = path.join(tmp, 'rag.json');
    await fs.writeFile(cfg, JSON.stringify({ scale: 'rag' }));
    const r = await cli([SAMPLE, '--config', cfg, '--out', outDir]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Q4 2017-18 report: 39 entries: 19 complete, 7 green, 12 amber, 1 red/);
    const json = JSON.parse(await fs.readFile(path.join(outDir, 'report.json'), 'utf8'));
    expect(ReportSchema.safeParse(json).success).toBe(true);
    expect(Object.keys(json.summary)).toEqual(['delivered', 'green', 'amber', 'red']);
    expect(json.scale.id).toBe('rag');
    const statuses = new Set(json.sections.flatMap((s: any) => s.themes.flatMap((t: any) => t.entries.map((e: any) => e.status))));
    for (const s of statuses) expect(['delivered', 'green', 'amber', 'red', undefined]).toContain(s);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(outDir, 'register.xlsx'));
    const dv = (wb.getWorksheet('Milestone Register') as any).dataValidations.model as Record<string, { type: string; formulae: string[] }>;
    const lists = Object.values(dv).filter((v) => v.type === 'list').map((v) => v.formulae[0]!);
    expect(lists.some((f) => f.includes('Complete,Green,Amber,Red'))).toBe(true);
    expect(lists.some((f) => /On track|Some delay/.test(f))).toBe(false);
  });
});

describe('several trackers at once', () => {
  const HEADER = 'Ref,Area,Milestone,Lead,Due,RAG,Update';
  let dir: string;
  let inputs: string[];
  beforeAll(async () => {
    dir = path.join(tmp, 'several');
    await fs.mkdir(dir, { recursive: true });
    inputs = [path.join(dir, 'childrens-services.csv'), path.join(dir, 'adult-social-care.csv'), path.join(ROOT, 'tests/fixtures/directorate-areas.xlsx')];
    await fs.writeFile(inputs[0]!, [HEADER,
      'CS1,Early help,Open two family hubs,Head of Early Help,Q3 2017-18,Blue,Both open.',
      'X1,Fostering,Recruit foster carers,Head of Fostering,Q2 2017-18,Red,Campaign relaunched.'].join('\r\n') + '\r\n');
    await fs.writeFile(inputs[1]!, [HEADER,
      'AC1,Reablement,Weekend reablement,Head of Reablement,Q3 2017-18,Amber,Rota from January.',
      'X1,Carers,Refresh the carers strategy,Carers Lead,Q3 2017-18,Green,Drafting.'].join('\r\n') + '\r\n');
  });

  test('one register and one report; the file name stands in for the priority; a shared id names both files', async () => {
    const before = await Promise.all(inputs.map(sha));
    const cfg = path.join(dir, 'rag.json');
    await fs.writeFile(cfg, JSON.stringify({ scale: 'rag' }));
    const out = path.join(dir, 'out');
    const r = await cli([...inputs, '--config', cfg, '--out', out, '--quarter', 'Q3', '--year', '2017-18']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Rows read: 11 \(in register: 9, with errors: 2\)/);
    const json = JSON.parse(await fs.readFile(path.join(out, 'report.json'), 'utf8'));
    expect(json.sections.map((s: any) => s.priority)).toEqual(['childrens-services', 'adult-social-care', 'Children\u2019s Services', 'Adult Social Care']);
    expect(json.summary).toEqual({ delivered: 2, green: 1, amber: 2, red: 0 });
    const dup = json.issues.filter((i: any) => i.code === 'duplicate-id');
    expect(dup).toEqual([expect.objectContaining({
      severity: 'error', sheet: 'adult-social-care', cell: 'A3',
      message: 'The id "X1" in adult-social-care.csv is used already in childrens-services.csv (childrens-services!A3).',
    })]);
    // register.xlsx: every input's sheets (as values, named as the Source column names them), then the generated ones.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(out, 'register.xlsx'));
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      'childrens-services', 'adult-social-care', 'directorate-areas Children\u2019s Se', 'directorate-areas Adult Social',
      'Milestone Register', 'Q3 2017-18 Report', 'Issues',
    ]);
    expect(wb.getWorksheet('adult-social-care')!.getCell('C2').text).toBe('Weekend reablement');
    const reg = wb.getWorksheet('Milestone Register')!;
    const sourceCol = (reg.getRow(1).values as unknown[]).indexOf('Source');
    expect(reg.getRow(2).getCell(sourceCol).text).toBe("'childrens-services'!A2");
    expect(await Promise.all(inputs.map(sha))).toEqual(before);
  });

  test('an input that cannot be read stops the job with one line naming it, and nothing is written', async () => {
    const junk = path.join(dir, 'notes.xlsx');
    await fs.writeFile(junk, 'not a workbook');
    const out = path.join(dir, 'never');
    const r = await cli([inputs[0]!, junk, '--out', out]);
    expect(r.code).toBe(2);
    const lines = r.err.split('\n').filter((l) => l.startsWith('milestones:'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/notes\.xlsx/);
    expect(existsSync(out)).toBe(false);
  });
});

describe('exit codes and messages', () => {
  test('--strict exits 1 when the tracker has issues, and still writes the outputs', async () => {
    const out = path.join(tmp, 'strict');
    const r = await cli([SAMPLE, '--out', out, '--strict']);
    expect(r.code).toBe(1);
    expect(existsSync(path.join(out, 'report.docx'))).toBe(true);
  });

  test.each([
    [['/no/such/file.xlsx'], /There is no file/],
    [[os.tmpdir()], /folder, not a file/],
    [['__NOT_A_WORKBOOK__'], /not/i],
    [['__SAMPLE__', '--config', '__BAD_CONFIG__'], /config file .* problem at financialYearStartMonth/],
    [['__SAMPLE__', '--quarter', 'Q7'], /not a quarter/],
    [['__SAMPLE__', '--config', '__BAD_SCALE__'], /config file .* problem at scale: use "delivery", "rag", "dca5" or a list of your own statuses/],
  ])('%j exits 2 with one line', async (argv, re) => {
    const junk = path.join(tmp, 'junk.xlsx');
    await fs.writeFile(junk, 'this is not a workbook');
    const bad = path.join(tmp, 'bad.json');
    await fs.writeFile(bad, JSON.stringify({ financialYearStartMonth: 13 }));
    const badScale = path.join(tmp, 'bad-scale.json');
    await fs.writeFile(badScale, JSON.stringify({ scale: 'traffic lights' }));
    const args = (argv).map((a) =>
      a.replace('__NOT_A_WORKBOOK__', junk).replace('__SAMPLE__', SAMPLE).replace('__BAD_CONFIG__', bad).replace('__BAD_SCALE__', badScale));
    const r = await cli([...args, '--out', path.join(tmp, 'never')]);
    expect(r.code).toBe(2);
    const lines = r.err.split('\n').filter((l) => l.startsWith('milestones:'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(re);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  test('refuses to overwrite the input with an output', async () => {
    const dir = path.join(tmp, 'same');
    await fs.mkdir(dir, { recursive: true });
    const input = path.join(dir, 'register.xlsx');
    await fs.copyFile(SAMPLE, input);
    const h = await sha(input);
    const r = await cli([input, '--out', dir]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/overwrite the input/);
    expect(await sha(input)).toBe(h);
  });
});

describe('the installed command', () => {
  test('`npx milestones` runs the built CLI', async () => {
    if (!existsSync(path.join(ROOT, 'lib/cli/main.js'))) await run('npx', ['tsc', '-p', 'tsconfig.cli.json'], { cwd: ROOT });
    const out = path.join(tmp, 'npx');
    const r = await run('npx', ['--offline', 'milestones', SAMPLE, '--out', out, '--quarter', 'Q3', '--year', '2017-18'], { cwd: ROOT });
    expect(r.stdout).toMatch(/Q3 2017-18 report/);
    expect(existsSync(path.join(out, 'register.xlsx'))).toBe(true);
    await expect(run('npx', ['--offline', 'milestones', '/no/such.xlsx'], { cwd: ROOT })).rejects.toMatchObject({ code: 2 });
  });
});
