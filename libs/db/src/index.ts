export * from './database';
export * from './migrator';
export * from './sql-runner';
export { Prisma, PrismaClient } from './generated/client';
export * from './generated/enums';
export type * from './generated/models';
