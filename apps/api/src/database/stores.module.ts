import {
  createSecretBox,
  PostgresAssistantToolStore,
  PostgresConversationShareStore,
  PostgresStores,
  PostgresToolServerStore,
  SecretBox,
  ToolCallStore,
} from '@assistants/adapters';
import type { AppConfig } from '@assistants/config';
import type { Prisma, SqlStatements } from '@assistants/db';
import type { TransactionalStores } from '@assistants/domain';
import { Global, Inject, Module } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module';
import { PrismaService } from './prisma.service';

/** The stores of tasks, messages and documents: the only code that writes those tables. */
export type AppStores = TransactionalStores<Prisma.TransactionClient, SqlStatements>;

export const STORES = Symbol('STORES');
export const InjectStores = () => Inject(STORES);

@Global()
@Module({
  providers: [
    { provide: STORES, inject: [PrismaService], useFactory: (prisma: PrismaService): AppStores => new PostgresStores(prisma.client, prisma.db.sql) },
    // SECRETS_KEY, or the key kept in DATA_DIR: the embedded runner opens tool servers' secrets with the same box.
    { provide: SecretBox, inject: [APP_CONFIG], useFactory: (config: AppConfig) => createSecretBox(config) },
    {
      provide: PostgresToolServerStore,
      inject: [PrismaService, SecretBox, APP_CONFIG],
      useFactory: (prisma: PrismaService, box: SecretBox, config: AppConfig) =>
        new PostgresToolServerStore(prisma.client, box, { stdio: config.tools.stdio, sql: prisma.db.sql }),
    },
    {
      provide: PostgresAssistantToolStore,
      inject: [PrismaService, APP_CONFIG],
      useFactory: (prisma: PrismaService, config: AppConfig) =>
        new PostgresAssistantToolStore(prisma.client, { stdio: config.tools.stdio, sql: prisma.db.sql }),
    },
    // Tool calls: the approve/reject routes and the live gateway read and decide them on the database's own connection.
    { provide: ToolCallStore, inject: [PrismaService], useFactory: (prisma: PrismaService) => new ToolCallStore(prisma.db.sql) },
    // Share links of conversations (apps/api/src/shares); deleting a conversation removes them through it too.
    {
      provide: PostgresConversationShareStore,
      inject: [PrismaService],
      useFactory: (prisma: PrismaService) => new PostgresConversationShareStore(prisma.client),
    },
  ],
  exports: [STORES, SecretBox, PostgresToolServerStore, PostgresAssistantToolStore, ToolCallStore, PostgresConversationShareStore],
})
export class StoresModule {}
