// The register's objects are made to be few and compact (each is visited by the garbage collector at every full
// collection), and must still read, to everything that reads them, as the plain objects they stand for. An object whose
// update is packed (withPackedUpdate) is made by a constructor of its own, with room for its fields in itself: the same
// prototype and constructor as {}, the same fields in the same order, the same JSON, spreads and deep equality. The
// rows' quarters are shared, one frozen object per quarter; an issue's texts are flat strings, each wording once.
import fc from 'fast-check';
import { PackedTexts } from '../../src/cli/packed-texts';
import { buildRegister } from '../../src/domain/build-register';
import { readTrackerSheet } from '../../src/domain/read-tracker';
import { makeIssue } from '../../src/domain/issue';
import { hasPackedUpdate, packedUpdateOf, withPackedUpdate, type WithUpdate } from '../../src/domain/milestone';

const store = new PackedTexts();

const milestone = {
  id: 'M1',
  priority: 'A safer city for all (1)',
  theme: 'Partnerships',
  milestone: 'Launch the pathfinder',
  owner: 'Frontline Policing',
  due: { quarter: 'Q4', financialYear: '2017-18' },
  update: '',
  history: [{ quarter: 'Q3', financialYear: '2017-18', status: 'on-track', update: 'Begun.' }],
  source: { sheet: 'Tracker', row: 5 },
  status: 'delivered',
  completed: { quarter: 'Q4', financialYear: '2017-18' },
};
const historyEntry = { quarter: 'Q3', financialYear: '2017-18', status: 'on-track', update: '' };
const reportEntry = { id: 'M1', milestone: 'Launch the pathfinder', dueQuarter: 'Q4', dueFinancialYear: '2017-18', kind: 'this-quarter', update: '', owner: 'Frontline Policing', source: { sheet: 'Tracker', row: 5 }, status: 'delivered' };

describe('an entry with its update packed', () => {
  test.each([
    ['a milestone (11 fields)', milestone],
    ['a history entry (4 fields)', historyEntry],
    ['a report entry (9 fields)', reportEntry],
    ['an entry of 20 fields', Object.fromEntries([...Array.from({ length: 19 }, (_, i) => [`f${i}`, i]), ['update', '']])],
  ])('%s reads as the plain object with its text', (_, entry: WithUpdate) => {
    const text = 'Delivered on time: 12 of 12 sites & the "final" review <done>.\nNext: roll-out.';
    const packed = withPackedUpdate(entry, store.pack(text));
    const plain = { ...entry, update: text };
    expect(Object.getPrototypeOf(packed)).toBe(Object.prototype);
    expect(packed.constructor).toBe(Object);
    expect(Object.keys(packed)).toEqual(Object.keys(entry));
    expect(JSON.stringify(packed)).toBe(JSON.stringify(plain));
    expect(packed).toStrictEqual(plain);
    expect({ ...packed }).toStrictEqual(plain);
    expect(hasPackedUpdate(packed)).toBe(true);
    expect(packedUpdateOf(packed)?.text()).toBe(text);
    // Assigning an update makes it a plain field again.
    packed.update = 'changed';
    expect(hasPackedUpdate(packed)).toBe(false);
    expect(packed).toStrictEqual({ ...entry, update: 'changed' });
    expect(Object.keys(packed)).toEqual(Object.keys(entry));
  });

  test('any fields, in any order, read back as they were (2000 shapes)', () => {
    const key = fc.string({ minLength: 1, maxLength: 6 }).filter((k) => k !== 'update' && k !== '__proto__');
    fc.assert(
      fc.property(fc.uniqueArray(key, { maxLength: 24 }), fc.nat(24), fc.string(), (keys, at, text) => {
        const fields: [string, unknown][] = keys.map((k, i) => [k, i % 3 === 0 ? k : { i }]);
        fields.splice(Math.min(at, fields.length), 0, ['update', '']);
        const entry = Object.fromEntries(fields) as WithUpdate;
        const packed = withPackedUpdate(entry, store.pack(text));
        expect(Object.keys(packed)).toEqual(Object.keys(entry));
        expect(packed).toStrictEqual({ ...entry, update: text });
      }),
      { numRuns: 2000, seed: 2026 },
    );
  });
});

describe('the quarters of a register', () => {
  test('rows naming the same quarter share one frozen object, and each row still reads its own', () => {
    const rows = [['Milestone', 'Due', 'Completed', 'Status'], ['One', 'Q3 2017-18', 'Q3 2017-18', 'Delivered'], ['Two', 'Q3 2017-18', '', 'On track'], ['Three', 'Q4', 'Q4', 'Delivered'], ['Four', 'Q4 2017/18', '', 'Some delay']];
    const tracker = readTrackerSheet({ name: 'Tracker', merges: [], rows }, {}).tracker!;
    const register = buildRegister([tracker], {}, { defaultFinancialYear: '2017-18' }).register;
    expect(register.map((m) => m.due)).toEqual([
      { quarter: 'Q3', financialYear: '2017-18' },
      { quarter: 'Q3', financialYear: '2017-18' },
      { quarter: 'Q4', financialYear: '2017-18' },
      { quarter: 'Q4', financialYear: '2017-18' },
    ]);
    expect(register[0]!.completed).toEqual({ quarter: 'Q3', financialYear: '2017-18' });
    // One object per quarter, however it was written (with its year, without it, another spelling) and whatever field.
    expect(register[1]!.due).toBe(register[0]!.due);
    expect(register[0]!.completed).toBe(register[0]!.due);
    expect(register[3]!.due).toBe(register[2]!.due);
    expect(register[2]!.completed).toBe(register[2]!.due);
    expect(register[2]!.due).not.toBe(register[0]!.due);
    // Frozen: a change meant for one row fails loudly instead of moving the others.
    expect(Object.isFrozen(register[0]!.due)).toBe(true);
    expect(() => {
      (register[0]!.due as { financialYear: string }).financialYear = '2018-19';
    }).toThrow(TypeError);
    expect(register[1]!.due.financialYear).toBe('2017-18');
  });
});

describe('the texts of issues', () => {
  test('an issue says what it was given, whatever the text, and after thousands of wordings (6000 runs)', () => {
    const anyText = fc.oneof(fc.string({ unit: 'binary', maxLength: 120 }), fc.string({ unit: fc.constantFrom('a', '"', '\\', '\u0000', '\ud800', '’', '🚓'), maxLength: 40 }));
    fc.assert(
      fc.property(anyText, anyText, fc.nat(99), (word, suggestion, n) => {
        // A message as the builders make them: a template around a value (V8 makes it a tree of strings).
        const message = `The Q${(n % 4) + 1} RAG "${word}" is not on the status scale (${n}).`;
        const issue = makeIssue('error', 'Tracker', `M${n}`, 'unknown-status', message, suggestion);
        expect(issue).toEqual({ severity: 'error', sheet: 'Tracker', cell: `M${n}`, code: 'unknown-status', message, suggestion });
        expect(makeIssue('warning', 'Tracker', '', 'sheet-hidden', message)).toEqual({ severity: 'warning', sheet: 'Tracker', cell: '', code: 'sheet-hidden', message });
      }),
      { numRuns: 6000, seed: 404 },
    );
  });
});
