// register.xlsx carries the report it was written with (a published snapshot, a custom XML part as Excel stores one),
// and `--previous register.xlsx` compares with what was published, even after its register sheet was edited.
import { execFileSync } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { runCli } from '../../src/cli/main';
import { pickSnapshot, workbookSnapshots } from '../../src/adapters/xlsx/custom-xml-reader';
import { checkPackage, describeProblem } from '../conformance/check-package';
import { convertWithSoffice, hasSoffice } from '../adapters/xlsx/soffice';
import { runsHere } from '../tool-required';

const ROOT = path.resolve(__dirname, '../..');
const DIR = path.join(ROOT, 'tests/fixtures/compare');
const Q3 = path.join(DIR, 'q3-2017-18.csv');
const Q4 = path.join(DIR, 'q4-2017-18.csv');
const PYTHON = '/usr/bin/python3';
const Q4_ARGS = ['--quarter', 'Q4', '--year', '2017-18'];

async function cli(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l), cwd: ROOT });
  return { code, out: out.join('\n'), err };
}
const readJson = async (f: string) => JSON.parse(await fs.readFile(f, 'utf8'));
type Changes = { previous: { source: string }; [k: string]: unknown };
const withoutSource = (c: Changes) => ({ ...c, previous: { ...c.previous, source: '' } });

/** The zip's parts rewritten by `edit` (name -> bytes), every other part kept as it was: how Excel saves an edit. */
async function rezip(from: string, to: string, edit: (parts: Record<string, Uint8Array>) => void) {
  const parts = unzipSync(new Uint8Array(await fs.readFile(from)));
  edit(parts);
  await fs.writeFile(to, zipSync(parts));
}

let tmp: string;
let q3Register: string;
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'milestones-snapshot-'));
  const r = await cli([Q3, '--quarter', 'Q3', '--year', '2017-18', '--out', path.join(tmp, 'q3')]);
  expect(r.code).toBe(0);
  q3Register = path.join(tmp, 'q3', 'register.xlsx');
}, 60000);
afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

describe('register.xlsx carries the snapshot of its run', () => {
  test('as Excel stores a custom XML part: item, properties with a GUID, relationships, content types; the gate passes', async () => {
    const bytes = new Uint8Array(await fs.readFile(q3Register));
    expect((await checkPackage(bytes)).map(describeProblem)).toEqual([]);
    const parts = unzipSync(bytes);
    expect(Object.keys(parts).filter((n) => n.startsWith('customXml/')).sort()).toEqual(['customXml/_rels/item1.xml.rels', 'customXml/item1.xml', 'customXml/itemProps1.xml']);
    expect(strFromU8(parts['customXml/itemProps1.xml']!)).toMatch(/<ds:datastoreItem ds:itemID="\{[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}\}"[^>]*><ds:schemaRefs><ds:schemaRef ds:uri="urn:milestone-register:snapshot:1"\/>/);
    expect(strFromU8(parts['customXml/_rels/item1.xml.rels']!)).toContain('Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXmlProps" Target="itemProps1.xml"');
    expect(strFromU8(parts['xl/_rels/workbook.xml.rels']!)).toContain('Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml" Target="../customXml/item1.xml"');
    expect(strFromU8(parts['[Content_Types].xml']!)).toContain('<Override PartName="/customXml/itemProps1.xml" ContentType="application/vnd.openxmlformats-officedocument.customXmlProperties+xml"/>');

    const { snapshots, issues } = workbookSnapshots(bytes);
    expect(issues).toEqual([]);
    expect(snapshots.map((s) => ({ part: s.part, period: s.header.period, rows: s.header.rows }))).toEqual([{ part: 'customXml/item1.xml', period: { quarter: 'Q3', financialYear: '2017-18' }, rows: 7 }]);
    const read = snapshots[0]!.read();
    if (!read.ok) throw new Error(read.issue.message);
    // The register it froze is register.json's, row for row.
    const registerJson = await readJson(path.join(tmp, 'q3', 'register.json'));
    expect(read.snapshot.milestones).toEqual(registerJson.milestones);
    expect(read.snapshot.report.summarySentence).toBe((await readJson(path.join(tmp, 'q3', 'report.json'))).summarySentence);
  });

  test('openpyxl and exceljs open it', async () => {
    const sheets = execFileSync(PYTHON, ['-c', 'import sys, openpyxl; print(openpyxl.load_workbook(sys.argv[1]).sheetnames)', q3Register], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    expect(sheets).toContain("'Milestone Register'");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(q3Register);
    expect(wb.getWorksheet('Milestone Register')?.getCell('A2').value).toBe('C1');
  });

  test('--no-snapshot leaves it out', async () => {
    const r = await cli([Q3, '--quarter', 'Q3', '--year', '2017-18', '--no-snapshot', '--json', '--out', path.join(tmp, 'none')]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).snapshot).toBeUndefined();
    expect(workbookSnapshots(new Uint8Array(await fs.readFile(path.join(tmp, 'none', 'register.xlsx')))).snapshots).toEqual([]);
  });
});

describe('--previous register.xlsx', () => {
  test('compares with the published snapshot: the changes comparing with the original tracker gives', async () => {
    const viaTracker = await cli([Q4, ...Q4_ARGS, '--previous', Q3, '--previous-quarter', 'Q3 2017-18', '--out', path.join(tmp, 'via-tracker')]);
    const viaSnapshot = await cli([Q4, ...Q4_ARGS, '--previous', q3Register, '--out', path.join(tmp, 'via-snapshot')]);
    expect(viaSnapshot.code).toBe(0);
    expect(viaSnapshot.out).toMatch(/Changes since Q3 2017-18 \(register\.xlsx\): 6 matched, 2 delivered since, 2 newly delayed, 1 recovered, 1 due date moved, 1 new, 1 dropped\n {2}compared with the report published on \d{1,2} [A-Z][a-z]+ \d{4} \(snapshot \d{8}T\d{9}Z\)/);
    const a = (await readJson(path.join(tmp, 'via-tracker', 'report.json'))).changes;
    const b = (await readJson(path.join(tmp, 'via-snapshot', 'report.json'))).changes;
    expect(b.previous.source).toBe('register.xlsx');
    expect(withoutSource(b)).toEqual(withoutSource(a));
    expect(viaTracker.code).toBe(0);
  });

  test('the register sheet edited after publishing (a status overwritten, other parts kept): still the published report', async () => {
    // C1 was "Some delay" in Q3 and is delivered in Q4; someone overwrites its Q3 status with "Delivered".
    const overwrite = (parts: Record<string, Uint8Array>) => {
      const sheet = 'xl/worksheets/sheet2.xml';
      const xml = strFromU8(parts[sheet]!);
      const edited = xml.replace(/(<c r="H2"[^>]*><is><t[^>]*>)Some delay(<\/t>)/, '$1Delivered$2');
      expect(edited).not.toBe(xml);
      parts[sheet] = strToU8(edited);
    };
    const edited = path.join(tmp, 'edited.xlsx');
    await rezip(q3Register, edited, overwrite);
    const r = await cli([Q4, ...Q4_ARGS, '--previous', edited, '--json', '--out', path.join(tmp, 'edited-out')]);
    expect(JSON.parse(r.out).comparedWith).toMatchObject({ quarter: 'Q3', financialYear: '2017-18' });
    const changes = (await readJson(path.join(tmp, 'edited-out', 'report.json'))).changes;
    expect(changes.statusChanges).toContainEqual(expect.objectContaining({ id: 'C1', from: 'some-delay', to: 'delivered' }));

    // The same edit in a register without a snapshot is what the comparison then sees: the edit hides the change.
    const plain = path.join(tmp, 'none', 'register.xlsx');
    const editedPlain = path.join(tmp, 'edited-plain.xlsx');
    await rezip(plain, editedPlain, overwrite);
    expect((await cli([Q4, ...Q4_ARGS, '--previous', editedPlain, '--previous-quarter', 'Q3 2017-18', '--out', path.join(tmp, 'edited-plain-out')])).code).toBe(0);
    const sheetChanges = (await readJson(path.join(tmp, 'edited-plain-out', 'report.json'))).changes;
    expect(sheetChanges.statusChanges.map((s: { id: string }) => s.id)).not.toContain('C1');
  });

  test('openpyxl drops custom XML parts when it saves: such a file is compared by its register sheet', async () => {
    const saved = path.join(tmp, 'openpyxl-saved.xlsx');
    execFileSync(PYTHON, ['-c', 'import sys, openpyxl; wb = openpyxl.load_workbook(sys.argv[1]); wb["Milestone Register"]["H2"] = "Delivered"; wb.save(sys.argv[2])', q3Register, saved], { stdio: 'ignore' });
    expect(workbookSnapshots(new Uint8Array(await fs.readFile(saved))).snapshots).toEqual([]);
    const r = await cli([Q4, ...Q4_ARGS, '--previous', saved, '--previous-quarter', 'Q3 2017-18', '--json', '--out', path.join(tmp, 'openpyxl-out')]);
    expect(JSON.parse(r.out).comparedWith).toBeUndefined();
    const changes = (await readJson(path.join(tmp, 'openpyxl-out', 'report.json'))).changes;
    expect(changes.statusChanges.map((s: { id: string }) => s.id)).not.toContain('C1');
  });

  test('a corrupted snapshot part: issues say so and the register sheet is read instead', async () => {
    const broken = path.join(tmp, 'broken.xlsx');
    await rezip(q3Register, broken, (parts) => {
      parts['customXml/item1.xml'] = strToU8(strFromU8(parts['customXml/item1.xml']!).replace(/(encoding="deflate-base64">)[A-Za-z0-9+/]{12}/, '$1AAAAAAAAAAAA'));
    });
    const r = await cli([Q4, ...Q4_ARGS, '--previous', broken, '--previous-quarter', 'Q3 2017-18', '--json', '--out', path.join(tmp, 'broken-out')]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).comparedWith).toBeUndefined();
    const report = await readJson(path.join(tmp, 'broken-out', 'report.json'));
    const codes = report.issues.map((i: { code: string }) => i.code);
    expect(codes).toEqual(expect.arrayContaining(['snapshot-unreadable', 'snapshot-not-used']));
    expect(report.issues.find((i: { code: string }) => i.code === 'snapshot-unreadable').message).toMatch(/^--previous .*broken\.xlsx: A published snapshot \(\d{8}T\d{9}Z\) stored in the workbook cannot be read: .*\(part customXml\/item1\.xml\)$/);
    // The sheet was read: the same counts as the tracker gives.
    expect(report.changes.counts).toEqual({ deliveredSince: 2, newlyDelayed: 2, recovered: 1, dueMoved: 1, new: 1, dropped: 1 });
  });
});

describe('a register.xlsx given as input keeps its snapshots', () => {
  test('the earlier snapshot is copied unchanged, this run\'s is added beside it, and the latest is compared with', async () => {
    // A later run on the Q3 register (as a Q4 register made from last quarter's file would be).
    const out = path.join(tmp, 'again');
    expect((await cli([q3Register, ...Q4_ARGS, '--out', out])).code).toBe(0);
    const source = new Uint8Array(await fs.readFile(q3Register));
    const output = new Uint8Array(await fs.readFile(path.join(out, 'register.xlsx')));
    expect((await checkPackage(output, source)).map(describeProblem)).toEqual([]);
    const { snapshots } = workbookSnapshots(output);
    expect(snapshots.map((s) => [s.part, s.header.period.quarter])).toEqual([['customXml/item1.xml', 'Q3'], ['customXml/item2.xml', 'Q4']]);
    const latest = pickSnapshot(output);
    expect(latest.kind === 'found' && latest.snapshot.period.quarter).toBe('Q4');
    const first = snapshots[0]!.header.id;
    const earlier = pickSnapshot(output, first);
    expect(earlier.kind === 'found' && earlier.part).toBe('customXml/item1.xml');

    const r = await cli([Q4, ...Q4_ARGS, '--previous', path.join(out, 'register.xlsx'), '--previous-snapshot', first, '--json', '--out', path.join(tmp, 'picked')]);
    expect(JSON.parse(r.out).comparedWith.id).toBe(first);
    const missing = await cli([Q4, '--previous', path.join(out, 'register.xlsx'), '--previous-snapshot', 'nope', '--out', path.join(tmp, 'nope')]);
    expect(missing.code).toBe(2);
    expect(missing.err[0]).toMatch(/holds no published snapshot "nope"; it holds \d{8}T\d{9}Z \(Q3 2017-18, published .*\), \d{8}T\d{9}Z \(Q4 2017-18, published/);
    expect(existsSync(path.join(tmp, 'nope'))).toBe(false);
  }, 60000);
});

describe('LibreOffice round trip', () => {
  (runsHere(hasSoffice) ? test : test.skip)('soffice --convert-to xlsx keeps the part (related from the package, not the workbook): it is still found', async () => {
    const dir = path.join(tmp, 'lo');
    await fs.mkdir(dir);
    const converted = convertWithSoffice(q3Register, 'xlsx:Calc MS Excel 2007 XML', dir);
    const bytes = new Uint8Array(await fs.readFile(converted));
    const parts = unzipSync(bytes);
    expect(Object.keys(parts).filter((n) => n.startsWith('customXml/')).sort()).toEqual(['customXml/_rels/item1.xml.rels', 'customXml/item1.xml', 'customXml/itemProps1.xml']);
    // LibreOffice 7.4 relates the item from _rels/.rels instead of the workbook part.
    expect(strFromU8(parts['xl/_rels/workbook.xml.rels']!)).not.toContain('customXml');
    const picked = pickSnapshot(bytes);
    expect(picked.kind).toBe('found');
    const original = pickSnapshot(new Uint8Array(await fs.readFile(q3Register)));
    expect(picked.kind === 'found' && original.kind === 'found' && picked.snapshot).toEqual(original.kind === 'found' && original.snapshot);
  }, 120000);
});

test('--previous-quarter that disagrees with the snapshot: the published quarter is used, with a warning', async () => {
  const r = await cli([Q4, ...Q4_ARGS, '--previous', q3Register, '--previous-quarter', 'Q2 2017-18', '--out', path.join(tmp, 'other-quarter')]);
  expect(r.code).toBe(0);
  const report = await readJson(path.join(tmp, 'other-quarter', 'report.json'));
  expect(report.changes.previous).toMatchObject({ quarter: 'Q3', financialYear: '2017-18' });
  expect(report.issues.find((i: { code: string }) => i.code === 'previous-quarter-ignored')?.message).toMatch(/says Q2 2017-18, but register\.xlsx holds the Q3 2017-18 report as published on/);
});
