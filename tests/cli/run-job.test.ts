// The CLI job's refusals before any output is written, and where progress lines go.
import { existsSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../src/cli/main';
import { runJob, writeProblem } from '../../src/cli/run-job';

const ROOT = path.resolve(__dirname, '../..');
const SAMPLE = path.join(ROOT, 'samples/met-tracker-2017-18.xlsx');
const BAD = path.join(ROOT, 'tests/fixtures/bad');

let tmp: string;
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'run-job-'));
});
afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

const job = (input: string, out: string) => ({ inputs: [input], out, period: {}, strict: false });

describe('runJob refuses, writing nothing', () => {
  test('a workbook without any tracker (an empty sheet, a sheet of numbers)', async () => {
    for (const file of ['empty-workbook.xlsx', 'numbers-only.xlsx']) {
      const out = path.join(tmp, file);
      const r = await runJob(job(path.join(BAD, file), out));
      expect(r).toMatchObject({ ok: false, message: expect.stringMatching(/^No milestone tracker was found in /) });
      expect(existsSync(out)).toBe(false);
    }
  });

  test('--out that is a file, or under a file, before reading anything', async () => {
    const file = path.join(tmp, 'a-file');
    await fs.writeFile(file, 'x');
    const progress: string[] = [];
    const r = await runJob(job(SAMPLE, file), (s) => progress.push(s));
    expect(r).toEqual({ ok: false, message: `The outputs cannot be written to ${file}: it is a file, not a folder; give --out a folder (it is created if missing).` });
    expect(progress).toEqual([]);
    const under = await runJob(job(SAMPLE, path.join(file, 'a', 'b')));
    expect(under).toEqual({ ok: false, message: `The outputs cannot be written to ${path.join(file, 'a', 'b')}: ${file} is a file, not a folder; give --out a folder (it is created if missing).` });
    expect(await fs.readFile(file, 'utf8')).toBe('x');
  });

  test('write failures are worded, not error codes', () => {
    const e = (code: string) => Object.assign(new Error(`${code}: boom`), { code });
    expect(writeProblem(e('EACCES'))).toMatch(/^permission denied/);
    expect(writeProblem(e('ENOSPC'))).toMatch(/^the disk is full/);
    expect(writeProblem(e('EBUSY'))).toMatch(/close register\.xlsx/);
    expect(writeProblem(e('EROFS'))).toMatch(/read-only/);
  });
});

describe('progress lines', () => {
  test('go to io.progress only, so stderr holds just the one-line error', async () => {
    const err: string[] = [];
    const progress: string[] = [];
    const code = await runCli([path.join(BAD, 'truncated.xlsx'), '--out', path.join(tmp, 'never')], { out: () => {}, err: (l) => err.push(l), progress: (l) => progress.push(l), cwd: ROOT });
    expect(code).toBe(2);
    expect(err).toEqual([expect.stringMatching(/^milestones: truncated\.xlsx is incomplete or damaged/)]);
    expect(progress).toEqual([expect.stringMatching(/^… Reading /)]);
  });
});
