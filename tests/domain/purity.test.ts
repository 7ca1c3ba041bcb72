// The import boundary: the domain core imports zod and itself only; the renderers never touch IO or hosts.
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

const SRC = path.resolve(__dirname, '../../src');
const importsOf = (dir: string) =>
  readdirSync(path.join(SRC, dir))
    .filter((f) => f.endsWith('.ts'))
    .flatMap((f) => [...readFileSync(path.join(SRC, dir, f), 'utf8').matchAll(/^import[^'"]*['"]([^'"]+)['"]/gm)].map((m) => ({ file: `${dir}/${f}`, spec: m[1]! })));

test('src/domain imports only zod, other domain modules and the pure modules of src/shared', () => {
  const bad = importsOf('domain').filter((i) => i.spec !== 'zod' && !/^\.\/[\w-]+$/.test(i.spec) && !/^\.\.\/shared\/[\w-]+$/.test(i.spec));
  expect(bad).toEqual([]);
});

test('src/shared imports nothing at all (its modules are pure and stand alone)', () => {
  const all = readdirSync(path.join(SRC, 'shared')).filter((f) => f.endsWith('.ts'));
  expect(all.length).toBeGreaterThan(0);
  const any = all.flatMap((f) => [...readFileSync(path.join(SRC, 'shared', f), 'utf8').matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s*['"]([^'"]+)['"]|\brequire\(|\bimport\(/gm)].map((m) => `${f}: ${m[0]}`));
  expect(any).toEqual([]);
});

test('src/render imports only the domain, docx, fflate (in-memory zip) and itself', () => {
  const bad = importsOf('render').filter((i) => i.spec !== 'docx' && i.spec !== 'fflate' && !/^\.\.\/domain\/[\w-]+$/.test(i.spec) && !/^\.\/[\w-]+$/.test(i.spec));
  expect(bad).toEqual([]);
});
