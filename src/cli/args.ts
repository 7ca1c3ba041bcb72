// Command-line arguments -> a validated job description, or a one-line message for the user.
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import type { QuarterRef } from '../domain/milestone';

export interface CliJob {
  /** One tracker, or several read with the same settings into one register and report. */
  inputs: string[];
  out: string;
  configPath?: string;
  period: Partial<QuarterRef>;
  strict: boolean;
  /** The earlier period's tracker or register.xlsx, to report what changed since. */
  previous?: string;
  /** The previous file's quarter, when its data cannot say (a tracker without quarter columns). */
  previousPeriod?: QuarterRef;
  /** --previous-snapshot ID: which published snapshot of the previous file to compare with (default: the latest). */
  previousSnapshot?: string;
  /** --no-snapshot: register.xlsx carries no published snapshot of this run. */
  noSnapshot?: boolean;
  /** --quiet: nothing on stdout, only errors on stderr. */
  quiet?: boolean;
  /** --json: the machine-readable summary on stdout instead of the human one. */
  json?: boolean;
}

export type ParsedArgs = { ok: true; job: CliJob } | { ok: false; message: string; help?: boolean; version?: boolean };

export const USAGE = `Usage: milestones <input.xlsx|.csv> [more inputs...] [--quarter Q4] [--year 2017-18] [--config cfg.json] [--out DIR] [--strict] [--json | --quiet] [--previous FILE [--previous-quarter "Q3 2017-18"] [--previous-snapshot ID]] [--no-snapshot]

Turns a milestone tracking workbook into a validated register and the quarterly report.
Writes DIR/register.xlsx (source sheets, "Milestone Register", the report sheet, "Issues"),
DIR/report.docx, DIR/report.json and DIR/register.json. The input files are only read, never written.
Several inputs (one tracker per directorate, say) are read with the same settings into one
register and one report; a file's name stands in for the priority where no column gives it.

  --quarter Q1..Q4     report quarter (default: the latest quarter that has updates)
  --year 2017-18       financial year of the report (default: from the data)
  --config FILE        JSON settings: sheet, headerRow, columns, scale, statusSynonyms, financialYearStartMonth
  --out DIR            where to write the outputs (default: ./milestone-output)
  --strict             exit 1 when the tracker has any issue
  --previous FILE      the previous period's tracker (.xlsx/.csv) or register.xlsx: report what changed since
  --previous-quarter "Q3 2017-18"
                       the quarter that file reports (default: its quarter columns, else the quarter before the report's)
  --previous-snapshot ID
                       a register.xlsx carries the report published with it (a snapshot); --previous compares with
                       the latest one, or with this one (see the summary for ids)
  --no-snapshot        leave the snapshot of this run out of register.xlsx
  --json               print a machine-readable summary (JSON) on stdout instead of the text one
  -q, --quiet          print nothing on stdout; errors still go to stderr
  -h, --help           show this help
  -v, --version        show the version

Exit codes: 0 outputs written; 1 with --strict when there are issues; 2 the input or options cannot be used.`;

export function parseQuarterArg(s: string): QuarterRef['quarter'] | undefined {
  const m = /^(?:q|quarter\s*)?([1-4])$/i.exec(s.trim());
  return m ? (`Q${m[1]}` as QuarterRef['quarter']) : undefined;
}

export function parseYearArg(s: string): string | undefined {
  const m = /^(?:fy\s*)?((?:19|20)?\d{2})\s*[-/]\s*((?:19|20)?\d{2})$/i.exec(s.trim());
  if (!m) return undefined;
  const a = m[1]!.length === 2 ? 2000 + Number(m[1]) : Number(m[1]);
  const b = m[2]!.length === 2 ? 2000 + Number(m[2]) : Number(m[2]);
  if (b !== a + 1) return undefined;
  return `${a}-${String(b % 100).padStart(2, '0')}`;
}

export function parseCliArgs(argv: string[]): ParsedArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        quarter: { type: 'string' },
        year: { type: 'string' },
        config: { type: 'string' },
        out: { type: 'string' },
        strict: { type: 'boolean', default: false },
        previous: { type: 'string' },
        'previous-quarter': { type: 'string' },
        'previous-snapshot': { type: 'string' },
        'no-snapshot': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'v', default: false },
        quiet: { type: 'boolean', short: 'q', default: false },
        json: { type: 'boolean', default: false },
      },
    });
  } catch (e) {
    // parseArgs reports unknown or malformed options by throwing; that is the user's input, not a bug. Its first
    // sentence says what is wrong (the rest of an unknown option's message is about positionals that start with '-').
    const first = (e as Error).message.split('\n')[0]!.replace(/^(Unknown option '[^']*')\..*$/, '$1');
    return { ok: false, message: `${first} (see --help)` };
  }
  const { values, positionals } = parsed;
  if (values.help) return { ok: false, message: USAGE, help: true };
  if (values.version) return { ok: false, message: '', version: true };
  if (positionals.length === 0) return { ok: false, message: 'No input file given. Usage: milestones <input.xlsx|.csv> [options] (see --help)' };
  const spelled = positionals.map((p) => path.normalize(p));
  const repeated = positionals.find((_, i) => spelled.indexOf(spelled[i]!) !== i);
  if (repeated !== undefined) return { ok: false, message: `The input ${repeated} is given twice; give each tracker once.` };
  const period: Partial<QuarterRef> = {};
  if (values.quarter !== undefined) {
    const q = parseQuarterArg(values.quarter);
    if (!q) return { ok: false, message: `--quarter "${values.quarter}" is not a quarter; use Q1, Q2, Q3 or Q4.` };
    period.quarter = q;
  }
  if (values.year !== undefined) {
    const y = parseYearArg(values.year);
    if (!y) return { ok: false, message: `--year "${values.year}" is not a financial year; use the form 2017-18.` };
    period.financialYear = y;
  }
  const job: CliJob = { inputs: [...positionals], out: values.out ?? 'milestone-output', period, strict: values.strict ?? false };
  if (values.config !== undefined) job.configPath = values.config;
  if (values.previous !== undefined) job.previous = values.previous;
  const pq = values['previous-quarter'];
  if (pq !== undefined) {
    if (values.previous === undefined) return { ok: false, message: '--previous-quarter needs --previous FILE.' };
    const m = /^\s*(\S+)\s+(\S+)\s*$/.exec(pq);
    const quarter = m ? parseQuarterArg(m[1]!) : undefined;
    const financialYear = m ? parseYearArg(m[2]!) : undefined;
    if (!quarter || !financialYear) return { ok: false, message: `--previous-quarter "${pq}" is not a quarter and financial year; use the form "Q3 2017-18".` };
    job.previousPeriod = { quarter, financialYear };
  }
  const ps = values['previous-snapshot'];
  if (ps !== undefined) {
    if (values.previous === undefined) return { ok: false, message: '--previous-snapshot needs --previous FILE.' };
    job.previousSnapshot = ps;
  }
  if (values['no-snapshot']) job.noSnapshot = true;
  if (values.quiet) job.quiet = true;
  if (values.json) job.json = true;
  return { ok: true, job };
}
