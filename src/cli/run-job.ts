// The CLI's job: read the tracker (or several), run the engine, write register.xlsx, report.docx and report.json.
import { promises as fs, writeSync } from 'node:fs';
import * as path from 'node:path';
import { ConfigSchema, configProblem, type Config } from '../domain/config';
import type { PreviousRegister } from '../domain/compare-registers';
import { appendIssues, makeIssue, type Issue } from '../domain/issue';
import { consolidateWorkbooks } from '../domain/consolidate';
import type { Milestone, QuarterRef } from '../domain/milestone';
import { previousFromWorkbook, runPipeline, type PipelineResult } from '../domain/pipeline';
import { makeSnapshot, previousFromSnapshot, publishedDateText, registerRow } from '../domain/snapshot';
import { SNAPSHOT_NAMESPACE, snapshotXmlPieces } from '../domain/snapshot-xml';
import { formatQuarter } from '../domain/quarter';
import { pickSnapshot } from '../adapters/xlsx/custom-xml-reader';
import { openFile, type OpenFile } from '../adapters/xlsx/read-file';
import { readWorkbookBytes } from '../adapters/xlsx/read-workbook';
import type { TextPacking } from '../adapters/xlsx/xlsx-reader';
import type { CustomXmlPart } from '../adapters/xlsx/custom-xml-writer';
import { writeWorkbook, type DeferredLayout, type WriteSource } from '../adapters/xlsx/write-workbook';
import { readZipDirectory, type ZipBytes, type ZipOutput } from '../adapters/xlsx/zip-entries';
import { replaceFile } from './replace-file';
import { MappedArray, PackedUpdates, writeJsonFile } from './json-file';
import { nodeInflateStream } from './node-deflater';
import { DeflateWorker } from './worker-deflate';
import { HistoryPacker } from './packed-history';
import { PackedTexts } from './packed-texts';
import { TextSpill } from './text-spill';
import { workerInflater } from './worker-inflate';
import { collectGarbage, growHeap } from './heap';
import { renderIssuesSheet } from '../render/issues-sheet';
import { registerComparison, streamRegisterSheet } from '../render/register-sheet';
import type { StreamedLayout } from '../render/sheet-layout';
import { reportScale } from '../domain/report-model';
import { reportPeriod } from '../render/report-text';
import { ISSUES_SHEET_NAME, REGISTER_SHEET_NAME, reportSheetName } from '../shared/excel-rules';
import { reportDocxBytes } from '../adapters/docx/write-docx';
import { streamReportSheet } from '../render/report-sheet';
import type { CliJob } from './args';

/** The published snapshot a job compared with, or the one its register.xlsx carries. */
export interface SnapshotInfo {
  id: string;
  publishedAt: string;
  quarter: string;
  financialYear: string;
}

export type JobOutcome =
  | {
      ok: true;
      result: PipelineResult;
      files: { register: string; docx: string; json: string; registerJson: string };
      sheetNames: string[];
      /** With --previous: the snapshot in that file it compared with (absent: it read the file's sheets). */
      comparedWith?: SnapshotInfo;
      /** The snapshot of this run stored in register.xlsx (absent with --no-snapshot). */
      published?: SnapshotInfo & { bytes: number };
    }
  | { ok: false; message: string };

/** One line for the user from an issue that stops the job. */
function stop(issue: Issue): JobOutcome {
  return { ok: false, message: issue.suggestion ? `${issue.message} ${issue.suggestion}` : issue.message };
}

export async function loadConfig(configPath: string | undefined): Promise<{ ok: true; config: Config } | { ok: false; message: string }> {
  if (configPath === undefined) return { ok: true, config: {} };
  let text: string;
  try {
    text = await fs.readFile(configPath, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { ok: false, message: code === 'ENOENT' ? `There is no config file at ${configPath}.` : `The config file ${configPath} cannot be read (${code}).` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    return { ok: false, message: `The config file ${configPath} is not valid JSON: ${(e as Error).message}` };
  }
  const parsed = ConfigSchema.safeParse(json);
  if (!parsed.success) {
    const problem = configProblem(parsed.error);
    return { ok: false, message: `The config file ${configPath} has a problem at ${problem.key}: ${problem.message}` };
  }
  return { ok: true, config: parsed.data };
}

/**
 * How much text makes the job keep past updates deflated, and how big a tracker's shared strings (bytes) make the reader
 * pack its long text (tests set 0 to run those paths on a small tracker).
 */
export interface JobTuning {
  packHistoryFrom?: number;
  packTextFrom?: number;
  /** Where the packed text's temporary file goes (the system's temporary folder by default). */
  spillDir?: string;
}

export async function runJob(job: CliJob, progress: (step: string) => void = () => {}, tuning: JobTuning = {}): Promise<JobOutcome> {
  const cfg = await loadConfig(job.configPath);
  if (!cfg.ok) return { ok: false, message: cfg.message };

  // An --out that cannot be a folder is known before the (possibly long) work, so say so first.
  const outProblem = await outFolderProblem(path.resolve(job.out));
  if (outProblem) return { ok: false, message: `The outputs cannot be written to ${path.resolve(job.out)}: ${outProblem}` };

  // One tracker is copied into register.xlsx part for part and its grid let go as the core reads it, so its long text
  // (a big one's progress updates) can stay packed from the moment it is read until the register sheet writes it.
  // That text is kept in a temporary file of its own (TextSpill), or deflated in memory where no such file can be written;
  // the outcome's milestones read it back for as long as they are held, and the file is closed once they are collected.
  const texts = job.inputs.length === 1 ? new PackedTexts(new TextSpill(tuning.spillDir)) : undefined;
  // What is made from here until the outputs (the tracker read, the register built) is kept: collected seldom.
  growHeap('keeping');
  const packing = texts ? { packer: texts, inflate: nodeInflateStream, inflater: workerInflater, ...(tuning.packTextFrom !== undefined ? { fromBytes: tuning.packTextFrom } : {}) } : undefined;
  const inputs = await readInputs(job.inputs, progress, packing);
  if (!inputs.ok) return stop(inputs.issue);
  try {
    return await makeOutputs(job, cfg.config, inputs.reads, progress, tuning, texts);
  } finally {
    for (const r of inputs.reads) await r.file.close();
  }
}

/** The job once its inputs are read: the engine run on them, and the outputs written. */
async function makeOutputs(
  job: CliJob,
  config: Config,
  reads: InputRead[],
  progress: (step: string) => void,
  tuning: JobTuning,
  texts: PackedTexts | undefined,
): Promise<JobOutcome> {
  const outDir = path.resolve(job.out);
  const files = {
    register: path.join(outDir, 'register.xlsx'),
    docx: path.join(outDir, 'report.docx'),
    json: path.join(outDir, 'report.json'),
    registerJson: path.join(outDir, 'register.json'),
  };
  for (const input of job.inputs) {
    const inputPath = path.resolve(input);
    if (Object.values(files).some((f) => f === inputPath)) {
      return { ok: false, message: `The output would overwrite the input file ${input}; choose another --out folder.` };
    }
  }
  const previousPath = job.previous === undefined ? undefined : path.resolve(job.previous);
  if (previousPath !== undefined && Object.values(files).some((f) => f === previousPath)) {
    return { ok: false, message: `The output would overwrite the previous file ${job.previous}; choose another --out folder.` };
  }
  const names = uniqueFileNames(job.inputs);
  const workbook = consolidateWorkbooks(reads.map((r, i) => ({ fileName: names[i]!, workbook: r.read.workbook })));
  const readIssues: Issue[] = [];
  for (const r of reads) appendIssues(readIssues, r.read.issues);

  let previous: PreviousRegister | undefined;
  let comparedWith: SnapshotInfo | undefined;
  if (job.previous !== undefined) {
    progress(`Reading ${job.previous}`);
    const p = await readPrevious(job.previous, config, job.previousPeriod, job.previousSnapshot);
    if (!p.ok) return { ok: false, message: p.message };
    previous = p.previous;
    comparedWith = p.snapshot;
    appendIssues(readIssues, p.issues);
  }

  // The file is read once: its bytes go to the writer, and the grid stands in for it where sheets are copied as values (a CSV).
  // Several inputs have no one package to copy: every input's sheets are copied as values, under the names the register's
  // Source column gives them (bytes that are no package make the writer use the grid).
  const first = reads[0]!;
  // One .xlsx is copied part for part from the open file, so its grid is let go as the core reads it (its text the
  // register took stays with the register), and past quarters' updates are kept deflated from then on; should the
  // package not open, the writer reads the file again for its values.
  const copiesPackage = reads.length === 1 && first.zip;
  const packer = copiesPackage ? new HistoryPacker(collectGarbage, tuning.packHistoryFrom, undefined, texts) : undefined;

  // A big workbook leaves the reader's garbage (its parts inflated: hundreds of MB) for V8 to find when it next looks;
  // collected now, the core starts on a compact heap.
  if (copiesPackage && first.unzippedSize >= BIG_WORKBOOK) collectGarbage();
  progress('Building the register and the report');
  const result = runPipeline(workbook, config, {
    period: job.period,
    readIssues,
    ...(previous ? { previous } : {}),
    ...(packer ? { consumeGrid: true, onMilestone: packer.add } : {}),
  });
  // The texts just packed are garbage now: collected at once, before the outputs are made, not carried through them.
  // With text packed (by the reader or here), each output that reads it back leaves garbage to collect before the next.
  const packedNow = packer !== undefined && packer.finish() > 0;
  const packed = packedNow || (copiesPackage && texts !== undefined && texts.packedChars > 0);
  // From here on each output leaves garbage: the heap is let grow less, from a limit set afresh now.
  if (growHeap('writing') || packed) collectGarbage();
  // And as each output reads packed text back (strings that are garbage once written), a collection now and then.
  const collect = packed && texts ? readBackCollector(texts) : undefined;

  // No tracker at all (an empty workbook, a sheet of numbers, settings naming a missing sheet): an empty
  // register would be no use, so say why in one line and write nothing.
  if (result.mappings.length === 0) {
    const why = result.issues.find((i) => i.code === 'no-tracker-found') ?? result.issues.find((i) => i.severity === 'error' && i.cell === '');
    if (why) return stop(why);
  }

  // One source is copied whole, hidden sheets included; several are copied as the sheets read.
  const sourceSheets = (reads.length === 1 ? first.read.workbook.sheetsInFile : undefined) ?? workbook.sheets.map((s) => s.name);
  if (copiesPackage) workbook.sheets = [];

  progress('Writing the outputs');
  // The outputs' parts are deflated in a worker thread while this one makes the XML that follows (the same bytes as on
  // this thread): with two cores or more, register.xlsx and report.docx take about the time making their XML takes.
  const deflating = DeflateWorker.deflater();
  // This run's report, frozen inside register.xlsx: a later run's --previous compares with what was published. Made when
  // the writer comes to it, before the sheets are laid out, and let go once written (tens of MB of XML at 100k rows).
  // Its XML is made a batch at a time as the part is written, never whole.
  let snapshotInfo: SnapshotInfo | undefined;
  let snapshotBytes = 0;
  const customXml = (): CustomXmlPart[] => {
    if (job.noSnapshot) return [];
    const snapshot = makeSnapshot(result, config, new Date());
    snapshotInfo = infoOf(snapshot);
    const counted = function* (pieces: Iterable<Uint8Array>) {
      for (const piece of pieces) {
        snapshotBytes += piece.length;
        yield piece;
      }
    };
    return [{ xml: counted(snapshotXmlPieces(snapshot, deflating.rawDeflateStream)), namespace: SNAPSHOT_NAMESPACE, content: 'encoded' }];
  };
  // Each sheet is laid out as the writer comes to it and let go once written, and the file's bytes go to disk as they are
  // made: no two layouts, and never the whole file, are held at once (at 100k rows a layout is tens of MB).
  const scale = reportScale(result.report);
  const layouts: DeferredLayout[] = [
    {
      name: REGISTER_SHEET_NAME,
      rowCount: result.register.length + 1,
      render: () => collectingAsWritten(streamRegisterSheet(result.register, scale, registerComparison(result)), collect),
    },
    {
      name: reportSheetName(reportPeriod(result.report)),
      rowCount: reportLines(result),
      render: () => {
        // The register sheet leaves its text's garbage (read back to guess its rows' heights, or to write it), and
        // the snapshot its own (its JSON made, encoded, deflated): gone before the report sheet is laid out.
        if (packed) collectGarbage();
        return collectingAsWritten(streamReportSheet(result.report), collect);
      },
    },
    {
      name: ISSUES_SHEET_NAME,
      rowCount: result.issues.length + 1,
      render: () => {
        // And the report sheet leaves its own (its text read back to measure its rows, and to write it unless referred to).
        collect?.();
        return renderIssuesSheet(result.issues);
      },
    },
  ];
  // The writer copies the source's parts from the open file, which holds what was read even if the tracker was saved
  // again since (a save writes a new file); one changed in place would not match what was read, so nothing is written.
  const source: WriteSource = copiesPackage
    ? { bytes: first.file, fileName: path.basename(first.path) }
    : { bytes: new Uint8Array(0), fileName: reads.length === 1 ? path.basename(first.path) : workbook.source, grid: reads.length === 1 ? first.read.workbook : workbook };
  const changed = (): JobOutcome | undefined => (copiesPackage && first.file.changed() ? stop(fileChangedIssue(first.path)) : undefined);
  const changedBefore = changed();
  if (changedBefore) return changedBefore;
  // Each output is written as soon as it is made, and its bytes dropped, so they are not all held at once.
  const save = async (write: () => Promise<void>): Promise<JobOutcome | undefined> => {
    try {
      await fs.mkdir(outDir, { recursive: true });
      await write();
      return undefined;
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      // Only what the file system refused is a problem with the folder; anything else is the tool's and goes on up.
      if (typeof err.code !== 'string') throw e;
      return { ok: false, message: `The outputs cannot be written to ${outDir}: ${writeProblem(err)}` };
    }
  };
  let written: Awaited<ReturnType<typeof writeWorkbook>> | undefined;
  let registerFailed: JobOutcome | undefined;
  let published: (SnapshotInfo & { bytes: number }) | undefined;
  let docx: Uint8Array;
  try {
    registerFailed = await save(async () => {
      written = await writeStreamed(files.register, async (output) => {
        const result = await writeWorkbook(source, layouts, { deflater: deflating.deflater, customXml, output, ...(packed ? { collect: collectGarbage } : {}) });
        // Changed while its parts were copied, the file would not be the one read: register.xlsx is not kept.
        if (changed()) throw new SourceChanged();
        return result;
      });
    }).catch((e: unknown) => {
      // Changed as its parts were copied (cut short, rewritten), the file may fail the writer before the check after it.
      const c = changed();
      if (c) return c;
      throw e;
    });
    if (registerFailed || !written) return registerFailed ?? { ok: false, message: `The outputs cannot be written to ${outDir}.` };
    published = snapshotInfo ? { ...snapshotInfo, bytes: snapshotBytes } : undefined;
    // With text enough to pack, register.xlsx leaves as much garbage again: collected before the Word report and the JSON
    // files are made.
    if (packed) collectGarbage();
    docx = await reportDocxBytes(result.report, { deflater: deflating.deflater });
  } finally {
    deflating.close();
  }
  const docxFailed = await save(() => replaceFile(files.docx, (partial) => fs.writeFile(partial, docx)));
  if (docxFailed) return docxFailed;
  // Problems met while writing (text cut to Excel's cell limit, a source copied as values) reach the user too.
  appendIssues(result.issues, written.issues);
  result.report.issues = result.issues;
  // report.json in pieces (tens of MB at 100k rows), the same bytes as JSON.stringify(report, null, 2) + '\n'.
  // Packed updates go into both as their bytes, never read back as strings; what text is read back is collected as
  // they are written.
  const asBytes = packed ? new PackedUpdates() : undefined;
  const jsonFailed = await save(() => writeJsonFile(files.json, reportJson(result, asBytes), collect, asBytes));
  if (jsonFailed) return jsonFailed;
  const registerJsonFailed = await save(() => writeJsonFile(files.registerJson, registerJson(result.register, asBytes), collect, asBytes));
  if (registerJsonFailed) return registerJsonFailed;
  return {
    ok: true,
    result,
    files,
    sheetNames: [...sourceSheets, ...written.sheetNames],
    ...(comparedWith ? { comparedWith } : {}),
    ...(published ? { published } : {}),
  };
}

/**
 * Packed text read back between full collections while the outputs are made: about what 40k rows of the long-text
 * tracker's register read to guess their heights. Half as much gave no lower peak on the long-text trackers, for four
 * more collections on the prose-like one (BENCHMARKS.md, F1k).
 */
const READ_BETWEEN_COLLECTIONS = 96 << 20;

/**
 * A full collection whenever READ_BETWEEN_COLLECTIONS of packed text has been read back since the last: each text read
 * back is a string (often encoded too) that is garbage once written, and V8 would grow the heap by it before it looked
 * (at 100k rows of long text, some 40 MB higher a peak). A sheet whose text is referred to, not read, costs none.
 */
function readBackCollector(texts: PackedTexts): () => void {
  let last = texts.bytesRead;
  return () => {
    if (texts.bytesRead - last < READ_BETWEEN_COLLECTIONS) return;
    collectGarbage();
    last = texts.bytesRead;
  };
}

/** The sheet's rows, `collect` asked before each (with text packed). */
function collectingAsWritten(layout: StreamedLayout, collect: (() => void) | undefined): StreamedLayout {
  if (!collect) return layout;
  const rows = layout.rows;
  return {
    ...layout,
    rows: {
      length: rows.length,
      width: rows.width,
      row: (r) => {
        collect();
        return rows.row(r);
      },
    },
  };
}

function fileChangedIssue(input: string): Issue {
  return makeIssue(
    'error',
    '',
    '',
    'file-changed',
    `${path.basename(input)} was changed while the register was being made, so nothing was written.`,
    'Run again once it is saved.',
  );
}

/** Thrown to abandon register.xlsx when the tracker it copies was changed in place meanwhile. */
class SourceChanged extends Error {}

interface InputRead {
  path: string;
  /** The file, kept open until the job ends when it is the only input (the writer copies a tracker's parts from it). */
  file: OpenFile;
  /** Whether it is a zip (an .xlsx), and its parts' size unzipped, as its directory gives it. */
  zip: boolean;
  unzippedSize: number;
  read: Extract<Awaited<ReturnType<typeof readWorkbookBytes>>, { ok: true }>;
}

/** Each input read from its file, which is kept open (closed by the caller); or the issue that stops the job. */
async function readInputs(
  inputs: string[],
  progress: (step: string) => void,
  packing: TextPacking | undefined,
): Promise<{ ok: true; reads: InputRead[] } | { ok: false; issue: Issue }> {
  const reads: InputRead[] = [];
  const fail = async (issue: Issue) => {
    for (const r of reads) await r.file.close();
    return { ok: false as const, issue };
  };
  for (const input of inputs) {
    progress(`Reading ${input}`);
    const opened = await openFile(input);
    if (!opened.ok) return fail(opened.issue);
    const { file } = opened;
    try {
      const zip = startsWithZip(file);
      const read = await readWorkbookBytes(file, path.basename(input), packing ? { packing } : {});
      if (!read.ok) {
        // A file cut short or rewritten as it was read looks damaged; say what happened instead.
        return fail(file.changed() ? fileChangedIssue(input) : read.issue);
      }
      reads.push({ path: input, file, zip, unzippedSize: zip ? unzippedSize(file) : 0, read });
    } finally {
      // Only a single .xlsx is copied from its file; several are copied as the values read, so none is kept open.
      if (inputs.length > 1 || reads[reads.length - 1]?.file !== file) await file.close();
    }
  }
  return { ok: true, reads };
}

function startsWithZip(file: ZipBytes): boolean {
  const head = file.read(0, 2);
  return head[0] === 0x50 && head[1] === 0x4b;
}

/** Unzipped, a workbook this big (its XML) is worth a garbage collection after reading: a 100k-row tracker with long text is 237 MB, with short text 47 MB. */
const BIG_WORKBOOK = 128 << 20;

/** The package's parts' total size, unzipped, as its directory gives it (0 when the directory cannot be read). */
function unzippedSize(zip: ZipBytes): number {
  const dir = readZipDirectory(zip);
  return dir.ok ? dir.entries.reduce((n, e) => n + e.size, 0) : 0;
}

/** About as many rows as the report sheet has: a line per entry, theme and section. */
function reportLines(result: PipelineResult): number {
  return result.report.sections.reduce((n, s) => n + s.themes.reduce((m, t) => m + t.entries.length + 1, 1), 0);
}

/**
 * Writes a file whose bytes `make` hands to `output` in order as it makes them, as FILE.partial renamed to FILE when
 * complete (replaceFile). The output can also rewrite bytes it was given (a part's header, completed once the part is
 * written). The first write error stops the making at once (output throws it) and is what is rethrown.
 */
async function writeStreamed<T>(file: string, make: (output: ZipOutput) => Promise<T>): Promise<T> {
  return replaceFile(file, async (partial) => {
    const handle = await fs.open(partial, 'w');
    let writeError: Error | undefined;
    let position = 0;
    const guarded = (write: () => void) => {
      if (writeError !== undefined) throw writeError;
      try {
        write();
      } catch (e) {
        writeError = e as Error; // node:fs throws its errors (with their code), never anything else
        throw writeError;
      }
    };
    const output: ZipOutput = {
      write: (chunk) =>
        guarded(() => {
          writeFully(handle.fd, chunk, position);
          position += chunk.length;
        }),
      patch: (offset, bytes) => {
        if (offset + bytes.length > position) throw new Error('a patch must fall within the bytes written');
        guarded(() => writeFully(handle.fd, bytes, offset));
      },
    };
    try {
      const made = await make(output);
      if (writeError !== undefined) throw writeError;
      return made;
    } catch (e) {
      throw writeError ?? e;
    } finally {
      await handle.close().catch(() => undefined);
    }
  });
}

/** Writes all of chunk at the file position given (positional writes: a patch never moves where the next chunk goes). */
function writeFully(fd: number, chunk: Uint8Array, position: number): void {
  for (let at = 0; at < chunk.length; ) at += writeSync(fd, chunk, at, chunk.length - at, position + at);
}

function infoOf(s: { id: string; publishedAt: string; period: QuarterRef }): SnapshotInfo {
  return { id: s.id, publishedAt: s.publishedAt, quarter: s.period.quarter, financialYear: s.period.financialYear };
}

/** Each input's file name, with its folder where two inputs share a name (a/tracker.xlsx, b/tracker.xlsx). */
function uniqueFileNames(inputs: string[]): string[] {
  const base = inputs.map((i) => path.basename(i));
  return inputs.map((input, i) => (base.filter((b) => b === base[i]).length > 1 ? path.join(path.basename(path.dirname(path.resolve(input))), base[i]!) : base[i]!));
}

/**
 * The previous period's file, read with the same settings as the input; or one line saying why it cannot be used. A
 * register.xlsx that carries published snapshots gives the latest (or the one asked for): what was published, even
 * where its register sheet was edited since. Without one (or when it cannot be read) the file's sheets are read.
 */
async function readPrevious(
  file: string,
  config: Config,
  period: QuarterRef | undefined,
  snapshotId: string | undefined,
): Promise<{ ok: true; previous: PreviousRegister; snapshot?: SnapshotInfo; issues: Issue[] } | { ok: false; message: string }> {
  const opened = await openFile(file);
  const label = `--previous ${file}`;
  if (!opened.ok) return { ok: false, message: `${label}: ${oneLine(opened.issue)}` };
  try {
    return await readPreviousFile(opened.file, label, path.basename(file), config, period, snapshotId);
  } finally {
    await opened.file.close();
  }
}

/** readPrevious on the open file, read where its parts lie (a register.xlsx of 100k rows of prose is over 100 MB). */
async function readPreviousFile(
  bytes: OpenFile,
  label: string,
  name: string,
  config: Config,
  period: QuarterRef | undefined,
  snapshotId: string | undefined,
): Promise<{ ok: true; previous: PreviousRegister; snapshot?: SnapshotInfo; issues: Issue[] } | { ok: false; message: string }> {
  const pick = pickSnapshot(bytes, snapshotId);
  const issues = pick.issues.map((i) => ({ ...i, message: `${label}: ${i.message}` }));
  const list = pick.available.map((h) => `${h.id} (${formatQuarter(h.period)}, published ${publishedDateText(h)})`).join(', ');
  if (pick.kind === 'not-found') {
    return { ok: false, message: `${label}: the file holds no published snapshot "${pick.id}"; ${list ? `it holds ${list}.` : 'it holds none.'}` };
  }
  if (pick.kind === 'found') {
    const s = pick.snapshot;
    if (period && formatQuarter(period) !== formatQuarter(s.period)) {
      issues.push(makeIssue('warning', '', '', 'previous-quarter-ignored',
        `--previous-quarter says ${formatQuarter(period)}, but ${name} holds the ${formatQuarter(s.period)} report as published on ${publishedDateText(s)}; that quarter is used.`,
        'To compare with the register sheet instead, give a copy of the file without snapshots, or a tracker.'));
    }
    return { ok: true, previous: previousFromSnapshot(s, name), snapshot: infoOf(s), issues };
  }
  if (pick.issues.length > 0) {
    issues.push(makeIssue('warning', '', '', 'snapshot-not-used', `${label}: no published snapshot in it could be read, so its sheets were read instead.`,
      'The changes are measured against the register as it is now in that file, which may have been edited since it was published.'));
  }
  const read = await readWorkbookBytes(bytes, name);
  if (!read.ok) return { ok: false, message: `${label}: ${oneLine(read.issue)}` };
  const p = previousFromWorkbook(read.workbook, config, name, period ? { period } : {});
  if (!p.ok) return { ok: false, message: `${label}: ${oneLine(p.issue)}` };
  return { ok: true, previous: p.previous, issues };
}

function oneLine(issue: Issue): string {
  return issue.suggestion ? `${issue.message} ${issue.suggestion}` : issue.message;
}

/** Why --out cannot be used as the output folder (it or a parent is a file), or undefined when it can. */
async function outFolderProblem(outDir: string): Promise<string | undefined> {
  for (let dir = outDir; ; dir = path.dirname(dir)) {
    try {
      const stat = await fs.stat(dir);
      if (stat.isDirectory()) return undefined;
      return dir === outDir
        ? 'it is a file, not a folder; give --out a folder (it is created if missing).'
        : `${dir} is a file, not a folder; give --out a folder (it is created if missing).`;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') return undefined; // EACCES and the like: met (and worded) when writing
      if (path.dirname(dir) === dir) return undefined;
    }
  }
}

/** A write failure in the user's words. */
export function writeProblem(err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case 'EBUSY':
      return 'a file is in use (close register.xlsx or report.docx in Excel/Word and try again).';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied; choose a folder you can write to with --out.';
    case 'EROFS':
      return 'the disk is read-only; choose another folder with --out.';
    case 'ENOSPC':
    case 'EDQUOT':
      return 'the disk is full; free some space or choose another folder with --out.';
    case 'EEXIST':
    case 'ENOTDIR':
    case 'EISDIR':
      return 'a file is in the way of the folder or an output is a folder; give --out a folder (it is created if missing).';
    case 'ENAMETOOLONG':
      return 'the path is too long; choose a shorter --out.';
    default:
      return `the system refused (${err.code ?? err.message.split('\n')[0]}).`;
  }
}

/**
 * report.json: the report model in the documented shape. With `asBytes`, the entries' packed updates are markers that
 * writeJsonFile given the same `asBytes` writes as their text.
 */
export function reportJson(result: PipelineResult, asBytes?: PackedUpdates) {
  const r = result.report;
  return {
    quarter: r.quarter,
    financialYear: r.financialYear,
    asAt: r.asAt,
    sections: asBytes
      ? new MappedArray(r.sections, (s) => ({ ...s, themes: s.themes.map((t) => ({ ...t, entries: t.entries.map((e) => asBytes.standIn(e)) })) }))
      : r.sections,
    summary: r.summary,
    delayedSummary: r.delayedSummary,
    unassessed: r.unassessed,
    summarySentence: r.summarySentence,
    issues: r.issues,
    rows: r.rows,
    ...(r.scale ? { scale: r.scale } : {}),
    ...(r.changes ? { changes: r.changes } : {}),
  };
}

/** register.json: every register row, flat, for scripts and for comparing. Status ids as the scale names them. */
export function registerJson(register: Milestone[], asBytes?: PackedUpdates) {
  return {
    milestones: new MappedArray(register, asBytes ? (m: Milestone) => asBytes.standIn(registerRow(m)) : registerRow),
  };
}
