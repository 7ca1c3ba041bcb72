// The conformance gate over every workbook the CLI writes: the fixtures, the sample, generated trackers and the
// corpus of real workbooks (tests/corpus). Each register.xlsx must pass checkPackage (against its source) and be
// opened by openpyxl, exceljs and LibreOffice with the source sheets' values unchanged.
import { promises as fs, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { checkPackage, describeProblem, type Problem } from './check-package';
import { checkReaders, requireReaders, type ReaderCase } from './readers';
import { mapLimit, parseSummary, ensureBuiltCli, ROOT, runCliProcess, type CliRun } from './run-cli';
import { at } from '../checked';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generateTracker } = require('../../bench/generate-tracker') as { generateTracker: (rows: number, label: string) => Promise<string> };

const FIXTURES = path.join(ROOT, 'tests/fixtures');
const CORPUS = path.join(ROOT, 'tests/corpus');

/** tests/corpus/<name>.expected.json: what the CLI must make of the file (see tests/corpus/README.md). */
interface CorpusExpectation {
  input: string;
  /** "register": exit 0 and a register.xlsx; "refused": exit 2 with one line on stderr and nothing written. */
  outcome: 'register' | 'refused';
  /** Refused: the stderr line contains this. */
  message?: string;
  /** Register: the sheets the CLI reads as trackers, in its order. */
  sheetsRead?: string[];
  rows?: { read?: number; inRegister?: number; withErrors?: number } | undefined;
  /** A second run with these settings (a non-tracker read as one), so the writer amends this producer's package. */
  withConfig?: Omit<CorpusExpectation, 'input' | 'withConfig'> & { config: unknown };
}

interface GateCase {
  id: string;
  input: string;
  expectation: CorpusExpectation;
  config?: unknown;
}

function fixtureCases(): GateCase[] {
  const out: GateCase[] = [];
  for (const f of readdirSync(FIXTURES).filter((n) => /\.(xlsx|csv)$/.test(n)).sort()) {
    const expFile = path.join(FIXTURES, f.replace(/\.(xlsx|csv)$/, '.expected.json'));
    let exp: { readFails?: boolean; config?: unknown; rows?: CorpusExpectation['rows'] } = {};
    try {
      exp = JSON.parse(readFileSync(expFile, 'utf8'));
    } catch {
      // a fixture without an expectation still goes through the gate
    }
    out.push({
      id: `fixture ${f}`,
      input: path.join(FIXTURES, f),
      config: exp.config && Object.keys(exp.config).length > 0 ? exp.config : undefined,
      expectation: exp.readFails ? { input: f, outcome: 'refused' } : { input: f, outcome: 'register', rows: exp.rows },
    });
  }
  return out;
}

function corpusCases(): GateCase[] {
  return readdirSync(CORPUS)
    .filter((n) => n.endsWith('.expected.json'))
    .sort()
    .map((n) => {
      const exp = JSON.parse(readFileSync(path.join(CORPUS, n), 'utf8')) as CorpusExpectation;
      const input = path.join(CORPUS, exp.input);
      const plain: GateCase = { id: `corpus ${exp.input}`, input, expectation: exp };
      if (!exp.withConfig) return [plain];
      const { config, ...withConfig } = exp.withConfig;
      return [plain, { id: `corpus ${exp.input} with settings`, input, config, expectation: { input: exp.input, ...withConfig } }];
    })
    .flat();
}

const GENERATED = [120, 2000];

const cases: GateCase[] = [
  ...fixtureCases(),
  { id: 'sample met-tracker-2017-18.xlsx', input: path.join(ROOT, 'samples/met-tracker-2017-18.xlsx'), expectation: { input: 'met-tracker-2017-18.xlsx', outcome: 'register', rows: { read: 49, inRegister: 45, withErrors: 4 } } },
  ...GENERATED.map((n) => ({ id: `generated tracker ${n} rows`, input: '', expectation: { input: '', outcome: 'register' as const, rows: { read: n } } })),
  ...corpusCases(),
];

interface Outcome {
  run: CliRun;
  problems: Problem[];
  notes: string[];
}
const outcomes = new Map<string, Outcome>();
let tmp: string;

beforeAll(async () => {
  ensureBuiltCli();
  await requireReaders();
  tmp = await fs.mkdtemp(path.join(tmpdir(), 'gate-'));
  for (const c of cases) {
    if (c.id.startsWith('generated tracker ')) c.input = await generateTracker(Number(c.expectation.rows!.read), `gate-${c.expectation.rows!.read}`);
  }
  const runs = await mapLimit(cases, 2, async (c) => {
    const dir = path.join(tmp, `case-${cases.indexOf(c)}`);
    const extra: string[] = [];
    if (c.config) {
      await fs.mkdir(tmp, { recursive: true });
      const cfg = path.join(tmp, `config-${cases.indexOf(c)}.json`);
      await fs.writeFile(cfg, JSON.stringify(c.config));
      extra.push('--config', cfg);
    }
    return runCliProcess(c.input, dir, extra);
  });
  const readerCases: ReaderCase[] = [];
  for (const [i, c] of cases.entries()) {
    const run = at(runs, i);
    const o: Outcome = { run, problems: [], notes: [] };
    outcomes.set(c.id, o);
    if (!run.register) continue;
    const source = c.input.endsWith('.xlsx') ? c.input : undefined;
    o.problems.push(...(await checkPackage(await fs.readFile(run.register), source ? await fs.readFile(source) : undefined)));
    readerCases.push({ id: c.id, output: run.register, source });
  }
  const readers = await checkReaders(readerCases);
  for (const [id, r] of readers) {
    outcomes.get(id)!.problems.push(...r.problems);
    outcomes.get(id)!.notes.push(...r.notes);
  }
}, 900000);

afterAll(async () => {
  if (tmp) await fs.rm(tmp, { recursive: true, force: true });
});

describe.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
  test(c.expectation.outcome === 'refused' ? 'is refused with one clear line (exit 2), nothing written' : 'gives a register.xlsx with what it must read', () => {
    const { run } = outcomes.get(c.id)!;
    const exp = c.expectation;
    if (exp.outcome === 'refused') {
      expect({ code: run.code, written: run.register !== undefined }).toEqual({ code: 2, written: false });
      const lines = run.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).not.toMatch(/^\s+at |Error:/);
      if (exp.message) expect(lines[0]).toContain(exp.message);
      return;
    }
    expect({ code: run.code, stderr: run.stderr.trim(), written: run.register !== undefined }).toEqual({ code: 0, stderr: '', written: true });
    const summary = parseSummary(run.stdout);
    if (exp.sheetsRead) expect(summary.sheets).toEqual(exp.sheetsRead);
    if (exp.rows) expect({ read: summary.read, inRegister: summary.inRegister, withErrors: summary.withErrors }).toMatchObject(exp.rows);
  });

  if (c.expectation.outcome === 'register') {
    test('its register.xlsx passes the conformance gate', () => {
      const o = outcomes.get(c.id)!;
      expect(o.run.register).toBeDefined();
      expect(o.problems.map(describeProblem)).toEqual([]);
    });
  }
});
