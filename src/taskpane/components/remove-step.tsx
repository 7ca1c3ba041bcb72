// Step 5: remove only what the add-in generated.
import { Body1, Button } from '@fluentui/react-components';
import type { HostOutcome } from '../pane-host';
import { OutcomeView } from './outcome-view';
import { StepCard } from './step-card';

export function RemoveStep(props: { mode: 'excel' | 'file'; busy: boolean; outcome?: HostOutcome; onRemove: () => void }) {
  return (
    <StepCard number={5} title="Tidy up">
      <Body1>
        {props.mode === 'excel'
          ? 'Deletes the sheets this add-in added (register, report, issues), even if renamed. Your own sheets stay.'
          : 'Forgets the files made on this page. Your workbook and downloaded files are not touched.'}
      </Body1>
      <div>
        <Button onClick={props.onRemove} disabled={props.busy}>
          Remove generated sheets
        </Button>
      </div>
      <OutcomeView outcome={props.outcome} />
    </StepCard>
  );
}
