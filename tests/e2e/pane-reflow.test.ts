// The pane at the narrowest width Office gives a task pane (320 px), in real Chromium: after each step of the flow nothing
// runs off the right edge (no sideways scrolling, WCAG 1.4.10), and the own-scale editor's fields sit inside their box.
import type { Server } from 'node:http';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { baseUrl, ensureBuilt, launchPane, root, serve } from './pane-browser';

const WIDTH = 320;

/** Elements whose right edge passes the pane's, outside boxes that scroll on their own (the issues list, the preview). */
async function overflowing(page: Page): Promise<string[]> {
  return page.evaluate((width) => {
    const found: string[] = [];
    const scrolls = (e: Element) => {
      for (let p = e.parentElement; p; p = p.parentElement) {
        const s = getComputedStyle(p);
        if (/(auto|scroll|hidden)/.test(s.overflowX) && p !== document.body && p !== document.documentElement) return true;
      }
      return false;
    };
    for (const e of Array.from(document.body.querySelectorAll('*'))) {
      const r = e.getBoundingClientRect();
      if (r.width === 0 || r.right <= width + 0.5 || scrolls(e)) continue;
      found.push(`${e.tagName.toLowerCase()}${e.getAttribute('aria-label') ? `[${e.getAttribute('aria-label')}]` : ''} right edge at ${Math.round(r.right)}: ${(e.textContent ?? '').trim().slice(0, 60)}`);
    }
    if (document.documentElement.scrollWidth > width) found.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} px wide`);
    return found;
  }, WIDTH);
}

describe(`the pane at ${WIDTH} px wide`, () => {
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
    await page.setViewportSize({ width: WIDTH, height: 900 });
  }, 240_000);

  afterAll(async () => {
    await closeBrowser?.();
    await new Promise((r) => server?.close(r));
  });

  test('opened, a file read (mapping, settings, issues, preview), register built, report generated', async () => {
    await page.goto(`${base}/taskpane.html`);
    await page.waitForSelector('html[data-mode="file"]', { timeout: 15_000 });
    expect(await overflowing(page)).toEqual([]);
    await page.getByLabel('Open workbook').setInputFiles(path.join(root, 'samples/met-tracker-2017-18.xlsx'));
    await page.getByRole('region', { name: 'Report' }).getByRole('document', { name: 'Report preview' }).waitFor();
    expect(await overflowing(page)).toEqual([]);
    const build = page.getByRole('region', { name: 'Build register' });
    await Promise.all([page.waitForEvent('download'), build.getByRole('button', { name: 'Build register' }).click()]);
    await build.getByRole('link', { name: 'Download register.xlsx' }).waitFor();
    expect(await overflowing(page)).toEqual([]);
    const report = page.getByRole('region', { name: 'Report' });
    await Promise.all([page.waitForEvent('download'), report.getByRole('button', { name: 'Generate report' }).click()]);
    await report.getByRole('link', { name: /Download report-Q4-2017-18\.docx/ }).waitFor();
    expect(await overflowing(page)).toEqual([]);
  });

  test('changes shown, then your own scale being edited, with a problem shown', async () => {
    const report = page.getByRole('region', { name: 'Report' });
    await report.getByLabel('Compare with…').setInputFiles(path.join(root, 'tests/fixtures/compare/q3-2017-18.csv'));
    await report.getByTestId('changes-line').waitFor();
    expect(await overflowing(page)).toEqual([]);

    const source = page.getByRole('region', { name: 'Source' });
    await source.getByLabel('Status scale').selectOption('custom');
    await source.getByRole('button', { name: 'Add status' }).click();
    const added = source.getByRole('group', { name: /^Status 4/ });
    await added.getByText('Give the status a label.').waitFor();
    expect(await overflowing(page)).toEqual([]);
    // Each field's control inside the status's box.
    const box = (await added.boundingBox())!;
    const icon = (await added.getByRole('combobox').first().boundingBox())!;
    expect(icon.x + icon.width).toBeLessThanOrEqual(box.x + box.width);
    const label = (await added.getByRole('textbox').first().boundingBox())!;
    expect(label.x + label.width).toBeLessThanOrEqual(box.x + box.width);
    expect(leaving).toEqual([]);
  });
});
