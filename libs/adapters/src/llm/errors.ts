import { APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { abortError, LlmRejectedError, LlmUnavailableError } from '@assistants/domain';
import type { Deadline } from '@assistants/domain';

// One mapping for chat and embeddings: workflows retry LlmUnavailableError, fail fast on
// LlmRejectedError, and a caller's abort stays an abort.

// Statuses where the same request can never succeed: wrong model, key, size or payload.
const REJECTED = new Set([400, 401, 403, 404, 413, 422]);
// Statuses that may pass on their own: request timeout, conflict, rate limit.
const TRANSIENT = new Set([408, 409, 429]);

function classify(status: number, message: string): Error {
  if (REJECTED.has(status)) return new LlmRejectedError(message, status);
  if (TRANSIENT.has(status) || status >= 500) return new LlmUnavailableError(message, status);
  // Any other 4xx (402 payment required, 405...) will not fix itself by retrying.
  return status >= 400 && status < 500 ? new LlmRejectedError(message, status) : new LlmUnavailableError(message, status);
}

/** The server's own words ("model not found"), whatever shape its error body has. */
function serverMessage(err: APIError): string {
  const body = err.error as unknown;
  if (typeof body === 'string' && body) return body;
  const message = (body as { message?: unknown } | undefined)?.message;
  if (typeof message === 'string' && message) return message;
  // The SDK's message starts with the status ("404 ..."): the status is kept separately.
  return err.message.replace(/^\d{3} /, '');
}

/** Node's low-level reason (ECONNREFUSED, ENOTFOUND...) buried in fetch's error causes. */
function rootCause(err: unknown): string | undefined {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^E[A-Z_]+$|^UND_ERR/.test(code)) return code;
  }
  return undefined;
}

/** Strips the API key from anything a server or library might echo back. */
export function redact(message: string, apiKey?: string): string {
  let out = apiKey && apiKey.length >= 4 ? message.split(apiKey).join('***') : message;
  out = out.replace(/\b(sk|ak)-[A-Za-z0-9_*-]{8,}/g, '$1-***');
  return out;
}

export interface MapContext {
  what: string; // "chat completion" / "embeddings", for the message
  signal?: AbortSignal;
  apiKey?: string;
  /** When it expired, the failure it caused is a timeout, whatever the SDK made of it. */
  deadline?: Deadline;
}

/** Turns anything the SDK or the stream threw into an abort, LlmRejectedError or LlmUnavailableError. */
export function toLlmError(err: unknown, ctx: MapContext): Error {
  // The caller's abort wins over whatever error it caused on the way out.
  if (ctx.signal?.aborted) return abortError(ctx.signal);
  if (ctx.deadline?.expired) return new LlmUnavailableError(`${ctx.what}: no response within ${ctx.deadline.ms} ms`, undefined, true);
  if (err instanceof LlmRejectedError || err instanceof LlmUnavailableError) return err;
  const clean = (m: string) => redact(m, ctx.apiKey);
  if (err instanceof APIUserAbortError) return new LlmUnavailableError(`${ctx.what}: request aborted`);
  if (err instanceof APIConnectionTimeoutError) return new LlmUnavailableError(`${ctx.what}: timed out`, undefined, true);
  if (err instanceof APIError) {
    if (err.status === undefined) {
      // No HTTP status: a connection failure, or an error event inside an SSE stream.
      const code = (err.error as { code?: unknown } | undefined)?.code;
      if (typeof code === 'number' && code >= 400) return classify(code, clean(`${ctx.what}: ${serverMessage(err)}`));
      const cause = rootCause(err);
      return new LlmUnavailableError(clean(`${ctx.what}: ${serverMessage(err)}${cause ? ` (${cause})` : ''}`));
    }
    return classify(err.status, clean(`${ctx.what} failed (HTTP ${err.status}): ${serverMessage(err)}`));
  }
  // Anything else happened on the wire: a stream cut mid-way ("terminated"), a socket reset,
  // a malformed chunk. The next attempt may well work.
  const message = err instanceof Error ? err.message : String(err);
  const cause = rootCause(err);
  return new LlmUnavailableError(clean(`${ctx.what}: connection failed: ${message}${cause ? ` (${cause})` : ''}`));
}
