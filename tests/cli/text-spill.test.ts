// The temporary file a big tracker's long text waits in: the texts read back as they went in, from the file, from memory
// where the file could not be written, or from both when it failed half way; and the file is nowhere to be found, during
// the run or after it.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { PackedTexts } from '../../src/cli/packed-texts';
import { TextSpill } from '../../src/cli/text-spill';

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'text-spill-'));
});
afterEach(() => {
  jest.restoreAllMocks();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Descriptors of this process open on a file that was in `dir` (Linux's /proc says where each points). */
function openIn(dir: string): string[] {
  return fs.readdirSync('/proc/self/fd').flatMap((fd) => {
    try {
      const target = fs.readlinkSync(`/proc/self/fd/${fd}`);
      return target.startsWith(dir + path.sep) ? [target] : [];
    } catch {
      return []; // the descriptor readdir itself used, closed by now
    }
  });
}

/** Texts of every kind of character, some long enough to fill several blocks on their own. */
const texts = fc.array(
  fc.oneof(
    { weight: 5, arbitrary: fc.string({ unit: 'grapheme', maxLength: 400 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }).map((s) => s.repeat(3000)) },
  ),
  { minLength: 1, maxLength: 300 },
);

/** Each text read back by its number, in an order of its own. */
function readBack(store: PackedTexts, numbers: number[], order: number[]): string[] {
  const got: string[] = [];
  for (const i of order) got[i] = store.text(numbers[i]!);
  return got;
}

/** The same order of reading back for any run (a shuffle from the seed). */
function shuffled(n: number, seed: number): number[] {
  const order = [...Array(n).keys()];
  let s = seed;
  for (let i = n - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) >>> 0;
    const j = s % (i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

/** Lone surrogates become U+FFFD in UTF-8, as anywhere the text is written (the packer's rule, old and unchanged). */
const asUtf8 = (s: string) => Buffer.from(s, 'utf8').toString('utf8');

describe('texts kept in a temporary file', () => {
  test('read back as they went in, in any order, with the file nowhere to be found in its folder', () => {
    fc.assert(
      fc.property(texts, fc.nat(), (all, seed) => {
        const spill = new TextSpill(tmp);
        const store = new PackedTexts(spill);
        const numbers = all.map((t) => store.add(t));
        store.seal();
        expect(readBack(store, numbers, shuffled(all.length, seed))).toEqual(all.map(asUtf8));
        // Every byte went to the file, none to memory, and the file has no name.
        expect(spill.bytes).toBe(all.reduce((n, t) => n + Buffer.byteLength(t), 0));
        expect(fs.readdirSync(tmp)).toEqual([]);
        store.close();
      }),
      { numRuns: 60 },
    );
  });

  test('many blocks read back out of order: each read into a buffer of its own while it is kept at hand', () => {
    const store = new PackedTexts(new TextSpill(tmp));
    const all = Array.from({ length: 20_000 }, (_, i) => `Milestone ${i} of ${i % 97}: ${'the plan – agreed. '.repeat(1 + (i % 50))}`);
    const numbers = all.map((t) => store.add(t));
    // Read back in blocks' order, then jumping about among them (more blocks than are kept unpacked).
    expect(readBack(store, numbers, [...all.keys()])).toEqual(all);
    expect(readBack(store, numbers, shuffled(all.length, 3))).toEqual(all);
    store.close();
  });

  test('no temporary folder to write in: the texts are kept in memory instead, and read back the same', () => {
    const spill = new TextSpill(path.join(tmp, 'missing'));
    const store = new PackedTexts(spill);
    const all = Array.from({ length: 3000 }, (_, i) => `Milestone ${i}: the board agreed the plan – and signed. `.repeat(1 + (i % 7)));
    const numbers = all.map((t) => store.add(t));
    expect(readBack(store, numbers, shuffled(all.length, 7))).toEqual(all);
    expect(spill.bytes).toBe(0);
    expect(fs.existsSync(path.join(tmp, 'missing'))).toBe(false);
  });

  test('the disk fills half way: what was written is read from the file, the rest from memory', () => {
    const spill = new TextSpill(tmp);
    const store = new PackedTexts(spill);
    const write = fs.writeSync as (fd: number, bytes: Uint8Array, offset: number, length: number, position: number) => number;
    let writes = 0;
    // The module itself, not this file's view of it (whose properties cannot be redefined).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    jest.spyOn(require('node:fs') as { writeSync: typeof write }, 'writeSync').mockImplementation((fd, bytes, offset, length, position) => {
      if (++writes > 3) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      return write(fd, bytes, offset, length, position);
    });
    const all = Array.from({ length: 10_000 }, (_, i) => `Update ${i} – the team’s partners signed the contract. `.repeat(1 + (i % 5)));
    const numbers = all.map((t) => store.add(t));
    store.seal();
    expect(writes).toBe(4); // three blocks went to the file; the fourth failed, and nothing more was tried
    expect(spill.bytes).toBeGreaterThan(3 * (1 << 18) - 1);
    expect(readBack(store, numbers, shuffled(all.length, 11))).toEqual(all);
    store.close();
  });

  test('no more on disk than its limit: the texts past it are kept in memory, all read back', () => {
    const limit = 1 << 20;
    const spill = new TextSpill(tmp, limit);
    const store = new PackedTexts(spill);
    // Ten times the limit of text that deflates like a zip bomb's (one sentence over and over).
    const all = Array.from({ length: 10_000 }, (_, i) => `${i}: ${'the same sentence again. '.repeat(40)}`);
    const numbers = all.map((t) => store.add(t));
    store.seal();
    expect(spill.bytes).toBeGreaterThan(limit / 2);
    expect(spill.bytes).toBeLessThanOrEqual(limit);
    expect(readBack(store, numbers, shuffled(all.length, 5))).toEqual(all);
    store.close();
  });

  test('where the system will not remove an open file, it is removed at close (or when the process exits)', () => {
    const rm = fs.rmSync;
    let refused = 0;
    // The first removal refused, as Windows may refuse it for an open file.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    jest.spyOn(require('node:fs') as { rmSync: typeof rm }, 'rmSync').mockImplementation((...args: Parameters<typeof rm>) => {
      if (refused++ === 0) throw Object.assign(new Error('EPERM: operation not permitted, unlink'), { code: 'EPERM' });
      rm(...args);
    });
    const exitListeners = process.listenerCount('exit');
    const spill = new TextSpill(tmp);
    spill.append(new Uint8Array(1000));
    expect(fs.readdirSync(tmp)).toHaveLength(1);
    expect(process.listenerCount('exit')).toBe(exitListeners + 1);
    spill.close();
    expect(fs.readdirSync(tmp)).toEqual([]);
    expect(process.listenerCount('exit')).toBe(exitListeners);
  });

  test('closed: its texts can no longer be read, and nothing more is written', () => {
    const spill = new TextSpill(tmp);
    const store = new PackedTexts(spill);
    const n = store.add('x'.repeat(300_000)); // more than a block: written at once
    expect(store.text(n)).toHaveLength(300_000);
    store.close();
    expect(() => spill.read(new Uint8Array(10), 0, 10)).toThrow(/temporary text file/);
    expect(spill.append(new Uint8Array(10))).toBeUndefined();
    expect(openIn(tmp)).toEqual([]);
  });

  test('let go without being closed: its descriptor is closed once it is collected', () => {
    // In a Node process of its own (the compiled CLI, as bin/milestones.js runs it): inside the suite's worker, with the
    // other worker busy, the registry's clean-up sometimes had not run 2 s and 100 collections later. Here the spill is
    // let go, then the process collects every 20 ms until the descriptor is closed, for up to 10 s.
    const lib = path.join(__dirname, '..', '..', 'lib', 'cli', 'text-spill.js');
    expect(fs.existsSync(lib)).toBe(true); // built by npm ci (prepare), or npm run build:cli
    const script = `
      const fs = require('node:fs');
      const path = require('node:path');
      const { TextSpill } = require(${JSON.stringify(lib)});
      const dir = process.argv[1];
      const open = () => fs.readdirSync('/proc/self/fd').filter((fd) => {
        try { return fs.readlinkSync('/proc/self/fd/' + fd).startsWith(dir + path.sep); } catch { return false; }
      }).length;
      (() => { new TextSpill(dir).append(new Uint8Array(1000)); })();
      const before = open();
      const deadline = Date.now() + 10000;
      const tick = () => {
        global.gc();
        if (open() === 0 || Date.now() > deadline) console.log(JSON.stringify({ before, after: open() }));
        else setTimeout(tick, 20);
      };
      tick();`;
    const out = execFileSync(process.execPath, ['--expose-gc', '-e', script, tmp], { encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual({ before: 1, after: 0 });
  });
});
