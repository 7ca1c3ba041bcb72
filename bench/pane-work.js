// The task pane at work on a big tracker, in headless Chromium (standalone mode, production build): how long the page's
// main thread is blocked (PerformanceObserver "longtask": every task over 50 ms) while it reads the file, builds the
// register, generates the report and exports Word, and how long Cancel takes to stop a build.
// Usage: node bench/pane-work.js [10k|50k|100k ...]   (BENCH_REUSE_BUILD=1 reuses bench/.out/dist)
// BENCH_PROFILE=1 also records a CPU profile of the page (Chrome DevTools Protocol) and prints each long task with the
// functions that took most of it (bench/.out/pane-<size>.cpuprofile keeps the profile for DevTools). BENCH_SCREENSHOT=1
// saves the pane after Build register as bench/.out/pane-<size>.png. BENCH_TRACE=1 records a DevTools trace of Generate report
// and prints each of its long tasks with the browser work in it (style, layout, paint: how long, how many elements).
// BENCH_CPU_SLOWDOWN=4 runs the page's main thread 4 times slower (DevTools CPU throttling), as on a loaded machine.
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
      // Each message from the worker that takes over 30 ms to take in: what it was, and how long copying it and handling it took.
      window.__slowMessages = [];
      const set = Object.getOwnPropertyDescriptor(Worker.prototype, 'onmessage').set;
      Object.defineProperty(Worker.prototype, 'onmessage', {
        configurable: true,
        set(fn) {
          set.call(this, (e) => {
            const t0 = performance.now();
            const d = e.data;
            const t1 = performance.now();
            fn(e);
            const t2 = performance.now();
            if (t2 - t0 > 30) {
              const what = d && d.piece ? `${d.piece.kind}${d.piece.items ? ` x${d.piece.items.length}` : ''}` : Object.keys(d ?? {}).join(',');
              window.__slowMessages.push({ at: Math.round(t0), what, copyMs: Math.round(t1 - t0), handleMs: Math.round(t2 - t1) });
            }
          });
        },
      });
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, ms: e.duration });
      }).observe({ type: 'longtask', buffered: true });
    });
    if (process.env.BENCH_CPU_SLOWDOWN) {
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: Number(process.env.BENCH_CPU_SLOWDOWN) });
    }
    await page.goto(`${base}/taskpane.html`);
    await page.waitForSelector('html[data-mode="file"]', { timeout: 30_000 });
    const profiler = process.env.BENCH_PROFILE ? await startProfile(page) : undefined;

    const steps = [];
    /** Runs one step and records the long tasks that started during it. */
    const step = async (name, work) => {
      const t0 = await page.evaluate(() => performance.now());
      await work();
      const t1 = await page.evaluate(() => performance.now());
      const tasks = await page.evaluate(([a, b]) => window.__longTasks.filter((t) => t.start >= a && t.start < b), [t0, t1]);
      const longest = tasks.reduce((m, t) => Math.max(m, t.ms), 0);
      const blocked = tasks.reduce((n, t) => n + t.ms, 0);
      // The five longest, to tell one long block from many middling ones.
      const top = tasks.map((t) => Math.round(t.ms)).sort((a, b) => b - a).slice(0, 5);
      steps.push({ step: name, ms: Math.round(t1 - t0), longTasks: tasks.length, longestMs: Math.round(longest), blockedMs: Math.round(blocked), top });
      if (profiler) profiler.mark(name, t0, t1);
    };
    const timeout = 600_000;
    // Waits with a plain DOM check every 100 ms: Playwright's role and text locators poll by computing ARIA roles over
    // the page on its main thread (up to 0.2 s a poll at 100k rows), which the long-task count would charge to the pane.
    const shows = (check) => page.waitForFunction(check, null, { polling: 100, timeout });
    /** A step's button by its text or accessible name, found with a plain DOM query (see above), then clicked as a user would. */
    const button = async (region, name) => {
      const handle = await page.evaluateHandle(
        ([r, n]) =>
          [...document.querySelectorAll(`section[aria-label="${r}"] button`)].find((b) => (b.textContent ?? '').trim() === n || b.getAttribute('aria-label') === n) ?? null,
        [region, name],
      );
      const el = handle.asElement();
      if (!el) throw new Error(`no button "${name}" in ${region}`);
      return el;
    };
    const inRegion = (region, pattern) =>
      page.waitForFunction(([r, p]) => new RegExp(p).test(document.querySelector(`section[aria-label="${r}"]`)?.textContent ?? ''), [region, pattern], { polling: 20, timeout });

    await step('read the file and check it (engine in the worker)', async () => {
      await page.locator('#open-workbook').setInputFiles(file);
      await shows(() => /rows read:/.test(document.querySelector('main')?.textContent ?? ''));
    });
    await step('report preview on screen', async () => {
      await shows(() => document.querySelector('[role="document"][aria-label="Report preview"]') !== null);
    });
    await step('Build register (register.xlsx)', async () => {
      const b = await button('Build register', 'Build register');
      await Promise.all([page.waitForEvent('download', { timeout }), b.click()]);
      await shows(() => [...document.querySelectorAll('a')].some((a) => (a.textContent ?? '').trim() === 'Download register.xlsx'));
    });
    // The pane as the user sees it after a build (bench/.out/pane-<size>.png), to look at.
    if (process.env.BENCH_SCREENSHOT) await page.screenshot({ path: path.join(__dirname, '.out', `pane-${label}.png`), fullPage: true });
    if (process.env.BENCH_TRACE) await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8'] });
    await step('Generate report (register.xlsx + .docx)', async () => {
      const b = await button('Report', 'Generate report');
      await Promise.all([page.waitForEvent('download', { timeout }), b.click()]);
      await shows(() => [...document.querySelectorAll('a')].some((a) => /\.docx/.test(a.textContent ?? '')));
    });
    if (process.env.BENCH_TRACE) traceReport(JSON.parse((await browser.stopTracing()).toString('utf8')), label);
    // After Generate report: the pane, and the preview scrolled down its report (it must still show and scroll).
    if (process.env.BENCH_SCREENSHOT) {
      await page.screenshot({ path: path.join(__dirname, '.out', `pane-${label}-report.png`), fullPage: true });
      const preview = page.locator('[role="document"][aria-label="Report preview"]');
      const scrolled = await preview.evaluate((el) => {
        el.scrollTop = 1500;
        return el.scrollTop;
      });
      await preview.screenshot({ path: path.join(__dirname, '.out', `pane-${label}-preview.png`) });
      process.stderr.write(`${JSON.stringify({ previewScrolledTo: scrolled })}\n`);
    }
    await step('Export Word report', async () => {
      const b = await button('Report', 'Export Word report');
      await Promise.all([page.waitForEvent('download', { timeout }), b.click()]);
    });

    // Cancel: start a build, press Cancel as soon as it shows, time until the pane says it was cancelled.
    let cancelMs = null;
    await step('Cancel pressed during Build register', async () => {
      await (await button('Build register', 'Build register')).click();
      const shown = await page
        .waitForFunction(() => document.querySelector('button[aria-label="Cancel: Building the register"]') !== null, null, { polling: 20, timeout: 20_000 })
        .then(() => true, () => false);
      if (!shown) return;
      const cancel = await button('Build register', 'Cancel: Building the register').catch(() => null);
      const clicked = await page.evaluate(() => performance.now());
      // A small tracker's build can finish before the click lands: then there is nothing to time.
      if (cancel && (await cancel.click({ timeout: 5_000 }).then(() => true, () => false))) {
        await inRegion('Build register', 'cancelled\\. No file was made');
        cancelMs = Math.round((await page.evaluate(() => performance.now())) - clicked);
      }
    });
    if (errors.length) throw new Error(`the pane threw: ${errors[0]}`);
    if (process.env.BENCH_PROFILE) process.stderr.write(`slow messages: ${JSON.stringify(await page.evaluate(() => window.__slowMessages))}\n`);
    if (profiler) await profiler.report(label);
    // The machine's load while this size ran (1-minute average): figures from a busy machine read high.
    return { label, rows, steps, cancelMs, longestMs: Math.max(...steps.map((s) => s.longestMs)), load1: Number(os.loadavg()[0].toFixed(2)) };
  } finally {
    await context.close();
    await browser.close();
    server.close();
  }
}

/**
 * A sampling CPU profile of the page's main thread, cut at the long tasks the page saw: each long task is charged to the
 * functions with the most self time in it and to the frames under which its time went.
 */
async function startProfile(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  await cdp.send('Profiler.start');
  // The profile's clock is not the page's: its start is taken as this moment of the page's clock (a few ms off at most).
  const startedAt = await page.evaluate(() => performance.now());
  const marks = [];
  return {
    /** A step ran from t0 to t1 (the page's clock); its long tasks are printed under its name. */
    mark(name, t0, t1) {
      marks.push({ name, t0, t1 });
    },
    async report(label) {
      const { profile } = await cdp.send('Profiler.stop');
      fs.mkdirSync(path.join(__dirname, '.out'), { recursive: true });
      fs.writeFileSync(path.join(__dirname, '.out', `pane-${label}.cpuprofile`), JSON.stringify(profile));
      const tasks = await page.evaluate(() => window.__longTasks);
      for (const t of tasks) {
        if (t.start < startedAt) continue;
        const step = marks.find((m) => t.start >= m.t0 && t.start < m.t1)?.name ?? 'between steps';
        process.stderr.write(`${JSON.stringify({ step, atMs: Math.round(t.start), ms: Math.round(t.ms), ...charge(profile, t.start - startedAt, t.start - startedAt + t.ms) })}\n`);
      }
    },
  };
}

/**
 * The renderer's main-thread tasks over 50 ms in a DevTools trace, each with the browser's own work in it: the time per
 * kind of event (style recalculation, layout, paint, script, garbage collection) and, for style and layout, how many
 * elements or layout objects were redone.
 */
function traceReport(trace, label) {
  const events = trace.traceEvents ?? trace;
  fs.mkdirSync(path.join(__dirname, '.out'), { recursive: true });
  fs.writeFileSync(path.join(__dirname, '.out', `pane-${label}.trace.json`), JSON.stringify(events));
  const main = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  if (!main) return;
  const onMain = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && typeof e.dur === 'number');
  const tasks = onMain.filter((e) => e.name === 'RunTask' && e.dur > 50_000);
  // Over the whole step: how often and how long the page was styled, laid out and painted (a paint event can hold another).
  const sum = {};
  for (const name of ['UpdateLayoutTree', 'Layout', 'Paint']) {
    const all = onMain.filter((e) => e.name === name);
    const outer = all.filter((e) => !all.some((o) => o !== e && o.ts <= e.ts && o.ts + o.dur >= e.ts + e.dur));
    sum[name] = { count: outer.length, ms: Math.round(outer.reduce((n, e) => n + e.dur, 0) / 1000), longestMs: Math.round(outer.reduce((m, e) => Math.max(m, e.dur), 0) / 1000) };
  }
  process.stderr.write(`${JSON.stringify({ trace: label, step: 'Generate report', ...sum })}\n`);
  const kinds = ['UpdateLayoutTree', 'Layout', 'PrePaint', 'Paint', 'Layerize', 'UpdateLayer', 'Commit', 'FunctionCall', 'EvaluateScript', 'v8.callFunction',
    'MinorGC', 'MajorGC', 'V8.GC_SCAVENGER', 'HitTest', 'ParseHTML', 'EventDispatch', 'TimerFire', 'FireAnimationFrame', 'v8.run', 'ScheduleStyleRecalculation'];
  for (const t of tasks) {
    const inside = onMain.filter((e) => e !== t && e.ts >= t.ts && e.ts + e.dur <= t.ts + t.dur);
    const by = {};
    for (const e of inside) if (kinds.includes(e.name) || /GC/.test(e.name)) by[e.name] = Math.round(((by[e.name] ?? 0) + e.dur / 1000) * 10) / 10;
    const detail = inside
      .filter((e) => (e.name === 'UpdateLayoutTree' || e.name === 'Layout' || e.name === 'Paint') && e.dur > 5_000)
      .map((e) => ({ name: e.name, ms: Math.round(e.dur / 1000), ...(e.args?.elementCount !== undefined ? { elements: e.args.elementCount } : {}),
        ...(e.args?.beginData?.dirtyObjects !== undefined ? { dirty: e.args.beginData.dirtyObjects, total: e.args.beginData.totalObjects, partial: e.args.beginData.partialLayout } : {}),
        ...(e.args?.data?.clip ? { clip: e.args.data.clip } : {}), ...(e.args?.data?.nodeId !== undefined ? { node: e.args.data.nodeId } : {}) }));
    process.stderr.write(`${JSON.stringify({ trace: label, ms: Math.round(t.dur / 1000), by, detail })}\n`);
  }
}

/** Where the profile's time went between `fromMs` and `toMs` after its start. */
function charge(profile, fromMs, toMs) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const name = (n) => `${n.callFrame.functionName || '(anon)'}${n.callFrame.url ? ` ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber + 1}` : ''}`;
  const self = new Map();
  const under = new Map();
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i];
    const at = (t - profile.startTime) / 1000;
    if (at < fromMs || at >= toMs) continue;
    const dt = profile.timeDeltas[i + 1] ?? 0;
    const node = byId.get(profile.samples[i]);
    self.set(name(node), (self.get(name(node)) ?? 0) + dt);
    const frames = new Set();
    for (let cur = node.id; cur !== undefined; cur = parent.get(cur)) frames.add(name(byId.get(cur)));
    for (const f of frames) under.set(f, (under.get(f) ?? 0) + dt);
  }
  const top = (m, n) => [...m].sort((x, y) => y[1] - x[1]).slice(0, n).map(([f, us]) => `${Math.round(us / 1000)} ${f}`);
  return { self: top(self, 8), total: top(under, 30) };
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
