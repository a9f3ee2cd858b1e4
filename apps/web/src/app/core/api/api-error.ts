import { HttpErrorResponse } from '@angular/common/http';
import type { ProblemDetails } from '@assistants/common';
import { localProblemText, translateFieldProblem, translateProblem } from '../i18n/problem-message';

/** An API failure reduced to what a person can read; the problem is kept for code that needs it. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly problem: ProblemDetails | null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

function isProblem(body: unknown): body is ProblemDetails {
  return typeof body === 'object' && body !== null && typeof (body as ProblemDetails).title === 'string' && typeof (body as ProblemDetails).status === 'number';
}

/**
 * A problem+json body (or anything else) in plain words, in the interface language: field errors
 * first (each by its code), then the problem's code, then the detail, then the title.
 */
export function toApiError(error: HttpErrorResponse): ApiError {
  if (error.status === 0) return new ApiError(localProblemText('unreachable'), 0, null);
  const body: unknown = typeof error.error === 'string' ? tryJson(error.error) : error.error;
  if (isProblem(body)) {
    const fields = (body.errors ?? []).map((e) => `${e.field}: ${translateFieldProblem(e)}`);
    const message = fields.length ? fields.join('; ') : translateProblem(body.code, body.params, body.detail?.trim()) || body.title;
    return new ApiError(message, error.status, body);
  }
  if (error.status >= 500) return new ApiError(localProblemText('serverError'), error.status, null);
  return new ApiError(localProblemText('failed', error.status), error.status, null);
}

/** The same error with a Blob body (what a download gets) replaced by its text; other bodies as they are. */
export async function withTextBody(error: HttpErrorResponse): Promise<HttpErrorResponse> {
  if (!isBlob(error.error)) return error;
  let text: string | null;
  try {
    text = await readBlob(error.error);
  } catch {
    text = null;
  }
  return new HttpErrorResponse({ error: text, headers: error.headers, status: error.status, statusText: error.statusText, url: error.url ?? undefined });
}

/** A Blob, also one from another realm (a test environment's), which `instanceof` would miss. */
export function isBlob(body: unknown): body is Blob {
  return (
    (typeof Blob !== 'undefined' && body instanceof Blob) ||
    (typeof body === 'object' && body !== null && typeof (body as Blob).slice === 'function' && typeof (body as Blob).size === 'number')
  );
}

/** Blob.text() where there is one; FileReader elsewhere (older engines and jsdom). */
function readBlob(blob: Blob): Promise<string> {
  if (typeof blob.text === 'function') return blob.text();
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsText(blob);
  });
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** Any caught error as one line for the screen. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof HttpErrorResponse) return toApiError(error).message;
  if (error instanceof Error) return error.message;
  return localProblemText('unknown');
}
