import js from '@eslint/js';
import ts from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import svelteConfig from './svelte.config.js';

export default ts.config(
  { ignores: ['dist/', 'dev-dist/', 'node_modules/', 'tests/.artifacts/', 'public/tfjs/'] },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: {
      // __APP_VERSION__ is injected by vite.config.ts `define`.
      globals: {
        ...globals.browser,
        ...globals.node,
        ...globals.worker,
        __APP_VERSION__: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      parserOptions: {
        projectService: true,
        extraFileExtensions: ['.svelte'],
        parser: ts.parser,
        svelteConfig,
      },
    },
  },
  {
    // src/core must stay pure: no DOM, storage, UI framework or worker globals.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            'dexie',
            'svelte',
            'svelte/*',
            'comlink',
            '**/store/*',
            '**/features/*',
            '**/ui/*',
            '**/workers/*',
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        'window',
        'document',
        'self',
        'indexedDB',
        'localStorage',
        'navigator',
        'postMessage',
      ],
    },
  },
);
