// Nothing lost: a register written to register.xlsx and read back is built into the same register,
// whatever the text (Unicode, emoji, right-to-left, line breaks, formula-looking, long).
import fc from 'fast-check';
import { readWorkbookBytes } from '../../src/adapters/xlsx/read-workbook';
import { writeWorkbook } from '../../src/adapters/xlsx/write-workbook';
import type { StatusId } from '../../src/domain/config';
import type { Milestone } from '../../src/domain/milestone';
import { runPipeline } from '../../src/domain/pipeline';
import { renderRegisterSheet } from '../../src/render/register-sheet';

const AWKWARD = ['=SUM(A1:A2)', "=cmd|' /C calc'!A0", '+44 20 7230 1212', '@risk', '-- note', '😀 done', 'مرحبا بالعالم', 'שלום', 'line one\nline two', 'Café – “quoted” ’s', '42', '30/09/2017', 'x'.repeat(2000)];
const text = fc.oneof(fc.constantFrom(...AWKWARD), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }));
const trimmed = text.filter((t) => t.trim() === t && t !== '');
const statusArb = fc.constantFrom<StatusId | undefined>('delivered', 'on-track', 'some-delay', undefined);

const milestoneArb = (id: string, n: number): fc.Arbitrary<Milestone> =>
  fc.record({
    priority: trimmed, theme: trimmed, milestone: text.filter((t) => t.trim() !== ''), owner: text,
    quarter: fc.constantFrom('Q1', 'Q2', 'Q3', 'Q4' as const), status: statusArb, update: text,
    withHistory: fc.boolean(),
    h: fc.array(fc.record({ status: statusArb, update: fc.option(text.filter((t) => t.trim() !== ''), { nil: undefined }) }), { minLength: 4, maxLength: 4 }),
  }).map((r) => {
    const m: Milestone = {
      id, priority: r.priority, theme: r.theme, milestone: r.milestone, owner: r.owner,
      due: { quarter: r.quarter, financialYear: '2017-18' },
      update: r.update, source: { sheet: 'Tracker', row: n + 2 },
      history: r.withHistory
        ? r.h.map((e, i) => ({ quarter: (['Q1', 'Q2', 'Q3', 'Q4'] as const)[i]!, financialYear: '2017-18', ...(e.status ? { status: e.status } : {}), ...(e.update ? { update: e.update } : {}) }))
        : [],
    };
    if (r.status) m.status = r.status;
    return m;
  });

const registerArb = fc
  .uniqueArray(fc.stringMatching(/^[A-Z][A-Z0-9.]{0,6}$/), { minLength: 1, maxLength: 12 })
  .chain((ids) => fc.tuple(...ids.map((id, n) => milestoneArb(id, n))));

test('register -> register.xlsx -> register is the identity (fast-check, 40 runs)', async () => {
  await fc.assert(
    fc.asyncProperty(registerArb, async (register) => {
      const { bytes } = await writeWorkbook(null, [renderRegisterSheet(register)]);
      const read = await readWorkbookBytes(bytes, 'register.xlsx');
      if (!read.ok) throw new Error(read.issue.message);
      const again = runPipeline(read.workbook, {}, { period: { quarter: 'Q4', financialYear: '2017-18' }, readIssues: read.issues });
      // A blank history cell reads back as an empty entry for that quarter: the same meaning.
      const strip = (ms: Milestone[]) =>
        ms.map(({ source: _s, history, ...rest }) => ({ ...rest, history: history.filter((h) => h.status !== undefined || h.update !== undefined) }));
      expect(strip(again.register)).toEqual(strip(register));
      expect(again.report.rows).toEqual({ read: register.length, inRegister: register.length, withErrors: 0 });
    }),
    { numRuns: 40, seed: 4242 },
  );
});
