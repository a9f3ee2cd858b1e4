import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { sendOpenAiError } from './openai-error';

/** Every error under /v1 in OpenAI's shape; a 500 is logged with its request id and says nothing else. */
@Catch()
export class OpenAiErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('OpenAI');

  catch(error: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<Request & { id?: unknown }>();
    const response = host.switchToHttp().getResponse<Response>();
    if (response.headersSent) return;
    if (!(error instanceof HttpException) || error.getStatus() >= 500) this.logger.error({ err: error, requestId: request.id }, 'unhandled error');
    sendOpenAiError(error, request, response);
  }
}
