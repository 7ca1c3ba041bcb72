/** @jest-environment jsdom */
import { fireEvent, render, screen, within } from '@testing-library/react';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { makeIssue } from '../../src/domain/issue';
import { IssuesStep } from '../../src/taskpane/components/issues-step';

/** A big tracker's issues: each row's due quarter is missing. */
function manyIssues(n: number) {
  return Array.from({ length: n }, (_, i) => makeIssue('error', 'Tracker', `D${i + 4}`, 'missing-due', `Row ${i + 4} has no due quarter.`, 'Fill in the due quarter.'));
}

describe('the issue list of a big tracker', () => {
  test('shows 100 issues, and 100 more at each "Show more", never all at once', () => {
    render(
      <FluentProvider theme={webLightTheme}>
        <IssuesStep issues={manyIssues(250)} busy={false} hasSource />
      </FluentProvider>,
    );
    const list = () => screen.getByRole('list', { name: 'Errors (250)' });
    expect(within(list()).getAllByRole('listitem')).toHaveLength(100);
    expect(within(list()).getAllByRole('listitem')[99]!.textContent).toContain('Row 103 has no due quarter.');

    fireEvent.click(screen.getByRole('button', { name: 'Show 100 more (100 of 250 shown)' }));
    expect(within(list()).getAllByRole('listitem')).toHaveLength(200);

    fireEvent.click(screen.getByRole('button', { name: 'Show 50 more (200 of 250 shown)' }));
    const items = within(list()).getAllByRole('listitem');
    expect(items).toHaveLength(250);
    expect(items[249]!.textContent).toContain('Tracker!D253');
    expect(screen.queryByRole('button', { name: /^Show \d+ more/ })).toBeNull();
  });
});
