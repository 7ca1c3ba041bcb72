// What the pane needs from where it runs (Excel, or a file in a plain browser); components only see these actions.
import type { Config } from '../domain/config';
import type { GridWorkbook } from '../domain/grid';
import type { Issue } from '../domain/issue';
import type { PreviousRegister } from '../domain/compare-registers';
import type { PipelineResult } from '../domain/pipeline';
import type { SnapshotHeader } from '../domain/snapshot-xml';

export interface SourceData {
  workbook: GridWorkbook;
  /** Issues the reader raised (error cells, encoding). */
  readIssues: Issue[];
  /** What was read, for the pane: "tracker.xlsx" or "This workbook". */
  label: string;
  activeSheet?: string;
}

export type SourceResult = { ok: true; source: SourceData } | { ok: false; issue: Issue };

export interface Download {
  fileName: string;
  url: string;
  size: number;
}

export interface HostOutcome {
  ok: boolean;
  /** One sentence for the user: what was written where, or what went wrong. */
  message: string;
  issues: Issue[];
  downloads: Download[];
  /** The user cancelled: nothing was kept (message says so); shown as information, not as an error. */
  cancelled?: boolean;
}

import type { Progress } from '../shared/long-work';

export type { Progress };

/** One published snapshot kept in the workbook, as listed (its header only), or a stored one that cannot be read. */
export type PublishedItem = { key: string; ok: true; header: SnapshotHeader } | { key: string; ok: false; issue: Issue };

/** `where`: the file they are in, when that is not the open workbook (standalone: the chosen file, or the register.xlsx just published). */
export type PublishedList = { ok: true; items: PublishedItem[]; where?: string } | { ok: false; issue: Issue };

/**
 * Reports published with the register (a snapshot each), to compare later quarters with. Excel: kept in the open
 * workbook. Standalone: the ones in the chosen file are listed, and publishing downloads a register.xlsx that carries
 * them, unchanged, beside the new one.
 */
export interface PublishedReports {
  /** Why this Excel cannot keep them, in words; the other actions are then not offered. */
  unavailable?: string;
  /** Why a published report cannot be removed here, in words (standalone: the page never changes a file); Remove is then not offered. */
  cannotRemove?: string;
  list(): Promise<PublishedList>;
  /**
   * Freezes the result (report, register, period) with the settings that made it. Standalone: a long write, with
   * progress and Cancel (a cancelled publish keeps nothing); `downloads` holds the register.xlsx made.
   */
  publish(result: PipelineResult, config: Config, onProgress?: Progress, signal?: AbortSignal): Promise<HostOutcome & { published?: SnapshotHeader }>;
  remove(key: string): Promise<HostOutcome>;
  /** The snapshot as the previous register to compare with. */
  load(key: string): Promise<{ ok: true; previous: PreviousRegister } | { ok: false; issue: Issue }>;
}

export interface PaneHost {
  kind: 'excel' | 'file';
  theme: 'light' | 'dark';
  /** Features this host lacks, in words (older Excel versions). */
  limitations: string[];
  // Long actions take the user's Cancel as an AbortSignal: a cancelled read fails with issue code "cancelled", a cancelled
  // write returns an outcome marked cancelled, having kept nothing of what it had started.
  /** Excel: reads the open workbook. */
  readWorkbook?(onProgress: Progress, signal?: AbortSignal): Promise<SourceResult>;
  /** Standalone: reads the chosen file in the browser; several files are read as one tracker (consolidate.ts). */
  openFile?(files: readonly File[], onProgress: Progress, signal?: AbortSignal): Promise<SourceResult>;
  /** Standalone: reads the previous period's file to compare with; the source being worked on is unchanged. */
  openPreviousFile?(file: File, onProgress: Progress, signal?: AbortSignal): Promise<SourceResult>;
  loadConfig(): Promise<{ config: Config; issues: Issue[] }>;
  saveConfig(config: Config): Promise<HostOutcome>;
  writeRegister(result: PipelineResult, onProgress: Progress, signal?: AbortSignal): Promise<HostOutcome>;
  writeReport(result: PipelineResult, onProgress: Progress, signal?: AbortSignal): Promise<HostOutcome>;
  /** Excel only: select the issue's cell in its sheet. */
  selectCell?(sheet: string, cell: string): Promise<Issue[]>;
  removeGenerated(): Promise<HostOutcome>;
  /** Published snapshots: in the workbook (Excel), or in the chosen file and the register.xlsx published (standalone). */
  published?: PublishedReports;
}
