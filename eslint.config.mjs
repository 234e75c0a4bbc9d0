// ESLint for the whole project, run by `npm test` (scripts/run-tests.mjs runs it before the tests).
// typescript-eslint's recommended rules without type information: fast enough for every test run,
// and `tsc --noEmit` (strict, noUncheckedIndexedAccess) already does the type-aware checking.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**', 'node_modules/**', '.deps/**', 'test-artifacts/**', 'media/**',
      // AssemblyScript sources (decorators, its own types), compiled by scripts/build-wasm.mjs, and
      // the bytes it generates: not TypeScript that ESLint's parser understands.
      'engine/nn/kernels/wasm/**',
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    rules: {
      // `_name` marks a value left out on purpose (destructuring a field away, an unused callback slot).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', caughtErrors: 'none' }],
      // `cond ? a() : b()` and `x && f()` as statements are used deliberately in a few drawing loops.
      '@typescript-eslint/no-unused-expressions': ['error', { allowTernary: true, allowShortCircuit: true }],
    },
  },
  // Scripts and launchers that Node runs as they are.
  { files: ['**/*.mjs', '**/*.js', '**/*.cjs'], languageOptions: { globals: globals.node } },
  { files: ['**/*.cjs', 'bin/**/*.js'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
);
