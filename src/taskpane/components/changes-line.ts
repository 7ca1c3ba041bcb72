// The one-line summary of what changed since the previous report, shown under "Compare with…".
import type { Changes } from '../../domain/changes-model';

export function changesLine(c: Changes): string {
  const n = c.counts;
  return `Since ${c.previous.quarter} ${c.previous.financialYear}: ${n.deliveredSince} delivered, ${n.newlyDelayed} newly delayed, ${n.recovered} recovered, ` +
    `${n.dueMoved} due date${n.dueMoved === 1 ? '' : 's'} moved, ${n.new} new, ${n.dropped} dropped (${c.matched} in both).`;
}
