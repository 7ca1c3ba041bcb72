// Writes the bad-input corpus (tests/fixtures/bad): awkward or unworkable files a user may hand the CLI.
// Deterministic: the same bytes every run (fixed zip dates, no clocks, no randomness). What each file must
// yield is stated in tests/fixtures/bad/README.md and checked by tests/cli/bad-input.test.ts.
//
//   node scripts/make-bad-fixtures.js           writes every case into tests/fixtures/bad
//   node scripts/make-bad-fixtures.js --xls     also re-makes old-format.xls with LibreOffice (its bytes
//                                               depend on the LibreOffice version, so it is committed)
//
// The test also calls writeWide() to make the 3,000-column case (76 KB) in a temp folder, kept out of git.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const zlib = require('zlib');
const { execFileSync } = require('child_process');

const ROOT = path.resolve(__dirname, '..');
const BAD = path.join(ROOT, 'tests', 'fixtures', 'bad');
const fixtureWorkbook = require('./fixture-workbook');
const { workbookBytes } = fixtureWorkbook;

const HEADER = ['Ref', 'Milestone', 'Owner', 'Due', 'Status', 'Progress update'];

const newWorkbook = () => fixtureWorkbook.newWorkbook('make-bad-fixtures');

function write(dir, name, bytes) {
  fs.writeFileSync(path.join(dir, name), bytes);
}

/** A plain tracker sheet: the header in row 1, then the rows. */
function trackerSheet(wb, name, rows, header = HEADER) {
  const ws = wb.addWorksheet(name);
  ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  return ws;
}

const GOOD_ROWS = [
  ['M1', 'Open the new custody suite', 'Estates', 'Q4 2017-18', 'Green', 'Building handed over in March.'],
  ['M2', 'Publish the victims’ charter', 'Comms', 'Q4 2017-18', 'Amber', 'Draft with legal review.'],
  ['M3', 'Recruit 40 detectives', 'HR', 'Q4 2017-18', 'Complete', 'All 40 in post.'],
];

// ---------- workbooks ----------

async function emptyWorkbook() {
  const wb = newWorkbook();
  wb.addWorksheet('Sheet1');
  return workbookBytes(wb);
}

async function headerOnly() {
  const wb = newWorkbook();
  trackerSheet(wb, 'Tracker', []);
  return workbookBytes(wb);
}

async function numbersOnly() {
  const wb = newWorkbook();
  const ws = wb.addWorksheet('Data');
  for (let r = 1; r <= 20; r++) ws.addRow([r, r * 2.5, r * r, 1000 - r, r % 7, r / 4]);
  return workbookBytes(wb);
}

async function twoStatusHeaders() {
  const wb = newWorkbook();
  trackerSheet(
    wb,
    'Tracker',
    [
      ['M1', 'Open the new custody suite', 'Estates', 'Q4 2017-18', 'Green', 'Amber', 'Handed over.'],
      ['M2', 'Publish the victims’ charter', 'Comms', 'Q4 2017-18', 'Amber', 'Red', 'With legal.'],
    ],
    ['Ref', 'Milestone', 'Owner', 'Due', 'Status', 'RAG status', 'Progress update'],
  );
  return workbookBytes(wb);
}

/** A valid tracker, cut in half: what an interrupted download or copy leaves. */
async function truncated() {
  const wb = newWorkbook();
  trackerSheet(wb, 'Tracker', GOOD_ROWS);
  const whole = await workbookBytes(wb);
  return whole.subarray(0, Math.floor(whole.length / 2));
}

/** 32,767 characters (Excel's cell limit) of varied text, deterministic. */
function longText(seed) {
  const words = ['milestone', 'delivery', 'partnership', 'review', 'borough', 'officers', 'victims', 'custody', 'training', 'estate', 'digital', 'budget', '£1.2m', 'café', '–', '“quoted”', 'Q4'];
  let s = '';
  let x = seed;
  while (s.length < 32767) {
    x = (x * 1103515245 + 12345) % 2147483648;
    s += words[x % words.length] + (x % 11 === 0 ? '.\n' : ' ');
  }
  return s.slice(0, 32766) + 'Z';
}

async function longCells() {
  const wb = newWorkbook();
  trackerSheet(wb, 'Tracker', [
    ['L1', longText(1), 'Estates', 'Q4 2017-18', 'Green', longText(2)],
    ['L2', 'A short milestone', 'HR', 'Q4 2017-18', 'Amber', 'A short update.'],
  ]);
  return workbookBytes(wb);
}

async function errorValues() {
  const wb = newWorkbook();
  const ws = trackerSheet(wb, 'Tracker', [
    ['E1', null, 'Estates', 'Q4 2017-18', 'Green', 'Milestone cell is #REF!.'],
    ['E2', 'Publish the victims’ charter', null, 'Q4 2017-18', 'Amber', 'Owner cell is #DIV/0!.'],
    ['E3', 'Recruit 40 detectives', 'HR', 'Q4 2017-18', 'Complete', 'A good row.'],
  ]);
  ws.getCell('B2').value = { error: '#REF!' }; // essential: milestone
  ws.getCell('C3').value = { formula: '1/0', result: { error: '#DIV/0!' } }; // not essential: owner
  return workbookBytes(wb);
}

/** The data in rows 1-4, nothing below until a full row in Excel's last row, 1,048,576. */
async function lastRow() {
  const wb = newWorkbook();
  const ws = trackerSheet(wb, 'Tracker', GOOD_ROWS);
  ws.getRow(1048576).values = ['M9', 'A milestone typed in the last row', 'Estates', 'Q4 2017-18', 'Green', 'Found by Ctrl+Down.'];
  return workbookBytes(wb);
}

/** 3,000 columns: the six tracker columns, then 2,994 more with a value in every row. */
async function wide() {
  const wb = newWorkbook();
  const ws = wb.addWorksheet('Wide');
  const header = [...HEADER];
  for (let c = header.length + 1; c <= 3000; c++) header.push(`Measure ${c}`);
  ws.addRow(header);
  GOOD_ROWS.forEach((r, i) => {
    const row = [...r];
    for (let c = r.length + 1; c <= 3000; c++) row.push((i + 1) * c);
    ws.addRow(row);
  });
  return workbookBytes(wb);
}

const UNICODE = [
  ['U1', 'Launch the 🚓 app for 👩🏽‍💻 staff 🇬🇧', 'Digital', 'Q4 2017-18', 'Green', 'Live ✅ — 10k downloads 📈'],
  ['U2', 'ترجمة دليل الضحايا إلى العربية', 'خدمات', 'Q4 2017-18', 'Amber', 'المسودة جاهزة (٢٠١٨)، بانتظار المراجعة.'],
  ['U3', 'תרגום המדריך לעברית', 'שירותים', 'Q4 2017-18', 'Complete', 'פורסם ב-31/03 \u200Fבאתר.'],
  ['U4', 'Mixed: English then עברית then العربية 123', 'Comms', 'Q4 2017-18', 'Green', '\u202BRTL embedding\u202C and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 outside the BMP'],
];

async function unicodeText() {
  const wb = newWorkbook();
  trackerSheet(wb, 'Tracker', UNICODE);
  return workbookBytes(wb);
}

/** A workbook that already has sheets named like the ones the CLI writes, which are not a register. */
async function existingOutputNames() {
  const wb = newWorkbook();
  trackerSheet(wb, 'Tracker', GOOD_ROWS);
  const notes = wb.addWorksheet('Milestone Register');
  notes.addRow(['Notes for the register']);
  notes.addRow(['Ask Estates about the custody suite dates.']);
  const issues = wb.addWorksheet('Issues');
  issues.addRow(['Issue', 'Raised by', 'Date raised']);
  issues.addRow(['Printer on floor 3 is broken', 'Sam', '2018-03-01']);
  return workbookBytes(wb);
}

const FORMULA_LIKE = [
  ['F1', '=SUM(A1)', 'Estates', 'Q4 2017-18', 'Green', '=SUM(A1:A9)'],
  ['F2', '+1', 'Comms', 'Q4 2017-18', 'Amber', '+44 20 7230 1212'],
  ['F3', '-1', 'HR', 'Q4 2017-18', 'Green', '-1 officer on the last count'],
  ['F4', '@x', 'Digital', 'Q4 2017-18', 'Green', '@SUM(1+1)'],
  ['F5', "=cmd|' /C calc'!A0", 'IT', 'Q4 2017-18', 'Amber', "=HYPERLINK(\"http://example.invalid\",\"click\")"],
];

async function formulaText() {
  const wb = newWorkbook();
  trackerSheet(wb, 'Tracker', FORMULA_LIKE);
  return workbookBytes(wb);
}

function formulaTextCsv() {
  const q = (s) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return Buffer.from([HEADER, ...FORMULA_LIKE].map((r) => r.map(q).join(',')).join('\r\n') + '\r\n', 'utf8');
}

/**
 * Rows 3 and 4 hidden by hand; an autofilter on A1:F7 with Status = Green shown, which hides rows 5 and 7
 * (the Amber and Complete ones), written the way Excel writes a filtered sheet.
 */
async function hiddenRows() {
  const wb = newWorkbook();
  const ws = trackerSheet(wb, 'Tracker', [
    ['H1', 'Visible milestone', 'Estates', 'Q4 2017-18', 'Green', 'Shown.'],
    ['H2', 'Hidden by hand', 'Comms', 'Q4 2017-18', 'Green', 'Row hidden.'],
    ['H3', 'Also hidden by hand', 'HR', 'Q4 2017-18', 'Green', 'Row hidden.'],
    ['H4', 'Filtered out (Amber)', 'Digital', 'Q4 2017-18', 'Amber', 'Hidden by the filter.'],
    ['H5', 'Shown by the filter', 'IT', 'Q4 2017-18', 'Green', 'Shown.'],
    ['H6', 'Filtered out (Complete)', 'Estates', 'Q4 2017-18', 'Complete', 'Hidden by the filter.'],
  ]);
  for (const r of [3, 4, 5, 7]) ws.getRow(r).hidden = true;
  ws.autoFilter = 'A1:F7';
  return workbookBytes(wb, async (zip) => {
    const file = 'xl/worksheets/sheet1.xml';
    const xml = await zip.file(file).async('string');
    const filtered = xml.replace(
      /<autoFilter ref="A1:F7"\s*\/>/,
      '<autoFilter ref="A1:F7"><filterColumn colId="4"><filters><filter val="Green"/></filters></filterColumn></autoFilter>',
    );
    if (filtered === xml) throw new Error('autoFilter element not found in the sheet XML');
    zip.file(file, filtered);
  });
}

// ---------- not workbooks ----------

function crc32(buf) {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

/** A real 8x8 PNG (a screenshot someone renamed). */
function png() {
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(8, 0);
  ihdr.writeUInt32BE(8, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const raw = [];
  for (let y = 0; y < 8; y++) {
    raw.push(0);
    for (let x = 0; x < 8; x++) raw.push(x * 32, y * 32, 128);
  }
  const idat = zlib.deflateSync(Buffer.from(raw), { level: 9 });
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', Buffer.alloc(0))]);
}

function textFile() {
  return Buffer.from('Milestones for Q4\r\nM1 Open the new custody suite - done\r\nM2 Publish the charter - late\r\n', 'utf8');
}

/**
 * The smallest well-formed OLE2 compound file shaped like a password-protected .xlsx (what Excel writes
 * when a workbook is encrypted): a root entry with "EncryptionInfo" and "EncryptedPackage" streams.
 * 512-byte sectors: header, one FAT sector, one directory sector, one mini-stream sector holding both
 * (tiny, so mini) streams' bytes, one mini-FAT sector.
 */
function passwordProtected() {
  const SECTOR = 512;
  const FREE = 0xffffffff;
  const END = 0xfffffffe;
  const FATSECT = 0xfffffffd;
  const header = Buffer.alloc(SECTOR);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(header, 0);
  header.writeUInt16LE(0x003e, 24); // minor version
  header.writeUInt16LE(0x0003, 26); // major version 3
  header.writeUInt16LE(0xfffe, 28); // little-endian
  header.writeUInt16LE(9, 30); // sector shift: 512
  header.writeUInt16LE(6, 32); // mini sector shift: 64
  header.writeUInt32LE(1, 44); // FAT sectors
  header.writeUInt32LE(1, 48); // first directory sector
  header.writeUInt32LE(4096, 56); // mini stream cutoff
  header.writeUInt32LE(3, 60); // first mini-FAT sector
  header.writeUInt32LE(1, 64); // mini-FAT sectors
  header.writeUInt32LE(END, 68); // no DIFAT sectors
  header.writeUInt32LE(0, 72); // DIFAT: FAT is sector 0
  for (let i = 1; i < 109; i++) header.writeUInt32LE(FREE, 76 + i * 4);

  // Sector 0: FAT. 0 FAT, 1 directory, 2 mini stream, 3 mini-FAT.
  const fat = Buffer.alloc(SECTOR, 0xff);
  [FATSECT, END, END, END].forEach((v, i) => fat.writeUInt32LE(v, i * 4));

  // Stream contents (in the mini stream, 64-byte mini sectors).
  const info = Buffer.alloc(64);
  info.writeUInt16LE(4, 0); // EncryptionInfo version 4.4: agile encryption
  info.writeUInt16LE(4, 2);
  info.writeUInt32LE(0x40, 4);
  Buffer.from('<?xml version="1.0"?><encryption/>', 'ascii').copy(info, 8);
  const pkg = Buffer.alloc(64);
  pkg.writeUInt32LE(4096, 0); // the decrypted size, then the ciphertext (here filler)
  for (let i = 8; i < 64; i++) pkg[i] = (i * 37) & 0xff;
  const mini = Buffer.alloc(SECTOR);
  info.copy(mini, 0);
  pkg.copy(mini, 64);
  const miniFat = Buffer.alloc(SECTOR, 0xff);
  miniFat.writeUInt32LE(END, 0);
  miniFat.writeUInt32LE(END, 4);

  // Sector 1: directory. Entries: 0 Root Entry, 1 EncryptionInfo, 2 EncryptedPackage, 3 unused.
  const dir = Buffer.alloc(SECTOR);
  const entry = (i, name, type, left, right, child, start, size, color = 1) => {
    const at = i * 128;
    const n = Buffer.from(name + '\0', 'utf16le');
    n.copy(dir, at);
    dir.writeUInt16LE(n.length, at + 64);
    dir[at + 66] = type; // 1 storage, 2 stream, 5 root
    dir[at + 67] = color; // 0 red, 1 black
    dir.writeUInt32LE(left, at + 68);
    dir.writeUInt32LE(right, at + 72);
    dir.writeUInt32LE(child, at + 76);
    dir.writeUInt32LE(start, at + 116);
    dir.writeUInt32LE(size, at + 120);
  };
  entry(0, 'Root Entry', 5, FREE, FREE, 2, 2, 128);
  entry(1, 'EncryptionInfo', 2, FREE, FREE, FREE, 0, 64, 0);
  entry(2, 'EncryptedPackage', 2, 1, FREE, FREE, 1, 64);
  for (let at = 3 * 128; at < SECTOR; at += 128) {
    dir.writeUInt32LE(FREE, at + 68);
    dir.writeUInt32LE(FREE, at + 72);
    dir.writeUInt32LE(FREE, at + 76);
  }
  return Buffer.concat([header, fat, dir, mini, miniFat]);
}

/** CSV as old Excel saves it in Western Europe: Windows-1252 bytes, semicolons, CRLF. */
function cp1252Csv() {
  const rows = [
    ['Ref', 'Milestone', 'Owner', 'Due', 'Status', 'Progress update'],
    ['C1', 'Save £250k on the estate – phase 1', 'Estates', 'Q4 2017-18', 'Green', 'Café lease ended; £260k saved.'],
    ['C2', 'Résumé of the “victims’ charter”', 'Comms', 'Q4 2017-18', 'Amber', 'Draft – awaiting legal; naïve wording fixed.'],
    ['C3', 'Train 40 staff (€ costs in Q3)', 'HR', 'Q4 2017-18', 'Complete', '40 trained — done.'],
  ];
  // Fields holding a semicolon are quoted, as Excel does.
  const text = rows.map((r) => r.map((f) => (/[;"]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f)).join(';')).join('\r\n') + '\r\n';
  const high = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';
  const bytes = [];
  for (const ch of text) {
    const code = ch.codePointAt(0);
    if (code < 0x80 || (code >= 0xa0 && code <= 0xff)) bytes.push(code);
    else {
      const i = high.indexOf(ch);
      if (i < 0) throw new Error(`not in Windows-1252: ${ch}`);
      bytes.push(0x80 + i);
    }
  }
  return Buffer.from(bytes);
}

// ---------- .xls via LibreOffice ----------

function oldXls(xlsxBytes) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bad-xls-'));
  try {
    const src = path.join(tmp, 'old-format.xlsx');
    fs.writeFileSync(src, xlsxBytes);
    execFileSync(
      'soffice',
      [`-env:UserInstallation=file://${path.join(tmp, 'profile')}`, '--headless', '--norestore', '--convert-to', 'xls', '--outdir', tmp, src],
      { stdio: 'pipe', timeout: 120000 },
    );
    return fs.readFileSync(path.join(tmp, 'old-format.xls'));
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

async function goodTracker() {
  const wb = newWorkbook();
  trackerSheet(wb, 'Tracker', GOOD_ROWS);
  return workbookBytes(wb);
}

// ---------- main ----------

const CASES = {
  'empty-workbook.xlsx': emptyWorkbook,
  'header-only.xlsx': headerOnly,
  'numbers-only.xlsx': numbersOnly,
  'two-status-headers.xlsx': twoStatusHeaders,
  'png-renamed.xlsx': png,
  'text-renamed.xlsx': textFile,
  'empty-file.xlsx': () => Buffer.alloc(0),
  'truncated.xlsx': truncated,
  'password-protected.xlsx': passwordProtected,
  'cp1252-semicolon.csv': cp1252Csv,
  'long-text-32767.xlsx': longCells,
  'error-values.xlsx': errorValues,
  'last-row.xlsx': lastRow,
  'unicode-rtl-emoji.xlsx': unicodeText,
  'existing-output-sheets.xlsx': existingOutputNames,
  'formula-text.xlsx': formulaText,
  'formula-text.csv': formulaTextCsv,
  'hidden-rows.xlsx': hiddenRows,
};

async function writeWide(dir) {
  const file = path.join(dir, 'wide-3000-columns.xlsx');
  fs.writeFileSync(file, await wide());
  return file;
}

async function main() {
  fs.mkdirSync(BAD, { recursive: true });
  for (const [name, make] of Object.entries(CASES)) write(BAD, name, await make());
  const xls = path.join(BAD, 'old-format.xls');
  if (process.argv.includes('--xls') || !fs.existsSync(xls)) write(BAD, 'old-format.xls', oldXls(await goodTracker()));
}

module.exports = { writeWide, CASES, longText, UNICODE, FORMULA_LIKE, GOOD_ROWS };

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
