// The task pane: first-paint JavaScript (gzipped) from a production build, and time to interactive in headless Chromium.
'use strict';

const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const zlib = require('node:zlib');
const { spawnSync } = require('node:child_process');

const ROOT = path.resolve(__dirname, '..');
const DIST = path.join(__dirname, '.out', 'dist');
const CHROMIUM = '/usr/bin/chromium';
// Flags that keep Chromium off the (closed) network; from shared/guide/toolchain.md.
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const RUNS = 3;

/** `npm run build`'s webpack production build, into bench/.out/dist so the team's dist/ is left alone. */
function buildPane() {
  const webpack = path.join(ROOT, 'node_modules', 'webpack-cli', 'bin', 'cli.js');
  const r = spawnSync(process.execPath, [webpack, '--mode', 'production', '--output-path', DIST], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`the production build failed:\n${r.stdout.slice(-4000)}${r.stderr.slice(-2000)}`);
}

/** Scripts the page loads before first paint: the <script src> tags of the built HTML that come from dist/. */
function entryScripts(htmlFile) {
  const html = fs.readFileSync(path.join(DIST, htmlFile), 'utf8');
  // Minified HTML may leave the attribute unquoted.
  return [...html.matchAll(/<script\b[^>]*\bsrc=(?:"([^"]+)"|'([^']+)'|([^\s>]+))/g)]
    .map((m) => m[1] ?? m[2] ?? m[3])
    .filter((src) => !/^https?:/.test(src));
}

function gzipSize(file) {
  return zlib.gzipSync(fs.readFileSync(file)).length;
}

function measureBundle() {
  const entries = entryScripts('taskpane.html');
  const entrySet = new Set(entries.map((e) => path.normalize(e)));
  const js = fs.readdirSync(DIST).filter((f) => f.endsWith('.js'));
  const lazy = js.filter((f) => !entrySet.has(path.normalize(f)) && !f.startsWith('commands.'));
  const size = (files) => files.reduce((n, f) => n + fs.statSync(path.join(DIST, f)).size, 0);
  const gz = (files) => files.reduce((n, f) => n + gzipSize(path.join(DIST, f)), 0);
  return {
    entries: entries.map((f) => ({ file: f, bytes: fs.statSync(path.join(DIST, f)).size, gzip: gzipSize(path.join(DIST, f)) })),
    entryBytes: size(entries),
    entryGzip: gz(entries),
    lazy: lazy.map((f) => ({ file: f, bytes: fs.statSync(path.join(DIST, f)).size, gzip: gzipSize(path.join(DIST, f)) })),
  };
}

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.png': 'image/png', '.xml': 'application/xml', '.css': 'text/css' };

/** A tiny static server for dist/ on 127.0.0.1 (no compression, no cache headers: the same for both pages). */
function serve(dir) {
  const server = http.createServer((req, res) => {
    const p = path.normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    const file = path.join(dir, p);
    if (!file.startsWith(dir) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function measureInteractive() {
  const { chromium } = require('playwright-core');
  fs.writeFileSync(path.join(DIST, 'blank.html'), '<!doctype html><html><head><meta charset="utf-8"><title>blank</title></head><body></body></html>\n');
  const server = await serve(DIST);
  const base = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
  try {
    const timings = { blank: [], pane: [] };
    let loadedBeforeInteractive = [];
    for (let i = 0; i < RUNS; i++) {
      for (const page of ['blank', 'pane']) {
        const context = await browser.newContext();
        const tab = await context.newPage();
        // office.js comes from Microsoft's CDN, unreachable here: fail it at once, as offline (standalone mode).
        await tab.route(/appsforoffice\.microsoft\.com/, (route) => route.abort('internetdisconnected'));
        const errors = [];
        const scripts = [];
        tab.on('requestfinished', (req) => {
          const u = new URL(req.url());
          if (u.origin === base && u.pathname.endsWith('.js')) scripts.push(u.pathname.slice(1));
        });
        tab.on('pageerror', (e) => errors.push(e.message));
        if (page === 'blank') {
          await tab.goto(`${base}/blank.html`, { waitUntil: 'load' });
          timings.blank.push(await tab.evaluate(() => performance.getEntriesByType('navigation')[0].loadEventEnd));
        } else {
          await tab.goto(`${base}/taskpane.html`, { waitUntil: 'commit' });
          // Interactive: an enabled control of the pane is on screen and the main thread answers an animation frame.
          const handle = await tab.waitForFunction(
            () => {
              const el = document.querySelector('#root button:not([disabled]), #root input:not([disabled])');
              return el && el.getBoundingClientRect().height > 0 ? performance.now() : false;
            },
            null,
            { polling: 'raf', timeout: 15000 },
          );
          timings.pane.push(await handle.jsonValue());
          loadedBeforeInteractive = [...new Set(scripts)];
          if (errors.length) throw new Error(`the pane threw: ${errors[0]}`);
        }
        await context.close();
      }
    }
    const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    return { runs: RUNS, blankMs: median(timings.blank), paneMs: median(timings.pane), all: timings, loadedBeforeInteractive };
  } finally {
    await browser.close();
    server.close();
  }
}

let built = false;
/** The production build into bench/.out/dist, once per process (BENCH_REUSE_BUILD=1 keeps an earlier one). */
function buildPaneOnce() {
  if (built || (process.env.BENCH_REUSE_BUILD && fs.existsSync(path.join(DIST, 'taskpane.html')))) return;
  buildPane();
  built = true;
}

async function measurePane() {
  buildPaneOnce();
  const bundle = measureBundle();
  const interactive = await measureInteractive();
  const loaded = interactive.loadedBeforeInteractive;
  bundle.loadedBeforeInteractive = loaded.map((f) => ({ file: f, gzip: gzipSize(path.join(DIST, f)) }));
  bundle.loadedBeforeInteractiveGzip = bundle.loadedBeforeInteractive.reduce((n, f) => n + f.gzip, 0);
  return { bundle, interactive };
}

module.exports = { measurePane, buildPaneOnce, serve, CHROMIUM, CHROMIUM_FLAGS, DIST };

if (require.main === module) {
  measurePane().then(
    (r) => process.stdout.write(JSON.stringify(r) + '\n'),
    (e) => {
      process.stderr.write(`${e.stack}\n`);
      process.exit(1);
    },
  );
}
