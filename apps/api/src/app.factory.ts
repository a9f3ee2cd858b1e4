import type { AppConfig } from '@assistants/config';
import { type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { WsAdapter } from '@nestjs/platform-ws';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { ProblemDetailsFilter, sendProblem, toProblem } from './common/problem-details.filter';
import { createValidationPipe, RejectNulCharactersPipe } from './common/validation';

/** Builds the configured HTTP application; main.ts listens, tests use it with supertest. */
export async function createApp(config: AppConfig): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { bodyParser: false, bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.useBodyParser('json', { limit: config.bodyLimit });
  app.setGlobalPrefix('api');
  app.useGlobalPipes(new RejectNulCharactersPipe(), createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.enableShutdownHooks();
  if (config.corsOrigins.length) app.enableCors({ origin: config.corsOrigins, exposedHeaders: ['x-request-id'] });
  app.disable('x-powered-by');
  // Live updates: plain WebSocket at /api/ws on this same HTTP server (apps/api/src/live).
  app.useWebSocketAdapter(new WsAdapter(app));

  const openApi = new DocumentBuilder()
    .setTitle('Assistants API')
    .setDescription('AI assistants with their own settings, prompt templates and knowledge bases. Errors are RFC 9457 problem+json.')
    .setVersion('0.1.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'A JWT from /api/auth/login, or an API key ak_...' })
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, openApi), { jsonDocumentUrl: 'api/docs-json' });

  serveWebApp(app, config.webDistDir);
  // Body-parser errors (bad JSON, too large) and unknown routes happen outside Nest's filters.
  app.use((error: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    sendProblem(res, toProblem(error, req));
  });
  await app.init();
  return app;
}

/** Serves the built Angular app, with index.html for its client-side routes. */
function serveWebApp(app: NestExpressApplication, webDistDir: string): void {
  const index = join(webDistDir, 'index.html');
  if (!existsSync(index)) return;
  app.useStaticAssets(webDistDir, { index: false, maxAge: '1h' });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' || req.path.startsWith('/api')) return next();
    res.sendFile(index);
  });
}
