import type { Database, PrismaClient } from '@assistants/db';
import { Injectable, type OnApplicationShutdown } from '@nestjs/common';

/** Owns the one database connection of the process; feature services use `client`. */
@Injectable()
export class PrismaService implements OnApplicationShutdown {
  constructor(readonly db: Database) {}

  get client(): PrismaClient {
    return this.db.prisma;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.db.close();
  }
}
