// The writer's custom XML parts beside real sources: a workbook Excel saved with a custom XML part of its own keeps it
// byte for byte and gets ours numbered after it; a Strict workbook gets Strict relationship types and namespaces.
import { promises as fs, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { strFromU8, unzipSync } from 'fflate';
import { pickSnapshot, workbookSnapshots } from '../../../src/adapters/xlsx/custom-xml-reader';
import { writeWorkbook } from '../../../src/adapters/xlsx/write-workbook';
import type { Snapshot } from '../../../src/domain/snapshot';
import { SNAPSHOT_NAMESPACE, snapshotToXml } from '../../../src/domain/snapshot-xml';
import type { SheetLayout } from '../../../src/render/sheet-layout';
import { checkPackage, describeProblem } from '../../conformance/check-package';
import { checkReaders } from '../../conformance/readers';

const CORPUS = path.resolve(__dirname, '../../corpus');
const SNAPSHOT: Snapshot = {
  version: 1, id: '20180115T093000000Z', publishedAt: '2018-01-15T09:30:00.000Z', period: { quarter: 'Q3', financialYear: '2017-18' },
  settings: { scale: 'rag' },
  report: { asAt: '2017-12-31', summary: { green: 1 }, delayedSummary: {}, unassessed: 0, summarySentence: 'Of the 1 Q3 milestone, 1 is green.', rows: { read: 1, inRegister: 1, withErrors: 0 }, dueIds: ['A1'], delayedIds: [] },
  milestones: [{ id: 'A1', priority: 'P', theme: 'T', milestone: 'Open the hub', owner: 'O', dueQuarter: 'Q3', dueFinancialYear: '2017-18', status: 'green', update: 'Done <soon> & well', completed: null, source: { sheet: 'Tracker', row: 2 } }],
};
const LAYOUT: SheetLayout = { name: 'Milestone Register', columnWidths: [10], rows: [['ID'], ['A1']], styles: [], merges: [], validations: [], iconRules: [] };
const customXml = [{ xml: snapshotToXml(SNAPSHOT, { deflate: (b) => new Uint8Array(zlib.deflateRawSync(b)) }), namespace: SNAPSHOT_NAMESPACE }];

async function written(source: string | null) {
  const bytes = source === null ? null : new Uint8Array(readFileSync(path.join(CORPUS, source)));
  const out = await writeWorkbook(bytes && { bytes, fileName: source! }, [LAYOUT], { customXml });
  return { source: bytes, output: out.bytes };
}

test('beside an Excel workbook\'s own custom XML part: kept byte for byte, ours is item2; only ours is a snapshot', async () => {
  const { source, output } = await written('calamine-pivots.xlsx');
  expect((await checkPackage(output, source!)).map(describeProblem)).toEqual([]);
  const parts = unzipSync(output);
  expect(Object.keys(parts).filter((n) => n.startsWith('customXml/')).sort()).toEqual([
    'customXml/_rels/item1.xml.rels', 'customXml/_rels/item2.xml.rels', 'customXml/item1.xml', 'customXml/item2.xml', 'customXml/itemProps1.xml', 'customXml/itemProps2.xml',
  ]);
  const rels = strFromU8(parts['xl/_rels/workbook.xml.rels']!);
  expect(rels).toContain('Target="../customXml/item1.xml"');
  expect(rels).toMatch(/Id="rIdMR\d+" Type="http:\/\/schemas\.openxmlformats\.org\/officeDocument\/2006\/relationships\/customXml" Target="\.\.\/customXml\/item2\.xml"/);
  const { snapshots, issues } = workbookSnapshots(output);
  expect(issues).toEqual([]);
  expect(snapshots.map((s) => s.part)).toEqual(['customXml/item2.xml']);
  const picked = pickSnapshot(output);
  expect(picked.kind === 'found' && picked.snapshot).toEqual(SNAPSHOT);
});

test('in a Strict workbook: Strict relationship types and datastore namespace; read back', async () => {
  const { source, output } = await written('strict-tracker.xlsx');
  expect((await checkPackage(output, source!)).map(describeProblem)).toEqual([]);
  const parts = unzipSync(output);
  expect(strFromU8(parts['xl/_rels/workbook.xml.rels']!)).toContain('Type="http://purl.oclc.org/ooxml/officeDocument/relationships/customXml" Target="../customXml/item1.xml"');
  expect(strFromU8(parts['customXml/_rels/item1.xml.rels']!)).toContain('Type="http://purl.oclc.org/ooxml/officeDocument/relationships/customXmlProps"');
  expect(strFromU8(parts['customXml/itemProps1.xml']!)).toContain('xmlns:ds="http://purl.oclc.org/ooxml/officeDocument/customXml"');
  expect(pickSnapshot(output).kind).toBe('found');
});

test('openpyxl, exceljs and LibreOffice open all three (no source, an Excel source with custom XML, Strict)', async () => {
  const dir = await fs.mkdtemp(path.join(tmpdir(), 'snapshot-parts-'));
  try {
    const cases = [];
    for (const source of [null, 'calamine-pivots.xlsx', 'strict-tracker.xlsx']) {
      const { output } = await written(source);
      const file = path.join(dir, `${source ?? 'new'}.xlsx`);
      await fs.writeFile(file, output);
      cases.push(source === null ? { id: 'new', output: file } : { id: source, output: file, source: path.join(CORPUS, source) });
    }
    const results = await checkReaders(cases);
    for (const [id, r] of results) expect([id, r.problems.map(describeProblem)]).toEqual([id, []]);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}, 180000);
