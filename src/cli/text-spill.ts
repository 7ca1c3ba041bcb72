// A temporary file the CLI keeps a big tracker's long text in between reading it and writing the outputs: written once,
// read back a block at a time. Deflating that text in memory and inflating it again for each output was a sixth of the
// CLI's CPU on 100k rows of prose-like text (BENCHMARKS.md, F1l); the file costs a copy each way, and none of our memory.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * The most a spill file takes on disk. A tracker's long text takes about as much (168-176 MB at 100k rows of long text); past
 * this, text that compresses like a zip bomb's would fill the disk, so the rest is deflated in memory as before.
 */
const SPILL_LIMIT = 2 ** 30;

/**
 * A spill file's descriptor is closed when the file is closed, or else when the file is collected: the texts it holds
 * may be read after the job that packed them returned (its outcome holds them), for as long as anything holds them.
 * Closing a descriptor no one can use any more cannot fail in a way anyone could act on, so a failure is left unsaid.
 */
const unclosed = new FinalizationRegistry<{ fd: number }>((held) => {
  try {
    fs.closeSync(held.fd);
  } catch {
    // already closed, or the process is ending: nothing to tell anyone
  }
});

/**
 * Blocks appended to a file no one else can open or find: made for the user alone (0600) in a folder of its own, and
 * its name removed as soon as it is open, so it goes with the process however that ends. Where the system keeps an open
 * file's name, it is removed at `close`, or when the process exits.
 *
 * Nothing is made until the first block is written. A write that fails (no temporary folder, the disk full), or one
 * that would take the file past `limit`, turns the file off: `append` says so and the caller keeps that block, and every
 * later one, itself.
 */
export class TextSpill {
  private handle: { fd: number } | undefined;
  private size = 0;
  private off = false;
  /** Removes the file's name and folder, where that could not be done at once (a listener on the process's exit). */
  private removeLater: (() => void) | undefined;

  constructor(
    private readonly dir: string = os.tmpdir(),
    private readonly limit = SPILL_LIMIT,
  ) {}

  /** Bytes written to the file. */
  get bytes(): number {
    return this.size;
  }

  /** Appends the bytes; where they start in the file, or undefined when they could not be written (kept by the caller). */
  append(bytes: Uint8Array): number | undefined {
    if (this.off) return undefined;
    const at = this.size;
    if (at + bytes.length > this.limit) {
      this.off = true;
      return undefined;
    }
    try {
      const fd = (this.handle ?? this.open()).fd;
      let done = 0;
      while (done < bytes.length) done += fs.writeSync(fd, bytes, done, bytes.length - done, at + done);
    } catch {
      // Not an error to show: the caller keeps the text in memory instead (slower, never lost), and what was written
      // before stays readable.
      this.off = true;
      return undefined;
    }
    this.size += bytes.length;
    return at;
  }

  /** Reads `length` bytes from `at` into the start of `into`. */
  read(into: Uint8Array, at: number, length: number): void {
    if (!this.handle || at + length > this.size) throw new Error(`the temporary text file has no bytes at ${at}+${length}`);
    let done = 0;
    while (done < length) {
      const n = fs.readSync(this.handle.fd, into, done, length - done, at + done);
      if (n === 0) throw new Error(`the temporary text file ended at ${at + done} of ${this.size} bytes`);
      done += n;
    }
  }

  /** Closes the file (removing it, where that was not done at once). Later reads throw; later appends are refused. */
  close(): void {
    this.off = true;
    const handle = this.handle;
    this.handle = undefined;
    if (handle) {
      unclosed.unregister(handle);
      fs.closeSync(handle.fd);
    }
    const later = this.removeLater;
    this.removeLater = undefined;
    if (later) {
      process.removeListener('exit', later);
      later();
    }
  }

  private open(): { fd: number } {
    const dir = fs.mkdtempSync(path.join(this.dir, 'milestones-'));
    const file = path.join(dir, 'text');
    let fd: number;
    try {
      fd = fs.openSync(file, 'wx+', 0o600);
    } catch (e) {
      fs.rmSync(dir, { recursive: true, force: true });
      throw e;
    }
    const handle = { fd };
    this.handle = handle;
    unclosed.register(this, handle, handle);
    if (!removed(file, dir)) {
      // Its name outlives the process only where the system would not remove it while open, and exit was not clean.
      const later = () => void removed(file, dir);
      this.removeLater = later;
      process.once('exit', later);
    }
    return handle;
  }
}

/** Whether the file and its folder could be removed (or were gone already). */
function removed(file: string, dir: string): boolean {
  try {
    fs.rmSync(file, { force: true });
    fs.rmSync(dir, { recursive: true, force: true });
    return true;
  } catch {
    return false; // open where the system will not remove an open file: tried again at close, or at the process's exit
  }
}
