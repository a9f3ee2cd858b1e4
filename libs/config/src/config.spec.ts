import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('runs with no environment at all: embedded defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, databaseUrl: undefined, allowRegistration: true, bodyLimit: '1mb', logLevel: 'info' });
    expect(config.dataDir).toMatch(/\/data$/);
    expect(config.temporal.address).toBeUndefined();
    expect(config.llm.baseUrl).toBeUndefined();
  });

  it('reads typed values', () => {
    const config = loadConfig({
      PORT: '8080',
      DATABASE_URL: 'postgresql://u@db:5432/assistants',
      ALLOW_REGISTRATION: 'false',
      ADMIN_EMAIL: 'Boss@Example.com',
      ADMIN_PASSWORD: 'long-enough',
      CORS_ORIGINS: 'https://a.example, https://b.example',
      TEMPORAL_ADDRESS: 'temporal:7233',
    });
    expect(config).toMatchObject({
      port: 8080,
      databaseUrl: 'postgresql://u@db:5432/assistants',
      allowRegistration: false,
      admin: { email: 'boss@example.com', password: 'long-enough' },
      corsOrigins: ['https://a.example', 'https://b.example'],
      temporal: { address: 'temporal:7233', namespace: 'default', taskQueue: 'assistants' },
    });
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', LLM_BASE_URL: '' })).toMatchObject({ databaseUrl: undefined, llm: { baseUrl: undefined } });
  });

  it('stops with every wrong value listed', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'abc', DATABASE_URL: 'mysql://x', ALLOW_REGISTRATION: 'maybe', JWT_SECRET: 'short', LLM_BASE_URL: 'not a url' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toMatch(/^Invalid configuration:/);
    for (const name of ['PORT', 'DATABASE_URL', 'ALLOW_REGISTRATION', 'JWT_SECRET', 'LLM_BASE_URL']) expect(message).toContain(name);
    expect(message).toContain('(got "abc")');
  });

  it('wants a password with ADMIN_EMAIL', () => {
    expect(() => loadConfig({ ADMIN_EMAIL: 'a@b.co' })).toThrow(/ADMIN_PASSWORD is required/);
  });

  it('sizes ingest work: a bounded number at once, worker threads auto-sized by default', () => {
    const auto = loadConfig({}).ingest;
    expect(auto.concurrency).toBe(2);
    expect(auto.threads).toBeGreaterThanOrEqual(1);
    expect(auto.threads).toBeLessThanOrEqual(2);
    expect(loadConfig({ INGEST_CONCURRENCY: '4', INGEST_THREADS: '3' }).ingest).toEqual({ concurrency: 4, threads: 3 });
    expect(() => loadConfig({ INGEST_CONCURRENCY: '0', INGEST_THREADS: 'many' })).toThrow(/INGEST_CONCURRENCY[\s\S]*INGEST_THREADS/);
  });
});
