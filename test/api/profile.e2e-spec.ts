import { expectProblem, registerUser, startTestApp, type TestApp } from '../support/api-app';

/** PATCH /api/auth/me: a person's own name, interface language and theme, kept on the server. */
describe('profile', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('starts with no language and the system theme, and keeps what is changed for every later sign-in', async () => {
    const member = await registerUser(t, 'profile');
    const me = await t.http().get('/api/auth/me').set(member.auth).expect(200);
    expect(me.body).toMatchObject({ name: 'profile', language: null, theme: 'system' });

    const changed = await t.http().patch('/api/auth/me').set(member.auth).send({ name: '  Анна Петрова ', language: 'ru', theme: 'dark' }).expect(200);
    expect(changed.body).toMatchObject({ id: member.id, email: member.email, name: 'Анна Петрова', language: 'ru', theme: 'dark' });

    // Another browser: a new sign-in brings the profile along.
    const again = await t.http().post('/api/auth/login').send({ email: member.email, password: 'password-123' }).expect(200);
    expect(again.body.user).toMatchObject({ name: 'Анна Петрова', language: 'ru', theme: 'dark' });

    // A field left out stays as it was.
    const lightOnly = await t.http().patch('/api/auth/me').set(member.auth).send({ theme: 'light' }).expect(200);
    expect(lightOnly.body).toMatchObject({ name: 'Анна Петрова', language: 'ru', theme: 'light' });
  });

  it('refuses what it cannot keep with a 400 naming the field, and changes nothing', async () => {
    const member = await registerUser(t, 'profile-bad');
    for (const [body, field] of [
      [{ theme: 'purple' }, 'theme'],
      [{ language: 'de' }, 'language'],
      [{ name: '   ' }, 'name'],
      [{ name: null }, 'name'],
      [{ name: 'x'.repeat(121) }, 'name'],
      [{ role: 'admin' }, 'role'],
      [{ email: 'other@assistants.test' }, 'email'],
    ] as const) {
      const problem = expectProblem(await t.http().patch('/api/auth/me').set(member.auth).send(body), 400);
      expect(problem.code).toBe('validation.failed');
      expect(problem.errors.map((e: { field: string }) => e.field)).toEqual([field]);
    }
    const me = await t.http().get('/api/auth/me').set(member.auth).expect(200);
    expect(me.body).toMatchObject({ name: 'profile-bad', role: 'member', language: null, theme: 'system', email: member.email });
  });

  it('is the caller’s own only: anonymous is 401, and an API key needs the admin scope', async () => {
    expectProblem(await t.http().patch('/api/auth/me').send({ theme: 'dark' }), 401);
    const member = await registerUser(t, 'profile-key');
    const key = (
      await t
        .http()
        .post('/api/auth/api-keys')
        .set(member.auth)
        .send({ name: 'k', scopes: ['read', 'chat'] })
        .expect(201)
    ).body.key as string;
    expectProblem(
      await t
        .http()
        .patch('/api/auth/me')
        .set({ Authorization: `Bearer ${key}` })
        .send({ theme: 'dark' }),
      403,
    );
  });
});
