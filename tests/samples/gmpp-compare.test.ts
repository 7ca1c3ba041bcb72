// The GMPP 2022-23 sample (../shared/samples) against a previous year made from it by hand
// (scripts/make-gmpp-previous.js lists every edit): the changes block must be exactly those edits.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { readWorkbookFile } from '../../src/adapters/xlsx/read-file';
import { ConfigSchema } from '../../src/domain/config';
import { runsHere } from '../tool-required';
import { previousFromWorkbook, runPipeline } from '../../src/domain/pipeline';

const ROOT = path.resolve(__dirname, '../..');
// Beside the repository, or beside the folder of worktrees.
const CSV = [path.resolve(ROOT, '../shared/samples/gmpp-2023.csv'), path.resolve(ROOT, '../../shared/samples/gmpp-2023.csv')].find((f) => existsSync(f));
const PREVIOUS = path.join(ROOT, 'tests/fixtures/compare/gmpp-2022-previous.csv');
const maybe = runsHere(CSV !== undefined) ? describe : describe.skip;

maybe('GMPP 2022-23 compared with the hand-made 2021-22', () => {
  test('status, due, new and dropped are exactly the edits made; the rest match by project number', async () => {
    const cur = await readWorkbookFile(CSV!);
    const prev = await readWorkbookFile(PREVIOUS);
    if (!cur.ok || !prev.ok) throw new Error('unreadable');
    const p = previousFromWorkbook(prev.workbook, {}, 'gmpp-2022-previous.csv', { period: { quarter: 'Q4', financialYear: '2021-22' } });
    if (!p.ok) throw new Error(p.issue.message);
    const r = runPipeline(cur.workbook, {}, { period: { quarter: 'Q4', financialYear: '2022-23' }, previous: p.previous });
    const c = r.report.changes!;
    expect(c.new).toEqual(['CO_0176_2223-Q3']);
    expect(c.dropped).toEqual(['CO_9999_1920-Q1']);
    // Every other register row matched: the previous register has one row more (the made-up one) and one fewer (Falcon).
    expect(c.matched).toBe(r.register.length - 1);
    expect(p.previous.register.length).toBe(r.register.length);
    expect(c.statusChanges.map((s) => `${s.id} ${s.from}>${s.to} ${s.direction}`)).toEqual([
      'CO_0024_2021-Q2 on-track>some-delay worse', // Green -> Amber
      'CO_0210_2223-Q4 some-delay>on-track better', // Amber -> Green
      // CO_0028_2021-Q4 went Amber -> Red: both fold to "some delay" on the default scale, so no change shows.
    ]);
    expect(c.dueChanges.map((d) => `${d.id} ${d.from.quarter} ${d.from.financialYear}>${d.to.quarter} ${d.to.financialYear}`)).toEqual([
      'CO_0020_1718-Q4 Q3 2022-23>Q4 2022-23', // 31.12.2022 -> 31.03.2023
      'DEFRA_0009_2021-Q3 Q3 2029-30>Q3 2030-31', // 31.12.2029 -> 31.12.2030
    ]);
    expect(c.counts).toEqual({ deliveredSince: 0, newlyDelayed: 1, recovered: 1, dueMoved: 2, new: 1, dropped: 1 });
    expect(c.wordingMatches).toEqual([]);
    expect(c.ambiguous).toEqual([]);
  });

  test('on the DCA scale ({"scale":"dca5"}) the same edits, with CO_0028 Amber -> Red worse; the scale has no delivered status', async () => {
    const config = ConfigSchema.parse({ scale: 'dca5' });
    const cur = await readWorkbookFile(CSV!);
    const prev = await readWorkbookFile(PREVIOUS);
    if (!cur.ok || !prev.ok) throw new Error('unreadable');
    const p = previousFromWorkbook(prev.workbook, config, 'gmpp-2022-previous.csv', { period: { quarter: 'Q4', financialYear: '2021-22' } });
    if (!p.ok) throw new Error(p.issue.message);
    const r = runPipeline(cur.workbook, config, { period: { quarter: 'Q4', financialYear: '2022-23' }, previous: p.previous });
    const c = r.report.changes!;
    expect(c.new).toEqual(['CO_0176_2223-Q3']);
    expect(c.dropped).toEqual(['CO_9999_1920-Q1']);
    expect(c.matched).toBe(r.register.length - 1);
    // The script's three rating edits, by the DCA ids and the scale's rank (green 1 ... red 5), in register (file) order.
    expect(c.statusChanges.map((s) => `${s.id} ${s.from}>${s.to} ${s.direction} ${s.kind}`)).toEqual([
      'CO_0024_2021-Q2 green>amber worse delayed', // Green -> Amber
      'CO_0210_2223-Q4 amber>green better recovered', // Amber -> Green
      'CO_0028_2021-Q4 amber>red worse delayed', // Amber -> Red: shows on a scale that tells them apart
    ]);
    expect(c.dueChanges.map((d) => d.id)).toEqual(['CO_0020_1718-Q4', 'DEFRA_0009_2021-Q3']);
    // DCA has no delivered status, so nothing is "delivered since".
    expect(c.counts).toEqual({ deliveredSince: 0, newlyDelayed: 2, recovered: 1, dueMoved: 2, new: 1, dropped: 1 });
    expect(c.droppedMilestones).toEqual([{ id: 'CO_9999_1920-Q1', milestone: expect.stringContaining('Legacy Estates Consolidation'), status: 'green' }]);
    expect(c.wordingMatches).toEqual([]);
    expect(c.ambiguous).toEqual([]);
  });
});
