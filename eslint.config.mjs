// ESLint for the whole repository (`npm run lint`): typescript-eslint's recommended rules, and
// the import boundaries that keep the floors floors (apps on libs, never the other way round).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { defineConfig, globalIgnores } from 'eslint/config';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Product code (not its specs) of the libs that have no I/O of their own, and of the browser app.
const NOT_SPECS = '!(*.spec).ts';
const DOMAIN = `libs/domain/src/**/${NOT_SPECS}`;
const WORKFLOWS = `libs/workflows/src/**/${NOT_SPECS}`;
const COMMON = `libs/common/src/**/${NOT_SPECS}`;
const WEB = `apps/web/src/**/${NOT_SPECS}`;

// Paths are relative to the repository root; a folder stands for everything below it.
const APPS_APART = 'An app imports libs, never another app: move what both need into libs/.';
const boundaries = [
  { target: 'apps/api', from: ['apps/worker', 'apps/web'], message: APPS_APART },
  { target: 'apps/worker', from: ['apps/api', 'apps/web'], message: APPS_APART },
  { target: 'libs', from: 'apps', message: 'libs/ never import apps/: the arrows point from apps to libs.' },
  {
    target: 'apps/web',
    from: '.',
    except: ['apps/web', 'libs/common', 'node_modules'],
    message: 'The web app imports its own files, npm packages and @assistants/common only: the rest is server code.',
  },
  {
    target: DOMAIN,
    from: '.',
    except: ['libs/domain', 'libs/common', 'node_modules/js-tiktoken'],
    message: 'libs/domain has no I/O: it imports its own files, @assistants/common and the tokenizer tables; adapters implement its ports.',
  },
  {
    target: WORKFLOWS,
    from: '.',
    except: ['libs/workflows', 'libs/domain', 'libs/common', 'node_modules/@temporalio/workflow'],
    message:
      "libs/workflows is bundled into Temporal's deterministic sandbox: it imports its own files, @assistants/domain, @assistants/common and @temporalio/workflow; activities (libs/runtime) do the I/O.",
  },
  {
    target: COMMON,
    from: '.',
    except: ['libs/common'],
    message: 'libs/common is imported by the browser and by Node: it imports only its own files.',
  },
];

export default defineConfig(
  globalIgnores(['**/node_modules/', '**/dist/', 'coverage/', '**/.cache/', 'data/', '**/.angular/', 'libs/db/src/generated/']),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { globals: globals.node },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // The house convention: a leading `_` marks what is unused on purpose (an argument that keeps a
      // callback's shape, a property left out of a rest copy).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      // Every control-character range here is deliberate: exports, file names and sniffing strip or count them.
      'no-control-regex': 'off',
      // js-tiktoken's rank tables are loaded lazily, and `moduleResolution: node` cannot see their subpath exports.
      '@typescript-eslint/no-require-imports': ['error', { allow: ['^js-tiktoken/'] }],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.e2e-spec.ts', 'test/**'],
    // Tests read untyped HTTP bodies and the requests their doubles receive: `any` is the honest type there.
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['apps/web/src/**'],
    languageOptions: { globals: globals.browser },
  },
  // Import boundaries: every import, `export … from`, `import()` and `require()` is resolved (the
  // tsconfig path aliases and relative paths alike) and checked against the zones.
  {
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [
        createNodeResolver({
          extensions: ['.ts', '.mjs', '.cjs', '.js', '.json', '.node'],
          conditionNames: ['types', 'import', 'require', 'default'],
          tsconfig: { configFile: `${import.meta.dirname}/tsconfig.json` },
          // node_modules may be a link (a git worktree's): keep the path inside the repository.
          symlinks: false,
        }),
      ],
    },
    rules: { 'import-x/no-restricted-paths': ['error', { basePath: import.meta.dirname, zones: boundaries }] },
  },
  // Node's built-ins are not paths: code without I/O and code that runs in the browser has none.
  {
    files: [DOMAIN, WORKFLOWS, COMMON, WEB],
    rules: { 'import-x/no-nodejs-modules': 'error' },
  },
  // Last: formatting is Prettier's, so no ESLint rule argues about it.
  prettier,
);
