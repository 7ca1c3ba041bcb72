// Builds the corpus workbooks this machine can produce (tests/corpus/README.md lists them and the real files
// taken from public test suites). Deterministic: fixed dates, and every zip entry's DOS time set to 1980-01-01.
// usage: node scripts/make-corpus.js   (needs Debian's python3-openpyxl and LibreOffice for two of the files)
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const ExcelJS = require('exceljs');
const XLSX = require('xlsx');
const { unzipSync, zipSync, strToU8, strFromU8 } = require('fflate');

const OUT = path.join(__dirname, '..', 'tests', 'corpus');
const FIXED = new Date(Date.UTC(2018, 3, 20, 9, 0, 0));

/** The one small tracker every built file carries: 6 milestones, all readable, none with an error. */
const TRACKER = {
  title: 'Corporate plan 2017-18: milestone tracker',
  header: ['Ref', 'Priority', 'Theme', 'Milestone', 'Owner', 'Due', 'Status', 'Progress update'],
  rows: [
    ['C1', 'Safer streets', 'Policing', 'Recruit 100 new PCSOs', 'Operations', 'Q1 2017-18', 'Complete', 'All posts filled in June.'],
    ['C2', 'Safer streets', 'Policing', 'Open two new police hubs', 'Estates', 'Q2 2017-18', 'Amber', 'Second hub delayed by planning.'],
    ['C3', 'Safer streets', 'Victims', 'Launch the victims’ hub', 'Victims services', 'Q3 2017-18', 'Green', 'On schedule for January.'],
    ['C4', 'Homes', 'Supply', 'Approve the housing strategy', 'Housing', 'Q3 2017-18', 'Delivered', 'Approved by cabinet in December.'],
    ['C5', 'Homes', 'Supply', 'Start 300 affordable homes', 'Housing', 'Q4 2017-18', 'On track', '180 started; the rest by March.'],
    ['C6', 'Homes', 'Homelessness', 'Open a winter night shelter', 'Housing', 'Q4 2017-18', 'Red', 'Site not yet secured.'],
  ],
};
const HEADER_ROW = 3; // 1-based; title in row 1, blank row 2

/** Sets every local and central DOS time/date of a zip to 1980-01-01 00:00, leaving the data as the producer wrote it. */
function fixZipTimes(buf) {
  const b = Buffer.from(buf);
  for (let i = 0; i + 4 <= b.length; i++) {
    const sig = b.readUInt32LE(i);
    if (sig === 0x04034b50) b.writeUInt32LE(0x00210000, i + 10);
    else if (sig === 0x02014b50) b.writeUInt32LE(0x00210000, i + 12);
  }
  return b;
}

/** Unpacks, lets edit() change the parts (name -> text or bytes), packs again (for the hand-made variants). */
function rewrite(buf, edit) {
  const parts = unzipSync(new Uint8Array(buf));
  edit(parts);
  const z = {};
  for (const [name, data] of Object.entries(parts)) z[name] = [data, { level: 6, mtime: new Date(1980, 0, 1) }];
  return fixZipTimes(zipSync(z));
}

function write(name, bytes) {
  fs.writeFileSync(path.join(OUT, name), bytes);
  console.log(`wrote tests/corpus/${name} (${bytes.length} bytes)`);
}

async function exceljsTracker() {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'scripts/make-corpus.js';
  wb.created = FIXED;
  wb.modified = FIXED;
  const ws = wb.addWorksheet('Tracker', { views: [{ state: 'frozen', ySplit: HEADER_ROW }] });
  ws.getCell('A1').value = TRACKER.title;
  ws.mergeCells(1, 1, 1, TRACKER.header.length);
  ws.getRow(HEADER_ROW).values = TRACKER.header;
  ws.getRow(HEADER_ROW).font = { bold: true };
  TRACKER.rows.forEach((row, i) => {
    ws.getRow(HEADER_ROW + 1 + i).values = row;
  });
  // Rich text in a milestone cell, a note (legacy comment), a list validation on the status column.
  ws.getCell('D5').value = { richText: [{ text: 'Open ' }, { font: { bold: true }, text: 'two' }, { text: ' new police hubs' }] };
  ws.getCell('H6').note = 'Checked with the victims’ services lead.';
  for (let r = HEADER_ROW + 1; r <= HEADER_ROW + TRACKER.rows.length; r++) {
    ws.getCell(r, 7).dataValidation = { type: 'list', allowBlank: true, formulae: ['"Complete,Delivered,Green,On track,Amber,Red"'] };
  }
  const notes = wb.addWorksheet('Notes', { state: 'hidden' });
  notes.getCell('A1').value = 'Statuses are agreed at the monthly board.';
  wb.definedNames.add('Tracker!$A$3:$H$9', 'TrackerData');
  return fixZipTimes(await wb.xlsx.writeBuffer());
}

function sheetjsTracker() {
  const aoa = [[TRACKER.title], [], TRACKER.header, ...TRACKER.rows];
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(aoa), 'Tracker');
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['Status'], ['Complete'], ['Green'], ['Amber'], ['Red']]), 'Lists');
  wb.Workbook = { Sheets: [{ Hidden: 0 }, { Hidden: 1 }], Names: [{ Name: 'StatusList', Ref: 'Lists!$A$2:$A$5' }] };
  wb.Props = { Author: 'scripts/make-corpus.js', CreatedDate: FIXED };
  return fixZipTimes(XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', bookSST: true, compression: true }));
}

/** A Strict Open XML tracker written by hand: purl.oclc.org namespaces and relationship types throughout. */
function strictTracker() {
  const S = 'http://purl.oclc.org/ooxml/spreadsheetml/main';
  const SR = 'http://purl.oclc.org/ooxml/officeDocument/relationships';
  const PR = 'http://schemas.openxmlformats.org/package/2006/relationships';
  const esc = (t) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const strings = [];
  const sst = (t) => {
    let i = strings.indexOf(t);
    if (i < 0) i = strings.push(t) - 1;
    return i;
  };
  const col = (c) => String.fromCharCode(65 + c);
  const grid = [[TRACKER.title], [], TRACKER.header, ...TRACKER.rows];
  const rows = grid
    .map((row, r) => (row.length === 0 ? '' : `<row r="${r + 1}">${row.map((v, c) => `<c r="${col(c)}${r + 1}" t="s"${r === 2 ? ' s="1"' : ''}><v>${sst(v)}</v></c>`).join('')}</row>`))
    .join('');
  const decl = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n';
  const parts = {
    '[Content_Types].xml': decl + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    '_rels/.rels': decl + `<Relationships xmlns="${PR}"><Relationship Id="rId1" Type="${SR}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    'xl/workbook.xml': decl + `<workbook xmlns="${S}" xmlns:r="${SR}" conformance="strict"><workbookPr dateCompatibility="0"/><bookViews><workbookView activeTab="0"/></bookViews><sheets><sheet name="Tracker" sheetId="1" r:id="rId1"/></sheets><calcPr calcId="191029"/></workbook>`,
    'xl/_rels/workbook.xml.rels': decl + `<Relationships xmlns="${PR}"><Relationship Id="rId1" Type="${SR}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${SR}/styles" Target="styles.xml"/><Relationship Id="rId3" Type="${SR}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
    'xl/worksheets/sheet1.xml': decl + `<worksheet xmlns="${S}" xmlns:r="${SR}"><dimension ref="A1:H9"/><sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="15"/><cols><col min="4" max="4" width="40" customWidth="1"/></cols><sheetData>${rows}</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>`,
    'xl/styles.xml': decl + `<styleSheet xmlns="${S}"><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`,
  };
  parts['xl/sharedStrings.xml'] = decl + `<sst xmlns="${S}" count="${strings.length}" uniqueCount="${strings.length}">${strings.map((t) => `<si><t>${esc(t)}</t></si>`).join('')}</sst>`;
  const z = {};
  for (const [name, text] of Object.entries(parts)) z[name] = [strToU8(text), { level: 6, mtime: new Date(1980, 0, 1) }];
  return fixZipTimes(zipSync(z));
}

/** LibreOffice 4's habit: .rels parts listed by Override, no Default for the extension. */
function overrideOnlyRels(buf) {
  return rewrite(buf, (parts) => {
    const rels = Object.keys(parts).filter((n) => n.endsWith('.rels'));
    let types = strFromU8(parts['[Content_Types].xml']);
    types = types.replace(/<Default Extension="rels"[^>]*\/>/, '');
    const overrides = rels.map((n) => `<Override PartName="/${n}" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>`).join('');
    parts['[Content_Types].xml'] = strToU8(types.replace('</Types>', `${overrides}</Types>`));
  });
}

/** The workbook part at xl/tracker-book.xml, found only through _rels/.rels (as OPC says readers must). */
function oddWorkbookPath(buf) {
  return rewrite(buf, (parts) => {
    parts['xl/tracker-book.xml'] = parts['xl/workbook.xml'];
    delete parts['xl/workbook.xml'];
    parts['xl/_rels/tracker-book.xml.rels'] = parts['xl/_rels/workbook.xml.rels'];
    delete parts['xl/_rels/workbook.xml.rels'];
    parts['_rels/.rels'] = strToU8(strFromU8(parts['_rels/.rels']).replace(/Target="\/?xl\/workbook\.xml"/, 'Target="xl/tracker-book.xml"'));
    parts['[Content_Types].xml'] = strToU8(strFromU8(parts['[Content_Types].xml']).replace('PartName="/xl/workbook.xml"', 'PartName="/xl/tracker-book.xml"'));
  });
}

function soffice(file, to, outDir) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'corpus-soffice-'));
  try {
    execFileSync('/usr/bin/soffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--norestore', '--convert-to', to, '--outdir', outDir, file], { stdio: 'pipe' });
  } finally {
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

async function main() {
  fs.mkdirSync(OUT, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'make-corpus-'));
  try {
    const trackerJson = path.join(tmp, 'tracker.json');
    fs.writeFileSync(trackerJson, JSON.stringify(TRACKER));
    execFileSync('/usr/bin/python3', [path.join(__dirname, 'make-corpus.py'), tmp, trackerJson], { stdio: 'inherit' });
    write('openpyxl-tracker.xlsx', fixZipTimes(fs.readFileSync(path.join(tmp, 'openpyxl-tracker.xlsx'))));

    const exceljs = await exceljsTracker();
    write('exceljs-tracker.xlsx', exceljs);
    const sheetjs = sheetjsTracker();
    write('sheetjs-tracker.xlsx', sheetjs);
    write('strict-tracker.xlsx', strictTracker());
    write('override-rels-tracker.xlsx', overrideOnlyRels(exceljs));
    write('odd-workbook-path-tracker.xlsx', oddWorkbookPath(sheetjs));

    // LibreOffice (this machine's 7.x) saving the exceljs tracker: its own parts, names and zip layout.
    const lin = path.join(tmp, 'libreoffice-tracker.xlsx');
    fs.copyFileSync(path.join(OUT, 'exceljs-tracker.xlsx'), path.join(tmp, 'in.xlsx'));
    const loDir = path.join(tmp, 'lo');
    soffice(path.join(tmp, 'in.xlsx'), 'xlsx:Calc MS Excel 2007 XML', loDir);
    fs.renameSync(path.join(loDir, 'in.xlsx'), lin);
    write('libreoffice-tracker.xlsx', fixZipTimes(fs.readFileSync(lin)));
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
