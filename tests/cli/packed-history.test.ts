// Past quarters' updates kept deflated between the core and the register sheet: every entry must read back exactly as it
// was (text of any script, across block boundaries, in any order), look the same to JSON and deep equality, and stay
// writable; a register with little text is left as it is.
import type { Milestone } from '../../src/domain/milestone';
import { HistoryPacker } from '../../src/cli/packed-history';
import { sampleRegister } from '../render/sample-data';

/** Packs a whole register's past updates, as the job does milestone by milestone; the characters packed. */
function packHistoryUpdates(register: Milestone[], worthPacking?: number): number {
  const packer = new HistoryPacker(undefined, worthPacking);
  for (const m of register) packer.add(m);
  return packer.finish();
}

/** A seeded register of `n` milestones, each with three past updates and a current one, in several scripts. */
function longRegister(n: number): Milestone[] {
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const words = ['board', 'agreed', 'the', 'plan', 'café', 'Zürich', '中文', 'отчёт', '🚓', 'x'.repeat(40), '’', '&', '<b>', '\n'];
  const text = (k: number) => Array.from({ length: k }, () => words[Math.floor(rand() * words.length)]).join(' ');
  return Array.from({ length: n }, (_, i) => {
    const current = text(30);
    return {
      id: `M-${i}`, priority: 'P', theme: 'T', milestone: `Milestone ${i}`, owner: 'O',
      due: { quarter: 'Q4', financialYear: '2017-18' }, status: 'on-track', update: current,
      history: [
        { quarter: 'Q1', financialYear: '2017-18', update: text(60), status: 'on-track' },
        { quarter: 'Q2', financialYear: '2017-18', status: 'some-delay', update: text(60) },
        { quarter: 'Q3', financialYear: '2017-18', status: 'some-delay' },
        { quarter: 'Q4', financialYear: '2017-18', status: 'on-track', update: current },
      ],
      source: { sheet: 'Tracker', row: i + 5 },
    } satisfies Milestone;
  });
}

describe('packed history updates', () => {
  test('every entry reads back as it was, in order and out of order, and JSON and deep equality see no difference', () => {
    const register = longRegister(3000);
    const before = structuredClone(register);
    const json = JSON.stringify(register);
    const packed = packHistoryUpdates(register, 0);
    // Past updates only: two per milestone.
    const expected = before.reduce((n, m) => n + m.history.reduce((k, h) => k + (h.update && h.update !== m.update ? h.update.length : 0), 0), 0);
    expect(packed).toBe(expected);
    expect(packed).toBeGreaterThan(1 << 20); // several blocks
    expect(JSON.stringify(register)).toBe(json);
    expect(register).toEqual(before);
    // Backwards and scattered: each read may need another block than the last.
    for (let i = register.length - 1; i >= 0; i -= 7) expect(register[i]!.history[1]!.update).toBe(before[i]!.history[1]!.update);
    for (let i = 0; i < register.length; i += 13) expect({ ...register[i]!.history[0]! }).toEqual(before[i]!.history[0]);
  });

  test('the past updates are packed and the current one is not; fields keep their order', () => {
    const register = longRegister(50);
    packHistoryUpdates(register, 0);
    const m = register[3]!;
    expect(Object.getOwnPropertyDescriptor(m.history[0]!, 'update')?.get).toBeDefined();
    expect(Object.getOwnPropertyDescriptor(m.history[3]!, 'update')?.value).toBe(m.update);
    expect(Object.keys(m.history[0]!)).toEqual(['quarter', 'financialYear', 'update', 'status']);
    expect(Object.keys(m.history[1]!)).toEqual(['quarter', 'financialYear', 'status', 'update']);
    expect(m.history[2]).toEqual({ quarter: 'Q3', financialYear: '2017-18', status: 'some-delay' });
  });

  test('a packed update can be set again', () => {
    const register = longRegister(20);
    packHistoryUpdates(register, 0);
    const h = register[5]!.history[0]!;
    h.update = 'Rewritten.';
    expect(h.update).toBe('Rewritten.');
    expect(JSON.parse(JSON.stringify(h)).update).toBe('Rewritten.');
    expect(register[6]!.history[0]!.update).not.toBe('Rewritten.');
  });

  test('a register with little text is left as it is', () => {
    const register = sampleRegister();
    const entries = register.flatMap((m) => m.history);
    expect(packHistoryUpdates(register)).toBe(0);
    expect(register.flatMap((m) => m.history)).toEqual(entries);
    register.flatMap((m) => m.history).forEach((h, i) => expect(h).toBe(entries[i]));
  });

  test('milestones seen before there was enough to pack are packed once there is; collection is asked for as text is packed', () => {
    const register = longRegister(400);
    const before = structuredClone(register);
    const total = before.reduce((n, m) => n + m.history.reduce((k, h) => k + (h.update && h.update !== m.update ? h.update.length : 0), 0), 0);
    let collections = 0;
    const packer = new HistoryPacker(() => collections++, Math.floor(total / 2), 20_000);
    for (const m of register) packer.add(m);
    expect(packer.finish()).toBe(total);
    expect(Object.getOwnPropertyDescriptor(register[0]!.history[0]!, 'update')?.get).toBeDefined();
    expect(register).toEqual(before);
    // One each 20,000 characters packed, give or take the milestone that crosses the mark.
    expect(collections).toBeGreaterThanOrEqual(Math.floor(total / 20_000) - 1);
    expect(collections).toBeLessThanOrEqual(Math.ceil(total / 20_000));
  });
});
