import type { AppConfig } from '@assistants/config';
import { databaseTarget, openDatabase } from '@assistants/db';
import { Global, Module } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module';
import { PrismaService } from './prisma.service';

@Global()
@Module({
  providers: [
    {
      provide: PrismaService,
      inject: [APP_CONFIG],
      useFactory: async (config: AppConfig) => new PrismaService(await openDatabase(databaseTarget(config.databaseUrl, config.dataDir), { lanes: { share: config.ingest.dbShare } })),
    },
  ],
  exports: [PrismaService],
})
export class DatabaseModule {}
