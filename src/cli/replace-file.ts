// An output file replaced whole or not at all: written beside itself as FILE.partial and renamed over FILE once complete,
// so a failure or an interrupted run never leaves a truncated register.xlsx, report.docx or JSON file, nor destroys the
// one an earlier run wrote.
import { promises as fs, unlinkSync } from 'node:fs';

/** The partial files being written now, removed should the run be interrupted (Ctrl+C, kill). */
const active = new Set<string>();
let handlersInstalled = false;

function removeActiveAndExit(signal: NodeJS.Signals, code: number): void {
  for (const partial of active) {
    try {
      unlinkSync(partial);
    } catch {
      // already gone
    }
  }
  process.stderr.write(`Stopped (${signal}); no output was left half-written.\n`);
  process.exit(code);
}

function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.once('SIGINT', () => removeActiveAndExit('SIGINT', 130));
  process.once('SIGTERM', () => removeActiveAndExit('SIGTERM', 143));
}

export function partialPath(file: string): string {
  return `${file}.partial`;
}

/** Runs `write` on FILE.partial, then renames it to FILE; on any error FILE.partial is removed and the error rethrown. */
export async function replaceFile<T>(file: string, write: (partial: string) => Promise<T>): Promise<T> {
  const partial = partialPath(file);
  installHandlers();
  active.add(partial);
  try {
    const made = await write(partial);
    await fs.rename(partial, file);
    return made;
  } catch (e) {
    await fs.unlink(partial).catch(() => undefined);
    throw e;
  } finally {
    active.delete(partial);
  }
}
