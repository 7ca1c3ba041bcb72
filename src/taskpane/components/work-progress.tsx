// The progress of a long step, with its Cancel button (the step stops at its next pause and keeps nothing it started).
import { Button, Field, makeStyles, ProgressBar, tokens } from '@fluentui/react-components';

const useStyles = makeStyles({
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'flex-end' },
  bar: { flexGrow: 1 },
});

export interface WorkState {
  /** 0..1 */
  progress: number;
  /** Cancel was pressed; the step is stopping. */
  cancelling: boolean;
  onCancel?: () => void;
}

export function WorkProgress({ label, work }: { label: string; work: WorkState | undefined }) {
  const styles = useStyles();
  if (!work) return null;
  return (
    <div className={styles.row}>
      <Field label={work.cancelling ? `${label}: cancelling…` : label} className={styles.bar}>
        <ProgressBar value={work.progress} max={1} />
      </Field>
      {work.onCancel && (
        <Button onClick={work.onCancel} disabled={work.cancelling} aria-label={`Cancel: ${label}`}>
          {work.cancelling ? 'Cancelling…' : 'Cancel'}
        </Button>
      )}
    </div>
  );
}
