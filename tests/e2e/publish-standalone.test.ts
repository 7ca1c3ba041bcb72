// The built pane in real Chromium, standalone: Publish report downloads register.xlsx with the quarter's report inside
// (written in the web worker), the Report step lists it and says why it cannot remove it, axe-core finds nothing, and
// next quarter Compare with… that file compares with what was published; the CLI's --previous reads it too.
import { mkdirSync, promises as fs } from 'node:fs';
import type { Server } from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { pickSnapshot } from '../../src/adapters/xlsx/custom-xml-reader';
import { runCli } from '../../src/cli/main';
import { baseUrl, ensureBuilt, launchPane, root, serve } from './pane-browser';

const AXE = require.resolve('axe-core/axe.min.js');
const out = path.join(root, 'tests/.output');
const DIR = path.join(root, 'tests/fixtures/compare');

async function violations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(await fs.readFile(AXE, 'utf8'));
  await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined))));
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
    return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id} at ${n.target.join(' ')}`));
  });
}

describe('Publish report in the standalone pane, in Chromium', () => {
  let server: Server;
  let page: Page;
  let closeBrowser: () => Promise<void>;
  const leaving: string[] = [];
  const pageErrors: string[] = [];
  const published = path.join(out, 'pane-published-register.xlsx');

  beforeAll(async () => {
    ensureBuilt();
    mkdirSync(out, { recursive: true });
    server = await serve();
    const browser = await launchPane(leaving);
    closeBrowser = browser.close;
    page = await browser.context.newPage();
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    await page.goto(`${baseUrl(server)}/taskpane.html`);
    await page.waitForSelector('html[data-mode="file"]', { timeout: 15_000 });
  }, 240_000);

  afterAll(async () => {
    await closeBrowser?.();
    await new Promise((r) => server?.close(r));
  });

  const report = () => page.getByRole('region', { name: 'Report' });
  async function setPeriod(quarter: string) {
    await report().getByLabel('Quarter').selectOption(quarter);
    await report().getByRole('document', { name: 'Report preview' }).getByText(new RegExp(`Quarter ${quarter.slice(1)} `)).first().waitFor();
    await report().getByLabel('Financial year').selectOption('2017-18');
    await report().getByRole('document', { name: 'Report preview' }).getByText(`Quarter ${quarter.slice(1)} 2017-18`).first().waitFor();
  }

  test('publishes Q3: register.xlsx downloads with the report inside, and the Report step lists it', async () => {
    await page.getByLabel('Open workbook').setInputFiles(path.join(DIR, 'q3-2017-18.csv'));
    await page.waitForSelector('[data-engine="worker"]');
    await page.getByText('7 rows read: 7 go into the register, 0 have errors.').waitFor();
    await setPeriod('Q3');
    await report().getByRole('heading', { name: 'Published reports in q3-2017-18.csv' }).waitFor();

    const [download] = await Promise.all([page.waitForEvent('download'), report().getByRole('button', { name: 'Publish report' }).click()]);
    expect(download.suggestedFilename()).toBe('register.xlsx');
    await download.saveAs(published);
    await report().getByRole('heading', { name: 'Published reports in register.xlsx, published just now' }).waitFor();
    const items = await report().getByRole('list', { name: 'Published reports' }).getByRole('listitem').allInnerTexts();
    expect(items).toEqual([expect.stringMatching(/^Q3 2017-18, published \d{1,2} [A-Z][a-z]+ \d{4} \(7 rows\)$/)]);
    await expect(report().getByRole('button', { name: /^Remove/ }).count()).resolves.toBe(0);
    await report().getByText(/^This page cannot remove a published report/).waitFor();
    await expect(violations(page)).resolves.toEqual([]);
    await report().scrollIntoViewIfNeeded();
    await report().screenshot({ path: path.join(out, 'pane-7-published.png') });

    const found = pickSnapshot(new Uint8Array(await fs.readFile(published)));
    if (found.kind !== 'found') throw new Error('the downloaded register.xlsx carries no published report');
    expect(found.snapshot.period).toEqual({ quarter: 'Q3', financialYear: '2017-18' });
    expect(found.snapshot.milestones).toHaveLength(7);
  }, 60_000);

  test('next quarter: Compare with… the downloaded register.xlsx compares with what was published, as the CLI does', async () => {
    await page.getByLabel('Open workbook').setInputFiles(path.join(DIR, 'q4-2017-18.csv'));
    await report().getByRole('heading', { name: 'Published reports in q4-2017-18.csv' }).waitFor();
    await setPeriod('Q4');
    await page.locator('#compare-with').setInputFiles(published);
    const line = await report().getByTestId('changes-line').innerText();
    expect(line).toMatch(/^Comparing with pane-published-register\.xlsx \(its Q3 2017-18 report, published \d{1,2} [A-Z][a-z]+ \d{4}\)\. /);

    const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'pane-published-'));
    try {
      const lines: string[] = [];
      const code = await runCli([path.join(DIR, 'q4-2017-18.csv'), '--quarter', 'Q4', '--year', '2017-18', '--previous', published, '--out', tmp], { out: (l) => lines.push(l), err: (l) => lines.push(l), cwd: root });
      expect(code).toBe(0);
      expect(lines.join('\n')).toMatch(/compared with the report published on .* \(snapshot \d{8}T\d{9}Z\), not the file's register sheet/);
      // The pane and the CLI count the same changes.
      const counts = /Since Q3 2017-18: (.*)$/.exec(line)?.[1];
      expect(counts).toBe('2 delivered, 2 newly delayed, 1 recovered, 1 due date moved, 1 new, 1 dropped (6 in both).');
    } finally {
      await fs.rm(tmp, { recursive: true, force: true });
    }
  }, 60_000);

  test('the published register.xlsx chosen as the file: its report is listed and compared with by default', async () => {
    await page.getByLabel('Open workbook').setInputFiles(published);
    await report().getByRole('heading', { name: 'Published reports in pane-published-register.xlsx' }).waitFor();
    // The file chosen in Compare with… stays chosen until Stop comparing; only then is the file's own report offered.
    await expect(report().getByLabel('Compare with a published report').count()).resolves.toBe(0);
    await report().getByRole('button', { name: 'Stop comparing' }).click();
    await setPeriod('Q4');
    const choice = report().getByLabel('Compare with a published report');
    await expect(choice.locator('option:checked').innerText()).resolves.toMatch(/^Q3 2017-18, published /);
    await expect(report().getByTestId('changes-line').innerText()).resolves.toMatch(/^Comparing with the Q3 2017-18 report published on .*\. Since Q3 2017-18: /);
    await expect(violations(page)).resolves.toEqual([]);
    await report().screenshot({ path: path.join(out, 'pane-8-published-in-chosen-file.png') });
    expect(pageErrors).toEqual([]);
    expect(leaving).toEqual([]);
  }, 60_000);
});
