import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules',
      '.next',
      '.data',
      'drizzle',
      'next-env.d.ts',
      'bench/results',
      'scratch',
      'coverage',
      'test-results',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Test support and contract suites live under tests/; production code never depends on them.
    files: ['src/**/*.{ts,tsx}', 'server.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ group: ['**/tests/**', '**/tests'], message: 'src must not import test code (tests/).' }],
          // Pages translate and format through src/app/_lib/intl.ts, which makes each translator and
          // formatter once per process; next-intl's own make new ones on every render.
          paths: [
            {
              name: 'next-intl',
              importNames: ['useTranslations', 'useFormatter'],
              allowTypeImports: true,
              message: 'Use useTranslations and useFormatter from src/app/_lib/intl.ts.',
            },
            {
              name: 'next-intl/server',
              importNames: ['getTranslations', 'getFormatter'],
              allowTypeImports: true,
              message: 'Use getTranslations from src/app/_lib/intl.server.ts.',
            },
          ],
        },
      ],
    },
  },
  {
    // Files stay small enough to read whole, functions short enough to hold in mind (docs/CHECKS.md).
    // Every line counts, blank and comment lines too: the number matches `wc -l` and what a reader
    // scrolls through. Generated code (drizzle/, next-env.d.ts) is ignored above.
    files: ['src/**/*.{ts,tsx}', 'server.ts'],
    ignores: ['**/*.test.{ts,tsx}'],
    rules: {
      'max-lines': ['error', { max: 300, skipBlankLines: false, skipComments: false }],
      'max-lines-per-function': ['error', { max: 80, skipBlankLines: false, skipComments: false }],
    },
  },
);
