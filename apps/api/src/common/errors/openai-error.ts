// The same errors in OpenAI's shape, for /v1 (whose SDKs parse error.{message,type,code,param}).
import { HttpException } from '@nestjs/common';
import type { Request, Response } from 'express';
import { toProblem } from './problem';
import { closeIfBodyUnread } from '../unread-body';
import { ValidationProblem } from '../validation';

/** OpenAI's error body: what its SDKs parse into APIError.{message,type,code,param}. */
export interface OpenAiErrorBody {
  error: { message: string; type: string; code: string | null; param: string | null };
}

/** A 4xx with OpenAI's `code` and `param`, e.g. model_not_found on `model`. */
export class OpenAiError extends HttpException {
  constructor(
    status: number,
    message: string,
    readonly code: string | null = null,
    readonly param: string | null = null,
  ) {
    super(message, status);
  }
}

// OpenAI's own types and codes per status, so clients that branch on them keep working.
const TYPE_BY_STATUS: Record<number, string> = { 401: 'invalid_request_error', 403: 'permission_error', 429: 'requests' };
/** Paths whose errors answer in OpenAI's shape, wherever they are raised. */
export const isOpenAiPath = (path: string) => path === '/v1' || path.startsWith('/v1/');

const CODE_BY_STATUS: Record<number, string> = { 401: 'invalid_api_key', 429: 'rate_limit_exceeded' };

/**
 * The same status and message the problem+json filter would give (body-parser
 * errors, Prisma, hidden 500s with the request id), in OpenAI's shape.
 */
export function toOpenAiError(error: unknown, request: Request): OpenAiErrorBody & { status: number } {
  const problem = toProblem(error, request);
  const status = problem.status;
  const type = status >= 500 ? 'server_error' : (TYPE_BY_STATUS[status] ?? 'invalid_request_error');
  const own = error instanceof OpenAiError ? error : null;
  const param = own?.param ?? (error instanceof ValidationProblem ? (error.errors[0]?.field ?? null) : null);
  const message = error instanceof ValidationProblem ? error.errors.flatMap((e) => e.messages).join('; ') : (problem.detail ?? problem.title);
  return { status, error: { message, type, code: own?.code ?? CODE_BY_STATUS[status] ?? null, param } };
}

export function sendOpenAiError(error: unknown, request: Request, response: Response): void {
  const { status, ...body } = toOpenAiError(error, request);
  if (status === 429) ensureRetryAfter(error, response);
  closeIfBodyUnread(request, response);
  response.status(status).json(body);
}

/**
 * The SDKs wait for Retry-After before retrying. The throttler sets it per named
 * limit (Retry-After-<name>) or not at all; clients only read the plain header.
 */
function ensureRetryAfter(error: unknown, response: Response): void {
  if (response.getHeader('retry-after') !== undefined) return;
  const named = Object.entries(response.getHeaders())
    .filter(([name]) => name.startsWith('retry-after-'))
    .map(([, value]) => Number(value))
    .filter((n) => Number.isFinite(n));
  // RateLimitedException says how long in retryAfterSeconds (a daily cap: hours); without it one second.
  const own = error as { retryAfter?: unknown; retryAfterSeconds?: unknown } | null;
  const fromError = Number(own?.retryAfterSeconds ?? own?.retryAfter);
  const seconds = named.length ? Math.max(...named) : Number.isFinite(fromError) && fromError > 0 ? fromError : 1;
  response.setHeader('Retry-After', String(Math.ceil(seconds)));
}
