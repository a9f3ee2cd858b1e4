import type { HealthView } from '@assistants/common';
import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { NoScope, Public, Unlimited } from '../auth/auth.decorators';
import { ApiView } from '../common/view-schemas';
import { PrismaService } from '../database/prisma.service';
import { problemText } from '../common/errors';

@ApiTags('health')
@Controller('health')
export class HealthController {
  private readonly startedAt = Date.now();

  constructor(private readonly prisma: PrismaService) {}

  @Public()
  @NoScope()
  @Unlimited()
  @Get()
  @ApiView(200, 'health')
  async check(): Promise<HealthView> {
    const started = performance.now();
    try {
      await this.prisma.db.sql.query('SELECT 1');
    } catch {
      throw new ServiceUnavailableException(problemText('health.database_down'));
    }
    return {
      status: 'ok',
      database: { status: 'up', kind: this.prisma.db.kind, latencyMs: Math.round((performance.now() - started) * 100) / 100 },
      uptimeSeconds: Math.round((Date.now() - this.startedAt) / 1000),
    };
  }
}
