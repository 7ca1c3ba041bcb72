// consumeGrid and onMilestone: the CLI lets the grid go as the core reads it and sees each milestone as it is built.
// The result must be the very one the core gives without them, on a real tracker file.
import * as path from 'node:path';
import { readWorkbookFile } from '../../src/adapters/xlsx/read-file';
import { runPipeline } from '../../src/domain/pipeline';
import type { Milestone } from '../../src/domain/milestone';

const SAMPLE = path.join(__dirname, '..', '..', 'samples', 'met-tracker-2017-18.xlsx');

async function read() {
  const r = await readWorkbookFile(SAMPLE);
  if (!r.ok) throw new Error(r.issue.message);
  return r;
}

describe('running the core on a grid it may let go', () => {
  test('gives the same register, report and issues, sees each milestone once in register order, and empties the tracker sheets', async () => {
    const plain = await read();
    const consumed = await read();
    const expected = runPipeline(plain.workbook, {}, { readIssues: plain.issues });
    const seen: Milestone[] = [];
    const got = runPipeline(consumed.workbook, {}, { readIssues: consumed.issues, consumeGrid: true, onMilestone: (m) => seen.push(m) });
    expect(got).toEqual(expected);
    expect(seen).toEqual(expected.register);
    seen.forEach((m, i) => expect(m).toBe(got.register[i]));
    const trackerSheets = new Set(got.mappings.map((m) => m.sheet));
    expect(trackerSheets.size).toBeGreaterThan(0);
    for (const s of consumed.workbook.sheets) {
      if (trackerSheets.has(s.name)) expect(s.rows).toEqual([]);
      else expect(s.rows).toEqual(plain.workbook.sheets.find((p) => p.name === s.name)!.rows);
    }
  });

});
