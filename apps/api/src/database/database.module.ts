import type { AppConfig } from '@assistants/config';
import { databaseTarget, openDatabase } from '@assistants/db';
import { Global, Logger, Module } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module';
import { PrismaService } from './prisma.service';

@Global()
@Module({
  providers: [
    {
      provide: PrismaService,
      inject: [APP_CONFIG],
      useFactory: async (config: AppConfig) => {
        // Through Nest's logger (buffered until pino takes over): the embedded server's start and an import of old data.
        const logger = new Logger('Database');
        const target = databaseTarget(config.databaseUrl, config.dataDir, config.embeddedPostgresPort);
        return new PrismaService(await openDatabase(target, { lanes: { share: config.ingest.dbShare }, log: (message) => logger.log(message) }));
      },
    },
  ],
  exports: [PrismaService],
})
export class DatabaseModule {}
