// Node only: opens a workbook or CSV file read-only and hands its bytes to readWorkbookBytes; or keeps it open for the
// writer to copy its parts from.
import { fstatSync, promises as fs, readSync, type Stats } from 'node:fs';
import * as path from 'node:path';
import { makeIssue, type Issue, type IssueCodeAt } from '../../domain/issue';
import { readWorkbookBytes, type ReadResult } from './read-workbook';
import type { ZipBytes } from './zip-entries';

export async function readWorkbookFile(filePath: string): Promise<ReadResult> {
  const file = await readFileBytes(filePath);
  return file.ok ? readWorkbookBytes(file.bytes, path.basename(filePath)) : file;
}

/** The file's bytes, read once, or an issue in the user's words (missing, a folder, locked, not allowed). */
export async function readFileBytes(filePath: string): Promise<{ ok: true; bytes: Uint8Array } | { ok: false; issue: Issue }> {
  const opened = await openFile(filePath);
  if (!opened.ok) return opened;
  try {
    return { ok: true, bytes: opened.file.read(0, opened.file.size) };
  } finally {
    await opened.file.close();
  }
}

/**
 * A file kept open and read a range at a time, where it is wanted: the CLI reads a tracker's parts from it, and copies
 * them into register.xlsx from it, so the tracker's bytes are never held whole. It stays the file that was read even if
 * another program saves over the path (Excel writes a new file and renames it); `changed` tells when it was rewritten in
 * place.
 */
export interface OpenFile extends ZipBytes {
  /** Whether the file's size or modification time is not what they were when it was opened. */
  changed(): boolean;
  close(): Promise<void>;
}

/** The file opened for reading (see OpenFile), or an issue in the user's words. */
export async function openFile(filePath: string): Promise<{ ok: true; file: OpenFile } | { ok: false; issue: Issue }> {
  const name = path.basename(filePath);
  let handle: fs.FileHandle | undefined;
  try {
    const stat = await fs.stat(filePath);
    if (!stat.isFile()) {
      return failFile('not-a-file', `${filePath} is a folder, not a file.`, 'Give the path of the tracking workbook (.xlsx) or CSV file inside it.');
    }
    handle = await fs.open(filePath, 'r');
    return { ok: true, file: openFileOf(handle, await handle.stat()) };
  } catch (e) {
    await handle?.close();
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      return failFile('file-not-found', `There is no file at ${filePath}.`, 'Check the path and the file name (including .xlsx or .csv).');
    }
    if (code === 'EACCES' || code === 'EPERM') {
      return failFile('file-not-readable', `${name} cannot be opened: permission denied.`, 'Check that you are allowed to read the file.');
    }
    if (code === 'EBUSY') {
      return failFile('file-not-readable', `${name} is locked by another program.`, 'Close it in Excel (or the other program) and try again.');
    }
    return failFile('file-not-readable', `${name} could not be opened (${code ?? 'unknown error'}).`, 'Check the path and that the file is readable.');
  }
}

function openFileOf(handle: fs.FileHandle, opened: Stats): OpenFile {
  const fd = handle.fd;
  let closed = false;
  return {
    size: opened.size,
    read(offset, length) {
      if (closed) throw new Error('the file was closed');
      const out = new Uint8Array(Math.max(0, Math.min(length, opened.size - offset)));
      let at = 0;
      while (at < out.length) {
        const n = readSync(fd, out, at, out.length - at, offset + at);
        if (n === 0) throw new Error('the file ended before the size it had when it was read');
        at += n;
      }
      return out;
    },
    changed() {
      if (closed) throw new Error('the file was closed');
      const now = fstatSync(fd);
      return now.size !== opened.size || now.mtimeMs !== opened.mtimeMs;
    },
    async close() {
      if (closed) return;
      closed = true;
      await handle.close();
    },
  };
}

function failFile(code: IssueCodeAt<'error'>, message: string, suggestion: string): { ok: false; issue: Issue } {
  return { ok: false, issue: makeIssue('error', '', '', code, message, suggestion) };
}
