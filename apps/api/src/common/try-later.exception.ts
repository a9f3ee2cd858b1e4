import { HttpException } from '@nestjs/common';
import type { CodedMessage } from './errors/problem-text';

/**
 * 429 (this caller has too much going on) or 503 (the server has): the problem filter turns
 * `retryAfterSeconds` into a Retry-After header.
 */
export class TryLaterException extends HttpException {
  constructor(
    status: 429 | 503,
    message: string | CodedMessage,
    readonly retryAfterSeconds: number,
  ) {
    super(message, status);
  }
}
