// `milestones` command: arguments, the job, a short summary and exit codes (0 written, 1 strict, 2 unusable).
import * as path from 'node:path';
import { formatQuarter } from '../domain/quarter';
import { STATUS_SCALE } from '../domain/status-scale';
import { parseCliArgs } from './args';
import { runJob, type JobOutcome } from './run-job';

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  cwd: string;
  /** Progress lines ("… Reading x"); only shown on a terminal, so a script's stderr holds just the one-line error. */
  progress?: (line: string) => void;
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const args = parseCliArgs(argv);
  if (!args.ok) {
    if (args.help) {
      io.out(args.message);
      return 0;
    }
    io.err(`milestones: ${args.message}`);
    return 2;
  }
  let outcome: JobOutcome;
  try {
    outcome = await runJob(args.job, (step) => io.progress?.(`… ${step}`));
  } catch (e) {
    // A failure we did not foresee: still one line, no stack trace, and a hint of where it came from.
    const err = e as Error;
    io.err(`milestones: could not finish: ${err.message.split('\n')[0]}`);
    return 2;
  }
  if (!outcome.ok) {
    io.err(`milestones: ${outcome.message}`);
    return 2;
  }
  const { result, files } = outcome;
  const r = result.report;
  const errors = result.issues.filter((i) => i.severity === 'error').length;
  const warnings = result.issues.length - errors;
  const rel = (f: string) => path.relative(io.cwd, f) || f;
  const entries = r.sections.reduce((n, s) => n + s.themes.reduce((m, t) => m + t.entries.length, 0), 0);
  const byStatus = STATUS_SCALE.map((s) => `${r.summary[s.id] + r.delayedSummary[s.id]} ${s.label.toLowerCase()}`).join(', ');
  io.out(`Rows read: ${r.rows.read} (in register: ${r.rows.inRegister}, with errors: ${r.rows.withErrors})`);
  for (const m of result.mappings) io.out(`  sheet "${m.sheet}": header row ${m.headerRow}, ${m.columns.length + m.history.length} columns mapped`);
  io.out(`Issues: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}${result.issues.length ? ' (listed in the "Issues" sheet and report.json)' : ''}`);
  io.out(`${formatQuarter(result.period)} report: ${entries} entr${entries === 1 ? 'y' : 'ies'}: ${byStatus}${r.unassessed ? `, ${r.unassessed} without status` : ''}`);
  io.out(`  ${r.summarySentence}`);
  if (r.changes) {
    const c = r.changes;
    const n = c.counts;
    io.out(`Changes since ${c.previous.quarter} ${c.previous.financialYear} (${c.previous.source}): ${c.matched} matched, ${n.deliveredSince} delivered since, ${n.newlyDelayed} newly delayed, ${n.recovered} recovered, ${n.dueMoved} due date moved, ${n.new} new, ${n.dropped} dropped${c.ambiguous.length ? `, ${c.ambiguous.length} ambiguous (see Issues)` : ''}`);
  }
  io.out('Outputs:');
  io.out(`  ${rel(files.register)}  (sheets: ${outcome.sheetNames.join(', ')})`);
  io.out(`  ${rel(files.docx)}`);
  io.out(`  ${rel(files.json)}`);
  io.out(`  ${rel(files.registerJson)}`);
  return args.job.strict && result.issues.length > 0 ? 1 : 0;
}

export function runFromProcess(): void {
  runCli(process.argv.slice(2), {
    out: (l) => process.stdout.write(l + '\n'),
    err: (l) => process.stderr.write(l + '\n'),
    cwd: process.cwd(),
    ...(process.stderr.isTTY ? { progress: (l: string) => process.stderr.write(l + '\n') } : {}),
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`milestones: could not finish: ${String((e as Error)?.message ?? e).split('\n')[0]}\n`);
      process.exitCode = 2;
    },
  );
}
