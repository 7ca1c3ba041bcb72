/** @jest-environment jsdom */
// The Source step's own-scale editor and report language: what a user types, the problems shown next to the field
// (the text kept as typed), what the register uses meanwhile, and what Save settings keeps (in Excel: in the workbook).
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { settingsFromXml } from '../../src/adapters/office/workbook-settings';
import type { Config } from '../../src/domain/config';
import { Pane, type ReportExports } from '../../src/taskpane/app';
import { pageEngine } from '../../src/taskpane/engine';
import { createExcelHost } from '../../src/taskpane/excel-host';
import { FakeExcel, officeWith } from '../adapters/office/fake-excel';
import { fakeHost, trackerWorkbook } from './fake-host';

const noExports: ReportExports = { packDocx: async () => new Blob(['x']), copy: async () => 'clipboard', download: () => undefined };
const region = (name: string) => screen.getByRole('region', { name });
const status = (n: number) => screen.getByRole('group', { name: new RegExp(`^Status ${n}: `) });
const type = (el: HTMLElement, value: string) => fireEvent.change(el, { target: { value } });

async function openTracker(config: Config = {}) {
  const { host, calls } = fakeHost('file', { loadConfig: async () => ({ config, issues: [] }) });
  await act(async () => {
    render(<Pane host={host} engine={pageEngine()} exports={noExports} />);
  });
  await act(async () => {
    fireEvent.change(screen.getByLabelText('Open workbook'), { target: { files: [new File(['x'], 'tracker.xlsx')] } });
  });
  await screen.findByText(/rows read/);
  return calls;
}

async function save() {
  await waitFor(() => expect(screen.getByRole('button', { name: 'Save settings' }).hasAttribute('disabled')).toBe(false));
  await act(async () => {
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
  });
}

test('"Your own scale" starts from the scale in use; a status added for the tracker\u2019s word clears its issue, and Save keeps the scale in rank order', async () => {
  const calls = await openTracker();
  expect(screen.queryByRole('group', { name: /^Status 1/ })).toBeNull();
  type(screen.getByLabelText('Status scale'), 'custom');

  expect(within(status(1)).getByLabelText(/^Label/)).toHaveProperty('value', 'Delivered');
  expect(within(status(2)).getByLabelText(/^Label/)).toHaveProperty('value', 'On track');
  expect(within(status(3)).getByLabelText(/^Label/)).toHaveProperty('value', 'Some delay');
  expect((screen.getByLabelText<HTMLSelectElement>('Status that means delivered')).selectedOptions[0]!.textContent).toBe('Delivered');
  expect(within(region('Issues')).getByText('Tracker!I6')).toBeTruthy();

  fireEvent.click(screen.getByRole('button', { name: 'Add status' }));
  const added = status(4);
  expect(document.activeElement).toBe(within(added).getByLabelText(/^Label/));
  type(within(added).getByLabelText(/^Label/), 'Wobbly but fine');
  expect(within(added).getByLabelText('Id (in report.json)')).toHaveProperty('value', 'wobbly-but-fine');
  type(within(added).getByLabelText('Words people write for it'), 'wobbly, shaky');
  type(within(added).getByLabelText('Icon'), 'amber-flag');
  // "Wobbly" (Tracker!I6) is now a word of the scale.
  await waitFor(() => expect(within(region('Issues')).queryByText('Tracker!I6')).toBeNull());

  // Better than "Some delay": moved up one, the focus stays on its button.
  fireEvent.click(within(status(4)).getByRole('button', { name: 'Move up' }));
  expect(within(status(3)).getByLabelText(/^Label/)).toHaveProperty('value', 'Wobbly but fine');
  expect(document.activeElement).toBe(within(status(3)).getByRole('button', { name: 'Move up' }));
  expect(screen.getByLabelText('Status scale').closest('div')!.parentElement!.textContent).toContain('Statuses: Delivered, On track, Wobbly but fine, Some delay');

  await save();
  const saved = calls.saveConfig[0]!.scale;
  expect(Array.isArray(saved) && saved.map((s) => [s.id, s.rank, s.icon, s.delivered ?? false])).toEqual([
    ['delivered', 1, 'check', true],
    ['on-track', 2, 'green-light', false],
    ['wobbly-but-fine', 3, 'amber-flag', false],
    ['some-delay', 4, 'amber-light', false],
  ]);
  expect(Array.isArray(saved) && saved[2]!.words).toEqual(['wobbly', 'shaky']);
});

test('a problem is shown next to its field, the typed text stays, saving waits, and the register keeps the last valid scale', async () => {
  const calls = await openTracker();
  type(screen.getByLabelText('Status scale'), 'custom');
  const label = within(status(3)).getByLabelText(/^Label/);
  type(label, 'Delayed');
  await waitFor(() => expect(screen.getByLabelText('Status scale').closest('div')!.parentElement!.textContent).toContain('Statuses: Delivered, On track, Delayed'));

  type(label, '   ');
  expect(within(status(3)).getByText('Give the status a label.')).toBeTruthy();
  expect(label.getAttribute('aria-invalid')).toBe('true');
  expect(label).toHaveProperty('value', '   ');

  const id = within(status(2)).getByLabelText('Id (in report.json)');
  type(id, 'On Track!');
  expect(within(status(2)).getByText('The id is lower-case words joined by "-", such as "amber-green".')).toBeTruthy();
  expect(id).toHaveProperty('value', 'On Track!');
  expect(screen.getByRole('button', { name: 'Save settings' }).hasAttribute('disabled')).toBe(true);
  expect(screen.getByText(/Your own scale is not used until the problems marked above are put right/)).toBeTruthy();
  // The hint still names the last valid scale, the one the register is built with.
  expect(screen.getByLabelText('Status scale').closest('div')!.parentElement!.textContent).toContain('Statuses: Delivered, On track, Delayed');

  type(id, 'delivered');
  type(label, 'Late');
  expect(within(status(2)).getByText('The id "delivered" is used twice.')).toBeTruthy();
  type(id, 'fine');
  await waitFor(() => expect(within(status(2)).queryByText(/used twice/)).toBeNull());
  await save();
  const saved = calls.saveConfig[0]!.scale;
  expect(Array.isArray(saved) && saved.map((s) => `${s.id}:${s.label}`)).toEqual(['delivered:Delivered', 'fine:On track', 'some-delay:Late']);
});

test('a scale has two to five statuses; removing the delivered one leaves "None"; a built-in scale and back keeps the draft', async () => {
  const calls = await openTracker();
  type(screen.getByLabelText('Status scale'), 'custom');
  fireEvent.click(within(status(1)).getByRole('button', { name: 'Remove' }));
  expect((screen.getByLabelText<HTMLSelectElement>('Status that means delivered')).value).toBe('');
  expect(within(status(1)).getByRole('button', { name: 'Remove' }).hasAttribute('disabled')).toBe(true);
  expect(within(status(1)).getByRole('button', { name: 'Move up' }).hasAttribute('disabled')).toBe(true);
  expect(within(status(2)).getByRole('button', { name: 'Move down' }).hasAttribute('disabled')).toBe(true);
  for (let i = 0; i < 3; i++) fireEvent.click(screen.getByRole('button', { name: 'Add status' }));
  expect(screen.getByRole('button', { name: 'Add status' }).hasAttribute('disabled')).toBe(true);
  type(within(status(5)).getByLabelText(/^Label/), 'Stopped');

  type(screen.getByLabelText('Status scale'), 'rag');
  expect(screen.queryByRole('group', { name: /^Status 1/ })).toBeNull();
  type(screen.getByLabelText('Status scale'), 'custom');
  expect(within(status(5)).getByLabelText(/^Label/)).toHaveProperty('value', 'Stopped');
  expect(within(status(3)).getByText('Give the status a label.')).toBeTruthy();
  type(screen.getByLabelText('Status scale'), 'rag');
  await save();
  expect(calls.saveConfig.map((c) => c.scale)).toEqual(['rag']);
});

test('Report language: a wrong tag is said next to the field and not used; a right one is saved; empty means en-GB', async () => {
  const calls = await openTracker({ language: 'cy-GB' });
  const language = screen.getByLabelText(/^Report language/);
  expect(language).toHaveProperty('value', 'cy-GB');
  type(language, 'Welsh please');
  expect(screen.getByText('\u201cWelsh please\u201d is not a language tag such as "en-GB".')).toBeTruthy();
  expect(language).toHaveProperty('value', 'Welsh please');
  expect(screen.getByRole('button', { name: 'Save settings' }).hasAttribute('disabled')).toBe(true);
  type(language, 'ga-IE');
  await save();
  type(language, '');
  await save();
  expect(calls.saveConfig.map((c) => c.language ?? 'unset')).toEqual(['ga-IE', 'unset']);
});

test('a custom scale saved from a settings file is shown in the editor as it is', async () => {
  await openTracker({
    scale: [
      { id: 'fine', label: 'Fine', icon: 'green-flag', rank: 1, words: ['ok'] },
      { id: 'wobbly', label: 'Wobbly', icon: 'amber-flag', rank: 2 },
      { id: 'done', label: 'Done', icon: 'check', rank: 0, delivered: true },
    ],
  });
  expect((screen.getByLabelText<HTMLSelectElement>('Status scale')).value).toBe('custom');
  expect([1, 2, 3].map((n) => (within(status(n)).getByLabelText<HTMLInputElement>(/^Label/)).value)).toEqual(['Done', 'Fine', 'Wobbly']);
  expect(within(status(2)).getByLabelText('Words people write for it')).toHaveProperty('value', 'ok');
  expect((screen.getByLabelText<HTMLSelectElement>('Status that means delivered')).selectedOptions[0]!.textContent).toBe('Done');
  await waitFor(() => expect(within(region('Issues')).queryByText('Tracker!I6')).toBeNull());
});

test('in Excel, the scale and language are kept in the workbook\u2019s settings part and come back when the pane opens again', async () => {
  const rows = trackerWorkbook().sheets[0]!.rows.map((r) => r.map((v) => v ?? ''));
  const fake = new FakeExcel([{ name: 'Tracker', rows }]);
  const first = render(<Pane host={createExcelHost(officeWith(20), fake.run)} engine={pageEngine()} exports={noExports} />);
  await screen.findByText(/5 rows read/);
  type(screen.getByLabelText('Status scale'), 'custom');
  type(within(status(3)).getByLabelText(/^Label/), 'Slipping');
  type(screen.getByLabelText(/^Report language/), 'cy-GB');
  await waitFor(() => expect(screen.getByRole('button', { name: 'Save settings in workbook' }).hasAttribute('disabled')).toBe(false));
  await act(async () => {
    fireEvent.click(screen.getByRole('button', { name: 'Save settings in workbook' }));
  });
  await screen.findByText(/Settings saved in this workbook/);
  const parts = fake.xmlParts.filter((p) => !p.deleted);
  expect(parts).toHaveLength(1);
  const stored = settingsFromXml(parts[0]!.xml);
  expect(stored.issues).toEqual([]);
  expect(stored.settings.config.language).toBe('cy-GB');
  expect(Array.isArray(stored.settings.config.scale) && stored.settings.config.scale.map((s) => s.label)).toEqual(['Delivered', 'On track', 'Slipping']);
  first.unmount();

  render(<Pane host={createExcelHost(officeWith(20), fake.run)} engine={pageEngine()} exports={noExports} />);
  await screen.findByText(/5 rows read/);
  expect(within(status(3)).getByLabelText(/^Label/)).toHaveProperty('value', 'Slipping');
  expect(screen.getByLabelText(/^Report language/)).toHaveProperty('value', 'cy-GB');
});
