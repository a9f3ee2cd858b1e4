import type { AppConfig } from '@assistants/config';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { Global, Module } from '@nestjs/common';
import { ThrottlerStorageService } from '@nestjs/throttler';
import { APP_CONFIG } from '../config/config.module';
import { RATE_LIMIT_STORAGE, RateLimitService } from './rate-limit.service';

/** Global, so the WebSocket gateway and any other transport can inject RateLimitService. */
@Global()
@Module({
  providers: [
    {
      provide: RATE_LIMIT_STORAGE,
      inject: [APP_CONFIG],
      // Redis: fail fast rather than queue while it is unreachable (RateLimitService then lets requests through).
      useFactory: (config: AppConfig) =>
        config.redis.url
          ? new ThrottlerStorageRedisService(config.redis.url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: false })
          : new ThrottlerStorageService(),
    },
    RateLimitService,
  ],
  exports: [RateLimitService],
})
export class RateLimitModule {}
