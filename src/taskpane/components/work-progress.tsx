// The progress of a long step, with its Cancel button (the step stops at its next pause and keeps nothing it started).
import { Button, Field, makeStyles, ProgressBar, tokens } from '@fluentui/react-components';
import { useSyncExternalStore } from 'react';

const useStyles = makeStyles({
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'flex-end' },
  bar: { flexGrow: 1 },
  // The bar's box (its size set from outside: the row's width, its own height) is laid out and painted on its own, and
  // its fill jumps to each new value instead of sliding there: a sliding fill re-lays out and repaints every frame while
  // a step reports progress, and each of those repaints walked the page.
  track: { contain: 'strict' },
  fill: { transitionProperty: 'none' },
});

/**
 * How far the running step is, 0..1. Kept outside React state on purpose: a step reports progress hundreds of times, and
 * only the progress bar should re-render then, not the pane with its issue list and report preview.
 */
export interface ProgressStore {
  get: () => number;
  set(fraction: number): void;
  subscribe: (listener: () => void) => () => void;
}

export function createProgressStore(): ProgressStore {
  let value = 0;
  const listeners = new Set<() => void>();
  return {
    get: () => value,
    set(fraction) {
      // Whole per-cent steps: each change costs the page a frame, and finer ones hardly show on a bar in a narrow pane.
      const next = Math.round(fraction * 100) / 100;
      if (next === value) return;
      value = next;
      for (const l of listeners) l();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export interface WorkState {
  progress: ProgressStore;
  /** Cancel was pressed; the step is stopping. */
  cancelling: boolean;
  onCancel?: () => void;
}

function Bar({ progress }: { progress: ProgressStore }) {
  const styles = useStyles();
  const value = useSyncExternalStore(progress.subscribe, progress.get);
  return <ProgressBar value={value} max={1} className={styles.track} bar={{ className: styles.fill }} />;
}

export function WorkProgress({ label, work }: { label: string; work: WorkState | undefined }) {
  const styles = useStyles();
  if (!work) return null;
  return (
    <div className={styles.row}>
      <Field label={work.cancelling ? `${label}: cancelling…` : label} className={styles.bar}>
        <Bar progress={work.progress} />
      </Field>
      {work.onCancel && (
        <Button onClick={work.onCancel} disabled={work.cancelling} aria-label={`Cancel: ${label}`}>
          {work.cancelling ? 'Cancelling…' : 'Cancel'}
        </Button>
      )}
    </div>
  );
}
