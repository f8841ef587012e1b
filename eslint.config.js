// Folders are layers (see README "Architecture"): this config says which may import which.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)].map((name) => ({
  name,
  message: 'This layer also runs in the browser: no Node built-ins.',
}));
const storage = ['better-sqlite3', 'kysely', 'pg'].map((name) => ({
  name,
  message: 'Only main/ and server/ touch a database.',
}));
const electron = [{ name: 'electron', message: 'Only main/electron/ and preload/ import electron.' }];
const folder = (name, why) => ({ regex: `(^|/)${name}(/|$)`, message: why });

/** One rule entry per layer; `paths` are packages, `patterns` are folders. */
const layer = (files, paths, patterns, ignores = []) => ({
  files,
  ignores,
  rules: { 'no-restricted-imports': ['error', { paths, patterns }] },
});

export default tseslint.config(
  { ignores: ['node_modules/', '.tsbuild/', 'dist/', 'out/', 'test-results/', 'playwright-report/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  layer(
    ['shared/**'],
    [...nodeBuiltins, ...storage, ...electron],
    [
      folder('main', 'shared/ is the common layer: it imports nothing from main/.'),
      folder('renderer', 'shared/ imports nothing from renderer/.'),
      folder('server', 'shared/ imports nothing from server/.'),
      folder('preload', 'shared/ imports nothing from preload/.'),
    ],
  ),
  layer(
    ['renderer/**'],
    [...nodeBuiltins, ...storage, ...electron],
    [
      folder('main', 'The renderer reaches the core only through window.crm (the contract).'),
      folder('server', 'The renderer never talks to the server.'),
      folder('preload', 'The renderer uses window.crm, not the preload module.'),
    ],
    // The build config runs in Node, not in the window.
    ['renderer/vite.config.ts'],
  ),
  layer(
    ['main/**'],
    electron,
    [folder('renderer', 'main/ does not import the UI.'), folder('server', 'main/ talks to the server over HTTP only.')],
    ['main/electron/**'],
  ),
  layer(['main/electron/**'], [], [folder('renderer', 'main/ does not import the UI.'), folder('server', 'main/ talks to the server over HTTP only.')]),
  layer(
    ['preload/**'],
    storage,
    [folder('main', 'The preload only forwards the contract over IPC.'), folder('renderer', 'The preload does not import the UI.'), folder('server', 'The preload never talks to the server.')],
  ),
  layer(
    ['server/**'],
    electron,
    [folder('main', 'The server does not share code with the client core except through shared/.'), folder('renderer', 'The server does not import the UI.'), folder('preload', 'The server does not import the preload.')],
  ),
  {
    files: ['renderer/**'],
    ignores: ['renderer/vite.config.ts'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
);
