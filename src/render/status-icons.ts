// The status icon: a score formula that follows the Status cell, and the icon rule that draws it.
import type { StatusId } from '../domain/config';
import { STATUS_SCALE, statusInfo } from '../domain/status-scale';
import type { CellRange, IconRule, LayoutFormula } from './sheet-layout';

const BY_SCORE = [...STATUS_SCALE].sort((a, b) => a.score - b.score);

/** Excel's icon for each status: delivered a green check, on track a green light, some delay an amber light. */
const ICON_OF: Record<StatusId, IconRule['icons'][number]> = {
  delivered: { set: '3Symbols', index: 2 },
  'on-track': { set: '3TrafficLights1', index: 2 },
  'some-delay': { set: '3TrafficLights1', index: 1 },
};

function quoteFormulaText(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}

/** Score of a status for the icon rule; "" when there is no status. */
export function statusScore(status: StatusId | undefined): number | '' {
  return status === undefined ? '' : statusInfo(status).score;
}

/** The score of the status label in `statusCell` (an A1 address on the same sheet), "" when blank or unknown. */
export function statusScoreFormula(statusCell: string, status: StatusId | undefined): LayoutFormula {
  const labels = `{${BY_SCORE.map((s) => quoteFormulaText(s.label)).join(',')}}`;
  const match = `MATCH(${statusCell},${labels},0)`;
  const positional = BY_SCORE.every((s, i) => s.score === i + 1);
  const score = positional ? match : `INDEX({${BY_SCORE.map((s) => s.score).join(',')}},${match})`;
  return { formula: `IFERROR(${score},"")`, result: statusScore(status) };
}

/** Icons over score cells: each status's icon from its score upwards, value hidden. */
export function statusIconRule(range: CellRange): IconRule {
  return {
    range,
    icons: BY_SCORE.map((s) => ICON_OF[s.id]),
    thresholds: BY_SCORE.map((s) => s.score),
    showValue: false,
  };
}

export function statusLabel(status: StatusId | undefined): string {
  return status === undefined ? '' : statusInfo(status).label;
}
