// The status icon: a score formula that follows the Status cell, and the icon rule that draws it.
import type { StatusIcon, StatusId } from '../domain/config';
import { DELIVERY_SCALE, scaleEntry, statusScoreOf, type StatusScale } from '../domain/status-scale';
import type { CellRange, IconRule, LayoutFormula } from './sheet-layout';

/** Excel's built-in icon for each of a scale's icons. */
const EXCEL_ICON: Record<StatusIcon, IconRule['icons'][number]> = {
  check: { set: '3Symbols', index: 2 },
  exclamation: { set: '3Symbols', index: 1 },
  cross: { set: '3Symbols', index: 0 },
  'green-light': { set: '3TrafficLights1', index: 2 },
  'amber-light': { set: '3TrafficLights1', index: 1 },
  'red-light': { set: '3TrafficLights1', index: 0 },
  'green-flag': { set: '3Flags', index: 2 },
  'amber-flag': { set: '3Flags', index: 1 },
  'red-flag': { set: '3Flags', index: 0 },
  'arrow-up': { set: '5Arrows', index: 4 },
  'arrow-up-right': { set: '5Arrows', index: 3 },
  'arrow-right': { set: '5Arrows', index: 2 },
  'arrow-down-right': { set: '5Arrows', index: 1 },
  'arrow-down': { set: '5Arrows', index: 0 },
};

/** Worst first, as icon rules list their icons. */
function byScore(scale: StatusScale) {
  return [...scale.entries].reverse();
}

function quoteFormulaText(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}

/** Score of a status for the icon rule (the worst status scores 1); "" when there is no status. */
export function statusScore(status: StatusId | undefined, scale: StatusScale = DELIVERY_SCALE): number | '' {
  return status === undefined ? '' : statusScoreOf(scale, status);
}

/** The score of the status label in `statusCell` (an A1 address on the same sheet), "" when blank or unknown. */
export function statusScoreFormula(statusCell: string, status: StatusId | undefined, scale: StatusScale = DELIVERY_SCALE): LayoutFormula {
  return { formula: `IFERROR(MATCH(${statusCell},${labelArray(scale)},0),"")`, result: statusScore(status, scale) };
}

/**
 * statusScoreFormula for the cells of one column, by 0-based row: a register writes one per row, so the text around
 * the row number is made once.
 */
export function statusScoreFormulas(statusColumn: string, scale: StatusScale = DELIVERY_SCALE): (row: number, status: StatusId | undefined) => LayoutFormula {
  const head = `IFERROR(MATCH(${statusColumn}`;
  const tail = `,${labelArray(scale)},0),"")`;
  return (row, status) => ({ formula: `${head}${row + 1}${tail}`, result: statusScore(status, scale) });
}

// A register writes one score formula per row: the scale's part of it is made once per scale.
const labelArrays = new WeakMap<StatusScale, string>();
function labelArray(scale: StatusScale): string {
  let labels = labelArrays.get(scale);
  if (labels === undefined) labelArrays.set(scale, (labels = `{${byScore(scale).map((s) => quoteFormulaText(s.label)).join(',')}}`));
  return labels;
}

/** Icons over score cells: each status's icon from its score upwards, value hidden. */
export function statusIconRule(range: CellRange, scale: StatusScale = DELIVERY_SCALE): IconRule {
  return {
    range,
    icons: byScore(scale).map((s) => EXCEL_ICON[s.icon]),
    thresholds: byScore(scale).map((s) => statusScoreOf(scale, s.id)),
    showValue: false,
  };
}

export function statusLabel(status: StatusId | undefined, scale: StatusScale = DELIVERY_SCALE): string {
  return status === undefined ? '' : scaleEntry(scale, status).label;
}
