// On the Report step: "Publish report" freezes the report with the register; the published reports are listed, and
// "Compare with…" picks one, by default the latest published before the report's quarter. In Excel they are kept in the
// workbook and each can be removed (after a question asked in place). Standalone, publishing downloads a register.xlsx
// with the report inside, the list is of the chosen file (or the register.xlsx just published), and the pane says why
// it cannot remove one.
import {
  Body1,
  Body1Strong,
  Button,
  Caption1,
  Field,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Select,
  tokens,
} from '@fluentui/react-components';
import { useEffect, useRef, useState } from 'react';
import type { Changes } from '../../domain/changes-model';
import type { Issue } from '../../domain/issue';
import type { QuarterRef } from '../../domain/milestone';
import { publishedDateText } from '../../domain/snapshot';
import type { SnapshotHeader } from '../../domain/snapshot-xml';
import type { HostOutcome, PublishedItem } from '../pane-host';
import { changesLine } from './changes-line';
import { OutcomeView } from './outcome-view';
import { WorkProgress, type WorkState } from './work-progress';

export const periodText = (p: QuarterRef) => `${p.quarter} ${p.financialYear}`;

/** "Q3 2017-18, published 15 January 2018" */
export const publishedName = (h: SnapshotHeader) => `${periodText(h.period)}, published ${publishedDateText(h)}`;

const useStyles = makeStyles({
  block: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, paddingTop: tokens.spacingVerticalS, borderTop: `1px solid ${tokens.colorNeutralStroke2}` },
  row: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  heading: { margin: 0 },
  list: { margin: 0, padding: 0, listStyleType: 'none', display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  item: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'center', justifyContent: 'space-between' },
  itemText: { flex: '1 1 12em' },
  unreadable: { flex: '1 1 12em', color: tokens.colorNeutralForeground2 },
  confirm: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, flexBasis: '100%' },
});

export interface PublishedReportsProps {
  /** Excel (the default): kept in the open workbook. Standalone ("file"): publishing downloads register.xlsx. */
  mode?: 'excel' | 'file';
  /** This Excel cannot keep them: the reason, shown instead of the controls. */
  unavailable?: string;
  /** Standalone: the file listed (the chosen one, or the register.xlsx just published). */
  where?: string;
  /** Why Remove is not offered here, shown under the list in place of the Remove buttons. */
  cannotRemove?: string;
  /** Standalone: progress and Cancel while publishing writes register.xlsx. */
  work?: WorkState | undefined;
  /** Standalone: a file chosen in the Report step's own "Compare with…" is compared with, so this choice is not offered. */
  comparingFile?: boolean;
  /** Undefined while the workbook's list is being read. */
  items?: PublishedItem[];
  listIssue?: Issue;
  /** The report that Publish would freeze. */
  report?: { period: QuarterRef; rows: number };
  busy: boolean;
  outcome?: HostOutcome;
  /** The snapshot compared with ('' for none). */
  compareKey: string;
  /** The one chosen when the user has not chosen: the latest published before the report's quarter. */
  defaultKey?: string;
  changes?: Changes;
  compareOutcome?: HostOutcome;
  onPublish: () => void;
  onRemove: (key: string) => void;
  onCompare: (key: string) => void;
}

export function PublishedReports(props: PublishedReportsProps) {
  const styles = useStyles();
  // Remove asks first, in place: the question and its two answers replace the item's Remove button, "Keep it" focused.
  const [confirming, setConfirming] = useState<string>();
  const focusNext = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (focusNext.current === undefined) return;
    document.getElementById(focusNext.current)?.focus();
    focusNext.current = undefined;
  });
  const ask = (key: string | undefined, focus: string) => {
    focusNext.current = focus;
    setConfirming(key);
  };
  if (props.unavailable) {
    return (
      <MessageBar intent="info" layout="multiline">
        <MessageBarBody>{props.unavailable}</MessageBarBody>
      </MessageBar>
    );
  }
  const items = [...(props.items ?? [])].sort((a, b) => (a.ok && b.ok ? b.header.publishedAt.localeCompare(a.header.publishedAt) : a.ok ? -1 : b.ok ? 1 : 0));
  const readable = items.flatMap((i) => (i.ok ? [i] : []));
  const compared = readable.find((i) => i.key === props.compareKey);
  const fallback = readable.find((i) => i.key === props.defaultKey);
  const what = (i: PublishedItem) => (i.ok ? `the ${periodText(i.header.period)} report published on ${publishedDateText(i.header)}` : 'the published report that cannot be read');

  const file = props.mode === 'file';
  const where = props.where ?? (file ? 'the chosen file' : 'this workbook');
  const rowsText = (n: number) => `${n} register ${n === 1 ? 'row' : 'rows'}`;
  const caption = file
    ? props.report
      ? `Downloads register.xlsx with this quarter\u2019s report (${periodText(props.report.period)}, ${rowsText(props.report.rows)}) frozen inside; next quarter, choose it in Compare with\u2026 to see what changed since.`
      : 'Downloads register.xlsx with the report frozen inside; next quarter, choose it in Compare with\u2026 to see what changed since.'
    : props.report
    ? `Keeps this report (${periodText(props.report.period)}, ${rowsText(props.report.rows)}) in the workbook, so later quarters can say what changed since.`
    : 'Keeps the report in the workbook, so later quarters can say what changed since.';
  const none = file
    ? props.where
      ? `None in ${props.where}. Publish report makes a register.xlsx with this quarter\u2019s inside.`
      : 'None yet: Publish report makes a register.xlsx with this quarter\u2019s inside.'
    : 'None yet: Publish report keeps one.';

  return (
    <div className={styles.block}>
      <div className={styles.row}>
        <Button onClick={props.onPublish} disabled={!props.report || props.busy}>
          Publish report
        </Button>
        <Caption1>{caption}</Caption1>
      </div>
      {file && <WorkProgress label="Publishing: making register.xlsx" work={props.work} />}
      <OutcomeView outcome={props.outcome} />

      <Body1Strong as="h3" className={styles.heading}>
        {file && props.where ? `Published reports in ${props.where}` : 'Published reports'}
      </Body1Strong>
      {props.listIssue && (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            {props.listIssue.message} {props.listIssue.suggestion ?? ''}
          </MessageBarBody>
        </MessageBar>
      )}
      {props.items === undefined && !props.listIssue && <Caption1>Looking for published reports in {where}…</Caption1>}
      {props.items !== undefined && items.length === 0 && <Caption1>{none}</Caption1>}
      {items.length > 0 && (
        <ul className={styles.list} aria-label="Published reports">
          {items.map((i) => (
            <li key={i.key} className={styles.item}>
              {i.ok ? (
                <Body1 className={styles.itemText}>
                  {publishedName(i.header)} ({i.header.rows} {i.header.rows === 1 ? 'row' : 'rows'})
                </Body1>
              ) : (
                <Body1 className={styles.unreadable}>
                  {i.issue.message} {i.issue.suggestion ?? ''}
                </Body1>
              )}
              {props.cannotRemove ? null : confirming === i.key ? (
                <div role="group" aria-labelledby={`confirm-${i.key}`} className={styles.confirm}>
                  <Body1 id={`confirm-${i.key}`}>
                    <strong>Remove {what(i)}?</strong>{' '}
                    {i.ok
                      ? `Its figures and ${rowsText(i.header.rows)} are deleted from this workbook; later quarters can no longer compare with it. No sheet is changed.`
                      : 'It is deleted from this workbook. No sheet is changed.'}
                  </Body1>
                  <div className={styles.row}>
                    <Button size="small" appearance="primary" disabled={props.busy} onClick={() => {
                      setConfirming(undefined);
                      props.onRemove(i.key);
                    }}>
                      Remove it
                    </Button>
                    <Button id={`keep-${i.key}`} size="small" onClick={() => ask(undefined, `remove-${i.key}`)}>
                      Keep it
                    </Button>
                  </div>
                </div>
              ) : (
                <Button id={`remove-${i.key}`} size="small" aria-label={`Remove ${what(i)}`} disabled={props.busy} onClick={() => ask(i.key, `keep-${i.key}`)}>
                  Remove
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      {items.length > 0 && props.cannotRemove && <Caption1>{props.cannotRemove}</Caption1>}

      {/* Standalone, the choice is offered where the file holds a report from before this one's quarter: the report just
          published is this quarter's, and a file chosen in the Report step's own "Compare with…" is compared with instead. */}
      {readable.length > 0 && !props.comparingFile && (!file || fallback !== undefined) && (
        <Field
          label={file ? 'Compare with a published report' : 'Compare with…'}
          hint={fallback ? `Unless you choose, the latest report published before this one's quarter: ${periodText(fallback.header.period)}.` : 'No report was published before this one\u2019s quarter; choose one to compare with.'}
        >
          <Select value={props.compareKey} disabled={props.busy} onChange={(_, d) => props.onCompare(d.value)}>
            <option value="">Nothing (no comparison)</option>
            {readable.map((i) => (
              <option key={i.key} value={i.key}>
                {publishedName(i.header)}
              </option>
            ))}
          </Select>
        </Field>
      )}
      {compared && props.changes && !props.comparingFile && (
        <Body1 data-testid="changes-line">
          Comparing with <strong>{what(compared)}</strong>. {changesLine(props.changes)}
        </Body1>
      )}
      <OutcomeView outcome={props.compareOutcome} />

    </div>
  );
}
