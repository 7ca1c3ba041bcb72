// The pane held to the published documents' standard: axe-core, in Chromium, finds no violation after each step of the
// flow (opened, file read, register built, report generated, changes shown), in the light and the dark theme.
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { baseUrl, ensureBuilt, launchPane, root, serve } from './pane-browser';

const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const out = path.join(root, 'tests/.output');

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; html: string; failureSummary?: string }[];
}

/** axe-core's WCAG 2.1 A/AA rules and its best practices, on the whole page; one line per violation and element. */
async function violations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, which the page's script policy (no inline scripts) does not govern.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
  // Colours are judged as they settle: a button fading from disabled to enabled is between the two for 100 ms.
  await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined))));
  const found = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: Violation[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, html: n.html, failureSummary: n.failureSummary })) }));
  });
  return found.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${v.help} at ${n.target.join(' ')}: ${n.html.slice(0, 160)} ${(n.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 200)}`));
}

describe('the pane passes axe-core at every step', () => {
  let server: Server;
  let page: Page;
  let base: string;
  let closeBrowser: () => Promise<void>;
  const leaving: string[] = [];

  beforeAll(async () => {
    ensureBuilt();
    server = await serve();
    base = baseUrl(server);
    const browser = await launchPane(leaving);
    closeBrowser = browser.close;
    page = await browser.context.newPage();
  }, 240_000);

  afterAll(async () => {
    await closeBrowser?.();
    await new Promise((r) => server?.close(r));
  });

  test('opened, before any file', async () => {
    await page.goto(`${base}/taskpane.html`);
    await page.waitForSelector('html[data-mode="file"]', { timeout: 15_000 });
    expect(await violations(page)).toEqual([]);
    await expect(page.getByRole('main').count()).resolves.toBe(1);
  });

  test('a file read: the mapping, the build step and the issues shown', async () => {
    await page.getByLabel('Open workbook').setInputFiles(path.join(root, 'samples/met-tracker-2017-18.xlsx'));
    await page.getByRole('region', { name: 'Report' }).getByRole('document', { name: 'Report preview' }).waitFor();
    expect(await violations(page)).toEqual([]);
  });

  test('register built', async () => {
    const build = page.getByRole('region', { name: 'Build register' });
    await Promise.all([page.waitForEvent('download'), build.getByRole('button', { name: 'Build register' }).click()]);
    await build.getByRole('link', { name: 'Download register.xlsx' }).waitFor();
    expect(await violations(page)).toEqual([]);
  });

  test('report generated', async () => {
    const report = page.getByRole('region', { name: 'Report' });
    await Promise.all([page.waitForEvent('download'), report.getByRole('button', { name: 'Generate report' }).click()]);
    await report.getByRole('link', { name: /Download report-Q4-2017-18\.docx/ }).waitFor();
    expect(await violations(page)).toEqual([]);
    await page.screenshot({ path: path.join(out, 'pane-accessible.png'), fullPage: true });
  });

  test('changes shown: Compare with… a previous quarter\'s file, the changes line and the preview\'s section', async () => {
    // A tracker and the same tracker a quarter earlier (tests/fixtures/compare), so every list of the section has entries.
    await page.getByLabel('Open workbook').setInputFiles(path.join(root, 'tests/fixtures/compare/q4-2017-18.csv'));
    const report = page.getByRole('region', { name: 'Report' });
    await report.getByRole('document', { name: 'Report preview' }).waitFor();
    await report.getByLabel('Compare with…').setInputFiles(path.join(root, 'tests/fixtures/compare/q3-2017-18.csv'));
    await report.getByTestId('changes-line').waitFor();
    await report.getByRole('document', { name: 'Report preview' }).getByRole('heading', { name: /^Changes since / }).waitFor();
    expect(await violations(page)).toEqual([]);
    await page.screenshot({ path: path.join(out, 'pane-accessible-changes.png'), fullPage: true });
  });

  test('settings: your own status scale being edited (a problem shown next to its field) and the report language', async () => {
    const source = page.getByRole('region', { name: 'Source' });
    await source.getByLabel('Status scale').selectOption('custom');
    await source.getByRole('button', { name: 'Add status' }).click();
    await source.getByRole('group', { name: /^Status 4/ }).getByText('Give the status a label.').waitFor();
    await source.getByLabel(/^Report language/).fill('cy-GB');
    expect(await violations(page)).toEqual([]);
    await source.screenshot({ path: path.join(out, 'pane-own-scale.png') });
  });

  test('the same in the dark theme', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.reload();
    await page.waitForSelector('html[data-mode="file"]');
    await page.getByLabel('Open workbook').setInputFiles(path.join(root, 'samples/met-tracker-2017-18.xlsx'));
    await page.getByRole('region', { name: 'Report' }).getByRole('document', { name: 'Report preview' }).waitFor();
    expect(await violations(page)).toEqual([]);
    await page.getByLabel('Open workbook').setInputFiles(path.join(root, 'tests/fixtures/compare/q4-2017-18.csv'));
    const report = page.getByRole('region', { name: 'Report' });
    await report.getByRole('document', { name: 'Report preview' }).getByRole('heading', { name: /^Business plan milestones/ }).waitFor();
    await report.getByLabel('Compare with…').setInputFiles(path.join(root, 'tests/fixtures/compare/q3-2017-18.csv'));
    await report.getByTestId('changes-line').waitFor();
    expect(await violations(page)).toEqual([]);
    await page.screenshot({ path: path.join(out, 'pane-accessible-dark.png'), fullPage: true });
    expect(leaving).toEqual([]);
  });
});
