// Generates the Prisma client without the native engines, which cannot be
// downloaded offline: Prisma 7's client runs on a driver adapter and needs
// none, and `prisma generate` only checks that a schema engine file exists.
//
// It skips the work (and leaves the files untouched) when the schema, the
// config and Prisma's version are what the client was last generated from,
// so `npm test` does not make `npm start` think the sources changed.
// `--force` generates anyway.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const { isStale, markBuilt, sourceHash } = createRequire(import.meta.url)('./build-state.cjs');
const output = join(root, 'libs', 'db', 'src', 'generated', 'client.ts');
// Inside the generated folder (each checkout has its own; node_modules may be shared), written after generating.
const stampFile = join(root, 'libs', 'db', 'src', 'generated', '.inputs.json');
const hash = sourceHash(root, [
  'prisma/schema.prisma',
  'prisma.config.ts',
  'node_modules/prisma/package.json',
  'node_modules/@prisma/client/package.json',
  'scripts/prisma-generate.mjs',
]);
if (!process.argv.includes('--force') && !isStale({ output, stampFile, hash })) process.exit(0);

const result = spawnSync(process.execPath, ['node_modules/prisma/build/index.js', 'generate'], {
  cwd: root,
  stdio: process.argv.includes('--quiet') ? 'ignore' : 'inherit',
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
    CHECKPOINT_DISABLE: '1',
  },
});
if (result.status === 0 && existsSync(output)) markBuilt({ stampFile, hash });
process.exit(result.status ?? 1);
