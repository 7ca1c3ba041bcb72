// `milestones` command: arguments, the job, a short summary (text or JSON) and exit codes (0 written, 1 strict, 2 unusable).
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Field } from '../domain/config';
import { formatQuarter } from '../domain/quarter';
import { reportScale, type StatusCounts } from '../domain/report-model';
import { parseCliArgs } from './args';
import { publishedDateText } from '../domain/snapshot';
import { manageHeapGrowth } from './heap';
import { runJob, type JobOutcome, type SnapshotInfo } from './run-job';

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  cwd: string;
  /** Progress lines ("… Reading x"); only shown on a terminal, so a script's stderr holds just the one-line error. */
  progress?: (line: string) => void;
}

/** What `--json` prints on stdout when the outputs were written (exit code 0, or 1 with --strict). */
export interface CliSummary {
  ok: true;
  exitCode: 0 | 1;
  /** The report's quarter, chosen or defaulted; asAt is the quarter's last day (ISO date). */
  period: { quarter: string; financialYear: string; label: string; asAt: string };
  rows: { read: number; inRegister: number; withErrors: number };
  /** Counts of the issues listed in report.json and the "Issues" sheet; byCode counts each issue code. */
  issues: { total: number; errors: number; warnings: number; byCode: Record<string, number> };
  report: {
    /** Entries in the report: milestones due in the quarter plus updates on delayed earlier ones. */
    entries: number;
    due: number;
    delayed: number;
    /** Statuses of the milestones due in the quarter. */
    summary: StatusCounts;
    /** Statuses of the delayed earlier milestones. */
    delayedSummary: StatusCounts;
    /** Entries without a status. */
    unassessed: number;
    summarySentence: string;
  };
  /** Each source sheet read as a tracker. */
  sheets: { sheet: string; headerRow: number; columnsMapped: number; fields: Field[] }[];
  /** Absolute paths of the files written, and the sheets of register.xlsx. */
  outputs: { register: string; docx: string; json: string; registerJson: string; sheetNames: string[] };
  /** The published snapshot of --previous the changes were measured against (absent: its sheets were read). */
  comparedWith?: SnapshotInfo;
  /** The snapshot of this run register.xlsx carries (absent with --no-snapshot); bytes: its custom XML part's size. */
  snapshot?: SnapshotInfo & { bytes: number };
}

/** What `--json` prints on stdout when nothing was written (exit code 2); the same message is on stderr. */
export interface CliFailure {
  ok: false;
  exitCode: 2;
  error: string;
}

/** The package's version, from package.json next to src/ and lib/. */
export function packageVersion(): string | undefined {
  try {
    const pkg = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : undefined;
  } catch {
    return undefined;
  }
}

export function cliSummary(outcome: Extract<JobOutcome, { ok: true }>, exitCode: 0 | 1): CliSummary {
  const { result, files } = outcome;
  const r = result.report;
  const entries = r.sections.flatMap((s) => s.themes.flatMap((t) => t.entries));
  const due = entries.filter((e) => e.kind === 'due').length;
  const errors = result.issues.filter((i) => i.severity === 'error').length;
  const byCode: Record<string, number> = {};
  for (const i of result.issues) byCode[i.code] = (byCode[i.code] ?? 0) + 1;
  return {
    ok: true,
    exitCode,
    period: { quarter: result.period.quarter, financialYear: result.period.financialYear, label: formatQuarter(result.period), asAt: r.asAt },
    rows: { ...r.rows },
    issues: { total: result.issues.length, errors, warnings: result.issues.length - errors, byCode },
    report: {
      entries: entries.length,
      due,
      delayed: entries.length - due,
      summary: { ...r.summary },
      delayedSummary: { ...r.delayedSummary },
      unassessed: r.unassessed,
      summarySentence: r.summarySentence,
    },
    sheets: result.mappings.map((m) => ({
      sheet: m.sheet,
      headerRow: m.headerRow,
      columnsMapped: m.columns.length + m.history.length,
      fields: m.columns.map((c) => c.field),
    })),
    outputs: { register: files.register, docx: files.docx, json: files.json, registerJson: files.registerJson, sheetNames: [...outcome.sheetNames] },
    ...(outcome.comparedWith ? { comparedWith: { ...outcome.comparedWith } } : {}),
    ...(outcome.published ? { snapshot: { ...outcome.published } } : {}),
  };
}

function printSummary(outcome: Extract<JobOutcome, { ok: true }>, io: CliIo): void {
  const { result, files } = outcome;
  const r = result.report;
  const errors = result.issues.filter((i) => i.severity === 'error').length;
  const warnings = result.issues.length - errors;
  const rel = (f: string) => path.relative(io.cwd, f) || f;
  const entries = r.sections.reduce((n, s) => n + s.themes.reduce((m, t) => m + t.entries.length, 0), 0);
  const byStatus = reportScale(r).entries.map((s) => `${(r.summary[s.id] ?? 0) + (r.delayedSummary[s.id] ?? 0)} ${s.label.toLowerCase()}`).join(', ');
  io.out(`Rows read: ${r.rows.read} (in register: ${r.rows.inRegister}, with errors: ${r.rows.withErrors})`);
  for (const m of result.mappings) io.out(`  sheet "${m.sheet}": header row ${m.headerRow}, ${m.columns.length + m.history.length} columns mapped`);
  io.out(`Issues: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}${result.issues.length ? ' (listed in the "Issues" sheet and report.json)' : ''}`);
  io.out(`${formatQuarter(result.period)} report: ${entries} entr${entries === 1 ? 'y' : 'ies'}: ${byStatus}${r.unassessed ? `, ${r.unassessed} without status` : ''}`);
  io.out(`  ${r.summarySentence}`);
  if (r.changes) {
    const c = r.changes;
    const n = c.counts;
    io.out(`Changes since ${c.previous.quarter} ${c.previous.financialYear} (${c.previous.source}): ${c.matched} matched, ${n.deliveredSince} delivered since, ${n.newlyDelayed} newly delayed, ${n.recovered} recovered, ${n.dueMoved} due date moved, ${n.new} new, ${n.dropped} dropped${c.ambiguous.length ? `, ${c.ambiguous.length} ambiguous (see Issues)` : ''}`);
    const w = outcome.comparedWith;
    if (w) io.out(`  compared with the report published on ${publishedDateText(w)} (snapshot ${w.id}), not the file's register sheet`);
  }
  io.out('Outputs:');
  io.out(`  ${rel(files.register)}  (sheets: ${outcome.sheetNames.join(', ')})`);
  const p = outcome.published;
  if (p) io.out(`    with the ${p.quarter} ${p.financialYear} report as published (snapshot ${p.id}, ${Math.max(1, Math.round(p.bytes / 1024))} KB): give it as --previous next quarter`);
  io.out(`  ${rel(files.docx)}`);
  io.out(`  ${rel(files.json)}`);
  io.out(`  ${rel(files.registerJson)}`);
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const args = parseCliArgs(argv);
  if (!args.ok) {
    if (args.version) {
      io.out(`milestones ${packageVersion() ?? '(version unknown: package.json cannot be read)'}`);
      return 0;
    }
    if (args.help) {
      io.out(args.message);
      return 0;
    }
    io.err(`milestones: ${args.message}`);
    // The options could not be read, but a script that asked for JSON still gets its one JSON line.
    if (argv.includes('--json')) io.out(JSON.stringify({ ok: false, exitCode: 2, error: args.message } satisfies CliFailure));
    return 2;
  }
  const { job } = args;
  const fail = (message: string): number => {
    io.err(`milestones: ${message}`);
    if (job.json) {
      const failure: CliFailure = { ok: false, exitCode: 2, error: message };
      io.out(JSON.stringify(failure));
    }
    return 2;
  };
  const progress = job.quiet || job.json ? undefined : io.progress;
  let outcome: JobOutcome;
  try {
    outcome = await runJob(job, (step) => progress?.(`… ${step}`));
  } catch (e) {
    // A failure we did not foresee: still one line, no stack trace, and a hint of where it came from.
    return fail(`could not finish: ${String((e as Error)?.message ?? e).split('\n')[0]}`);
  }
  if (!outcome.ok) return fail(outcome.message);
  const code = job.strict && outcome.result.issues.length > 0 ? 1 : 0;
  if (job.json) io.out(JSON.stringify(cliSummary(outcome, code), null, 2));
  else if (!job.quiet) printSummary(outcome, io);
  return code;
}

/** A line writer for a standard stream that stops writing, silently, once its reader has gone (EPIPE). */
function lineWriter(stream: NodeJS.WriteStream, onOtherError: (e: NodeJS.ErrnoException) => void): (line: string) => void {
  let closed = false;
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (closed) return;
    closed = true;
    if (e.code !== 'EPIPE') onOtherError(e);
  });
  return (line) => {
    if (!closed) stream.write(line + '\n');
  };
}

export function runFromProcess(): void {
  manageHeapGrowth();
  // `milestones … | head`: when the reader stops reading, the job still finishes (its files are written) and
  // the exit code still says how it went; only the lines nobody reads are dropped.
  const err = lineWriter(process.stderr, () => {
    process.exitCode = 2;
  });
  const out = lineWriter(process.stdout, (e) => {
    err(`milestones: cannot write to stdout (${e.code ?? e.message})`);
    process.exitCode = 2;
  });
  runCli(process.argv.slice(2), {
    out,
    err,
    cwd: process.cwd(),
    ...(process.stderr.isTTY ? { progress: err } : {}),
  }).then(
    (code) => {
      process.exitCode = Math.max(code, typeof process.exitCode === 'number' ? process.exitCode : 0);
    },
    (e: unknown) => {
      err(`milestones: could not finish: ${String((e as Error)?.message ?? e).split('\n')[0]}`);
      process.exitCode = 2;
    },
  );
}
