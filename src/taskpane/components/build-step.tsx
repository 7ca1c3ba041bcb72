// Step 2: write the "Milestone Register" sheet (Excel) or register.xlsx (standalone), with progress.
import { Body1, Button, makeStyles, tokens } from '@fluentui/react-components';
import type { HostOutcome } from '../pane-host';
import { OutcomeView } from './outcome-view';
import { StepCard } from './step-card';
import { WorkProgress, type WorkState } from './work-progress';

const useStyles = makeStyles({ row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center' } });

export interface BuildStepProps {
  mode: 'excel' | 'file';
  ready: boolean;
  busy: boolean;
  /** Progress and Cancel while this step works, undefined otherwise. */
  work?: WorkState | undefined;
  summary?: string;
  outcome?: HostOutcome;
  onBuild: () => void;
}

export function BuildStep(props: BuildStepProps) {
  const styles = useStyles();
  return (
    <StepCard number={2} title="Build register">
      {props.summary && <Body1>{props.summary}</Body1>}
      <div className={styles.row}>
        <Button appearance="primary" onClick={props.onBuild} disabled={!props.ready || props.busy}>
          Build register
        </Button>
      </div>
      <WorkProgress label="Building the register" work={props.work} />
      {!props.ready && (
        <Body1>{props.mode === 'file' ? 'Open a tracking workbook first.' : 'Read the workbook first.'}</Body1>
      )}
      <OutcomeView outcome={props.outcome} />
    </StepCard>
  );
}
