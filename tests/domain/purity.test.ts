// The import boundary: the domain core imports zod and itself only; the renderers never touch IO or hosts.
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

const SRC = path.resolve(__dirname, '../../src');
const importsOf = (dir: string) =>
  readdirSync(path.join(SRC, dir))
    .filter((f) => f.endsWith('.ts'))
    .flatMap((f) => [...readFileSync(path.join(SRC, dir, f), 'utf8').matchAll(/^import[^'"]*['"]([^'"]+)['"]/gm)].map((m) => ({ file: `${dir}/${f}`, spec: m[1]! })));

test('src/domain imports only zod and other domain modules', () => {
  const bad = importsOf('domain').filter((i) => i.spec !== 'zod' && !/^\.\/[\w-]+$/.test(i.spec));
  expect(bad).toEqual([]);
});

test('src/render imports only the domain, docx, fflate (in-memory zip) and itself', () => {
  const bad = importsOf('render').filter((i) => i.spec !== 'docx' && i.spec !== 'fflate' && !/^\.\.\/domain\/[\w-]+$/.test(i.spec) && !/^\.\/[\w-]+$/.test(i.spec));
  expect(bad).toEqual([]);
});
