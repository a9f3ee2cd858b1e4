import type { AppConfig } from '@assistants/config';
import { type DynamicModule, Module, RequestMethod } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { LoggerModule } from 'nestjs-pino';
import { AssistantsModule } from './assistants/assistants.module';
import { AuthModule } from './auth/auth.module';
import { ChatModule } from './chat/chat.module';
import { ConfigModule } from './config/config.module';
import { ConversationExportModule } from './conversations/export/export.module';
import { ConversationsModule } from './conversations/conversations.module';
import { ConversationDocumentsModule } from './conversations/documents/conversation-documents.module';
import { DatabaseModule } from './database/database.module';
import { StoresModule } from './database/stores.module';
import { HealthModule } from './health/health.module';
import { KnowledgeModule } from './knowledge/knowledge.module';
import { LiveModule } from './live/live.module';
import { OpenAiModule } from './openai/openai.module';
import { RateLimitModule } from './rate-limit/rate-limit.module';
import { RatingsModule } from './ratings/ratings.module';
import { ToolCallsModule } from './tool-calls/tool-calls.module';
import { SearchModule } from './search/search.module';
import { TemplatesModule } from './templates/templates.module';
import { ToolsModule } from './tools/tools.module';
import { LlmProvidersModule } from './llm-providers/llm-providers.module';
import { UsageModule } from './usage/usage.module';
import { RuntimeModule } from './runtime/runtime.module';
import { SharesModule } from './shares/shares.module';
import { redactShareToken } from './shares/share-token';

const REQUEST_ID = /^[\w.-]{1,100}$/;

/** Readable one-line logs for a person at a terminal; JSON lines everywhere else (and in production). */
function prettyTransport(config: AppConfig) {
  if (config.env === 'production' || !process.stdout.isTTY) return undefined;
  try {
    require.resolve('pino-pretty');
  } catch {
    return undefined;
  }
  return { target: 'pino-pretty', options: { singleLine: true, ignore: 'pid,hostname,req,res' } };
}

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot({
          // Express 5 route syntax; the library's default '*' makes Nest warn at every start.
          forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
          pinoHttp: {
            level: config.logLevel,
            transport: prettyTransport(config),
            // A caller's own x-request-id is kept so a request can be followed across services.
            genReqId: (req, res) => {
              const given = req.headers['x-request-id'];
              const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
              res.setHeader('x-request-id', id);
              return id;
            },
            redact: ['req.headers.authorization', 'req.headers.cookie'],
            // A share link's token is a credential: logs keep the path without it.
            serializers: { req: (req: { url?: string }) => ({ ...req, url: redactShareToken(req.url) }) },
            autoLogging: { ignore: (req) => req.url === '/api/health' },
          },
        }),
        DatabaseModule,
        StoresModule,
        RateLimitModule,
        AuthModule,
        HealthModule,
        AssistantsModule,
        TemplatesModule,
        ConversationsModule,
        RuntimeModule,
        ChatModule,
        KnowledgeModule,
        ConversationDocumentsModule,
        LiveModule,
        RatingsModule,
        ToolCallsModule,
        ConversationExportModule,
        UsageModule,
        SearchModule,
        ToolsModule,
        LlmProvidersModule,
        SharesModule,
        // Last: its /v1 catch-all route must come after any other /v1 route.
        OpenAiModule,
      ],
    };
  }
}
