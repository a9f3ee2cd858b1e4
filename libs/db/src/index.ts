export * from './database';
export * from './lanes';
export * from './migrator';
export * from './sql-runner';
export * from './generated/client';
export * from './embedded-postgres';
export { importPglite, type PgliteImport } from './pglite-import';
