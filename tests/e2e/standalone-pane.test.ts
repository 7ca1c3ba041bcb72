// The built pane in real Chromium, standalone: open a tracker, build the register, read the issues, make the report,
// export the Word file and read it back. No request may leave localhost; office.js is answered from the local package.
import { mkdirSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import * as path from 'node:path';
import * as ExcelJS from 'exceljs';
import JSZip from 'jszip';
import type { BrowserContext, Page } from 'playwright-core';
import { baseUrl, ensureBuilt, launchPane, OFFICE_CDN, root, serve } from './pane-browser';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generateTracker } = require('../../bench/generate-tracker') as { generateTracker: (rows: number, label: string) => Promise<string> };

const out = path.join(root, 'tests/.output');

const fixture = path.join(root, 'tests/fixtures/met-q4-perquarter.xlsx');
const expected = JSON.parse(readFileSync(path.join(root, 'tests/fixtures/met-q4-perquarter.expected.json'), 'utf8')) as {
  rows: { read: number; inRegister: number; withErrors: number };
  issues: { severity: string; sheet: string; cell: string; code: string }[];
  report: { summary: Record<string, number>; entries: { id: string; kind: string; update?: string }[] };
};

describe('the pane in standalone mode, in Chromium', () => {
  let server: Server;
  let context: BrowserContext;
  let page: Page;
  let base: string;
  let closeBrowser: () => Promise<void>;
  const leaving: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    ensureBuilt();
    mkdirSync(out, { recursive: true });
    server = await serve();
    base = baseUrl(server);
    ({ context, close: closeBrowser } = await launchPane(leaving));
    page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error') pageErrors.push(m.text());
    });
  }, 240_000);

  afterAll(async () => {
    await closeBrowser?.();
    await new Promise((r) => server?.close(r));
  });

  const shot = (name: string) => page.screenshot({ path: path.join(out, `pane-${name}.png`), fullPage: true });

  test('opens without Office and offers "Open workbook"', async () => {
    await page.goto(`${base}/taskpane.html`);
    await page.waitForSelector('html[data-mode="file"]', { timeout: 15_000 });
    await expect(page.getByLabel('Open workbook').isVisible()).resolves.toBe(true);
    await expect(page.getByRole('button', { name: 'Build register' }).isDisabled()).resolves.toBe(true);
    await shot('1-start');
  });

  test('reads the tracker in the browser and shows the mapping', async () => {
    await page.getByLabel('Open workbook').setInputFiles(fixture);
    const source = page.getByRole('region', { name: 'Source' });
    await source.getByText('Reading met-q4-perquarter.xlsx').waitFor();
    // The engine ran in the web worker (dist/pipeline-worker.js), not on the pane's thread.
    await page.waitForSelector('[data-engine="worker"]');
    await expect(source.getByRole('table', { name: /Column mapping/ }).isVisible()).resolves.toBe(true);
    await expect(source.getByLabel('Column for Milestone').inputValue()).resolves.toBe('');
    await expect(source.getByLabel('Column for Milestone').locator('option').first().textContent()).resolves.toBe('Milestone (auto)');
    await shot('2-source');
  });

  test('builds the register and offers register.xlsx, which holds the table', async () => {
    const build = page.getByRole('region', { name: 'Build register' });
    const { read, inRegister, withErrors } = expected.rows;
    await build.getByText(`${read} rows read: ${inRegister} go into the register, ${withErrors} have errors.`).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Build register' }).click()]);
    expect(download.suggestedFilename()).toBe('register.xlsx');
    const file = path.join(out, 'pane-register.xlsx');
    await download.saveAs(file);
    await build.getByRole('link', { name: 'Download register.xlsx' }).waitFor();
    await shot('3-built');

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Tracker', 'Milestone Register', 'Issues']);
    const reg = wb.getWorksheet('Milestone Register')!;
    const tables = (reg as unknown as { getTables(): unknown[] }).getTables();
    expect(tables).toHaveLength(1);
    let rows = 0;
    reg.eachRow(() => rows++);
    expect(rows).toBe(inRegister + 1);
  });

  test('lists every expected issue in the "Issues" region with its cell address', async () => {
    const region = page.getByRole('region', { name: 'Issues' });
    const text = await region.innerText();
    for (const i of expected.issues) expect(text).toContain(`${i.sheet}!${i.cell}`);
    const errors = expected.issues.filter((i) => i.severity === 'error').length;
    expect(text).toMatch(/Errors \(\d+\)/);
    expect(Number(/Errors \((\d+)\)/.exec(text)![1])).toBeGreaterThanOrEqual(errors);
    await region.scrollIntoViewIfNeeded();
    await region.screenshot({ path: path.join(out, 'pane-4-issues.png') });
  });

  test('defaults to the latest quarter, previews the report and generates it', async () => {
    const report = page.getByRole('region', { name: 'Report' });
    await expect(report.getByLabel('Quarter').inputValue()).resolves.toBe('Q4');
    await expect(report.getByLabel('Financial year').inputValue()).resolves.toBe('2017-18');
    const preview = report.getByRole('document', { name: 'Report preview' });
    const previewText = await preview.innerText();
    expect(previewText).toContain('Quarter 4 2017-18');
    expect(previewText).toMatch(/Q4 update on delayed Q2 milestone/);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Generate report' }).click()]);
    const file = path.join(out, 'pane-register-with-report.xlsx');
    await download.saveAs(file);
    await report.getByRole('link', { name: /Download report-Q4-2017-18\.docx/ }).waitFor();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    expect(wb.worksheets.map((w) => w.name)).toContain('Q4 2017-18 Report');
    await shot('5-report');
    await preview.evaluate((el) => ((el as HTMLElement).style.maxHeight = 'none'));
    await preview.screenshot({ path: path.join(out, 'pane-6-preview.png') });
    await preview.evaluate((el) => ((el as HTMLElement).style.maxHeight = ''));
  });

  test('exports the Word report, which reads like the preview', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export Word report' }).click()]);
    expect(download.suggestedFilename()).toBe('report-Q4-2017-18.docx');
    const file = path.join(out, 'pane-report.docx');
    await download.saveAs(file);
    const zip = await JSZip.loadAsync(readFileSync(file));
    const xml = await zip.file('word/document.xml')!.async('string');
    const text = xml.replace(/<w:tab\/>/g, '\t').replace(/<\/w:p>/g, '\n').replace(/<[^>]+>/g, '');
    expect(text).toContain('Quarter 4 2017-18');
    const withUpdate = expected.report.entries.filter((e) => e.update);
    expect(withUpdate.length).toBeGreaterThan(0);
    for (const e of withUpdate) expect(text).toContain(e.update!.replace(/&/g, '&amp;'));
  });

  test('Copy report puts the report on the clipboard as HTML with its tables', async () => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
    await page.getByRole('button', { name: 'Copy report' }).click();
    await page.getByRole('region', { name: 'Report' }).getByText(/Report copied/).waitFor();
    const clip = await page.evaluate(async () => {
      const items = await navigator.clipboard.read();
      const item = items[0]!;
      return { types: item.types, html: await (await item.getType('text/html')).text(), text: await (await item.getType('text/plain')).text() };
    });
    expect(clip.types).toEqual(expect.arrayContaining(['text/html', 'text/plain']));
    expect(clip.html).toMatch(/<table[\s>]/);
    expect(clip.html).not.toMatch(/<script/i);
    expect(clip.text).toContain('Quarter 4 2017-18');
  });

  test('changing the quarter re-runs the report for that quarter', async () => {
    const report = page.getByRole('region', { name: 'Report' });
    await report.getByLabel('Quarter').selectOption('Q3');
    await report.getByRole('document', { name: 'Report preview' }).getByText('Quarter 3 2017-18').first().waitFor();
    await report.getByLabel('Quarter').selectOption('Q4');
    await report.getByRole('document', { name: 'Report preview' }).getByText('Quarter 4 2017-18').first().waitFor();
  });

  test('"Remove generated sheets" forgets the generated files', async () => {
    await page.getByRole('button', { name: 'Remove generated sheets' }).click();
    await page.getByRole('region', { name: 'Tidy up' }).getByText(/Removed the \d+ generated files/).waitFor();
    await expect(page.getByRole('link', { name: 'Download register.xlsx' }).count()).resolves.toBe(0);
  });

  test('every step is reachable with the keyboard, in order', async () => {
    await page.locator('body').focus();
    await page.evaluate(() => window.scrollTo(0, 0));
    const names: string[] = [];
    for (let i = 0; i < 120; i++) {
      await page.keyboard.press('Tab');
      const name = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el || el === document.body) return '';
        const labelled = el.getAttribute('aria-label') ?? (el.id ? document.querySelector(`label[for="${el.id}"]`)?.textContent : null);
        return (labelled ?? el.textContent ?? '').trim();
      });
      names.push(name);
      if (name === 'Remove generated sheets') break;
    }
    const wanted = ['Open workbook', 'Build register', 'Generate report', 'Export Word report', 'Copy report', 'Remove generated sheets'];
    const positions = wanted.map((w) => names.indexOf(w));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(names).toEqual(expect.arrayContaining(['Quarter', 'Financial year', 'Report preview']));
  });

  test('works the same when office.js cannot be loaded at all (offline)', async () => {
    const offline = await context.newPage();
    await offline.route(`${OFFICE_CDN}**`, (route) => route.abort('internetdisconnected'));
    const started = Date.now();
    await offline.goto(`${base}/taskpane.html`);
    await offline.waitForSelector('html[data-mode="file"]', { timeout: 10_000 });
    expect(Date.now() - started).toBeLessThan(5_000);
    await offline.getByLabel('Open workbook').setInputFiles(path.join(root, 'samples/met-tracker-2017-18.xlsx'));
    await offline.getByRole('region', { name: 'Report' }).getByRole('document', { name: 'Report preview' }).waitFor();
    await offline.screenshot({ path: path.join(out, 'pane-demo.png'), fullPage: true });
    await offline.emulateMedia({ colorScheme: 'dark' });
    await offline.reload();
    await offline.waitForSelector('html[data-mode="file"]');
    await offline.screenshot({ path: path.join(out, 'pane-dark.png') });
    await offline.close();
  });

  test('a big tracker (10,000 rows): Cancel stops a build at once, offers no file, and the next build works', async () => {
    const big = await generateTracker(10_000, '10k');
    const tab = await context.newPage();
    tab.on('pageerror', (e) => pageErrors.push(String(e)));
    await tab.goto(`${base}/taskpane.html`);
    await tab.waitForSelector('html[data-mode="file"]', { timeout: 15_000 });
    await tab.getByLabel('Open workbook').setInputFiles(big);
    const build = tab.getByRole('region', { name: 'Build register' });
    await build.getByText(/^10000 rows read:/).waitFor({ timeout: 120_000 });
    // The preview of a long report stops early and says where the rest is.
    await expect(tab.getByRole('document', { name: 'Report preview' }).innerText()).resolves.toMatch(/The preview stops here: [\d,]+ more entries follow\./);

    let downloads = 0;
    tab.on('download', () => downloads++);
    await build.getByRole('button', { name: 'Build register' }).click();
    const cancel = build.getByRole('button', { name: 'Cancel: Building the register' });
    await cancel.click({ timeout: 10_000 });
    await build.getByText('Making register.xlsx cancelled. No file was made; your file is unchanged.').waitFor({ timeout: 10_000 });
    await build.screenshot({ path: path.join(out, 'pane-7-cancelled.png') });
    expect(downloads).toBe(0);
    await expect(build.getByRole('link', { name: 'Download register.xlsx' }).count()).resolves.toBe(0);

    const [download] = await Promise.all([tab.waitForEvent('download', { timeout: 120_000 }), build.getByRole('button', { name: 'Build register' }).click()]);
    expect(download.suggestedFilename()).toBe('register.xlsx');
    await tab.close();
  });

  test('Cancel while a big file is read (in the worker) stops the read; a damaged file gets its message; the next file reads', async () => {
    const big = await generateTracker(10_000, '10k');
    const tab = await context.newPage();
    tab.on('pageerror', (e) => pageErrors.push(String(e)));
    await tab.goto(`${base}/taskpane.html`);
    await tab.waitForSelector('html[data-mode="file"]', { timeout: 15_000 });
    await tab.getByLabel('Open workbook').setInputFiles(big);
    const source = tab.getByRole('region', { name: 'Source' });
    const build = tab.getByRole('region', { name: 'Build register' });
    await source.getByRole('button', { name: 'Cancel: Reading the file' }).click({ timeout: 10_000 });
    // Shown in the pane (and announced in its live region, outside <main>).
    const shown = tab.getByRole('main');
    await shown.getByText(`Reading ${path.basename(big)} cancelled. The file was not changed; nothing was read.`).waitFor({ timeout: 10_000 });
    await expect(build.getByRole('button', { name: 'Build register' }).isDisabled()).resolves.toBe(true);
    await expect(tab.getByText(/rows read:/).count()).resolves.toBe(0);

    const bytes = readFileSync(fixture);
    const cut = { name: 'cut.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: bytes.subarray(0, bytes.length >> 1) };
    await tab.getByLabel('Open workbook').setInputFiles(cut);
    await shown.getByText('cut.xlsx is incomplete or damaged (the file ends too early).').waitFor({ timeout: 10_000 });

    await tab.getByLabel('Open workbook').setInputFiles(fixture);
    await build.getByText(`${expected.rows.read} rows read:`).waitFor({ timeout: 60_000 });
    await expect(shown.getByText('cut.xlsx is incomplete').count()).resolves.toBe(0);
    await tab.waitForSelector('[data-engine="worker"]');
    const [download] = await Promise.all([tab.waitForEvent('download', { timeout: 60_000 }), build.getByRole('button', { name: 'Build register' }).click()]);
    expect(download.suggestedFilename()).toBe('register.xlsx');
    await tab.close();
  });

  test('no request left localhost, the CSP blocked what office.js tried, and the page raised no other errors', () => {
    expect(leaving).toEqual([]);
    const blocked = pageErrors.filter((e) => /violates the following Content Security Policy/.test(e));
    // Outside Office, office.js tries to open its telemetry frame: the page's policy must stop it before any request.
    for (const b of blocked) expect(b).toMatch(/^Framing 'https:\/\/[a-z.]+\.(oaspapps|microsoft|office)\.com\//);
    expect(pageErrors.filter((e) => !blocked.includes(e))).toEqual([]);
  });
});
