// The register row's contract: MilestoneSchema. The register checks each row with a plain check (isMilestone)
// that must never be looser than the schema, and throws the schema's own error when a row breaks it.
import fc from 'fast-check';
import { ZodError } from 'zod';
import { buildRegister } from '../../src/domain/build-register';
import { assertMilestone, isMilestone, MilestoneSchema, type Milestone } from '../../src/domain/milestone';
import { readTrackerSheet } from '../../src/domain/read-tracker';

const good = (): Milestone => ({
  id: 'P1.1',
  priority: 'A safer city',
  theme: 'Victims',
  milestone: 'Publish the victims strategy',
  owner: 'DCS Green',
  due: { quarter: 'Q3', financialYear: '2017-18' },
  status: 'on-track',
  update: 'Drafted.',
  completed: { quarter: 'Q4', financialYear: '2017-18' },
  history: [
    { quarter: 'Q2', financialYear: '2017-18' },
    { quarter: 'Q3', financialYear: '2017-18', status: 'some-delay', update: 'Late.' },
  ],
  source: { sheet: 'Tracker', row: 5 },
});

/** Each breaks one rule of MilestoneSchema. */
const MALFORMED: [string, (m: Record<string, unknown>) => void][] = [
  ['empty id', (m) => (m.id = '')],
  ['id not a string', (m) => (m.id = 7)],
  ['empty milestone text', (m) => (m.milestone = '')],
  ['owner missing', (m) => delete m.owner],
  ['update not a string', (m) => (m.update = null)],
  ['priority not a string', (m) => (m.priority = 1)],
  ['theme missing', (m) => delete m.theme],
  ['due missing', (m) => delete m.due],
  ['due quarter Q5', (m) => (m.due = { quarter: 'Q5', financialYear: '2017-18' })],
  ['due year written in full', (m) => (m.due = { quarter: 'Q1', financialYear: '2017-2018' })],
  ['due year of three digits', (m) => (m.due = { quarter: 'Q1', financialYear: '999-00' })],
  ['status not a status id', (m) => (m.status = 'On track')],
  ['completed not a quarter', (m) => (m.completed = 'Q4 2017-18')],
  ['history not an array', (m) => (m.history = {})],
  ['history entry with a bad year', (m) => (m.history = [{ quarter: 'Q2', financialYear: '17-18' }])],
  ['history entry with a status that is not an id', (m) => (m.history = [{ quarter: 'Q2', financialYear: '2017-18', status: 'Done!' }])],
  ['history entry with an update that is not text', (m) => (m.history = [{ quarter: 'Q2', financialYear: '2017-18', update: 3 }])],
  ['history entry that is an array', (m) => (m.history = [['Q2', '2017-18']])],
  ['source row 0', (m) => (m.source = { sheet: 'Tracker', row: 0 })],
  ['source row not whole', (m) => (m.source = { sheet: 'Tracker', row: 1.5 })],
  ['source row NaN', (m) => (m.source = { sheet: 'Tracker', row: NaN })],
  ['source sheet missing', (m) => (m.source = { row: 3 })],
];

describe('the register row check', () => {
  test('a well-formed row passes both the check and the schema', () => {
    expect(isMilestone(good())).toBe(true);
    expect(() => assertMilestone(good())).not.toThrow();
    const bare = good() as Record<string, unknown>;
    delete bare.status;
    delete bare.completed;
    expect(isMilestone(bare)).toBe(true);
    expect(MilestoneSchema.safeParse(bare).success).toBe(true);
  });

  test.each(MALFORMED)('a row with %s is caught, with the schema\'s own error', (_, breakIt) => {
    const m = good() as Record<string, unknown>;
    breakIt(m);
    expect(MilestoneSchema.safeParse(m).success).toBe(false);
    expect(isMilestone(m)).toBe(false);
    expect(() => assertMilestone(m)).toThrow(ZodError);
  });

  test('never looser than the schema, on arbitrary values shaped like rows', () => {
    // Each field: mostly a valid value, sometimes something else (or absent), so both outcomes are common.
    const field = <T,>(valid: fc.Arbitrary<T>, weight = 40) =>
      fc.oneof(
        { weight, arbitrary: valid },
        { weight: 1, arbitrary: fc.oneof(fc.string({ maxLength: 6 }), fc.integer(), fc.double(), fc.constant(null), fc.constant(undefined), fc.boolean(), fc.constant([])) },
      );
    const mostly = <T,>(valid: T[], invalid: T[]) => fc.oneof({ weight: 10, arbitrary: fc.constantFrom(...valid) }, { weight: 1, arbitrary: fc.constantFrom(...invalid) });
    const ref = fc.record({
      quarter: field(mostly(['Q1', 'Q4'], ['Q5', 'q1'])),
      financialYear: field(mostly(['2017-18', '1999-00'], ['2017-2018', ' 2017-18', '2017-18\n', '१२३४-५६'])),
    });
    const entry = fc.record(
      { quarter: field(fc.constantFrom('Q1', 'Q2')), financialYear: field(fc.constantFrom('2017-18', '2016-17')), status: field(mostly(['delivered', 'on-track', undefined], ['done'])), update: field(fc.string({ maxLength: 5 })) },
      { requiredKeys: [] },
    );
    const row = fc.record(
      {
        id: field(fc.string({ maxLength: 4 })), priority: field(fc.string({ maxLength: 4 })), theme: field(fc.string({ maxLength: 4 })),
        milestone: field(fc.string({ maxLength: 4 })), owner: field(fc.string({ maxLength: 4 })), update: field(fc.string({ maxLength: 4 })),
        due: field(ref), status: field(mostly(['delivered', 'on-track', 'some-delay', undefined], ['Green', 'Delivered'])), completed: field(fc.option(ref, { nil: undefined })),
        history: field(fc.array(field(entry, 20), { maxLength: 3 })),
        source: field(fc.record({ sheet: field(fc.string({ maxLength: 4 })), row: field(fc.oneof({ weight: 10, arbitrary: fc.integer({ min: 1, max: 1048576 }) }, { weight: 1, arbitrary: fc.constantFrom(0, -1, 1.5, NaN, Infinity, 2 ** 60) })) })),
      },
      { requiredKeys: ['id', 'priority', 'theme', 'milestone', 'owner', 'update', 'due', 'history', 'source'] },
    );
    let accepted = 0;
    let refused = 0;
    fc.assert(
      fc.property(row, (m) => {
        const ok = isMilestone(m);
        if (ok) accepted++;
        else refused++;
        // Never looser; and on these shapes, never stricter either.
        expect(MilestoneSchema.safeParse(m).success).toBe(ok);
      }),
      { numRuns: 5000, seed: 1718 },
    );
    // The property says something only if both outcomes occur.
    expect(accepted).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(100);
  });

  test('the register checks every row it builds: a row breaking the schema stops it with the schema\'s error', () => {
    const sheet = { name: 'Tracker', merges: [], rows: [['Milestone', 'Due', 'Status'], ['Publish the plan', 'Q3', 'Green']] };
    const tracker = readTrackerSheet(sheet, {}).tracker!;
    // A quarter without a year takes the report's year; a year the schema refuses makes a malformed row.
    expect(buildRegister([tracker], {}, { defaultFinancialYear: '2017-18' }).register[0]!.due).toEqual({ quarter: 'Q3', financialYear: '2017-18' });
    expect(() => buildRegister([tracker], {}, { defaultFinancialYear: '2017-2018' })).toThrow(ZodError);
  });
});
