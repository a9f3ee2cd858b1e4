import type { AppConfig } from '@assistants/config';
import { type INestApplication, RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { WsAdapter } from '@nestjs/platform-ws';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { PrismaService } from './database/prisma.service';
import { isOpenAiPath, ProblemDetailsFilter, sendOpenAiError, sendProblem, toProblem } from './common/errors';
import { securityHeaders } from './common/security-headers';
import { continueWhenBodyIsRead } from './common/unread-body';
import { createValidationPipe, RejectNulCharactersPipe } from './common/validation';

/** Builds the configured HTTP application; main.ts listens, tests use it with supertest. */
export async function createApp(config: AppConfig): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { bodyParser: false, bufferLogs: true });
  app.useLogger(app.get(Logger));
  // --- Security headers (helmet) on every answer, and the proxy in front (decides req.ip, req.secure, HSTS). ---
  app.set('trust proxy', config.trustProxy);
  app.use(securityHeaders());
  // A request in flight keeps ingest's bulk statements out of the database (chat first; see DatabaseLanes).
  const lanes = app.get(PrismaService).db.lanes;
  app.use((req: Request, res: Response, next: NextFunction) => {
    const release = lanes.holdForRequest();
    res.once('finish', release);
    res.once('close', release);
    next();
  });
  continueWhenBodyIsRead(app.getHttpServer());
  app.useBodyParser('json', { limit: config.bodyLimit });
  // OpenAI-compatible routes live at /v1, where OpenAI SDKs expect them (base URL <host>/v1).
  app.setGlobalPrefix('api', { exclude: [{ path: 'v1{/*path}', method: RequestMethod.ALL }] });
  app.useGlobalPipes(new RejectNulCharactersPipe(), createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.enableShutdownHooks();
  if (config.corsOrigins.length) app.enableCors({ origin: config.corsOrigins, exposedHeaders: ['x-request-id', 'x-conversation-id', 'retry-after'] });
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
    if (isOpenAiPath(req.path)) return sendOpenAiError(error, req, res);
    sendProblem(res, toProblem(error, req));
  });
  // A start that fails (bad ADMIN_PASSWORD, database down) must still release what it opened.
  await app.init().catch(async (error: unknown) => {
    await app.close().catch(() => undefined);
    throw error;
  });
  return app;
}

/** The API's own paths: /api and below, but not a web-app route that merely begins so (/api-keys). */
export const isApiPath = (path: string) => path === '/api' || path.startsWith('/api/');

/** Serves the built Angular app, with index.html for its client-side routes. */
function serveWebApp(app: NestExpressApplication, webDistDir: string): void {
  const index = join(webDistDir, 'index.html');
  if (!existsSync(index)) return;
  app.useStaticAssets(webDistDir, { index: false, maxAge: '1h' });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' || isApiPath(req.path) || isOpenAiPath(req.path)) return next();
    res.sendFile(index);
  });
}
