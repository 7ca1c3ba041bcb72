// Node only: opens a workbook or CSV file read-only and hands its bytes to readWorkbookBytes.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { makeIssue, type Issue, type IssueCodeAt } from '../../domain/issue';
import { readWorkbookBytes, type ReadResult } from './read-workbook';

export async function readWorkbookFile(filePath: string): Promise<ReadResult> {
  const file = await readFileBytes(filePath);
  return file.ok ? readWorkbookBytes(file.bytes, path.basename(filePath)) : file;
}

/** The file's bytes, read once, or an issue in the user's words (missing, a folder, locked, not allowed). */
export async function readFileBytes(filePath: string): Promise<{ ok: true; bytes: Uint8Array } | { ok: false; issue: Issue }> {
  const name = path.basename(filePath);
  let bytes: Uint8Array;
  try {
    const stat = await fs.stat(filePath);
    if (!stat.isFile()) {
      return failFile('not-a-file', `${filePath} is a folder, not a file.`, 'Give the path of the tracking workbook (.xlsx) or CSV file inside it.');
    }
    const buffer = await fs.readFile(filePath, { flag: 'r' });
    // A plain Uint8Array over the same memory: its `slice` copies, where a Buffer's is a view that would keep the file's
    // bytes alive after the writer has let them go.
    bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  } catch (e) {
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
  return { ok: true, bytes };
}

function failFile(code: IssueCodeAt<'error'>, message: string, suggestion: string): { ok: false; issue: Issue } {
  return { ok: false, issue: makeIssue('error', '', '', code, message, suggestion) };
}
