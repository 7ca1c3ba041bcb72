// Test helper: runs the built CLI (`node bin/milestones.js FILE --out DIR`) as a user would, several at a time.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'bin/milestones.js');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** DIR/register.xlsx when the CLI wrote it. */
  register?: string;
}

export function requireBuiltCli(): void {
  if (!existsSync(path.join(ROOT, 'lib/cli/main.js'))) throw new Error('The CLI is not built: run `npm run build:cli` (npm ci does) before the gate.');
}

export function runCliProcess(input: string, outDir: string, extra: string[] = []): Promise<CliRun> {
  return new Promise((resolve) => {
    // The heap flag keeps bin/milestones.js from starting a second Node.
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
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** What the CLI's summary says it read. */
export function parseSummary(stdout: string): { read?: number; inRegister?: number; withErrors?: number; sheets: string[] } {
  const m = /Rows read: (\d+) \(in register: (\d+), with errors: (\d+)\)/.exec(stdout);
  const sheets = [...stdout.matchAll(/^\s+sheet "(.*)": header row/gm)].map((x) => x[1]);
  return m ? { read: Number(m[1]), inRegister: Number(m[2]), withErrors: Number(m[3]), sheets } : { sheets };
}
