// Test helper: runs the built CLI (`node bin/milestones.js FILE --out DIR`) as a user would, several at a time.
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'bin/milestones.js');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** DIR/register.xlsx when the CLI wrote it. */
  register: string | undefined;
}

/** Newest modification time of the .ts files under dir. */
function newestSource(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (e.name.endsWith('.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

/** The gate must test the CLI of the sources it runs with: build lib/ (npm run build:cli) when it is missing or older than src/. */
export function ensureBuiltCli(): void {
  const main = path.join(ROOT, 'lib/cli/main.js');
  if (existsSync(main) && statSync(main).mtimeMs >= newestSource(path.join(ROOT, 'src'))) return;
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', path.join(ROOT, 'tsconfig.cli.json')], { cwd: ROOT, stdio: 'pipe' });
}

export function runCliProcess(input: string, outDir: string, extra: string[] = []): Promise<CliRun> {
  return new Promise((resolve) => {
    // A 2 GB heap ceiling (it once kept bin/milestones.js from restarting itself with a bigger one, which it no longer does).
    execFile(process.execPath, ['--max-old-space-size=2048', BIN, input, '--out', outDir, ...extra], { cwd: ROOT, timeout: 120000 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : -1) : 0;
      const register = path.join(outDir, 'register.xlsx');
      resolve({ code, stdout: String(stdout), stderr: String(stderr), register: existsSync(register) ? register : undefined });
    });
  });
}

/** Runs fn over items, `limit` at a time, keeping their order. */
export async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  // One iterator shared by the workers: each takes the next item when it is free.
  const queue = items.entries();
  const worker = async (): Promise<void> => {
    for (const [i, item] of queue) out[i] = await fn(item);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** What the CLI's summary says it read. */
export function parseSummary(stdout: string): { read?: number; inRegister?: number; withErrors?: number; sheets: string[] } {
  const m = /Rows read: (\d+) \(in register: (\d+), with errors: (\d+)\)/.exec(stdout);
  const sheets = [...stdout.matchAll(/^\s+sheet "(.*)": header row/gm)].map(([, sheet = '']) => sheet);
  return m ? { read: Number(m[1]), inRegister: Number(m[2]), withErrors: Number(m[3]), sheets } : { sheets };
}
