import { Prisma } from '@assistants/db';
import { toProblem } from './problem';

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
});
