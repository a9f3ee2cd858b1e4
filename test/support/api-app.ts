import { type AppConfig, loadConfig } from '@assistants/config';
import type { Database, PrismaClient } from '@assistants/db';
import type { INestApplication } from '@nestjs/common';
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createApp } from '../../apps/api/src/app.factory';
import { PrismaService } from '../../apps/api/src/database/prisma.service';

export const ADMIN = { email: 'admin@assistants.test', password: 'root-passphrase-9' };
export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256';

/** A JWT made by hand, to try what the server's own signer never makes (other algorithms, odd subjects). */
export function craftJwt(header: object, payload: object, secret?: string, hmac = 'sha256'): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${part(header)}.${part(payload)}`;
  const signature = secret ? createHmac(hmac, secret).update(unsigned).digest('base64url') : '';
  return `${unsigned}.${signature}`;
}

export interface TestApp {
  app: INestApplication;
  config: AppConfig;
  prisma: PrismaClient;
  /** The database the app opened (its own connection in `sql`). */
  db: Database;
  http: () => ReturnType<typeof request>;
  close(): Promise<void>;
}

/**
 * The real application over HTTP, on this test file's database (see test-database.ts); with
 * DATABASE_URL: '' in `env` it starts its own embedded server in its temp DATA_DIR instead.
 */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'assistants-test-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    JWT_SECRET: TEST_JWT_SECRET,
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    WEB_DIST_DIR: join(dataDir, 'no-web'),
    // Tests sign in and call far more often than people do; the rate-limit tests set their own.
    RATE_LIMIT_LOGIN_ACCOUNT: '10000/1m',
    RATE_LIMIT_LOGIN_ADDRESS: '10000/1m',
    RATE_LIMIT_USER: '100000/1m',
    RATE_LIMIT_API_KEY: '100000/1m',
    RATE_LIMIT_ANONYMOUS: '100000/1m',
    // The access matrix alone starts hundreds of conversations for one owner; the quota tests set their own.
    MAX_CONVERSATIONS_PER_DAY: '0',
    ...(process.env.ASSISTANTS_TEST_DB_URL && { DATABASE_URL: process.env.ASSISTANTS_TEST_DB_URL }),
    ...env,
  });
  const app = await createApp(config);
  const { db } = app.get(PrismaService);
  return {
    app,
    config,
    prisma: db.prisma,
    db,
    http: () => request(app.getHttpServer()),
    close: async () => {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface TestUser {
  id: string;
  email: string;
  token: string;
  auth: { Authorization: string };
}

export function uniqueEmail(label = 'user'): string {
  return `${label}-${randomBytes(5).toString('hex')}@assistants.test`;
}

/** Registration answers 202 without a token (it must not tell whether the email was free), so sign in after it. */
export async function registerUser(t: TestApp, label = 'member', password = 'password-123'): Promise<TestUser> {
  const email = uniqueEmail(label);
  await t.http().post('/api/auth/register').send({ email, name: label, password }).expect(202);
  const res = await t.http().post('/api/auth/login').send({ email, password }).expect(200);
  return { id: res.body.user.id, email, token: res.body.accessToken, auth: { Authorization: `Bearer ${res.body.accessToken}` } };
}

export async function loginAdmin(t: TestApp): Promise<TestUser> {
  const res = await t.http().post('/api/auth/login').send(ADMIN).expect(200);
  return { id: res.body.user.id, email: ADMIN.email, token: res.body.accessToken, auth: { Authorization: `Bearer ${res.body.accessToken}` } };
}

/** A further administrator, made and signed in by `by` (an administrator can be demoted only by another). */
export async function registerAdmin(t: TestApp, by: TestUser, password = 'blue-kettle-sings-42'): Promise<TestUser> {
  const email = uniqueEmail('admin');
  await t.http().post('/api/users').set(by.auth).send({ email, name: 'Another admin', role: 'admin', password }).expect(201);
  const res = await t.http().post('/api/auth/login').send({ email, password }).expect(200);
  return { id: res.body.user.id, email, token: res.body.accessToken, auth: { Authorization: `Bearer ${res.body.accessToken}` } };
}

/** Asserts the RFC 9457 shape every error shares, and returns the body. */
export function expectProblem(res: request.Response, status: number): Record<string, any> {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, title: expect.any(String), type: expect.any(String) });
  return res.body;
}
