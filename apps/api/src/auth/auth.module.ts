import type { AppConfig } from '@assistants/config';
import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { createSecretKey } from 'node:crypto';
import { APP_CONFIG } from '../config/config.module';
import { UsersController } from '../users/users.controller';
import { UsersService } from '../users/users.service';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { resolveJwtSecret } from './jwt-secret';
import { LoginThrottle } from './login-throttle';

@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      // Verify with the one algorithm we sign with: no `none`, no other HMAC, no key confusion.
      useFactory: (config: AppConfig) => ({
        // A key object, not the string: given a string, jsonwebtoken first tries it as a PEM public
        // key on every verify, and that failing attempt cost half a millisecond per request.
        secret: createSecretKey(Buffer.from(resolveJwtSecret(config))),
        signOptions: { algorithm: 'HS256', expiresIn: config.jwt.ttlSeconds },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
  ],
  controllers: [AuthController, UsersController],
  providers: [AuthService, LoginThrottle, UsersService, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [AuthService, UsersService],
})
export class AuthModule {}
