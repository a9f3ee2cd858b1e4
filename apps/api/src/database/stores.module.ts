import { PostgresStores } from '@assistants/adapters';
import type { Prisma, SqlStatements } from '@assistants/db';
import type { TransactionalStores } from '@assistants/domain';
import { Global, Inject, Module } from '@nestjs/common';
import { PrismaService } from './prisma.service';

/** The stores of tasks, messages and documents: the only code that writes those tables. */
export type AppStores = TransactionalStores<Prisma.TransactionClient, SqlStatements>;

export const STORES = Symbol('STORES');
export const InjectStores = () => Inject(STORES);

@Global()
@Module({
  providers: [{ provide: STORES, inject: [PrismaService], useFactory: (prisma: PrismaService): AppStores => new PostgresStores(prisma.client, prisma.db.sql) }],
  exports: [STORES],
})
export class StoresModule {}
