import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { isOpenAiPath, sendOpenAiError } from './openai-error';
import { sendProblem, toProblem } from './problem';

/** Turns every error into RFC 9457 problem+json; a 500 hides its cause behind the request id. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Problem');

  catch(error: unknown, host: ArgumentsHost): void {
    const context = host.switchToHttp();
    const request = context.getRequest<Request & { id?: unknown }>();
    const response = context.getResponse<Response>();
    const problem = toProblem(error, request);
    if (problem.status >= 500) {
      this.logger.error({ err: error, requestId: problem.requestId }, 'unhandled error');
    }
    // Errors raised before a /v1 controller runs (routing, guards) still answer in OpenAI's shape.
    if (isOpenAiPath(request.path)) return sendOpenAiError(error, request, response);
    const retryAfter = (error as { retryAfterSeconds?: unknown } | null)?.retryAfterSeconds;
    if (typeof retryAfter === 'number') response.setHeader('Retry-After', String(retryAfter));
    else if (problem.status === 503) response.setHeader('Retry-After', '1');
    sendProblem(response, problem);
  }
}
