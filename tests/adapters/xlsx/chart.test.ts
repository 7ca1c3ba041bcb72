// The report layout's chart as a native chart part: openpyxl and LibreOffice read it as the stacked bar chart the
// Office adapter adds in Excel (one series per status column, the priorities as categories, the status colours).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { unzipSync } from 'fflate';
import type { LayoutCell, SheetLayout } from '../../../src/render/sheet-layout';
import { writeWorkbook } from '../../../src/adapters/xlsx/write-workbook';
import { convertWithSoffice } from './soffice';

const TMP = mkdtempSync(path.join(tmpdir(), 'xlsx-chart-'));

function reportLayout(name = 'Q4 2017-18 Report'): SheetLayout {
  const rows: LayoutCell[][] = [
    ['Quarterly report'],
    ['Priority', 'Delivered', 'On track', 'Some delay'],
    ['A safer city', 5, { formula: 'COUNTIFS(A1:A2,"x")', result: 3 }, 1],
    ['A fairer city', 2, 4, 0],
    ['All', 7, 7, 1],
  ];
  return {
    name,
    columnWidths: [30, 12, 12, 12],
    rows,
    styles: [],
    merges: [],
    validations: [],
    iconRules: [],
    chart: { kind: 'barStacked', title: 'Milestones due this quarter & <status>', data: { top: 1, left: 0, bottom: 3, right: 3 }, series: [{ name: 'Delivered', color: '2E7D32' }, { name: 'On track', color: '43A047' }, { name: 'Some delay', color: 'F57C00' }], anchor: { top: 6, left: 0, bottom: 20, right: 5 } },
  };
}

test('openpyxl reads the chart: a stacked bar chart, three coloured series over the priorities, titled', async () => {
  const { bytes, sheetNames } = await writeWorkbook(null, [reportLayout("Bob's report")]);
  const file = path.join(TMP, 'chart.xlsx');
  writeFileSync(file, bytes);
  const out = execFileSync('/usr/bin/python3', [
    '-c',
    `import openpyxl, json, sys
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb[sys.argv[2]]
ch = ws._charts[0]
title = ''.join(r.t for p in ch.title.tx.rich.p for r in (p.r or []))
anchor = ch.anchor._from
print(json.dumps({'count': len(ws._charts), 'type': type(ch).__name__, 'barDir': ch.type, 'grouping': ch.grouping, 'overlap': ch.overlap,
  'title': title, 'anchor': [anchor.col, anchor.row],
  'categoryOrder': ch.x_axis.scaling.orientation, 'valueAxisCrosses': ch.y_axis.crosses,
  'series': [{'name': s.tx.strRef.f, 'values': s.val.numRef.f, 'categories': s.cat.strRef.f, 'colour': str(s.spPr.solidFill.srgbClr)} for s in ch.series]}))`,
    file,
    sheetNames[0]!,
  ]);
  const chart = JSON.parse(out.toString('utf8'));
  expect(chart).toEqual({
    count: 1,
    type: 'BarChart',
    barDir: 'bar',
    grouping: 'stacked',
    overlap: 100,
    title: 'Milestones due this quarter & <status>',
    anchor: [0, 6],
    // The priorities read top-down as in the tables (a bar chart's default puts the first at the bottom), and the
    // value axis crosses after the last one, under the bars.
    categoryOrder: 'maxMin',
    valueAxisCrosses: 'max',
    series: [
      { name: "'Bob''s report'!$B$2", values: "'Bob''s report'!$B$3:$B$4", categories: "'Bob''s report'!$A$3:$A$4", colour: '2E7D32' },
      { name: "'Bob''s report'!$C$2", values: "'Bob''s report'!$C$3:$C$4", categories: "'Bob''s report'!$A$3:$A$4", colour: '43A047' },
      { name: "'Bob''s report'!$D$2", values: "'Bob''s report'!$D$3:$D$4", categories: "'Bob''s report'!$A$3:$A$4", colour: 'F57C00' },
    ],
  });
  const parts = unzipSync(bytes);
  for (const [name, data] of Object.entries(parts)) {
    if (!/\.(xml|rels)$/.test(name)) continue;
    const f = path.join(TMP, name.replace(/[^\w.-]/g, '_'));
    writeFileSync(f, data);
    const r = spawnSync('xmllint', ['--noout', f], { encoding: 'utf8' });
    expect([name, r.stderr]).toEqual([name, '']);
  }
});

test('LibreOffice reads the chart (it keeps it when it saves the workbook again) and the sheet around it', () => {
  return writeWorkbook(null, [reportLayout()]).then(({ bytes }) => {
    const dir = path.join(TMP, 'lo');
    mkdirSync(dir);
    const file = path.join(dir, 'chart.xlsx');
    writeFileSync(file, bytes);
    const out = path.join(dir, 'out');
    mkdirSync(out);
    const again = unzipSync(readFileSync(convertWithSoffice(file, 'xlsx:Calc MS Excel 2007 XML', out)));
    const charts = Object.keys(again).filter((n) => /^xl\/charts\/chart\d+\.xml$/.test(n));
    expect(charts).toHaveLength(1);
    const xml = new TextDecoder().decode(again[charts[0]!]);
    expect(xml).toContain('<c:barDir val="bar"/>');
    expect(xml).toContain('<c:grouping val="stacked"/>');
    expect(xml).toContain('Milestones due this quarter &amp; &lt;status&gt;');
    expect((xml.match(/<c:ser>/g) ?? []).length).toBe(3);
    expect(xml).toMatch(/<c:catAx>.*<c:orientation val="maxMin"\/>.*<\/c:catAx>/s);
    expect(xml).toMatch(/<c:valAx>.*<c:crosses val="max"\/>.*<\/c:valAx>/s);
  });
}, 180000);
