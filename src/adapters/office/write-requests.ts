// What writing a layout costs in Office.js requests, and the untracked ranges the writing steps queue commands on.
import { cellAddress } from '../../domain/grid';
import type { CellRange } from '../../render/sheet-layout';

/**
 * Bytes Office.js puts in a request for each part of a command (object paths, instantiate actions, property sets), measured
 * with Microsoft's own request builder (tests/adapters/office/office-js-sim.ts) for untracked ranges, rounded up.
 */
export const REQUEST_COST = {
  /** A sheet.getRange(address) object, untracked. */
  range: 450,
  /** One property set, with the sub-objects it goes through (format.font.bold). */
  property: 330,
  /** One border edge: borders.getItem(edge) plus its style and colour. */
  edge: 400,
  /** Any other small command (add a sheet, activate, a method call). */
  command: 500,
} as const;
export const COMMAND_BYTES = REQUEST_COST.command;
/** Office.js splits a large 2-D assignment into sub-range writes (`_ValidateArraySize`), about 1.5% more bytes: allow 3%. */
export const ARRAY_SPLIT_FACTOR = 1.03;

export function rangeCost(address: string): number {
  return REQUEST_COST.range + 2 * address.length;
}

export function rangeAddress(r: CellRange): string {
  const a = cellAddress(r.top, r.left);
  const b = cellAddress(r.bottom, r.right);
  return a === b ? a : `${a}:${b}`;
}

/** Queues one command of about `size` bytes; resolves once it is queued (after a sync, when the request was full). */
export type Adder = (size: number, queue: () => void) => Promise<void>;

/**
 * A range of the sheet, untracked: Excel.run otherwise keeps a reference to every range it creates and releases them
 * all in one clean-up request at the end (megabytes for a large register).
 */
export function rangeOn(sheet: Excel.Worksheet, address: string): Excel.Range {
  const r = sheet.getRange(address);
  r.untrack();
  return r;
}
