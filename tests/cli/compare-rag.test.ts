// --previous on the RAG scale, with the current period read from two trackers (one per directorate): report.json's
// changes against tests/fixtures/compare/rag-* (worked out by hand in its README), the report worded on the scale
// ("Now red; was amber in Q3."), the register's Change column, and register.json in the scale's ids.
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { runCli } from '../../src/cli/main';
import { ReportSchema } from '../../src/domain/report-model';
import { renderReportHtml } from '../../src/render/report-html';

const ROOT = path.resolve(__dirname, '../..');
const DIR = path.join(ROOT, 'tests/fixtures/compare');
const HOUSING = path.join(DIR, 'rag-q4-2017-18-housing.csv');
const ENVIRONMENT = path.join(DIR, 'rag-q4-2017-18-environment.csv');
const PREVIOUS = path.join(DIR, 'rag-q3-2017-18.csv');

let tmp: string;
let out: string;
let stdout = '';
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'milestones-compare-rag-'));
  const config = path.join(tmp, 'rag.json');
  await fs.writeFile(config, JSON.stringify({ scale: 'rag' }));
  out = path.join(tmp, 'out');
  const lines: string[] = [];
  const err: string[] = [];
  const code = await runCli(
    [HOUSING, ENVIRONMENT, '--config', config, '--quarter', 'Q4', '--year', '2017-18', '--previous', PREVIOUS, '--previous-quarter', 'Q3 2017-18', '--out', out],
    { out: (l) => lines.push(l), err: (l) => err.push(l), cwd: ROOT },
  );
  stdout = lines.join('\n');
  expect(err).toEqual([]);
  expect(code).toBe(0);
});
afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

const readJson = async (f: string) => JSON.parse(await fs.readFile(path.join(out, f), 'utf8'));

test('report.json: the changes the fixtures README tabulates, in the RAG ids, over both inputs', async () => {
  const report = ReportSchema.parse(await readJson('report.json'));
  const c = report.changes!;
  expect(report.scale?.id).toBe('rag');
  expect(c.previous).toEqual({ source: 'rag-q3-2017-18.csv', quarter: 'Q3', financialYear: '2017-18' });
  expect(c.matched).toBe(8);
  expect(c.new).toEqual(['R9']);
  expect(c.dropped).toEqual(['R8']);
  expect(c.statusChanges.map((s) => `${s.id} ${s.from}>${s.to} ${s.direction} ${s.kind}`)).toEqual([
    'R1 amber>red worse delayed',
    'R2 red>amber better recovered',
    'R3 green>amber worse delayed',
    'R4 amber>green better recovered',
    'R5 red>delivered better delivered', // "Blue"
    'R6 green>delivered better delivered', // "Complete"
  ]);
  expect(c.dueChanges).toEqual([
    { id: 'R7', milestone: 'Replace the refuse fleet', from: { quarter: 'Q4', financialYear: '2017-18' }, to: { quarter: 'Q2', financialYear: '2018-19' }, direction: 'later' },
  ]);
  expect(c.droppedMilestones).toEqual([{ id: 'R8', milestone: 'Refurbish the lido', status: 'amber' }]);
  expect(c.counts).toEqual({ deliveredSince: 2, newlyDelayed: 2, recovered: 2, dueMoved: 1, new: 1, dropped: 1 });
  expect(c.wordingMatches).toEqual([]);
  expect(c.ambiguous).toEqual([]);
  expect(report.issues).toEqual([]);
  expect(stdout).toContain('Changes since Q3 2017-18 (rag-q3-2017-18.csv): 8 matched, 2 delivered since, 2 newly delayed, 2 recovered, 1 due date moved, 1 new, 1 dropped');
});

test('register.json: every row of both inputs, statuses in the RAG ids', async () => {
  const reg = await readJson('register.json');
  expect(reg.milestones.map((m: { id: string; status: string }) => `${m.id}:${m.status}`)).toEqual([
    'R1:red', 'R2:amber', 'R3:amber', 'R4:green', 'R5:delivered', 'R6:delivered', 'R7:green', 'R9:green', 'R10:delivered',
  ]);
  expect(reg.milestones[0].source).toEqual({ sheet: 'rag-q4-2017-18-housing', row: 2 });
});

test('the report says it on the scale: "was amber in Q3", "Now red", the delivered status as delivered', async () => {
  const report = ReportSchema.parse(await readJson('report.json'));
  const html = renderReportHtml(report);
  for (const line of [
    '“Start building 500 council homes”</td><td[^>]*>Now red; was amber in Q3.',
    '“Adopt the new local plan”</td><td[^>]*>Now amber; was red in Q3.',
    '“Retender the repairs contract”</td><td[^>]*>Now green; was amber in Q3.',
    '“Open the winter night shelter”</td><td[^>]*>Delivered; was red in Q3.',
    '“Refurbish the lido”</td><td[^>]*>No longer in the tracker; was amber in Q3.',
  ]) expect(html).toMatch(new RegExp(line));
  expect(html).toContain('<i data-change-note>Was amber in Q3.</i>');
  expect(html).not.toMatch(/some delay|on track/i);

  const doc = await (await JSZip.loadAsync(await fs.readFile(path.join(out, 'report.docx')))).file('word/document.xml')!.async('string');
  expect(doc).toContain('>Now red; was amber in Q3.<');
  expect(doc).toContain('>Was green in Q3.<'); // R3, in its entry's row
  expect(doc).not.toMatch(/some delay/i);
});

test('register.xlsx: the Change column on the RAG labels; the hidden column keeps the Q3 status', async () => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path.join(out, 'register.xlsx'));
  const ws = wb.getWorksheet('Milestone Register')!;
  const header = (ws.getRow(1).values as unknown[]).slice(1);
  const at = (h: string) => header.indexOf(h) + 1;
  expect(ws.getColumn(at('Last reported (Q3 2017-18)')).hidden).toBe(true);
  const shown = (r: number) => {
    const v = ws.getRow(r).getCell(at('Change')).value as { result?: unknown } | string | null;
    return typeof v === 'object' && v !== null ? (v.result ?? '') : (v ?? '');
  };
  const rows = [2, 3, 4, 5, 6, 7, 8, 9, 10].map((r) => `${ws.getRow(r).getCell(1).value}:${ws.getRow(r).getCell(at('Status')).value}:${shown(r)}:${ws.getRow(r).getCell(at('Last reported (Q3 2017-18)')).value ?? ''}`);
  expect(rows).toEqual([
    'R1:Red:Worse than Q3:Amber', 'R2:Amber:Better than Q3:Red', 'R3:Amber:Worse than Q3:Green', 'R4:Green:Better than Q3:Amber',
    'R5:Complete:Delivered since Q3:Red', 'R6:Complete:Delivered since Q3:Green', 'R7:Green::Green', 'R9:Green:New since Q3:', 'R10:Complete::Complete',
  ]);
  const formula = (ws.getRow(2).getCell(at('Change')).value as { formula: string }).formula;
  expect(formula).toContain('"Complete"');
  expect(formula).toContain('{"Red","Amber","Green","Complete"}');
});
