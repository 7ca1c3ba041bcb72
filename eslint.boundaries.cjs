// The layers of src/ as lint rules (no-restricted-imports per folder): eslint.config.mjs applies them to src/,
// tests/domain/boundaries.test.ts applies them to src/ and to a deliberately broken copy in tests/fixtures/boundaries/.
// A specifier may end in .js (the pane's ESM imports); "./x" is a sibling in the same folder.
const sibling = String.raw`\./[\w-]+(\.js)?`;
const dynamicImports = [
  { selector: 'ImportExpression', message: 'Layered folders import statically, so the boundary rules can see every import.' },
  { selector: "CallExpression[callee.name='require']", message: 'Layered folders import statically, so the boundary rules can see every import.' },
];

/** Flat-config objects stating the layers, for the tree whose src/ folder is `root` (relative to eslint's cwd). */
function boundaries(root = 'src') {
  const only = (allowed, message) => ({
    'no-restricted-imports': ['error', { patterns: [{ regex: `^(?!(${allowed.join('|')})$)`, message }] }],
  });
  return [
    {
      name: 'boundaries/domain',
      files: [`${root}/domain/**/*.{ts,tsx}`],
      rules: {
        ...only(['zod', sibling, String.raw`\.\./shared/[\w-]+(\.js)?`], 'src/domain imports only zod, other domain modules and src/shared.'),
        'no-restricted-syntax': ['error', ...dynamicImports],
      },
    },
    {
      name: 'boundaries/shared',
      files: [`${root}/shared/**/*.{ts,tsx}`],
      rules: {
        'no-restricted-imports': ['error', { patterns: [{ regex: '.', message: 'src/shared imports nothing: its modules are pure and stand alone.' }] }],
        'no-restricted-syntax': ['error', ...dynamicImports],
      },
    },
    {
      name: 'boundaries/render',
      files: [`${root}/render/**/*.{ts,tsx}`],
      rules: {
        ...only(['docx', sibling, String.raw`\.\./(domain|shared)/[\w-]+(\.js)?`], 'src/render imports only docx, src/domain, src/shared and itself: no IO, no hosts, no zip.'),
        'no-restricted-syntax': ['error', ...dynamicImports],
      },
    },
    {
      name: 'boundaries/components',
      files: [`${root}/taskpane/components/**/*.{ts,tsx}`],
      rules: {
        'no-restricted-imports': ['error', { patterns: [{ regex: String.raw`(^|/)adapters(/|$)`, message: 'Components never import src/adapters: the pane hands them what they show.' }] }],
      },
    },
    {
      name: 'boundaries/office-adapter',
      files: [`${root}/adapters/office/**/*.{ts,tsx}`],
      rules: {
        'no-restricted-imports': ['error', { patterns: [{ regex: String.raw`(^|/)(adapters/)?(xlsx|docx)/|^\.\./(xlsx|docx)$`, message: 'The Office adapter never imports another adapter.' }] }],
      },
    },
    {
      name: 'boundaries/xlsx-adapter',
      files: [`${root}/adapters/xlsx/**/*.{ts,tsx}`],
      rules: {
        'no-restricted-imports': ['error', { patterns: [{ regex: String.raw`(^|/)(adapters/)?(office|docx)/|^\.\./(office|docx)$`, message: 'The xlsx adapter never imports another adapter.' }] }],
      },
    },
    {
      name: 'boundaries/docx-adapter',
      files: [`${root}/adapters/docx/**/*.{ts,tsx}`],
      rules: {
        ...only(['docx', 'fflate', sibling, String.raw`\.\./\.\./(domain|shared|render)/[\w-]+(\.js)?`], 'src/adapters/docx packs the Word report: it imports only docx, fflate, src/domain, src/shared, src/render and itself, never another adapter.'),
      },
    },
  ];
}

module.exports = { boundaries };
