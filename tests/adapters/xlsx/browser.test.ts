// The reader and writer bundled by webpack and run in real Chromium (the task pane's standalone mode loads them there).
import * as ExcelJS from 'exceljs';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import webpack from 'webpack';
import { chromium } from 'playwright-core';
import { runsHere } from '../../tool-required';
import { at } from '../../checked';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const root = path.resolve(__dirname, '../../..');

function bundle(outDir: string): Promise<void> {
  const compiler = webpack({
    mode: 'development',
    devtool: false,
    target: 'web',
    context: root,
    entry: path.join(__dirname, 'browser-entry.ts'),
    output: { path: outDir, filename: 'adapter.js' },
    resolve: { extensions: ['.ts', '.js'], extensionAlias: { '.js': ['.ts', '.js'] } },
    module: {
      rules: [
        {
          test: /\.ts$/,
          exclude: /node_modules/,
          use: {
            loader: 'ts-loader',
            options: { transpileOnly: true, compilerOptions: { module: 'esnext', moduleResolution: 'bundler', noEmit: false } },
          },
        },
      ],
    },
    performance: { hints: false },
  });
  return new Promise((resolve, reject) =>
    compiler.run((err, stats) => {
      compiler.close(() => undefined);
      if (err) return reject(err);
      if (stats?.hasErrors()) return reject(new Error(stats.toString({ all: false, errors: true })));
      resolve();
    }),
  );
}

(runsHere(existsSync(CHROMIUM)) ? describe : describe.skip)('the xlsx adapter in Chromium', () => {
  it('reads a workbook and a Windows-1252 CSV, writes the register next to them, refuses a truncated file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'xlsx-browser-'));
    await bundle(dir);
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html><html><head><meta charset="utf-8"></head><body><script src="adapter.js"></script></body></html>');

    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Tracker');
    ws.getCell('A1').value = 'Ref';
    ws.getCell('A2').value = 'M1';
    ws.getCell('B2').value = new Date(Date.UTC(2018, 2, 31));
    ws.mergeCells('C1:D1');
    ws.getCell('C1').value = 'Merged';
    const xlsx = new Uint8Array(await wb.xlsx.writeBuffer());
    const csv = Uint8Array.from('Ref;Cost\r\nM1;"£2\r\nmore"\r\n', (ch) => (ch === '£' ? 0xa3 : ch.charCodeAt(0)));
    const files = [
      { name: 'tracker.xlsx', bytes: Array.from(xlsx) },
      { name: 'legacy.csv', bytes: Array.from(csv) },
      { name: 'cut.xlsx', bytes: Array.from(xlsx.slice(0, 300)) },
    ];

    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`file://${path.join(dir, 'index.html')}`);
      const results = (await page.evaluate((f) => (window as unknown as { runAdapter(x: unknown): Promise<unknown> }).runAdapter(f), files)) as {
        name: string;
        read: { ok: boolean; workbook?: { sheets: { name: string; rows: unknown[][]; merges: unknown[] }[] }; issues?: { code: string }[]; issue?: { code: string } };
        sheetNames?: string[];
        back?: { ok: boolean; workbook: { sheets: { name: string; rows: unknown[][] }[] } };
        inputUnchanged?: boolean;
      }[];
      expect(errors).toEqual([]);

      const [x, c, cut] = [at(results, 0), at(results, 1), at(results, 2)];
      expect(x.read.workbook?.sheets[0]?.rows).toEqual([['Ref', null, 'Merged'], ['M1', '2018-03-31T00:00:00.000Z']]);
      expect(x.read.workbook?.sheets[0]?.merges).toEqual([{ top: 0, left: 2, bottom: 0, right: 3 }]);
      expect(x.sheetNames).toEqual(['Milestone Register']);
      expect(x.back?.workbook.sheets.map((s) => s.name)).toEqual(['Tracker', 'Milestone Register']);
      expect(x.back?.workbook.sheets[1]?.rows).toEqual([['Ref', 'Milestone', 'Score'], ['M1', '=1+1', 4]]);
      expect(x.inputUnchanged).toBe(true);

      expect(c.read.workbook?.sheets[0]?.rows).toEqual([['Ref', 'Cost'], ['M1', '£2\r\nmore']]);
      expect(c.read.issues?.map((i) => i.code)).toEqual(['encoding']);
      expect(c.back?.workbook.sheets.map((s) => s.name)).toEqual(['legacy', 'Milestone Register']);
      expect(c.back?.workbook.sheets[0]?.rows).toEqual([['Ref', 'Cost'], ['M1', '£2\r\nmore']]);

      expect(cut.read).toMatchObject({ ok: false, issue: { code: 'corrupt-file' } });
    } finally {
      await browser.close();
    }
  }, 120000);
});
