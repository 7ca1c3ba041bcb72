// The built pane served from dist/ on localhost and opened in real Chromium; no request leaves localhost and office.js
// is answered from the npm package in place of Microsoft's CDN.
import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type BrowserContext } from 'playwright-core';

export const root = path.resolve(__dirname, '../..');
const dist = path.join(root, 'dist');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
export const OFFICE_CDN = 'https://appsforoffice.microsoft.com/lib/1/hosted/';
const OFFICE_DIST = path.join(root, 'node_modules/@microsoft/office-js/dist');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.png': 'image/png',
  '.xml': 'application/xml',
  '.txt': 'text/plain',
};

function newestMtime(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** Builds dist/ when it is missing or older than the sources it comes from. */
export function ensureBuilt(): void {
  const page = path.join(dist, 'taskpane.html');
  const sources = Math.max(newestMtime(path.join(root, 'src')), statSync(path.join(root, 'webpack.config.js')).mtimeMs, newestMtime(path.join(root, 'assets')));
  if (existsSync(page) && statSync(page).mtimeMs >= sources) return;
  execFileSync(path.join(root, 'node_modules/.bin/webpack'), ['--mode', 'production'], { cwd: root, stdio: 'pipe' });
}

export function serve(): Promise<Server> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const file = path.normalize(path.join(dist, decodeURIComponent(url.pathname)));
    if (!file.startsWith(dist) || !existsSync(file) || statSync(file).isDirectory()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

export function baseUrl(server: Server): string {
  return `http://localhost:${(server.address() as AddressInfo).port}`;
}

/** Chromium with a profile of its own; `leaving` collects every request that tried to leave localhost (and was stopped). */
export async function launchPane(leaving: string[]): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const profile = mkdtempSync(path.join(tmpdir(), 'pane-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    acceptDownloads: true,
    viewport: { width: 420, height: 900 },
    locale: 'en-GB',
  });
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    const host = new URL(url).hostname;
    if (host === 'localhost' || host === '127.0.0.1') return route.continue();
    if (url.startsWith(OFFICE_CDN)) {
      // Stands in for Microsoft's CDN: the same office.js, served from the npm package, never fetched.
      const local = path.join(OFFICE_DIST, new URL(url).pathname.slice('/lib/1/hosted/'.length));
      if (existsSync(local)) return route.fulfill({ path: local, contentType: 'text/javascript' });
      return route.fulfill({ status: 404, body: '' });
    }
    leaving.push(url);
    return route.abort();
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
