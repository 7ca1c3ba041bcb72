// The result of an action: a message, the files it made (as download links) and any issues it raised.
import { Link, makeStyles, MessageBar, MessageBarBody, tokens } from '@fluentui/react-components';
import type { HostOutcome } from '../pane-host';

const useStyles = makeStyles({
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
});

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function OutcomeView({ outcome }: { outcome: HostOutcome | undefined }) {
  const styles = useStyles();
  if (!outcome) return null;
  return (
    <>
      <MessageBar intent={outcome.ok ? 'success' : outcome.cancelled ? 'info' : 'error'} layout="multiline">
        <MessageBarBody>{outcome.message}</MessageBarBody>
      </MessageBar>
      {outcome.issues.map((i, n) => (
        <MessageBar key={n} intent={i.severity === 'error' ? 'error' : 'warning'} layout="multiline">
          <MessageBarBody>
            {i.message}
            {i.suggestion ? ` ${i.suggestion}` : ''}
          </MessageBarBody>
        </MessageBar>
      ))}
      {outcome.downloads.length > 0 && (
        <ul className={styles.list} aria-label="Files made">
          {outcome.downloads.map((d) => (
            <li key={d.url}>
              <Link href={d.url} download={d.fileName}>
                Download {d.fileName}
              </Link>{' '}
              ({formatSize(d.size)})
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
