// Writes deterministic tracker workbooks of a given row count in the messy shape real trackers have (bench input).
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const ExcelJS = require('exceljs');

/** Bump when the generated content changes, so cached files in bench/.data are rebuilt. */
const GENERATOR_VERSION = 1;
const DATA_DIR = path.join(__dirname, '.data');
const FIXED_TIME = new Date(Date.UTC(2018, 3, 20, 9, 0, 0));
const HEADER_ROW = 4;
const HEADER = ['Priority', 'Theme', 'Ref', 'Milestone', 'Owner', 'Due',
  'Q1 RAG', 'Q1 update', 'Q2 RAG', 'Q2 update', 'Q3 RAG', 'Q3 update', 'Q4 RAG', 'Q4 update', 'Date completed'];

/** mulberry32: a small seeded generator, so every run writes the same cells. */
function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const VERBS = ['Deliver', 'Review', 'Roll out', 'Agree', 'Publish', 'Implement', 'Procure', 'Launch', 'Evaluate', 'Consult on',
  'Complete', 'Design', 'Pilot', 'Recruit for', 'Develop proposals for'];
const OBJECTS = ['the neighbourhood policing model', 'a new custody health service', 'the digital evidence platform',
  'the estates strategy', 'body-worn video for all frontline officers', 'a victims’ code compliance audit',
  'the safer schools partnership', 'the public access and engagement strategy', 'the workforce wellbeing plan',
  'mobile devices for response teams', 'the serious violence action plan', 'the road danger reduction programme',
  'a shared contact centre', 'the hate crime reporting service', 'the cyber resilience programme'];
const SCOPES = ['across all boroughs', 'in the two pathfinder areas', 'with partner agencies', 'for the whole workforce',
  'subject to funding', 'in line with the business plan', 'with the Mayor’s Office', 'by the end of the financial year'];
const UPDATES = ['Scoping agreed with partners.', 'Business case approved by the board.', 'Procurement under way; tenders due next month.',
  'Pilot running in two areas; evaluation in preparation.', 'Recruitment started; 40% of posts filled.',
  'Delayed by a dependency on the IT programme; revised date agreed.', 'Consultation closed with 1,200 responses.',
  'Delivered as planned and handed over to business as usual.', 'Awaiting sign-off from the steering group.',
  'Training materials drafted and tested with users.', 'Funding confirmed for the next phase.',
  'Contract awarded; mobilisation started.', 'Slippage of one quarter because of supplier delays.'];
const OWNERS = ['Frontline Policing', 'Specialist Crime', 'Digital Policing', 'Strategy & Governance', 'People',
  'Finance', 'Commercial', 'Property Services', 'Professionalism', 'Met Operations'];
const PRIORITIES = ['A safer city for all', 'Protecting children and young people', 'Tackling violent crime',
  'Standing together against extremism', 'Better criminal justice for London', 'A modern, efficient service',
  'Keeping London moving', 'Supporting our people'];
const THEMES = ['Neighbourhoods', 'Victims', 'Technology', 'Estates', 'Workforce', 'Partnerships', 'Prevention', 'Justice'];
// Mixed status words, with the rough weights people use them; two are not on any scale (issues with suggestions).
const STATUS_WORDS = [['Green', 20], ['Amber', 10], ['Red', 3], ['Complete', 8], ['Completed', 4], ['On track', 12],
  ['Delayed', 6], ['At risk', 3], ['✓', 2], ['Done', 2], ['Behind', 2], ['Achieved', 1], ['TBC', 0.3], ['Paused', 0.3]];

function pick(rand, xs) {
  return xs[Math.floor(rand() * xs.length)];
}

function weighted(rand, pairs) {
  const total = pairs.reduce((n, [, w]) => n + w, 0);
  let x = rand() * total;
  for (const [v, w] of pairs) {
    x -= w;
    if (x < 0) return v;
  }
  return pairs[pairs.length - 1][0];
}

/** The due cell in one of the ways trackers write it; mostly 2017-18, some earlier milestones still open. */
function dueCell(rand) {
  const q = 1 + Math.floor(rand() * 4);
  const earlier = rand() < 0.15;
  const fy = earlier ? '2016-17' : '2017-18';
  const startYear = earlier ? 2016 : 2017;
  const kind = rand();
  if (kind < 0.35) return { value: `Q${q}`, date: false };
  if (kind < 0.6) return { value: `Q${q} ${fy}`, date: false };
  if (kind < 0.7) return { value: `Quarter ${q}`, date: false };
  if (kind < 0.78) return { value: `Q${q} ${fy.slice(2, 4)}/${fy.slice(5)}`, date: false };
  // A real date at the end of the quarter's last month (Q1 = Apr-Jun).
  const monthIndex = 3 + q * 3 - 1; // 0-based month counted from January of the start year
  const year = startYear + Math.floor(monthIndex / 12);
  const month = monthIndex % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return { value: new Date(Date.UTC(year, month, lastDay)), date: true };
}

/** Sentences joined to a typical length from the vocabulary. */
function updateText(rand, min, max) {
  const n = min + Math.floor(rand() * (max - min + 1));
  const parts = [];
  for (let i = 0; i < n; i++) parts.push(pick(rand, UPDATES));
  return parts.join(' ');
}

/** Syllables of the made-up words of `proseText`. */
const SYLLABLES = ['ba', 'ce', 'di', 'fo', 'gu', 'ha', 'je', 'ki', 'lo', 'mu', 'na', 'pe', 'qui', 'ro', 'su', 'ta', 've', 'wi', 'xo', 'yu', 'za', 'str', 'pla', 'gre', 'tho', 'ment', 'tion', 'ing', 'er', 'al'];

/**
 * Sentences of words drawn from 20,000 made-up words (and a number now and then), about as long as updateText's
 * but deflating about as real prose does (2.3x, where updateText's repeated sentences deflate 20x).
 */
function proseText(rand, vocabulary, min, max) {
  const n = min + Math.floor(rand() * (max - min + 1));
  const sentences = [];
  for (let i = 0; i < n; i++) {
    const words = [];
    for (let j = 3 + Math.floor(rand() * 6); j > 0; j--) words.push(rand() < 0.05 ? String(Math.floor(rand() * 10000)) : vocabulary[Math.floor(rand() * vocabulary.length)]);
    const s = words.join(' ');
    sentences.push(`${s[0].toUpperCase()}${s.slice(1)}.`);
  }
  return sentences.join(' ');
}

/**
 * Text as Word leaves it when it is pasted in: a possessive's apostrophe curly (’) and a dash between sentences an en
 * dash (–). One such character makes V8 keep the whole string at two bytes a character, not one.
 */
function typographic(text, rand) {
  return text.replace(/\. (?=[A-Z])/g, (m) => (rand() < 0.15 ? ' – ' : m)).replace(/([a-z]{4,}) /g, (m, w) => (rand() < 0.04 ? `${w}’s ` : m));
}

function madeUpWords(rand, n) {
  const out = [];
  for (let i = 0; i < n; i++) {
    let w = '';
    for (let k = 2 + Math.floor(rand() * 3); k > 0; k--) w += SYLLABLES[Math.floor(rand() * SYLLABLES.length)];
    out.push(w);
  }
  return out;
}

/**
 * Writes bench/.data/tracker-<label>.xlsx with `rows` milestone rows (plus title rows, blank rows, a repeated
 * header now and then and merged priority blocks). Reuses the file when it was written by this version.
 * longText: every progress update 10-16 sentences (about 650 characters) instead of 1-3, the "hidden tracker with long
 * progress text" (100k rows: about 17 MB, 237 MB unzipped). prose: the same with proseText (100k rows: 86 MB, 228 MB
 * unzipped), text that deflates as real prose does.
 */
async function generateTracker(rows, label, { force = false, longText = false, prose = false, typo = false, inline = false } = {}) {
  fs.mkdirSync(DATA_DIR, { recursive: true });
  const file = path.join(DATA_DIR, `tracker-${label}.xlsx`);
  const stamp = `${file}.v${GENERATOR_VERSION}-${rows}${longText ? '-long' : ''}${prose ? '-prose' : ''}${typo ? '-typo' : ''}${inline ? '-inline' : ''}`;
  if (!force && fs.existsSync(file) && fs.existsSync(stamp)) return file;
  for (const f of fs.readdirSync(DATA_DIR)) if (f.startsWith(`tracker-${label}.xlsx.`)) fs.unlinkSync(path.join(DATA_DIR, f));

  const rand = seededRandom(20171 + rows);
  const vocabulary = prose ? madeUpWords(seededRandom(2018), 20_000) : [];
  const typoRand = seededRandom(2019);
  const longUpdate = () => {
    const text = prose ? proseText(rand, vocabulary, 10, 16) : updateText(rand, 10, 16);
    return typo ? typographic(text, typoRand) : text;
  };
  // Written under a name of this process's own, then renamed: test files running in parallel may all ask for the same
  // tracker at once, and none may read another's half-written file.
  const partial = path.join(DATA_DIR, `.partial-${process.pid}-tracker-${label}.xlsx`);
  // inline: each text in its cell (t="inlineStr"), as exceljs's streaming writer does by default, not shared strings.
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: partial, useSharedStrings: !inline, useStyles: true });
  wb.creator = 'bench/generate-tracker';
  wb.created = FIXED_TIME;
  wb.modified = FIXED_TIME;
  const ws = wb.addWorksheet('Tracker', { views: [{ state: 'frozen', ySplit: HEADER_ROW }] });
  ws.columns = [18, 18, 9, 60, 18, 12, 9, 40, 9, 40, 9, 40, 9, 40, 12].map((width) => ({ width }));

  ws.getCell('A1').value = `National business plan 2017-18: milestone tracker (${rows.toLocaleString('en-GB')} milestones)`;
  ws.getCell('A1').font = { bold: true, size: 14 };
  ws.mergeCells(1, 1, 1, HEADER.length);
  ws.getCell('A2').value = 'Owner: Strategy & Governance. Updates as at end of March 2018.';
  const header = ws.getRow(HEADER_ROW);
  header.values = HEADER;
  header.font = { bold: true };
  for (let r = 1; r <= HEADER_ROW; r++) ws.getRow(r).commit();

  let r = HEADER_ROW + 1;
  let written = 0;
  let block = 0;
  while (written < rows) {
    // One priority block of 20-80 milestones, its priority cell merged down the block.
    const size = Math.min(rows - written, 20 + Math.floor(rand() * 61));
    const priority = `${PRIORITIES[block % PRIORITIES.length]} (${Math.floor(block / PRIORITIES.length) + 1})`;
    const first = r;
    const blockRows = [];
    let theme = null;
    for (let i = 0; i < size; i++) {
      const row = ws.getRow(r);
      if (i === 0) row.getCell(1).value = priority;
      if (i === 0 || rand() < 0.12) {
        theme = `${pick(rand, THEMES)} ${1 + Math.floor(rand() * 9)}`;
        row.getCell(2).value = theme; // blank below: the theme fills down
      }
      row.getCell(3).value = `P${block + 1}.${i + 1}`;
      const missingText = rand() < 0.003;
      if (!missingText) row.getCell(4).value = `${pick(rand, VERBS)} ${pick(rand, OBJECTS)} ${pick(rand, SCOPES)}`;
      row.getCell(5).value = pick(rand, OWNERS);
      const due = dueCell(rand);
      row.getCell(6).value = due.value;
      if (due.date) row.getCell(6).numFmt = 'dd/mm/yyyy';
      // Per-quarter RAG and update, the later quarters more often filled.
      let delivered = false;
      for (let q = 0; q < 4; q++) {
        if (rand() < 0.25 - q * 0.05) continue;
        const status = delivered ? 'Complete' : weighted(rand, STATUS_WORDS);
        if (/^(complete|completed|done|achieved|✓)$/i.test(status)) delivered = true;
        row.getCell(7 + q * 2).value = status;
        if (rand() < 0.93) row.getCell(8 + q * 2).value = longText ? longUpdate() : updateText(rand, 1, 3);
      }
      if (delivered && rand() < 0.5) row.getCell(15).value = new Date(Date.UTC(2017, 3 + Math.floor(rand() * 12), 1 + Math.floor(rand() * 28)));
      if (row.getCell(15).value) row.getCell(15).numFmt = 'dd/mm/yyyy';
      blockRows.push(row);
      r++;
      written++;
    }
    if (size > 1) ws.mergeCells(first, 1, r - 1, 1);
    ws.getCell(first, 1).alignment = { vertical: 'top', wrapText: true };
    for (const row of blockRows) row.commit();
    block++;
    // A blank row between some blocks, and the header repeated now and then (pasted-together trackers).
    if (block % 7 === 0) r++;
    if (block % 97 === 0 && written < rows) {
      ws.getRow(r).values = HEADER;
      ws.getRow(r).commit();
      r++;
    }
  }
  ws.commit();
  await wb.commit();
  fs.renameSync(partial, file);
  fs.writeFileSync(stamp, '');
  return file;
}

module.exports = { generateTracker, DATA_DIR };

if (require.main === module) {
  const typo = process.argv.includes('--typographic');
  const prose = typo || process.argv.includes('--prose');
  const longText = prose || process.argv.includes('--long-text');
  const inline = process.argv.includes('--inline');
  const sizes = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  if (sizes.length === 0) {
    process.stderr.write('usage: node bench/generate-tracker.js [--long-text | --prose | --typographic] 1000 [10000 ...]  (--long-text: tracker-<n>k-long.xlsx; --prose: long text that deflates as prose does, tracker-<n>k-prose.xlsx; --typographic: the same with curly apostrophes and en dashes, tracker-<n>k-typo.xlsx; --inline with any of them: each text in its cell, not shared, tracker-<n>k-...-inline.xlsx)\n');
    process.exit(2);
  }
  (async () => {
    for (const s of sizes) {
      const n = Number(s);
      const label = (n >= 1000 ? `${n / 1000}k` : String(n)) + (typo ? '-typo' : prose ? '-prose' : longText ? '-long' : '') + (inline ? '-inline' : '');
      const t = process.hrtime.bigint();
      const file = await generateTracker(n, label, { force: true, longText, prose, typo, inline });
      process.stdout.write(`${file}: ${n} rows, ${(fs.statSync(file).size / 1e6).toFixed(1)} MB, ${(Number(process.hrtime.bigint() - t) / 1e9).toFixed(1)} s\n`);
    }
  })().catch((e) => {
    process.stderr.write(`${e.stack}\n`);
    process.exit(1);
  });
}
