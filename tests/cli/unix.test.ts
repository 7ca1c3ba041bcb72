// The command as a Unix user runs it: piped into a reader that stops early, --version, --quiet and --json.
// The pipe cases run the real command (`node bin/milestones.js`) in a child process; the rest call runCli.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, promises as fs, readdirSync, readFileSync, statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli, type CliFailure, type CliSummary } from '../../src/cli/main';

const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'bin/milestones.js');
const MAIN = path.join(ROOT, 'lib/cli/main.js');
const SAMPLE = path.join(ROOT, 'samples/met-tracker-2017-18.xlsx');
const STACK_TRACE = /\n\s+at |Error: write EPIPE|node:events|Unhandled 'error' event/;

let tmp: string;
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'milestones-unix-'));
  // The command runs lib/; rebuild it when src/ is newer (a stale build would test old code).
  const newest = (dir: string): number =>
    readdirSync(dir, { withFileTypes: true }).reduce(
      (m, e) => Math.max(m, e.isDirectory() ? newest(path.join(dir, e.name)) : statSync(path.join(dir, e.name)).mtimeMs),
      0,
    );
  const srcTime = Math.max(...['cli', 'domain', 'adapters/xlsx', 'render'].map((d) => newest(path.join(ROOT, 'src', d))));
  if (!existsSync(MAIN) || statSync(MAIN).mtimeMs < srcTime) {
    spawnSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.cli.json'], { cwd: ROOT, stdio: 'ignore' });
    if (!existsSync(MAIN) || statSync(MAIN).mtimeMs < srcTime) throw new Error('lib/ could not be built: run `npm run build:cli`');
  }
}, 120_000);
afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** Runs the command with its stdout a pipe whose reading end is closed at once, as `| head -0` or a reader that quits. */
function runWithClosedStdout(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: tmp, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stderr }));
  });
}

async function cli(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const progress: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l), progress: (l) => progress.push(l), cwd: ROOT });
  return { code, out: out.join('\n'), err: err.join('\n'), progress };
}

describe('piped into a reader that stops reading', () => {
  test('--help: exit 0, no stack trace', async () => {
    const r = await runWithClosedStdout(['--help']);
    expect(r.signal).toBeNull();
    expect(r.code).toBe(0);
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(r.stderr).toBe('');
  });

  test('a real run: the outputs are still written, exit 0, no stack trace', async () => {
    const out = path.join(tmp, 'closed');
    const r = await runWithClosedStdout([SAMPLE, '--out', out]);
    expect(r.signal).toBeNull();
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse(await fs.readFile(path.join(out, 'report.json'), 'utf8'));
    expect(json.quarter).toBe('Q4');
    expect(existsSync(path.join(out, 'register.xlsx'))).toBe(true);
    expect(existsSync(path.join(out, 'report.docx'))).toBe(true);
  });

  test('the exit code still says how the job went (--strict with issues: 1; a missing file: 2)', async () => {
    const strict = await runWithClosedStdout([SAMPLE, '--out', path.join(tmp, 'closed-strict'), '--strict']);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toBe('');
    const missing = await runWithClosedStdout([path.join(tmp, 'no-such.xlsx'), '--out', path.join(tmp, 'closed-missing')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^milestones: There is no file at .*\n$/);
  });

  test('`milestones … | head -n 1` in a shell: the first line, and the pipeline exits 0', () => {
    const out = path.join(tmp, 'head');
    const cmd = `set -o pipefail; "${process.execPath}" "${BIN}" "${SAMPLE}" --out "${out}" | head -n 1`;
    const r = spawnSync('bash', ['-c', cmd], { cwd: tmp, encoding: 'utf8' });
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Rows read: \d+ \(in register: \d+, with errors: \d+\)\n$/);
  });
});

describe('--version', () => {
  const version = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

  test.each([['--version'], ['-v'], ['some.xlsx', '--version']])('%s prints the version from package.json and exits 0', async (...argv) => {
    const r = await cli(argv);
    expect(r.code).toBe(0);
    expect(r.out).toBe(`milestones ${version}`);
    expect(r.err).toBe('');
  });

  test('the installed command prints it too', () => {
    const r = spawnSync(process.execPath, [BIN, '--version'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`milestones ${version}\n`);
  });

  test('--help lists --version, --quiet and --json', async () => {
    const r = await cli(['--help']);
    for (const flag of ['--version', '--quiet', '--json']) expect(r.out).toContain(flag);
  });
});

describe('--quiet', () => {
  test('writes the outputs and prints nothing', async () => {
    const out = path.join(tmp, 'quiet');
    const r = await cli([SAMPLE, '--out', out, '--quiet']);
    expect(r.code).toBe(0);
    expect(r.out).toBe('');
    expect(r.err).toBe('');
    expect(r.progress).toEqual([]);
    expect(existsSync(path.join(out, 'register.xlsx'))).toBe(true);
  });

  test('an error still reaches stderr, in one line, and stdout stays empty', async () => {
    const r = await cli([path.join(tmp, 'no-such.xlsx'), '--out', path.join(tmp, 'quiet-missing'), '-q']);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^milestones: There is no file at [^\n]*$/);
  });

  test('--strict still exits 1 when the tracker has issues', async () => {
    const r = await cli([SAMPLE, '--out', path.join(tmp, 'quiet-strict'), '--quiet', '--strict']);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
  });
});

describe('--json', () => {
  let out: string;
  let r: Awaited<ReturnType<typeof cli>>;
  let summary: CliSummary;
  let report: any;
  beforeAll(async () => {
    out = path.join(tmp, 'json');
    r = await cli([SAMPLE, '--out', out, '--json']);
    summary = JSON.parse(r.out);
    report = JSON.parse(await fs.readFile(path.join(out, 'report.json'), 'utf8'));
  });

  test('stdout is one JSON document and nothing else: no text summary, no progress', () => {
    expect(r.code).toBe(0);
    expect(summary.ok).toBe(true);
    expect(summary.exitCode).toBe(0);
    expect(r.out).not.toMatch(/Rows read|Outputs:/);
    expect(r.err).toBe('');
    expect(r.progress).toEqual([]);
  });

  test('its figures agree with report.json', () => {
    expect(summary.rows).toEqual(report.rows);
    expect(summary.period).toEqual({ quarter: report.quarter, financialYear: report.financialYear, label: `${report.quarter} ${report.financialYear}`, asAt: report.asAt });
    expect(summary.report.summary).toEqual(report.summary);
    expect(summary.report.delayedSummary).toEqual(report.delayedSummary);
    expect(summary.report.unassessed).toBe(report.unassessed);
    expect(summary.report.summarySentence).toBe(report.summarySentence);
    const entries = report.sections.flatMap((s: any) => s.themes.flatMap((t: any) => t.entries));
    expect(summary.report.entries).toBe(entries.length);
    expect(summary.report.due).toBe(entries.filter((e: any) => e.kind === 'due').length);
    expect(summary.report.delayed).toBe(entries.filter((e: any) => e.kind === 'delayed-update').length);
    expect(summary.issues.total).toBe(report.issues.length);
    expect(summary.issues.errors).toBe(report.issues.filter((i: any) => i.severity === 'error').length);
    expect(summary.issues.warnings).toBe(report.issues.filter((i: any) => i.severity === 'warning').length);
    const byCode: Record<string, number> = {};
    for (const i of report.issues) byCode[i.code] = (byCode[i.code] ?? 0) + 1;
    expect(summary.issues.byCode).toEqual(byCode);
  });

  test('names the files written, as absolute paths, and the sheets of register.xlsx', () => {
    for (const f of [summary.outputs.register, summary.outputs.docx, summary.outputs.json]) {
      expect(path.isAbsolute(f)).toBe(true);
      expect(existsSync(f)).toBe(true);
    }
    expect(path.dirname(summary.outputs.register)).toBe(out);
    expect(summary.outputs.sheetNames.slice(-3)).toEqual(['Milestone Register', 'Q4 2017-18 Report', 'Issues']);
    expect(summary.sheets.length).toBeGreaterThan(0);
    for (const s of summary.sheets) {
      expect(summary.outputs.sheetNames).toContain(s.sheet);
      expect(s.fields).toContain('milestone');
      expect(s.headerRow).toBeGreaterThan(0);
    }
  });

  test('with --strict and issues: exitCode 1, the same as the process', async () => {
    const s = await cli([SAMPLE, '--out', path.join(tmp, 'json-strict'), '--json', '--strict']);
    expect(s.code).toBe(1);
    expect((JSON.parse(s.out) as CliSummary).exitCode).toBe(1);
  });

  test('with --quiet too: only the JSON', async () => {
    const s = await cli([SAMPLE, '--out', path.join(tmp, 'json-quiet'), '--json', '--quiet']);
    expect(s.code).toBe(0);
    expect((JSON.parse(s.out) as CliSummary).rows).toEqual(summary.rows);
    expect(s.err).toBe('');
  });

  test('when nothing can be written: {"ok": false} with the message on stdout, the one line on stderr, exit 2', async () => {
    const s = await cli([path.join(tmp, 'no-such.xlsx'), '--out', path.join(tmp, 'json-missing'), '--json']);
    expect(s.code).toBe(2);
    const failure = JSON.parse(s.out) as CliFailure;
    expect(failure).toEqual({ ok: false, exitCode: 2, error: expect.stringMatching(/^There is no file at /) });
    expect(s.err).toBe(`milestones: ${failure.error}`);
  });

  test('the installed command prints only the JSON on stdout', () => {
    const o = path.join(tmp, 'json-bin');
    const p = spawnSync(process.execPath, [BIN, SAMPLE, '--out', o, '--json'], { encoding: 'utf8' });
    expect(p.status).toBe(0);
    expect(p.stderr).toBe('');
    const parsed = JSON.parse(p.stdout) as CliSummary;
    expect(parsed.outputs.json).toBe(path.join(o, 'report.json'));
  });
});
