import type { Caller } from '@assistants/common';
import { decodeCursor } from '../../conversations/message-cursor';
import { RateLimitedException } from '../../rate-limit/rate-limit.service';
import { usageRange } from '../../usage/usage-range';
import { assertAccess, assertConversationAccess } from '../access';
import { IdPipe } from '../id.pipe';
import { TryLaterException } from '../try-later.exception';
import { toProblem } from './problem';
import { problemText } from './problem-text';

// Sites that once threw bare English: each now answers with a code and params the web app translates.
const request = { originalUrl: '/api/x', url: '/api/x', id: 'req-1' };
const member: Caller = { id: 'u1', email: 'm@example.com', role: 'member', via: 'jwt', scopes: ['chat', 'read', 'admin'] };

function problemOf(run: () => unknown) {
  try {
    run();
  } catch (error) {
    return toProblem(error, request);
  }
  throw new Error('expected a throw');
}

describe('former English-only problems', () => {
  it('name the kind and id of what does not exist, keeping the English detail', () => {
    expect(problemOf(() => assertAccess(null, member, 'read', 'assistant', 'a1'))).toMatchObject({
      status: 404,
      code: 'resource.id_unknown',
      params: { kind: 'assistant', id: 'a1' },
      detail: 'No assistant has id a1.',
    });
    expect(problemOf(() => assertConversationAccess(null, member, 'write', 'tool_call', 'c1')).detail).toBe('No tool call has id c1.');
    expect(problemOf(() => new IdPipe().transform('nope'))).toMatchObject({ code: 'resource.id_unknown', params: { kind: 'resource', id: '"nope"' } });
  });

  it('say which rule refused a caller, by kind', () => {
    const other = { ownerId: 'u2', isPublic: true };
    expect(problemOf(() => assertAccess(other, member, 'edit', 'template', 't1'))).toMatchObject({
      status: 403,
      code: 'access.owner_only',
      params: { kind: 'template' },
      detail: 'Only the owner or an administrator may change this template.',
    });
    expect(problemOf(() => assertAccess({ ownerId: 'u2', isPublic: false }, null, 'read', 'assistant', 'a1'))).toMatchObject({
      status: 401,
      code: 'access.sign_in_to_use',
    });
    expect(problemOf(() => assertConversationAccess({ userId: 'u2' }, member, 'write', 'conversation', 'c1'))).toMatchObject({
      code: 'conversation.owner_only',
    });
  });

  it('give the limits of a refused range and a bad cursor their codes', () => {
    expect(problemOf(() => usageRange({ from: '2026-01-01', to: '2026-12-01', bucket: 'hour' }))).toMatchObject({
      status: 400,
      code: 'usage.range_too_long',
      params: { max: 31, bucket: 'hour' },
      detail: 'The range may span at most 31 days with hour buckets.',
    });
    expect(problemOf(() => usageRange({ from: 'soon', bucket: 'day' }))).toMatchObject({ code: 'usage.date_invalid', params: { field: 'from' } });
    expect(problemOf(() => decodeCursor('bm90LWEtY3Vyc29y'))).toMatchObject({ status: 400, code: 'request.cursor_invalid' });
  });

  it('let the wait of a 429 reach the translation as a param', () => {
    const limited = new RateLimitedException(7);
    expect(toProblem(limited, request)).toMatchObject({
      status: 429,
      code: 'request.too_many_slow_down',
      params: { seconds: 7 },
      detail: 'Too many requests; slow down. Try again in 7 s.',
    });
    const busy = new TryLaterException(429, problemText('export.pdf_busy_user', { limit: 2 }), 5);
    expect(busy.retryAfterSeconds).toBe(5);
    expect(busy.message).toBe('You have 2 PDF exports in progress already (EXPORT_CONCURRENT_PER_USER); try again when one has finished.');
    expect(toProblem(busy, request)).toMatchObject({ status: 429, code: 'export.pdf_busy_user', params: { limit: 2 } });
  });
});
