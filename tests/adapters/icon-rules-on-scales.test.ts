// Status icons on every scale, as both adapters write them: a custom icon rule names a built-in set of as many icons
// as it shows (Excel refuses the rule in the add-in, and repairs the file, when the counts differ).
import { unzipSync, strFromU8 } from 'fflate';
import { detectCapabilities } from '../../src/adapters/office/excel-run';
import { writeLayouts } from '../../src/adapters/office/write-layout';
import { writeWorkbook } from '../../src/adapters/xlsx/write-workbook';
import { DCA5_SCALE, RAG_SCALE, resolveScale, type StatusScale } from '../../src/domain/status-scale';
import { renderRegisterSheet } from '../../src/render/register-sheet';
import { renderReportSheet } from '../../src/render/report-sheet';
import { FakeExcel, officeWith } from './office/fake-excel';
import { sampleRegisterOn, sampleReportOn } from '../render/sample-data';

const TWO_STATUSES = resolveScale([
  { id: 'done', label: 'Done', words: ['done'], icon: 'check', rank: 1, delivered: true },
  { id: 'late', label: 'Late', words: ['late'], icon: 'red-light', rank: 2 },
]);

const SIZE: Record<string, number> = { ThreeTrafficLights1: 3, FourTrafficLights: 4, FiveArrows: 5 };

describe.each([
  ['rag (four statuses)', RAG_SCALE],
  ['dca5 (five statuses)', DCA5_SCALE],
  ['a custom scale of two statuses', TWO_STATUSES],
] as [string, StatusScale][])('icons on the %s scale', (_name, scale) => {
  const layouts = () => [renderRegisterSheet(sampleRegisterOn(scale), scale), renderReportSheet(sampleReportOn(scale))];

  test('the add-in writes every icon rule (the fake refuses a criteria count that is not the set\u2019s)', async () => {
    const fake = new FakeExcel([{ name: 'Tracker', rows: [['x']] }]);
    const result = await writeLayouts(fake.context, layouts(), detectCapabilities(officeWith(20)));
    expect(result.issues.filter((i) => i.severity === 'error')).toEqual([]);
    const styles = fake.ops.filter((o) => o.path === 'conditionalFormats.add().iconSet.style');
    const criteria = fake.ops.filter((o) => o.path === 'conditionalFormats.add().iconSet.criteria');
    expect(styles.length).toBeGreaterThan(0);
    styles.forEach((s, i) => expect((criteria[i]!.value as unknown[]).length).toBe(SIZE[s.value as string]));
  });

  test('the file names each icon rule after a set of as many icons as it lists', async () => {
    const out = await writeWorkbook(null, layouts());
    const parts = unzipSync(out.bytes);
    const sheets = Object.keys(parts).filter((p) => /worksheets\/sheet\d+\.xml$/.test(p)).map((p) => strFromU8(parts[p]!));
    const custom = sheets.flatMap((xml) => [...xml.matchAll(/<x14:iconSet iconSet="(\d)\w+"[^>]*custom="1">([\s\S]*?)<\/x14:iconSet>/g)]);
    const plain = sheets.flatMap((xml) => [...xml.matchAll(/<iconSet iconSet="(\d)\w+"[^>]*>([\s\S]*?)<\/iconSet>/g)]);
    expect(custom.length + plain.length).toBeGreaterThan(0);
    for (const [, size, body] of custom) {
      expect((body!.match(/<x14:cfIcon /g) ?? []).length).toBe(Number(size));
      expect((body!.match(/<x14:cfvo /g) ?? []).length).toBe(Number(size));
    }
    for (const [, size, body] of plain) expect((body!.match(/<cfvo /g) ?? []).length).toBe(Number(size));
  });
});
