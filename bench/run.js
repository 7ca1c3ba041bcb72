// `npm run bench`: CLI vs the streaming floor and the read+write baseline, the core alone, the Office adapter and the task pane, printed as tables.
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { generateTracker } = require('./generate-tracker');
const { SIZES, LONG_TEXT, MORE_LONG_TEXT } = require('./sizes');

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(__dirname, '.out');
const TIME = '/usr/bin/time';

/** Runs a node script under /usr/bin/time -v: wall time, CPU time and peak resident memory. */
function timed(args) {
  const t = process.hrtime.bigint();
  const r = spawnSync(TIME, ['-v', process.execPath, ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const wallMs = Number(process.hrtime.bigint() - t) / 1e6;
  const num = (label) => Number(new RegExp(`${label}: ([\\d.]+)`).exec(r.stderr)?.[1]);
  if (r.status !== 0) return { failed: failure(args, r), wallMs, peakMb: num('Maximum resident set size \\(kbytes\\)') / 1024 };
  return {
    wallMs,
    cpuMs: (num('User time \\(seconds\\)') + num('System time \\(seconds\\)')) * 1000,
    peakMb: num('Maximum resident set size \\(kbytes\\)') / 1024,
    stdout: r.stdout,
  };
}

/** A failed measurement is a result too: its last line of error output, printed in the tables. */
/** The run of median CPU time (a failed run, if any, stands for the set: it is what the tables must show). */
function medianRun(runs) {
  const failed = runs.find((r) => r.failed);
  if (failed) return failed;
  const sorted = [...runs].sort((a, b) => a.cpuMs - b.cpuMs);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

function failure(args, r) {
  const lines = r.stderr.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('…') && !/^(Command being timed|Exit status|[A-Z][a-z ()/]+: )/.test(l));
  return `${path.basename(args[0])} exit ${r.status ?? r.signal}: ${lines.find((l) => /error|heap|memory|Maximum/i.test(l)) ?? lines[lines.length - 1] ?? ''}`.slice(0, 300);
}

function nodeJson(args, { env = {}, nodeArgs = [] } = {}) {
  const r = spawnSync(process.execPath, [...nodeArgs, ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, ...env } });
  if (r.status !== 0) return { failed: failure(args, r), ...partialSteps(r.stderr) };
  try {
    return JSON.parse(r.stdout.trim().split('\n').pop());
  } catch (e) {
    return { failed: `${path.basename(args[0])} printed no JSON result: ${e.message}` };
  }
}

/** The steps bench/stages.js finished before it failed (it prints one line per step). */
function partialSteps(stderr) {
  const ms = {};
  const cpuMs = {};
  const peakMb = {};
  for (const m of stderr.matchAll(/^(.+): ([\d.]+) s \(CPU ([\d.]+) s\), peak so far (\d+) MB$/gm)) {
    ms[m[1]] = Number(m[2]) * 1000;
    cpuMs[m[1]] = Number(m[3]) * 1000;
    peakMb[m[1]] = Number(m[4]);
  }
  return Object.keys(ms).length ? { ms, cpuMs, peakMb } : {};
}

const s = (ms) => (ms === undefined || Number.isNaN(ms) ? 'n/a' : (ms / 1000).toFixed(2));
const mb = (v) => (v === undefined || Number.isNaN(v) ? 'n/a' : v.toFixed(0));
const kb = (bytes) => (bytes / 1024).toFixed(0);
const x = (a, b) => (Number.isFinite(a / b) ? `${(a / b).toFixed(2)}x` : 'n/a');

function table(header, rows) {
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
  for (const r of rows) lines.push(`| ${r.join(' | ')} |`);
  return lines.join('\n');
}

async function main() {
  if (!fs.existsSync(TIME)) {
    throw new Error(`${TIME} is missing; install it with \`apt-get install -y time\` (Debian/Ubuntu package "time").`);
  }
  const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const repeat = Math.max(1, Number(process.argv.find((a) => a.startsWith('--repeat='))?.slice(9) ?? 1) || 1);
  const skip = new Set(process.argv.slice(2).filter((a) => a.startsWith('--skip-')).map((a) => a.slice(7)));
  // The long-text 100k tracker runs after the plain sizes (by default, or when named; --skip-long leaves it out).
  // The prose-like and typographic ones only when named.
  const all = [...(skip.has('long') ? SIZES : [...SIZES, LONG_TEXT]), ...MORE_LONG_TEXT.filter((z) => only.includes(z.label))];
  const sizes = only.length ? all.filter((z) => only.includes(z.label)) : all;
  fs.mkdirSync(OUT, { recursive: true });
  const log = (line) => process.stderr.write(`${line}\n`);

  log('Building the CLI (npm run build:cli)…');
  const build = spawnSync('npm', ['run', 'build:cli'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`npm run build:cli failed:\n${build.stdout}${build.stderr}`);

  const results = { machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memGb: Math.round(os.totalmem() / 2 ** 30), node: process.version }, sizes: [] };

  // Sizes one after another (2 cores, shared machine): baseline, CLI, then the steps in-process.
  for (const size of sizes) {
    log(`${size.label}: generating the tracker…`);
    const input = await generateTracker(size.rows, size.label, { longText: Boolean(size.longText), prose: Boolean(size.prose), typo: Boolean(size.typo), inline: Boolean(size.inline) });
    const outDir = path.join(OUT, `cli-${size.label}`);
    fs.rmSync(outDir, { recursive: true, force: true });
    // Floor and CLI alternate, --repeat=N times (default 1): on a shared machine each pair runs under about the same load.
    const floorRuns = [];
    const cliRuns = [];
    for (let i = 0; i < repeat; i++) {
      log(`${size.label}: streaming floor${repeat > 1 ? ` (${i + 1} of ${repeat})` : ''}…`);
      floorRuns.push(timed([path.join(__dirname, 'floor.js'), input, path.join(OUT, `floor-${size.label}`)]));
      if (i < repeat - 1) {
        log(`${size.label}: CLI (${i + 1} of ${repeat})…`);
        cliRuns.push(timed([path.join(ROOT, 'bin', 'milestones.js'), input, '--out', outDir]));
      }
    }
    const floor = medianRun(floorRuns);
    // The full-load baseline (exceljs's Workbook.xlsx.load) is the older yardstick; --skip-baseline saves its minutes.
    let baseline = { skipped: true };
    if (!skip.has('baseline')) {
      log(`${size.label}: baseline…`);
      baseline = timed([path.join(__dirname, 'baseline.js'), input, path.join(OUT, `baseline-${size.label}`)]);
    }
    log(`${size.label}: CLI${repeat > 1 ? ` (${repeat} of ${repeat})` : ''}…`);
    cliRuns.push(timed([path.join(ROOT, 'bin', 'milestones.js'), input, '--out', outDir]));
    const cli = medianRun(cliRuns);
    log(`${size.label}: steps…`);
    const stages = nodeJson([path.join(__dirname, 'stages.js'), input]);
    const pairs = floorRuns.map((f, i) => ({ floor: { ...f, stdout: undefined }, cli: { ...cliRuns[i], stdout: undefined } }));
    const entry = { ...size, inputMb: fs.statSync(input).size / 1e6, floor: { ...floor, stdout: undefined }, baseline: { ...baseline, stdout: undefined }, cli: { ...cli, stdout: undefined }, pairs, stages, loadAvg: os.loadavg() };
    results.sizes.push(entry);
    fs.writeFileSync(path.join(OUT, 'results.json'), JSON.stringify(results, null, 2));
  }

  const big = sizes.filter((z) => !z.longText).pop();
  if (!skip.has('office') && big) {
    log(`Office adapter on ${big.label} rows through the recording fake…`);
    const input = await generateTracker(big.rows, big.label);
    results.office = { size: big.label, lib: 'lib', ...nodeJson([path.join(__dirname, 'office.js'), input]) };
  }
  if (!skip.has('pane')) {
    log('Task pane: production build and headless Chromium…');
    results.pane = nodeJson([path.join(__dirname, 'pane.js')]);
  }
  if (!skip.has('pane-work')) {
    // The same production build (pane.js just made it), at work on the bigger trackers.
    results.paneWork = sizes.filter((z) => z.rows >= 10_000 && !z.longText).map((z) => {
      log(`Task pane at work on ${z.label} rows in headless Chromium…`);
      return nodeJson([path.join(__dirname, 'pane-work.js'), z.label], { env: skip.has('pane') ? {} : { BENCH_REUSE_BUILD: '1' } });
    });
  }
  fs.writeFileSync(path.join(OUT, 'results.json'), JSON.stringify(results, null, 2));
  printResults(results);
}

function printResults(r) {
  const out = [];
  const m = r.machine;
  out.push(`Machine: ${m.cpus} cores (${m.cpu}), ${m.memGb} GB, Node ${m.node}. Load average at the end: ${os.loadavg().map((l) => l.toFixed(2)).join(', ')}.`);
  const run = (t) => (t.failed ? `failed (${s(t.wallMs)} s)` : s(t.wallMs));
  const plain = r.sizes.filter((z) => !z.longText);
  const cliRows = (key) =>
    plain.filter((z) => !z.baseline.skipped).map((z) => {
      const c = z[key];
      return [z.label, z.inputMb.toFixed(1), s(z.baseline.wallMs), run(c), c.failed ? 'n/a' : x(c.wallMs, z.baseline.wallMs),
        s(z.baseline.cpuMs), c.failed ? 'n/a' : s(c.cpuMs), c.failed ? 'n/a' : x(c.cpuMs, z.baseline.cpuMs), mb(z.baseline.peakMb), mb(c.peakMb)];
    });
  const cliHeader = ['rows', 'input MB', 'baseline wall s', 'CLI wall s', 'wall ratio', 'baseline CPU s', 'CLI CPU s', 'CPU ratio', 'baseline peak MB', 'CLI peak MB'];
  const growth = (key) => {
    const withBaseline = plain.filter((z) => !z.baseline.skipped);
    const a = withBaseline[0];
    const b = withBaseline[withBaseline.length - 1];
    if (withBaseline.length < 2) return [];
    const ok = (t) => !t.failed;
    return ['', `Growth ${a.label} -> ${b.label} (${b.rows / a.rows}x rows): baseline time ${x(b.baseline.wallMs, a.baseline.wallMs)}, memory ${x(b.baseline.peakMb, a.baseline.peakMb)}; ` +
      `CLI time ${ok(a[key]) && ok(b[key]) ? x(b[key].wallMs, a[key].wallMs) : 'n/a (a run failed)'}, memory ${x(b[key].peakMb, a[key].peakMb)}${ok(b[key]) ? '' : ' (up to the failure)'}.`];
  };
  out.push('');
  out.push('## 0. CLI end to end vs the streaming floor (bench/floor.js: exceljs stream reader -> stream writer, two sheets of the cells)');
  out.push(table(
    ['rows', 'input MB', 'floor wall s', 'CLI wall s', 'wall ratio', 'floor CPU s', 'CLI CPU s', 'CPU ratio', 'floor peak MB', 'CLI peak MB', 'load avg (1 min) after'],
    r.sizes.map((z) => {
      const f = z.floor;
      const c = z.cli;
      const both = !f.failed && !c.failed;
      return [z.label, z.inputMb.toFixed(1), run(f), run(c), both ? x(c.wallMs, f.wallMs) : 'n/a', f.failed ? 'n/a' : s(f.cpuMs), c.failed ? 'n/a' : s(c.cpuMs),
        both ? x(c.cpuMs, f.cpuMs) : 'n/a', mb(f.peakMb), mb(c.peakMb), z.loadAvg ? z.loadAvg[0].toFixed(2) : 'n/a'];
    }),
  ));
  // With --repeat: the table holds each program's median-CPU run; every pair (floor, then CLI) is listed too.
  for (const z of r.sizes.filter((y) => (y.pairs?.length ?? 0) > 1)) {
    const pair = (p) => (p.floor.failed || p.cli.failed ? 'failed' : `${s(p.floor.cpuMs)} / ${s(p.cli.cpuMs)} s CPU = ${x(p.cli.cpuMs, p.floor.cpuMs)} (wall ${x(p.cli.wallMs, p.floor.wallMs)})`);
    out.push(`${z.label}, each pair (floor / CLI): ${z.pairs.map(pair).join('; ')}`);
  }
  if (plain.some((z) => !z.baseline.skipped)) {
    out.push('');
    out.push('## 1. CLI end to end vs exceljs read + copy + write (baseline)');
    out.push(table(cliHeader, cliRows('cli')));
    out.push(...growth('cli'));
  }
  const stagesTable = (key, title) => {
    out.push('');
    out.push(title);
    out.push(table(
      ['rows', 'read s', 'core s', 'render sheets s', 'write register.xlsx s', 'report.docx s', 'report.json s', 'peak MB by step (read/core/render/write/docx/json)', 'core rows/s', 'core / CLI wall', 'report entries', 'issues'],
      r.sizes.map((z) => {
        const st = z[key];
        const ms = st.ms ?? {};
        const steps = ['read', 'core', 'render sheets', 'write register.xlsx', 'report.docx', 'report.json'];
        const cli = z.cli;
        return [z.label, ...steps.map((k) => s(ms[k])), steps.map((k) => mb(st.peakMb?.[k])).join(' / ') + (st.failed ? ` — failed: ${st.failed}` : ''),
          ms.core ? Math.round(z.rows / (ms.core / 1000)).toLocaleString('en-GB') : 'n/a',
          ms.core && !cli.failed ? `${((ms.core / cli.wallMs) * 100).toFixed(1)}%` : 'n/a', st.entries ?? 'n/a', st.issues ?? 'n/a'];
      }),
    ));
    out.push('');
    out.push('CPU s by step, and what memory holds at the end of each step (heap used / external incl. array buffers, MB):');
    out.push(table(
      ['rows', 'read CPU s', 'core CPU s', 'render CPU s', 'write CPU s', 'docx CPU s', 'json CPU s', 'heap used MB by step (read/core/render/write/docx/json)', 'external MB by step', 'register.xlsx MB'],
      r.sizes.map((z) => {
        const st = z[key];
        const steps = ['read', 'core', 'render sheets', 'write register.xlsx', 'report.docx', 'report.json'];
        return [z.label, ...steps.map((k) => s(st.cpuMs?.[k])), steps.map((k) => mb(st.mem?.[k]?.heapUsed)).join(' / '), steps.map((k) => mb(st.mem?.[k]?.external)).join(' / '),
          st.outBytes ? (st.outBytes.register / 1e6).toFixed(1) : 'n/a'];
      }),
    ));
  };
  stagesTable('stages', '## 2. The steps of the CLI job in one process (bench/stages.js); core = runPipeline (grid -> register -> report model); report.json = its indented JSON, as bytes');
  const failures = r.sizes.flatMap((z) => ['floor', 'baseline', 'cli'].filter((k) => z[k]?.failed).map((k) => `${z.label} ${k}: ${z[k].failed}`));
  if (failures.length) out.push('', 'Failed runs:', ...failures.map((f) => `- ${f}`));
  if (r.office?.failed) out.push('', `Office adapter: failed: ${r.office.failed}`);
  if (r.pane?.failed) out.push('', `Task pane: failed: ${r.pane.failed}`);
  if (r.office && !r.office.failed) {
    const o = r.office;
    out.push('');
    out.push(`## 3. Office.js adapter on ${o.size} rows through the recording fake (tests/adapters/office/fake-excel.ts)`);
    out.push(table(
      ['sheet built', 'rows', 'context.sync() calls', 'largest request KB', 'all requests KB', 'values assignments (cells / layout cells)', 'format property sets', 'of them on a single cell', 'styled ranges in the layout (if adjacent equal ones were merged)'],
      ['register', 'report', 'issues'].map((k) => {
        const w = o[k];
        return [`${k} ("${w.sheet}")`, w.rows, w.syncs, kb(w.largestRequestBytes), kb(w.totalBytes), `${w.valueAssignments} (${w.valueCellsWritten} / ${w.layoutCells})`, w.formatCommands, w.singleCellFormatCommands, `${w.styledRanges} (${w.styledRangesCoalesced})`];
      }),
    ));
    out.push('');
    out.push(`Reading the tracker from Excel (${o.read.rows} rows): ${o.read.syncs} context.sync() calls, blocks of ${o.read.blockRows} rows; ` +
      `largest response (values + valueTypes + numberFormat of one block, as JSON) ${kb(o.read.largestResponseBytes)} KB.`);
  }
  if (r.pane && !r.pane.failed) {
    const p = r.pane;
    out.push('');
    out.push('## 4. Task pane (production build; gzip level 6; headless Chromium, median of ' + p.interactive.runs + ' cold loads)');
    out.push(`First-paint JavaScript (script tags of taskpane.html): ${p.bundle.entries.map((e) => `${e.file} ${kb(e.bytes)} KB, ${kb(e.gzip)} KB gz`).join('; ')}.`);
    out.push(`JavaScript fetched before interactive: ${kb(p.bundle.loadedBeforeInteractiveGzip)} KB gz (${p.bundle.loadedBeforeInteractive.map((e) => e.file).join(', ')}).`);
    out.push(`Lazy chunks: ${p.bundle.lazy.map((e) => `${e.file} ${kb(e.gzip)} KB gz`).join('; ')}.`);
    out.push(`Time to interactive: pane ${p.interactive.paneMs.toFixed(0)} ms, blank page ${p.interactive.blankMs.toFixed(0)} ms (runs: pane ${p.interactive.all.pane.map((v) => v.toFixed(0)).join(', ')}; blank ${p.interactive.all.blank.map((v) => v.toFixed(0)).join(', ')}).`);
  }
  if (r.paneWork?.length) {
    out.push('');
    out.push('## 5. The task pane at work (standalone mode, production build, headless Chromium; long tasks = main-thread tasks over 50 ms)');
    const rowsOut = [];
    for (const w of r.paneWork) {
      if (w.failed) {
        rowsOut.push([w.label ?? '?', `failed: ${w.failed}`, '', '', '', '']);
        continue;
      }
      for (const st of w.steps) rowsOut.push([w.label, st.step, s(st.ms), st.longTasks, st.longestMs, st.blockedMs]);
      rowsOut.push([w.label, 'Cancel pressed during Build register -> "cancelled" on screen', w.cancelMs === null ? 'finished first' : s(w.cancelMs), '', '', '']);
    }
    out.push(table(['rows', 'step', 'wall s', 'long tasks', 'longest ms', 'blocked ms (sum of long tasks)'], rowsOut));
  }
  process.stdout.write(out.join('\n') + '\n');
}

module.exports = { printResults };

if (require.main === module) {
  main().catch((e) => {
    process.stderr.write(`${e.stack}\n`);
    process.exit(1);
  });
}
