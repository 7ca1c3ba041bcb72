// One numbered step of the pane: a labelled region with a heading, an optional count badge and its content.
import { CounterBadge, makeStyles, Subtitle2, tokens } from '@fluentui/react-components';
import type { ReactNode } from 'react';

const useStyles = makeStyles({
  card: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalM}`,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    // Each step is laid out on its own and is a stacking context (a paint layer), clipping nothing: a progress bar moving
    // in one step re-lays out and repaints that step, not the page with its issue list and report preview.
    contain: 'layout style',
  },
  heading: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, margin: 0 },
  number: {
    display: 'inline-flex',
    alignItems: 'center',
    justifyContent: 'center',
    width: '22px',
    height: '22px',
    borderRadius: '50%',
    backgroundColor: tokens.colorBrandBackground,
    color: tokens.colorNeutralForegroundOnBrand,
    fontSize: tokens.fontSizeBase200,
    fontWeight: tokens.fontWeightSemibold,
  },
});

export interface StepCardProps {
  number: number;
  title: string;
  /** Shown as a badge next to the title (issue counts). */
  count?: { value: number; color: 'danger' | 'important' | 'informative'; label: string };
  children: ReactNode;
}

export function StepCard({ number, title, count, children }: StepCardProps) {
  const styles = useStyles();
  const id = `step-${number}`;
  return (
    <section className={styles.card} aria-label={title} id={id}>
      <h2 className={styles.heading}>
        <span className={styles.number} aria-hidden="true">
          {number}
        </span>
        <Subtitle2 as="span">{title}</Subtitle2>
        {count && <CounterBadge count={count.value} color={count.color} showZero aria-label={count.label} overflowCount={9999} />}
      </h2>
      {children}
    </section>
  );
}
