// The whole job on a grid: find the trackers, build the register, build the report for a quarter.
import type { Config, Field } from './config';
import type { GridWorkbook } from './grid';
import type { Issue } from './issue';
import type { Milestone, QuarterRef } from './milestone';
import type { Report } from './report-model';

/** How one source sheet was read: where its header is and which column feeds which field. */
export interface SheetMapping {
  sheet: string;
  /** 1-based header row. */
  headerRow: number;
  headers: string[];
  columns: ColumnMapping[];
  /** Per-quarter history columns found, e.g. "Q2 RAG" -> Q2 status. */
  history: { column: number; header: string; quarter: string; financialYear?: string; kind: 'status' | 'update' }[];
}

export interface ColumnMapping {
  field: Field;
  /** 0-based column index in the sheet. */
  column: number;
  header: string;
  /** 0..1: 1 for an exact synonym or a config override. */
  confidence: number;
  fromConfig: boolean;
}

export interface PipelineOptions {
  /** Report period; default: the latest quarter that has updates. */
  period?: Partial<QuarterRef>;
}

export interface PipelineResult {
  mappings: SheetMapping[];
  register: Milestone[];
  report: Report;
  /** Every issue: reading, mapping, validation and report issues. Same list as report.issues. */
  issues: Issue[];
  /** Status wordings found in the data that are not on the scale (for the pane to offer a choice). */
  unknownStatuses: string[];
}

export function runPipeline(_workbook: GridWorkbook, _config: Config, _options: PipelineOptions = {}): PipelineResult {
  throw new Error('runPipeline: being written');
}
