// Lint rules that keep the layering honest: the core imports no adapter.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'drizzle/**', 'coverage/**', 'data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // The built app is an esbuild bundle (scripts/build.mjs), where import() of a bundled CommonJS
    // package yields only its default export, while Node's own import() also gives its named exports:
    // code written for one breaks in the other. import() only our modules; they import packages statically.
    files: ['src/**/*.ts'],
    ignores: ['src/webapp/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "ImportExpression[source.type='Literal'][source.value=/^[^.]/]", message: 'import() only modules of ours (a relative path); import a package statically from one of them (see scripts/build.mjs).' },
      ],
    },
  },
  {
    files: ['scripts/**/*.mjs', '*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly' } },
  },
  {
    files: ['src/domain/**', 'src/db/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['grammy', '@grammyjs/*', 'fastify', '@fastify/*', 'bullmq', 'ioredis'], message: 'The domain core imports no adapter library.' },
            { group: ['**/bot/**', '**/api/**', '**/jobs/**'], message: 'The domain core never imports an adapter.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/bot/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['**/api/**', 'fastify', '@fastify/*'], message: 'The bot does not import the API.' }] }] },
  },
  {
    // The Mini App runs in a browser: it talks to the API over HTTP and imports no server code.
    files: ['src/webapp/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/domain/**', '**/api/**', '**/bot/**', '**/db/**', '**/jobs/**', '**/config.js', 'node:*'], message: 'The Mini App imports no server code.' }] },
      ],
    },
  },
  {
    // Jobs and the shared presentation (src/presentation: the one transaction renderer, card and callback-data codec) import no adapter.
    files: ['src/jobs/**', 'src/presentation/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['**/bot/**', '**/api/**', 'fastify', '@fastify/*'], message: 'Jobs and presentation import neither the bot nor the API (shared pieces live in src/presentation).' }] }] },
  },
  {
    files: ['src/api/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['**/bot/**', '@grammyjs/*'], message: 'The API does not import the bot.' }] }] },
  },
);
