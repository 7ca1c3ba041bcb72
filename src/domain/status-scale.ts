// The status scale of the reference report: delivered (✓), on track, some delay.
import { STATUS_IDS, type StatusId } from './config';

export interface StatusInfo {
  id: StatusId;
  /** What the register's dropdown and the report show. */
  label: string;
  /** Score used by the icon rule: higher is better. */
  score: number;
  /** Symbol used in text outputs (Word, pane). */
  symbol: string;
  /** Colour for symbols and charts, RRGGBB. */
  color: string;
}

export const STATUS_SCALE: readonly StatusInfo[] = [
  { id: 'delivered', label: 'Delivered', score: 3, symbol: '✓', color: '2E7D32' },
  { id: 'on-track', label: 'On track', score: 2, symbol: '●', color: '43A047' },
  { id: 'some-delay', label: 'Some delay', score: 1, symbol: '▲', color: 'F57C00' },
];

export function statusInfo(id: StatusId): StatusInfo {
  const s = STATUS_SCALE.find((x) => x.id === id);
  if (!s) throw new Error(`unknown status id ${id}`);
  return s;
}

export const STATUS_LABELS: readonly string[] = STATUS_SCALE.map((s) => s.label);
export { STATUS_IDS };
