// The task pane at work on a big tracker, in headless Chromium (standalone mode, production build): how long the page's
// main thread is blocked (PerformanceObserver "longtask": every task over 50 ms) while it reads the file, builds the
// register, generates the report and exports Word, and how long Cancel takes to stop a build.
// Usage: node bench/pane-work.js [10k|50k|100k ...]   (BENCH_REUSE_BUILD=1 reuses bench/.out/dist)
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { generateTracker } = require('./generate-tracker');
const { SIZES } = require('./sizes');
const { buildPaneOnce, serve, CHROMIUM, CHROMIUM_FLAGS, DIST } = require('./pane');

async function measureWork(label) {
  const size = SIZES.find((s) => s.label === label);
  if (!size) throw new Error(`unknown size ${label}; one of ${SIZES.map((s) => s.label).join(', ')}`);
  const rows = size.rows;
  const file = await generateTracker(rows, label);
  const { chromium } = require('playwright-core');
  const server = await serve(DIST);
  const base = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 420, height: 900 } });
  try {
    const page = await context.newPage();
    await page.route(/appsforoffice\.microsoft\.com/, (route) => route.abort('internetdisconnected'));
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.addInitScript(() => {
      window.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, ms: e.duration });
      }).observe({ type: 'longtask', buffered: true });
    });
    await page.goto(`${base}/taskpane.html`);
    await page.waitForSelector('html[data-mode="file"]', { timeout: 30_000 });

    const steps = [];
    /** Runs one step and records the long tasks that started during it. */
    const step = async (name, work) => {
      const t0 = await page.evaluate(() => performance.now());
      await work();
      const t1 = await page.evaluate(() => performance.now());
      const tasks = await page.evaluate(([a, b]) => window.__longTasks.filter((t) => t.start >= a && t.start < b), [t0, t1]);
      const longest = tasks.reduce((m, t) => Math.max(m, t.ms), 0);
      const blocked = tasks.reduce((n, t) => n + t.ms, 0);
      steps.push({ step: name, ms: Math.round(t1 - t0), longTasks: tasks.length, longestMs: Math.round(longest), blockedMs: Math.round(blocked) });
    };
    const timeout = 600_000;
    // Waits with a plain DOM check every 100 ms: Playwright's role and text locators poll by computing ARIA roles over
    // the page on its main thread (up to 0.2 s a poll at 100k rows), which the long-task count would charge to the pane.
    const shows = (check) => page.waitForFunction(check, null, { polling: 100, timeout });
    const build = page.getByRole('region', { name: 'Build register' });
    const report = page.getByRole('region', { name: 'Report' });

    await step('read the file and check it (engine in the worker)', async () => {
      await page.getByLabel('Open workbook').setInputFiles(file);
      await shows(() => /rows read:/.test(document.querySelector('main')?.textContent ?? ''));
    });
    await step('report preview on screen', async () => {
      await shows(() => document.querySelector('[role="document"][aria-label="Report preview"]') !== null);
    });
    await step('Build register (register.xlsx)', async () => {
      await Promise.all([page.waitForEvent('download', { timeout }), build.getByRole('button', { name: 'Build register' }).click()]);
      await shows(() => [...document.querySelectorAll('a')].some((a) => (a.textContent ?? '').trim() === 'Download register.xlsx'));
    });
    await step('Generate report (register.xlsx + .docx)', async () => {
      await Promise.all([page.waitForEvent('download', { timeout }), report.getByRole('button', { name: 'Generate report' }).click()]);
      await shows(() => [...document.querySelectorAll('a')].some((a) => /\.docx/.test(a.textContent ?? '')));
    });
    await step('Export Word report', async () => {
      await Promise.all([page.waitForEvent('download', { timeout }), report.getByRole('button', { name: 'Export Word report' }).click()]);
    });

    // Cancel: start a build, press Cancel as soon as it shows, time until the pane says it was cancelled.
    await build.getByRole('button', { name: 'Build register' }).click();
    const cancel = build.getByRole('button', { name: 'Cancel: Building the register' });
    let cancelMs = null;
    if (await cancel.waitFor({ timeout: 20_000 }).then(() => true, () => false)) {
      const clicked = await page.evaluate(() => performance.now());
      // A small tracker's build can finish before the click lands: then there is nothing to time.
      if (await cancel.click({ timeout: 5_000 }).then(() => true, () => false)) {
        await build.getByText(/cancelled\. No file was made/).waitFor({ timeout });
        cancelMs = Math.round((await page.evaluate(() => performance.now())) - clicked);
      }
    }
    if (errors.length) throw new Error(`the pane threw: ${errors[0]}`);
    // The machine's load while this size ran (1-minute average): figures from a busy machine read high.
    return { label, rows, steps, cancelMs, longestMs: Math.max(...steps.map((s) => s.longestMs)), load1: Number(os.loadavg()[0].toFixed(2)) };
  } finally {
    await context.close();
    await browser.close();
    server.close();
  }
}

module.exports = { measureWork };

if (require.main === module) {
  (async () => {
    const labels = process.argv.slice(2).filter((a) => !a.startsWith('--'));
    buildPaneOnce();
    for (const label of labels.length ? labels : ['10k', '50k']) process.stdout.write(JSON.stringify(await measureWork(label)) + '\n');
  })().catch((e) => {
    process.stderr.write(`${e.stack}\n`);
    process.exit(1);
  });
}
