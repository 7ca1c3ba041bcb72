// Step 4: the report's quarter and financial year, a preview, the three ways out (sheet, Word, clipboard), publishing
// it, and comparing with an earlier report (in Excel, one published into the workbook; standalone, a file, or one
// published into the chosen file).
import { Body1, Button, Caption1, Field, makeStyles, MessageBar, MessageBarBody, Select, tokens } from '@fluentui/react-components';
import { useRef, useState } from 'react';
import { QuarterSchema, type Quarter, type QuarterRef } from '../../domain/milestone';
import type { Changes } from '../../domain/changes-model';
import type { Report } from '../../domain/report-model';
import type { HostOutcome } from '../pane-host';
import { changesLine } from './changes-line';
import { OutcomeView } from './outcome-view';
import { PublishedReports, type PublishedReportsProps } from './published-reports';
import { StepCard } from './step-card';
import { WorkProgress, type WorkState } from './work-progress';

const useStyles = makeStyles({
  row: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'flex-end' },
  compareRow: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  compareFile: { overflowWrap: 'anywhere', minWidth: 0 },
  preview: {
    maxHeight: '420px',
    // Its layout stays its own: a progress bar moving elsewhere never re-lays out the report. Off screen, the page skips
    // styling and laying out its hundreds of rows; on screen, only the tables in the box's view (content-visibility).
    contain: 'content',
    contentVisibility: 'auto',
    containIntrinsicSize: 'auto 420px',
    '& table': { contentVisibility: 'auto', containIntrinsicSize: 'auto 160px' },
    overflow: 'auto',
    padding: tokens.spacingHorizontalS,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: '#FFFFFF',
    color: '#000000',
    fontSize: tokens.fontSizeBase200,
  },
});

/** Standalone: "Compare with…" a previous period's file, and what the comparison found. */
export interface CompareProps {
  /** The previous file being compared with. */
  label?: string;
  changes?: Changes;
  work?: WorkState | undefined;
  outcome?: HostOutcome;
  onChoose: (file: File) => void;
  onStop: () => void;
}

export interface ReportStepProps {
  report?: Report;
  period?: QuarterRef;
  years: string[];
  html?: string;
  busy: boolean;
  /** Progress and Cancel while the report sheet (work) or the Word file (exporting) is being made. */
  work?: WorkState | undefined;
  exporting?: WorkState | undefined;
  mode: 'excel' | 'file';
  outcome?: HostOutcome;
  onPeriodChange: (period: QuarterRef) => void;
  onGenerate: () => void;
  onExportWord: () => void;
  onCopy: () => void;
  compare?: CompareProps;
  /** Publishing the report (into the workbook in Excel; standalone, into a register.xlsx to download), and comparing with one published earlier. */
  published?: PublishedReportsProps;
}

/**
 * The words beside "Compare with…": the file compared with (its name, as chosen), the file being read, or none. The
 * file input's own words are the browser's ("No file chosen" once it is emptied for the next choice), so they are not shown.
 */
function compareFileText(compare: CompareProps, chosen: string | undefined): string {
  if (compare.label !== undefined) return chosen !== undefined && compare.label.startsWith(chosen) ? chosen : compare.label;
  if (compare.work !== undefined && chosen !== undefined) return chosen;
  return 'No file chosen';
}

export function ReportStep(props: ReportStepProps) {
  const styles = useStyles();
  const { report, period } = props;
  const ready = report !== undefined && period !== undefined;
  const fileInput = useRef<HTMLInputElement>(null);
  const [chosen, setChosen] = useState<string>();
  return (
    <StepCard number={4} title="Report">
      <div className={styles.row}>
        <Field label="Quarter">
          <Select
            value={period?.quarter ?? ''}
            disabled={!ready || props.busy}
            onChange={(_, d) => period && props.onPeriodChange({ ...period, quarter: d.value as Quarter })}
          >
            {!period && <option value="">—</option>}
            {QuarterSchema.options.map((q) => (
              <option key={q} value={q}>
                {q}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Financial year">
          <Select
            value={period?.financialYear ?? ''}
            disabled={!ready || props.busy}
            onChange={(_, d) => period && props.onPeriodChange({ ...period, financialYear: d.value })}
          >
            {!period && <option value="">—</option>}
            {props.years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      {report && <Body1>{report.summarySentence}</Body1>}
      <div className={styles.row}>
        <Button appearance="primary" onClick={props.onGenerate} disabled={!ready || props.busy}>
          Generate report
        </Button>
        <Button onClick={props.onExportWord} disabled={!ready || props.busy}>
          Export Word report
        </Button>
        <Button onClick={props.onCopy} disabled={!ready || props.busy}>
          Copy report
        </Button>
      </div>
      {props.compare && (
        <div className={styles.compareRow}>
          <input
            ref={fileInput}
            id="compare-with"
            type="file"
            hidden
            aria-label="Compare with…"
            accept=".xlsx,.xlsm,.csv,.txt"
            disabled={!ready || props.busy}
            onChange={(e) => {
              const f = e.currentTarget.files?.[0];
              if (f) {
                setChosen(f.name);
                props.compare?.onChoose(f);
              }
              e.currentTarget.value = '';
            }}
          />
          <Button onClick={() => fileInput.current?.click()} disabled={!ready || props.busy} aria-describedby="compare-file">
            Compare with…
          </Button>
          <Body1 id="compare-file" data-testid="compare-file" className={styles.compareFile}>
            {compareFileText(props.compare, chosen)}
          </Body1>
          {props.compare.label && (
            <Button onClick={props.compare.onStop} disabled={props.busy}>
              Stop comparing
            </Button>
          )}
        </div>
      )}
      {props.compare && !props.compare.label && (
        <Caption1>The previous quarter's tracker, or the register.xlsx published then (its report is compared as published); read with the same settings, never uploaded.</Caption1>
      )}
      {props.compare && <WorkProgress label="Reading the previous file" work={props.compare.work} />}
      {props.compare?.label && props.compare.changes && (
        <Body1 data-testid="changes-line">
          Comparing with <strong>{props.compare.label}</strong>. {changesLine(props.compare.changes)}
        </Body1>
      )}
      {props.compare && <OutcomeView outcome={props.compare.outcome} />}
      {props.published && <PublishedReports {...props.published} mode={props.mode} comparingFile={props.compare?.label !== undefined} />}
      <WorkProgress label={props.mode === 'excel' ? 'Making the report sheet' : 'Making the report files'} work={props.work} />
      <WorkProgress label="Making the Word report" work={props.exporting} />
      <OutcomeView outcome={props.outcome} />
      {props.mode === 'excel' && ready && (
        <MessageBar intent="info" layout="multiline">
          <MessageBarBody>
            If the Word file does not download (Excel desktop), use the print-ready report sheet: Generate report, then File &gt; Save As &gt; PDF.
          </MessageBarBody>
        </MessageBar>
      )}
      {props.html !== undefined && (
        <div className={styles.preview} role="document" aria-label="Report preview" tabIndex={0} dangerouslySetInnerHTML={{ __html: props.html }} />
      )}
    </StepCard>
  );
}
