import { APIConnectionError, APIError } from 'openai';
import { Deadline, LlmRejectedError, LlmUnavailableError } from '@assistants/domain';
import { redact, toLlmError } from './errors';

// Cases the fake server does not produce: error events inside a stream, odd statuses, bare errors.

const ctx = { what: 'chat completion (m)', apiKey: 'sk-live-abcdefghijkl' };

describe('toLlmError', () => {
  it('maps an error event inside the stream by the code it carries', () => {
    const tooLong = new APIError(undefined, { message: 'context length exceeded', code: 400 }, undefined, undefined);
    expect(toLlmError(tooLong, ctx)).toEqual(new LlmRejectedError('chat completion (m): context length exceeded', 400));
    const crashed = new APIError(undefined, { message: 'engine crashed' }, undefined, undefined);
    expect(toLlmError(crashed, ctx)).toBeInstanceOf(LlmUnavailableError);
  });

  it('treats other 4xx as final and unknown failures as passing', () => {
    const payment = APIError.generate(402, { error: { message: 'quota' } }, undefined, new Headers());
    expect(toLlmError(payment, ctx)).toMatchObject({ name: 'LlmRejectedError', status: 402, message: expect.stringContaining('quota') });
    // Ollama-style body: {"error": "model 'x' not found"}
    const ollama = APIError.generate(404, { error: "model 'x' not found" }, undefined, new Headers());
    expect(toLlmError(ollama, ctx).message).toBe("chat completion (m) failed (HTTP 404): model 'x' not found");
    expect(toLlmError(new TypeError('terminated'), ctx)).toBeInstanceOf(LlmUnavailableError);
    const refused = new APIConnectionError({ cause: Object.assign(new Error('fetch failed'), { cause: { code: 'ECONNREFUSED' } }) });
    expect(toLlmError(refused, ctx).message).toBe('chat completion (m): Connection error. (ECONNREFUSED)');
  });

  it('turns anything into an abort once the caller aborted, and into a timeout once the deadline passed', () => {
    const controller = new AbortController();
    controller.abort();
    expect(toLlmError(new TypeError('terminated'), { ...ctx, signal: controller.signal }).name).toBe('AbortError');
    const deadline = new Deadline(1000);
    deadline.expired = true;
    deadline.dispose();
    expect(toLlmError(new Error('aborted'), { ...ctx, deadline }).message).toBe('chat completion (m): no response within 1000 ms');
  });

  it('gives each failure the code the reader is told it by: refused, rate limited, timed out or unreachable', () => {
    const status = (code: number) => toLlmError(APIError.generate(code, { error: { message: 'x' } }, undefined, new Headers()), ctx);
    expect(status(401)).toMatchObject({ problem: { code: 'chat.provider_refused' } });
    expect(status(429)).toMatchObject({ name: 'LlmUnavailableError', problem: { code: 'chat.provider_rate_limited' } });
    expect(status(408)).toMatchObject({ problem: { code: 'chat.provider_timeout' } });
    expect(status(503)).toMatchObject({ problem: { code: 'chat.provider_unreachable' } });
    const refused = new APIConnectionError({ cause: Object.assign(new Error('fetch failed'), { cause: { code: 'ECONNREFUSED' } }) });
    expect(toLlmError(refused, ctx)).toMatchObject({ problem: { code: 'chat.provider_unreachable' } });
    const deadline = new Deadline(1000);
    deadline.expired = true;
    deadline.dispose();
    expect(toLlmError(new Error('aborted'), { ...ctx, deadline })).toMatchObject({ problem: { code: 'chat.provider_timeout' } });
  });

  it('keeps API keys out of messages', () => {
    expect(redact('bad key sk-live-abcdefghijkl given', 'sk-live-abcdefghijkl')).toBe('bad key *** given');
    expect(redact('bad key sk-proj-ABCDEFGH1234 given')).toBe('bad key sk-*** given');
    expect(redact('custom key hunter2-secret', 'hunter2-secret')).toBe('custom key ***');
  });
});
