export * from './database';
export * from './migrator';
export * from './sql-runner';
export * from './generated/client';
