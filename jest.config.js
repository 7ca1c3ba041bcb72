/** Jest: ts-jest for TypeScript; node by default, jsdom where a test asks for it. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  transform: {
    '^.+\\.tsx?$': ['ts-jest', { tsconfig: 'tsconfig.jest.json', diagnostics: false }],
  },
  moduleNameMapper: {
    // The pane's lazy chunks are imported as '../x/y.js' (what webpack and ESM want); here they are the .ts sources.
    '^(\\.{1,2}/.*)\\.js$': '$1',
    '^office-addin-manifest$': '<rootDir>/tests/stubs/office-addin-manifest.js',
  },
  testTimeout: 60000,
};
