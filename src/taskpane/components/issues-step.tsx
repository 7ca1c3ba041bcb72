// Step 3: every issue, grouped by severity, each with its cell; in Excel a click selects the cell.
import { Body1, Button, Caption1, makeStyles, tokens } from '@fluentui/react-components';
import { memo, useMemo, useState } from 'react';
import type { Issue, Severity } from '../../domain/issue';
import type { HostOutcome } from '../pane-host';
import { OutcomeView } from './outcome-view';
import { StepCard } from './step-card';

/**
 * Issues shown at first, and added by each "Show more": a big tracker has tens of thousands, and each shown one is a
 * few elements for the page to make and lay out (all of them at once froze the pane for seconds).
 */
const PAGE = 100;

const useStyles = makeStyles({
  group: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  groupTitle: { margin: 0, fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold },
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  item: {
    display: 'grid',
    gridTemplateColumns: '8em 1fr',
    columnGap: tokens.spacingHorizontalS,
    alignItems: 'baseline',
    padding: `${tokens.spacingVerticalXXS} 0`,
    borderTop: `1px solid ${tokens.colorNeutralStroke3}`,
  },
  address: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, overflowWrap: 'anywhere', minWidth: '0', justifyContent: 'flex-start', textAlign: 'left' },
  scroller: { maxHeight: '360px', overflowY: 'auto', display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  error: { color: tokens.colorPaletteRedForeground1 },
  warning: { color: tokens.colorPaletteDarkOrangeForeground1 },
  suggestion: { gridColumn: '2', color: tokens.colorNeutralForeground3 },
});

/** "Tracker!K58", "Tracker" or "File" for an issue's place. */
export function issuePlace(i: Issue): string {
  if (i.sheet && i.cell) return `${i.sheet}!${i.cell}`;
  return i.sheet || i.cell || 'Workbook';
}

export interface IssuesStepProps {
  issues: Issue[];
  /** Excel only. */
  onSelect?: (issue: Issue) => void;
  onRecheck?: () => void;
  busy: boolean;
  hasSource: boolean;
  /** Going to an issue's cell failed (the sheet was renamed or deleted). */
  outcome?: HostOutcome;
}

/** Memoised: the pane re-renders at every step's start and end, and a group's hundred issues stay as they were. */
const IssueGroup = memo(function IssueGroup({ severity, issues, onSelect }: { severity: Severity; issues: Issue[]; onSelect?: (i: Issue) => void }) {
  const styles = useStyles();
  const [shown, setShown] = useState(PAGE);
  if (issues.length === 0) return null;
  const title = severity === 'error' ? `Errors (${issues.length})` : `Warnings (${issues.length})`;
  return (
    <div className={styles.group}>
      <h3 className={`${styles.groupTitle} ${severity === 'error' ? styles.error : styles.warning}`}>{title}</h3>
      <ul className={styles.list} aria-label={title}>
        {issues.slice(0, shown).map((i, n) => (
          <li key={n} className={styles.item}>
            {onSelect && i.cell ? (
              <Button size="small" appearance="subtle" className={styles.address} onClick={() => onSelect(i)} aria-label={`Go to ${issuePlace(i)}`}>
                {issuePlace(i)}
              </Button>
            ) : (
              <span className={styles.address}>{issuePlace(i)}</span>
            )}
            <Body1>{i.message}</Body1>
            {i.suggestion && <Caption1 className={styles.suggestion}>{i.suggestion}</Caption1>}
          </li>
        ))}
      </ul>
      {issues.length > shown && (
        <Button size="small" onClick={() => setShown((n) => n + PAGE)}>
          {`Show ${Math.min(PAGE, issues.length - shown)} more (${shown} of ${issues.length} shown)`}
        </Button>
      )}
    </div>
  );
});

export function IssuesStep({ issues, onSelect, onRecheck, busy, hasSource, outcome }: IssuesStepProps) {
  const styles = useStyles();
  const errors = useMemo(() => issues.filter((i) => i.severity === 'error'), [issues]);
  const warnings = useMemo(() => issues.filter((i) => i.severity === 'warning'), [issues]);
  const count = hasSource
    ? {
        value: issues.length,
        color: errors.length > 0 ? ('danger' as const) : warnings.length > 0 ? ('important' as const) : ('informative' as const),
        label: `${errors.length} errors, ${warnings.length} warnings`,
      }
    : undefined;
  return (
    <StepCard number={3} title="Issues" {...(count ? { count } : {})}>
      {!hasSource && <Body1>Issues appear here once a tracker has been read.</Body1>}
      {hasSource && issues.length === 0 && <Body1>No issues: every row made it into the register.</Body1>}
      {issues.length > 0 && (
        <div className={styles.scroller} tabIndex={0} aria-label="Issue list">
          <IssueGroup severity="error" issues={errors} {...(onSelect ? { onSelect } : {})} />
          <IssueGroup severity="warning" issues={warnings} {...(onSelect ? { onSelect } : {})} />
        </div>
      )}
      <OutcomeView outcome={outcome} />
      {onRecheck && hasSource && (
        <div>
          <Button onClick={onRecheck} disabled={busy}>
            Check again
          </Button>
        </div>
      )}
    </StepCard>
  );
}
