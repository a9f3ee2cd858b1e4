import { ESLint } from 'eslint';
import { join } from 'node:path';

// The import boundaries of eslint.config.mjs, proved on snippets linted as if they were files of
// the repository: each forbidden import is reported, by alias and by relative path alike, and the
// imports each floor needs pass. The snippets import files that exist (an import that does not
// resolve is the compiler's to report, not this rule's).
const root = join(__dirname, '../..');
const eslint = new ESLint({ cwd: root });

/** The boundary rules' findings on `code` as the file `file`, as "line rule" strings. */
async function boundaryFindings(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, file) });
  return result.messages.filter((m) => m.ruleId?.startsWith('import-x/') || m.fatal).map((m) => `${m.line} ${m.ruleId}`);
}

const PATHS = 'import-x/no-restricted-paths';
const BUILTINS = 'import-x/no-nodejs-modules';

describe('import boundaries', () => {
  it.each([
    ['apps/api/src/probe.ts', "import '../../worker/src/main';"],
    ['apps/api/src/probe.ts', "import '../../web/src/main';"],
    ['apps/worker/src/probe.ts', "import '../../api/src/main';"],
  ])('an app imports no other app: %s, %s', async (file, code) => {
    expect(await boundaryFindings(file, code)).toEqual([`1 ${PATHS}`]);
  });

  it('libs import no app, by import or re-export', async () => {
    expect(
      await boundaryFindings('libs/adapters/src/probe.ts', "import '../../../apps/api/src/main';\nexport * from '../../../apps/worker/src/main';"),
    ).toEqual([`1 ${PATHS}`, `2 ${PATHS}`]);
  });

  it('libs/domain imports no adapter, database, other lib, npm package or Node built-in, however it is written', async () => {
    const code = [
      "import '@assistants/adapters';",
      "import '../../../adapters/src';",
      "import type { Config } from '@assistants/config';",
      "import 'pg';",
      "require('@assistants/db');",
      "void import('@assistants/ingest');",
      "import 'node:fs';",
      "import 'http';",
      // The workflows build on the domain: an import back would be a cycle.
      "import '@assistants/workflows';",
    ].join('\n');
    expect(await boundaryFindings('libs/domain/src/retrieval/probe.ts', code)).toEqual([
      `1 ${PATHS}`,
      `2 ${PATHS}`,
      `3 ${PATHS}`,
      `4 ${PATHS}`,
      `5 ${PATHS}`,
      `6 ${PATHS}`,
      `7 ${BUILTINS}`,
      `8 ${BUILTINS}`,
      `9 ${PATHS}`,
    ]);
  });

  it("libs/workflows imports no activity, adapter, database, npm package or Node built-in: it runs in Temporal's sandbox", async () => {
    const code = [
      "import '@assistants/runtime';",
      "import '../../runtime/src';",
      "import '@assistants/adapters';",
      "import type { PrismaClient } from '@assistants/db';",
      "import '@temporalio/worker';",
      "import 'node:fs';",
    ].join('\n');
    expect(await boundaryFindings('libs/workflows/src/probe.ts', code)).toEqual([
      `1 ${PATHS}`,
      `2 ${PATHS}`,
      `3 ${PATHS}`,
      `4 ${PATHS}`,
      `5 ${PATHS}`,
      `6 ${BUILTINS}`,
    ]);
  });

  it('libs/common imports nothing but its own files', async () => {
    expect(await boundaryFindings('libs/common/src/probe.ts', "import '@assistants/domain';\nimport 'class-validator';\nimport 'node:path';")).toEqual([
      `1 ${PATHS}`,
      `2 ${PATHS}`,
      `3 ${BUILTINS}`,
    ]);
  });

  it('the web app imports no server code and no Node built-in', async () => {
    const code = ["import '@assistants/domain';", "import '../../../../libs/db/src';", "import '../../../api/src/main';", "import 'node:fs';"].join('\n');
    expect(await boundaryFindings('apps/web/src/app/probe.ts', code)).toEqual([`1 ${PATHS}`, `2 ${PATHS}`, `3 ${PATHS}`, `4 ${BUILTINS}`]);
  });

  it.each([
    ['libs/domain/src/probe.ts', "import '@assistants/common';\nimport './index';\nimport 'js-tiktoken/lite';\nrequire('js-tiktoken/ranks/cl100k_base');"],
    ['libs/domain/src/probe.spec.ts', "import 'node:fs';\nimport '../../../test/support/failure';"],
    [
      'libs/workflows/src/probe.ts',
      "import '@assistants/domain';\nimport '@assistants/domain/turns';\nimport '@assistants/common';\nimport '@temporalio/workflow';\nimport './index';",
    ],
    ['libs/common/src/probe.ts', "import './index';"],
    ['libs/adapters/src/probe.ts', "import '@assistants/domain';\nimport '@assistants/db';\nimport 'pg';\nimport 'node:fs';"],
    ['apps/api/src/probe.ts', "import '@assistants/domain';\nimport '@assistants/adapters';\nimport 'node:fs';\nimport './main';"],
    ['apps/web/src/app/probe.ts', "import '@assistants/common';\nimport '@angular/core';\nimport './app.routes';"],
  ])('what each floor needs passes: %s', async (file, code) => {
    expect(await boundaryFindings(file, code)).toEqual([]);
  });
});
