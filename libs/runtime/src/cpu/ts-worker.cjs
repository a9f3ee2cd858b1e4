// Worker-thread entry used only when the pool runs from TypeScript sources (jest): compiles .ts
// on require with swc and resolves the @assistants/* aliases, then exposes the task module.
// Built code (dist/) points the pool at the compiled cpu-tasks.js and never loads this file.
const { workerData } = require('node:worker_threads');
const { addHook } = require('pirates');
const { transformSync } = require('@swc/core');
const tsconfigPaths = require('tsconfig-paths');
const { resolve } = require('node:path');

const root = resolve(__dirname, '../../../..');
const loaded = tsconfigPaths.loadConfig(root);
if (loaded.resultType === 'success') tsconfigPaths.register({ baseUrl: loaded.absoluteBaseUrl, paths: loaded.paths });
addHook(
  (code, filename) =>
    transformSync(code, {
      filename,
      jsc: { parser: { syntax: 'typescript', decorators: true }, transform: { legacyDecorator: true, decoratorMetadata: true }, target: 'es2022' },
      module: { type: 'commonjs' },
      sourceMaps: 'inline',
    }).code,
  { exts: ['.ts'] },
);
module.exports = require(workerData.tasksModule);
