// How far the CLI lets V8's heap grow: loosely while it reads the tracker and builds the register (the heap it makes then
// is kept), tightly while it writes the outputs (each leaves garbage, and the peak must stay low). The real command is
// run with V8's flag setter watched; a job run in another program's process (these tests) must leave its heap alone.
import { spawnSync } from 'node:child_process';
import { promises as fs, readdirSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureBuiltCli, ROOT } from '../conformance/run-cli';

const BIN = path.join(ROOT, 'bin/milestones.js');
const SAMPLE = path.join(ROOT, 'samples/met-tracker-2017-18.xlsx');

let tmp: string;
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'milestones-heap-'));
  ensureBuiltCli();
}, 120_000);
afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

test('the command lets the heap grow 200% while it reads and builds, then 50% from before the first output is written', async () => {
  const out = path.join(tmp, 'out');
  const log = path.join(tmp, 'flags.log');
  // Loaded before the command: every flag V8 is given, with which outputs exist at that moment.
  const watch = path.join(tmp, 'watch-flags.js');
  await fs.writeFile(
    watch,
    `const v8 = require('node:v8'); const fs = require('node:fs'); const set = v8.setFlagsFromString;
     v8.setFlagsFromString = (flag) => {
       const outputs = fs.existsSync(${JSON.stringify(out)}) ? fs.readdirSync(${JSON.stringify(out)}).length : 0;
       fs.appendFileSync(${JSON.stringify(log)}, flag + ' outputs=' + outputs + '\\n');
       return set(flag);
     };`,
  );
  const run = spawnSync(process.execPath, ['-r', watch, BIN, SAMPLE, '--out', out, '--quiet'], { cwd: tmp, encoding: 'utf8' });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  const growth = readFileSync(log, 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('--heap-growing-percent'));
  expect(growth).toEqual(['--heap-growing-percent=200 outputs=0', '--heap-growing-percent=50 outputs=0']);
  expect(readdirSync(out).sort()).toEqual(['register.json', 'register.xlsx', 'report.docx', 'report.json']);
}, 60_000);

describe('in another program’s process', () => {
  function withWatchedV8(body: (heap: typeof import('../../src/cli/heap'), flags: string[]) => void): void {
    const flags: string[] = [];
    jest.isolateModules(() => {
      jest.doMock('node:v8', () => ({ ...jest.requireActual('node:v8'), setFlagsFromString: (f: string) => flags.push(f) }));
      body(jest.requireActual('../../src/cli/heap'), flags);
    });
    jest.dontMock('node:v8');
  }

  test('the heap’s growth is left as it was', () => {
    withWatchedV8((heap, flags) => {
      expect(heap.growHeap('keeping')).toBe(false);
      expect(heap.growHeap('writing')).toBe(false);
      expect(flags).toEqual([]);
    });
  });

  test('once managed, each change is made once and said to have been made', () => {
    withWatchedV8((heap, flags) => {
      heap.manageHeapGrowth();
      expect(heap.growHeap('keeping')).toBe(false);
      expect(heap.growHeap('writing')).toBe(true);
      expect(heap.growHeap('writing')).toBe(false);
      expect(heap.growHeap('keeping')).toBe(true);
      expect(flags).toEqual(['--heap-growing-percent=200', '--heap-growing-percent=50', '--heap-growing-percent=200']);
    });
  });
});
