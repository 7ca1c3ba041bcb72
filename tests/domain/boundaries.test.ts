// The layers of src/ are lint rules (eslint.boundaries.cjs, part of `npm run lint`): they hold over src/,
// and they fail on tests/fixtures/boundaries, a small tree that breaks each of them on purpose.
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the rules live in a CommonJS file that eslint.config.mjs also loads
const { boundaries } = require('../../eslint.boundaries.cjs') as { boundaries: (root: string) => Linter.Config[] };

const ROOT = path.resolve(__dirname, '../..');
const FIXTURE = 'tests/fixtures/boundaries/src';

/** What the boundary rules report over every .ts/.tsx file under `root` (ESLint's Linter: in process, no config file). */
function violations(root: string): string[] {
  const linter = new Linter({ configType: 'flat', cwd: ROOT });
  const config: Linter.Config[] = [{ files: ['**/*.{ts,tsx}'], languageOptions: { parser: tseslint.parser }, linterOptions: { reportUnusedDisableDirectives: 'off' } }, ...boundaries(root)];
  const files = readdirSync(path.join(ROOT, root), { recursive: true, encoding: 'utf8' }).filter((f) => /\.tsx?$/.test(f));
  expect(files.length).toBeGreaterThan(5);
  return files.flatMap((f) => {
    const file = path.join(ROOT, root, f);
    return linter
      .verify(readFileSync(file, 'utf8'), config, { filename: file })
      // The layers' rules and parse errors; src/'s other directives name rules this config does not load.
      .filter((m) => m.fatal === true || m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-syntax')
      .map((m) => `${f}: ${m.ruleId ?? 'fatal'}: ${m.message}`);
  });
}

test('src/ keeps its layers', () => {
  expect(violations('src')).toEqual([]);
});

test('the boundary rules fail on a tree that breaks each layer on purpose', () => {
  const found = violations(FIXTURE);
  const files = found.map((v) => v.slice(0, v.indexOf(':'))).sort();
  expect(files).toEqual([
    'adapters/docx/uses-xlsx.ts',
    'adapters/office/uses-xlsx.ts',
    'adapters/xlsx/uses-office.ts',
    'domain/imports-adapter.ts',
    'render/packs-bytes.ts',
    'shared/imports-zod.ts',
    'taskpane/components/reads-excel.ts',
  ]);
  expect(found.every((v) => v.includes(': no-restricted-imports: '))).toBe(true);
  expect(found.join('\n')).toContain('src/domain imports only zod');
  expect(found.join('\n')).toContain('src/render imports only docx');
});
