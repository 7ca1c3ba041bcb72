// Builds a private copy of the CLI (in the temp folder) with the fixes BENCHMARKS.md proposes, to measure them
// before their owners apply them; the repository's files are never changed. `npm run bench -- --what-if` uses it.
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const ROOT = path.resolve(__dirname, '..');
// Outside the repository, so the project's typecheck (which includes bench/) never sees the copied sources.
const DIR = path.join(os.tmpdir(), 'milestone-register-bench', 'what-if');

/**
 * Each fix: a file, text to find (string or RegExp) and its replacement. A fix whose text is gone is reported as
 * already applied (or changed upstream) and skipped.
 */
const FIXES = [
  // exceljs packs with JSZip's pure-JS deflate (pako) at level 6; level 1 is several times faster for ~10-20% more bytes.
  {
    id: 'zip-level-1',
    file: 'src/adapters/xlsx/write-workbook.ts',
    find: 'await wb.xlsx.writeBuffer()',
    replace: "await wb.xlsx.writeBuffer({ zip: { compression: 'DEFLATE', compressionOptions: { level: 1 } } } as unknown as ExcelJS.XlsxWriteOptions)",
  },
  // exceljs's mergeCells compares each new merge with every earlier one (quadratic); a layout's merges never overlap.
  {
    id: 'merges-linear',
    file: 'src/adapters/xlsx/write-workbook.ts',
    find: 'for (const m of layout.merges) ws.mergeCells(m.top + 1, m.left + 1, m.bottom + 1, m.right + 1);',
    replace: `{
    const all = (ws as unknown as { _merges: Record<string, unknown> })._merges;
    for (const m of layout.merges) {
      (ws as unknown as { _merges: Record<string, unknown> })._merges = {};
      ws.mergeCells(m.top + 1, m.left + 1, m.bottom + 1, m.right + 1);
      Object.assign(all, (ws as unknown as { _merges: Record<string, unknown> })._merges);
    }
    (ws as unknown as { _merges: Record<string, unknown> })._merges = all;
  }`,
  },
];

/** Fix ids to leave out (BENCH_WHAT_IF_SKIP=zip-level-1,merges-linear), to measure each one's share. */
const SKIP = new Set((process.env.BENCH_WHAT_IF_SKIP ?? '').split(',').filter(Boolean));

function applyFixes(src) {
  const report = [];
  for (const f of FIXES.filter((x) => !SKIP.has(x.id))) {
    const file = path.join(src, f.file);
    const text = fs.readFileSync(file, 'utf8');
    const next = text.replace(f.find, f.replace);
    report.push({ id: f.id, file: f.file, applied: next !== text });
    fs.writeFileSync(file, next);
  }
  return report;
}

/** Copies src/ and the CLI tsconfig into the private folder, applies the fixes and compiles; returns the CLI entry. */
function buildWhatIf() {
  fs.rmSync(DIR, { recursive: true, force: true });
  fs.mkdirSync(DIR, { recursive: true });
  fs.cpSync(path.join(ROOT, 'src'), path.join(DIR, 'src'), { recursive: true });
  const applied = applyFixes(DIR);
  const tsconfig = {
    extends: path.join(ROOT, 'tsconfig.cli.json'),
    compilerOptions: { rootDir: 'src', outDir: 'lib', typeRoots: [path.join(ROOT, 'node_modules', '@types')] },
    include: ['src/domain', 'src/render', 'src/adapters/xlsx', 'src/cli'],
  };
  fs.writeFileSync(path.join(DIR, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
  // Resolve packages from the repository's node_modules.
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(DIR, 'node_modules'), 'dir');
  const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', path.join(DIR, 'tsconfig.json')], { cwd: DIR, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`the what-if build failed:\n${r.stdout}${r.stderr}`);
  const bin = path.join(DIR, 'milestones.js');
  fs.writeFileSync(bin, "'use strict';\nrequire('./lib/cli/main.js').runFromProcess();\n");
  return { bin, lib: path.join(DIR, 'lib'), applied };
}

module.exports = { buildWhatIf, FIXES };

if (require.main === module) {
  const r = buildWhatIf();
  process.stdout.write(JSON.stringify(r, null, 2) + '\n');
}
