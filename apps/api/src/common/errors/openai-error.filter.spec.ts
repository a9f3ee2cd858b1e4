import { Controller, Get, type INestApplication, NotFoundException, UseFilters, UseGuards } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import { OpenAiErrorFilter } from './openai-error.filter';

@UseFilters(OpenAiErrorFilter)
@UseGuards(ThrottlerGuard)
@Controller('v1')
class ProbeController {
  @Get('models')
  models() {
    return { object: 'list', data: [] };
  }

  @Get('models/:id')
  model() {
    throw new NotFoundException('No such model.');
  }

  @Get('chat/broken')
  broken() {
    throw new Error('password=hunter2 leaked from a driver');
  }
}

/**
 * The filter with the real throttler and the official SDK over HTTP: a 429 in OpenAI's
 * shape with the Retry-After header its clients wait for, whatever the limit is named.
 * (The end-to-end 429 of /v1 belongs with the app's own rate limits.)
 */
describe('OpenAiErrorFilter', () => {
  const apps: INestApplication[] = [];
  afterAll(() => Promise.all(apps.map((app) => app.close())));

  async function sdkFor(throttlers: { name: string; ttl: number; limit: number }[]): Promise<OpenAI> {
    const module = await Test.createTestingModule({ imports: [ThrottlerModule.forRoot(throttlers)], controllers: [ProbeController] }).compile();
    const app = module.createNestApplication({ logger: false });
    apps.push(app);
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    return new OpenAI({ apiKey: 'unused', baseURL: `http://127.0.0.1:${port}/v1`, maxRetries: 0 });
  }

  it.each([
    ['the default limit', 'default', '60'],
    ['a named limit (Retry-After-burst)', 'burst', '60'],
  ])('answers past %s with 429 rate_limit_exceeded and Retry-After', async (_, name, retryAfter) => {
    const client = await sdkFor([{ name, ttl: 60_000, limit: 1 }]);
    await expect(client.models.list()).resolves.toBeDefined();
    const error = await client.models.list().catch((e) => e);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect(error).toMatchObject({ status: 429, code: 'rate_limit_exceeded', type: 'requests', param: null });
    expect(error.message).toMatch(/Too Many Requests/i);
    expect(error.headers.get('retry-after')).toBe(retryAfter);
  });

  it('keeps 404 messages and hides the cause of a 500', async () => {
    const client = await sdkFor([{ name: 'default', ttl: 60_000, limit: 100 }]);
    const missing = await client.models.retrieve('x').catch((e) => e);
    expect(missing).toMatchObject({ status: 404, type: 'invalid_request_error', code: null, error: { message: 'No such model.' } });
    const broken: any = await client.get('/chat/broken').catch((e: unknown) => e);
    expect(broken).toBeInstanceOf(OpenAI.InternalServerError);
    expect(broken).toMatchObject({ status: 500, type: 'server_error' });
    expect(broken.message).toMatch(/request id/);
    expect(broken.message).not.toContain('hunter2');
  });
});
