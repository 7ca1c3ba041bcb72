// The standalone pane's file work: read the chosen files into one grid, write register.xlsx (and the Word report) from
// the engine's result. It runs in the pipeline worker beside the engine; the page runs it only where no worker starts.
import { deflateSync } from 'fflate';
import { readWorkbookBytes } from '../adapters/xlsx/read-workbook';
import type { CustomXmlPart } from '../adapters/xlsx/custom-xml-writer';
import { writeWorkbook } from '../adapters/xlsx/write-workbook';
import type { Config } from '../domain/config';
import { consolidateWorkbooks } from '../domain/consolidate';
import type { GridWorkbook } from '../domain/grid';
import { appendIssues, makeIssue, type Issue } from '../domain/issue';
import type { LongWorkOptions } from '../shared/long-work';
import type { PipelineResult } from '../domain/pipeline';
import { reportScale } from '../domain/report-model';
import { makeSnapshot } from '../domain/snapshot';
import { SNAPSHOT_NAMESPACE, snapshotToXml } from '../domain/snapshot-xml';
import { reportDocxBytes } from '../adapters/docx/write-docx';
import { renderIssuesSheet } from '../render/issues-sheet';
import { registerComparison, renderRegisterSheet } from '../render/register-sheet';
import { renderReportSheet } from '../render/report-sheet';
import { renderInTurns } from './render-in-turns';

/** What register.xlsx is made from; `several`: how many files were read as one. */
export interface LoadedFile {
  bytes: Uint8Array;
  fileName: string;
  grid: GridWorkbook;
  several?: number;
}

export type FilesRead = { ok: true; file: LoadedFile; readIssues: Issue[]; label: string } | { ok: false; issue: Issue };

/** Reads the chosen files (bytes already in memory) as one tracker; a failed or cancelled read returns its issue. */
export async function readFiles(files: readonly { name: string; bytes: Uint8Array }[], options: LongWorkOptions): Promise<FilesRead> {
  const reads: { bytes: Uint8Array; fileName: string; workbook: GridWorkbook; issues: Issue[] }[] = [];
  for (const [i, f] of files.entries()) {
    const part = (x: number) => options.onProgress?.((i + x) / files.length);
    const r = await readWorkbookBytes(f.bytes, f.name, { onProgress: part, ...(options.signal ? { signal: options.signal } : {}) });
    if (!r.ok) return r;
    reads.push({ bytes: f.bytes, fileName: f.name, workbook: r.workbook, issues: r.issues });
  }
  const first = reads[0];
  if (!first) return { ok: false, issue: makeIssue('error', '', '', 'no-file', 'No file was chosen.', 'Choose a tracking workbook (.xlsx) or a CSV file.') };
  if (reads.length === 1) return { ok: true, file: { bytes: first.bytes, fileName: first.fileName, grid: first.workbook }, readIssues: first.issues, label: first.fileName };
  const workbook = consolidateWorkbooks(reads.map((r) => ({ fileName: r.fileName, workbook: r.workbook })));
  const readIssues: Issue[] = [];
  for (const r of reads) appendIssues(readIssues, r.issues);
  // No one package stands for several files: register.xlsx holds their sheets as values (bytes that are no package).
  return { ok: true, file: { bytes: new Uint8Array(0), fileName: workbook.source, grid: workbook, several: reads.length }, readIssues, label: `${reads.length} files: ${workbook.source}` };
}

/** The comparison the register sheet shows, when the result compares with a previous report. */
function comparison(result: PipelineResult) {
  const { changes } = result.report;
  return registerComparison({ report: changes ? { changes } : {}, ...(result.previousStatus ? { previousStatus: result.previousStatus } : {}) });
}

export type WriteKind = 'register' | 'report' | 'publish' | 'word';

/** What "Publish report" freezes besides the result: the settings that made it and the publishing time (ISO 8601). */
export interface PublishSettings {
  config: Config;
  publishedAt: string;
}

export interface WriteFilesOptions extends LongWorkOptions {
  /** Kind "publish" only. */
  publish?: PublishSettings;
}

export interface FilesWritten {
  /** register.xlsx (not for kind "word"); a Blob when made in the worker. */
  xlsx?: Uint8Array | Blob;
  sheetNames: string[];
  issues: Issue[];
  /** The Word report (kinds "report" and "word"). */
  docx?: Uint8Array | Blob;
}

/**
 * register.xlsx with the register and Issues sheets ("register"); with the report sheet too and the Word report
 * ("report": both files or neither); register.xlsx as the CLI writes it, the register, report and Issues sheets and the
 * report published inside ("publish", given options.publish); or the Word report alone ("word"). Published reports the
 * source file holds are copied with the rest of its package, unchanged. Throws CancelledError when the signal is aborted.
 */
export async function writeFiles(file: LoadedFile | null, result: PipelineResult, kind: WriteKind, options: WriteFilesOptions): Promise<FilesWritten> {
  const progress = options.onProgress ?? (() => undefined);
  const signal = options.signal;
  const withSignal = signal ? { signal } : {};
  if (kind === 'word') {
    const docx = await reportDocxBytes(result.report, { onProgress: progress, ...withSignal });
    return { sheetNames: [], issues: [], docx };
  }
  const xlsxOnly = kind === 'register' || kind === 'publish';
  const xlsxShare = kind === 'register' ? 0.95 : kind === 'publish' ? 0.9 : 0.5;
  const start = kind === 'register' ? 0.05 : 0.1;
  // The snapshot is made before the sheets are laid out, as the CLI makes it, so its text is gone before they exist.
  const customXml: CustomXmlPart[] = [];
  if (kind === 'publish') {
    if (!options.publish) throw new Error('publishing needs the settings and the publishing time');
    const snapshot = makeSnapshot(result, options.publish.config, new Date(options.publish.publishedAt));
    customXml.push({ xml: snapshotToXml(snapshot, { deflate: (data) => deflateSync(data, { level: 6 }) }), namespace: SNAPSHOT_NAMESPACE });
  }
  progress(start);
  const renders =
    kind === 'register'
      ? [() => renderRegisterSheet(result.register, reportScale(result.report), comparison(result)), () => renderIssuesSheet(result.issues)]
      : [
          () => renderRegisterSheet(result.register, reportScale(result.report), comparison(result)),
          () => renderReportSheet(result.report),
          () => renderIssuesSheet(result.issues),
        ];
  const layouts = await renderInTurns(renders, signal);
  const w = await writeWorkbook(file, layouts, { onProgress: (f) => progress(start + xlsxShare * f), ...withSignal, ...(customXml.length > 0 ? { customXml } : {}) });
  if (xlsxOnly) {
    progress(1);
    return { xlsx: w.bytes, sheetNames: w.sheetNames, issues: w.issues };
  }
  progress(0.6);
  const docx = await reportDocxBytes(result.report, { onProgress: (f) => progress(0.6 + 0.4 * f), ...withSignal });
  progress(1);
  return { xlsx: w.bytes, sheetNames: w.sheetNames, issues: w.issues, docx };
}
