// Renders the add-in icon (a green sheet with a grid and a tick) at every size Office asks for, with Chromium:
// node scripts/make-icons.js  ->  assets/icon-<size>.png for 16, 20, 24, 32, 40, 48, 64, 80.
'use strict';
const path = require('node:path');
const { chromium } = require('playwright-core');

const SIZES = [16, 20, 24, 32, 40, 48, 64, 80];

/** Drawn on a 32-unit grid; small sizes drop the inner grid lines so the tick stays readable. */
function svg(size) {
  const grid = size >= 32
    ? '<path d="M4 13H28M4 19.5H28M12 7V27M20 7V27" stroke="#21A366" stroke-width="1.2"/>'
    : '<path d="M4 14H28" stroke="#21A366" stroke-width="1.6"/>';
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 32 32">
    <rect x="2.5" y="2.5" width="27" height="27" rx="3" fill="#FFFFFF" stroke="#107C41" stroke-width="${size <= 20 ? 2.4 : 1.8}"/>
    <path d="M2.5 5.5a3 3 0 0 1 3-3h21a3 3 0 0 1 3 3V8H2.5z" fill="#107C41"/>
    ${grid}
    <path d="M9 18.5l5 5L24 12" fill="none" stroke="#107C41" stroke-width="${size <= 20 ? 4 : 3.4}" stroke-linecap="round" stroke-linejoin="round"/>
  </svg>`;
}

async function main() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    for (const size of SIZES) {
      const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
      await page.setContent(`<html><body style="margin:0;background:transparent">${svg(size)}</body></html>`);
      await page.locator('svg').screenshot({ path: path.join(__dirname, '..', 'assets', `icon-${size}.png`), omitBackground: true });
      await page.close();
    }
  } finally {
    await browser.close();
  }
}

main().catch((e) => {
  process.stderr.write(`${e.stack}\n`);
  process.exit(1);
});
