import type { AppConfig } from '@assistants/config';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { Global, Logger, Module } from '@nestjs/common';
import { ThrottlerStorageService } from '@nestjs/throttler';
import { APP_CONFIG } from '../config/config.module';
import { RATE_LIMIT_STORAGE, RateLimitService } from './rate-limit.service';

/**
 * Redis storage that fails fast rather than queueing while Redis is unreachable
 * (RateLimitService then lets requests through), and says so once, not per retry.
 */
function redisStorage(url: string): ThrottlerStorageRedisService {
  const storage = new ThrottlerStorageRedisService(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
  const logger = new Logger('RateLimitRedis');
  let down = false;
  storage.redis.on('error', (error: Error) => {
    if (!down) logger.warn(`Redis for rate limits is unreachable: ${error.message}`);
    down = true;
  });
  storage.redis.on('ready', () => (down = false));
  return storage;
}

/** Global, so the WebSocket gateway and any other transport can inject RateLimitService. */
@Global()
@Module({
  providers: [
    {
      provide: RATE_LIMIT_STORAGE,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => (config.redis.url ? redisStorage(config.redis.url) : new ThrottlerStorageService()),
    },
    RateLimitService,
  ],
  exports: [RateLimitService],
})
export class RateLimitModule {}
