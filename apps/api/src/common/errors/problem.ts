// How any error becomes RFC 9457 problem+json; both exception filters answer through this file.
import { fallbackProblemCode, PROBLEM_CONTENT_TYPE, type ProblemCode, type ProblemDetails, type ProblemParams } from '@assistants/common';
import { Prisma, sqlStateOf } from '@assistants/db';
import { HttpException, HttpStatus } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import type { Request, Response } from 'express';
import { closeIfBodyUnread } from '../unread-body';
import { ValidationProblem } from '../validation';
import { isCodedMessage } from './problem-text';

const PRISMA_STATUS: Record<string, { status: number; detail: string }> = {
  P2025: { status: HttpStatus.NOT_FOUND, detail: 'The resource does not exist.' },
  // A transaction that could not start or finish in time, or lost a write conflict: nothing was changed.
  P2028: { status: HttpStatus.SERVICE_UNAVAILABLE, detail: 'The server is too busy to do this now; nothing was changed. Try again in a moment.' },
  P2034: { status: HttpStatus.SERVICE_UNAVAILABLE, detail: 'The change clashed with another one at the same moment; nothing was changed. Try again.' },
  P2002: { status: HttpStatus.CONFLICT, detail: 'A resource with the same unique value already exists.' },
  P2003: { status: HttpStatus.CONFLICT, detail: 'The change refers to a resource that does not exist or is still in use.' },
};

/** The same errors raised by PostgreSQL through the database's own connection (the statements the stores write in SQL), by SQLSTATE. */
const SQLSTATE_STATUS: Record<string, { status: number; detail: string }> = {
  '23505': PRISMA_STATUS.P2002,
  '23503': PRISMA_STATUS.P2003,
  '40001': PRISMA_STATUS.P2034,
  '40P01': PRISMA_STATUS.P2034,
};

/** Errors that body-parser raises before Nest sees the request. */
const BODY_PARSER_STATUS: Record<string, { status: number; detail: string }> = {
  'entity.too.large': { status: HttpStatus.PAYLOAD_TOO_LARGE, detail: 'The request body is larger than the server accepts.' },
  'entity.parse.failed': { status: HttpStatus.BAD_REQUEST, detail: 'The request body is not valid JSON.' },
  'encoding.unsupported': { status: HttpStatus.UNSUPPORTED_MEDIA_TYPE, detail: 'The request body encoding is not supported.' },
  'charset.unsupported': { status: HttpStatus.UNSUPPORTED_MEDIA_TYPE, detail: 'The request body charset is not supported.' },
};

export function toProblem(error: unknown, request: Pick<Request, 'originalUrl' | 'url'> & { id?: unknown }): ProblemDetails {
  const instance = request.originalUrl ?? request.url;
  const requestId = request.id ? String(request.id) : undefined;
  const problem = (status: number, detail?: string, extra: Partial<ProblemDetails> = {}): ProblemDetails => ({
    type: status >= 500 ? 'about:blank' : `https://assistants.dev/problems/${status}`,
    title: STATUS_CODES[status] ?? 'Error',
    status,
    code: fallbackProblemCode(status),
    detail,
    instance,
    requestId,
    ...extra,
  });

  if (error instanceof ValidationProblem) return problem(400, error.message, { code: 'validation.failed', params: error.params, errors: error.errors });
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const body = error.getResponse();
    if (isCodedMessage(body)) return problem(status, body.message, coded(body.code, body.params));
    const message = typeof body === 'string' ? body : (body as { message?: unknown }).message;
    return problem(status, Array.isArray(message) ? message.join('; ') : String(message ?? error.message));
  }
  if (error instanceof Prisma.PrismaClientKnownRequestError && PRISMA_STATUS[error.code]) {
    const { status, detail } = PRISMA_STATUS[error.code];
    return problem(status, detail);
  }
  const sqlState = sqlStateOf(error);
  if (sqlState && SQLSTATE_STATUS[sqlState]) {
    const { status, detail } = SQLSTATE_STATUS[sqlState];
    return problem(status, detail);
  }
  const parserType = (error as { type?: string } | null)?.type;
  if (parserType && BODY_PARSER_STATUS[parserType]) {
    const { status, detail } = BODY_PARSER_STATUS[parserType];
    return problem(status, detail);
  }
  return problem(
    500,
    `An unexpected error occurred. Quote request id ${requestId ?? 'unknown'} when reporting it.`,
    coded('server.error', { requestId: requestId ?? 'unknown' }),
  );
}

const coded = (code: ProblemCode, params: ProblemParams): Partial<ProblemDetails> => (Object.keys(params).length ? { code, params } : { code });

export function sendProblem(response: Response, problem: ProblemDetails): void {
  closeIfBodyUnread(response.req, response);
  response.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
}
