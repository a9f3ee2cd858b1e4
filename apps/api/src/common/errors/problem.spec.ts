import { Prisma } from '@assistants/db';
import { NotFoundException } from '@nestjs/common';
import { toProblem } from './problem';
import { problemText } from './problem-text';

const request = { originalUrl: '/api/auth/register', url: '/api/auth/register', id: 'req-1' };
const prismaError = (code: string) => new Prisma.PrismaClientKnownRequestError('raw driver text', { code, clientVersion: 'test' });

describe('toProblem', () => {
  it.each(['P2028', 'P2034'])('answers a transaction Prisma could not run in time or in order (%s) with 503, not 500', (code) => {
    const problem = toProblem(prismaError(code), request);
    expect(problem.status).toBe(503);
    expect(problem.detail).toMatch(/nothing was changed/);
    expect(JSON.stringify(problem)).not.toContain('raw driver text');
  });

  it('keeps an unknown error a 500 that names only the request id', () => {
    const problem = toProblem(new Error('secret internals'), request);
    expect(problem).toMatchObject({ status: 500, requestId: 'req-1' });
    expect(JSON.stringify(problem)).not.toContain('secret internals');
  });

  it('gives an error thrown with a code its code, params and English text', () => {
    const problem = toProblem(new NotFoundException(problemText('request.too_many', { seconds: 1 })), request);
    expect(problem).toMatchObject({ status: 404, code: 'request.too_many', params: { seconds: 1 }, detail: 'Too many requests; wait 1 second and try again.' });
  });

  it('gives an error thrown without a code the code of its status', () => {
    expect(toProblem(new NotFoundException('No user has id 1.'), request)).toMatchObject({ code: 'resource.not_found', detail: 'No user has id 1.' });
    expect(toProblem(new Error('secret'), request)).toMatchObject({ code: 'server.error', params: { requestId: 'req-1' } });
  });
});
