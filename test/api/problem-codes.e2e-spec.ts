import { PROBLEM_TEXT_EN } from '@assistants/common';
import { expectProblem, registerUser, startTestApp, type TestApp, type TestUser, uniqueEmail } from '../support/api-app';

/** Every problem a person meets carries a stable code (and params) the web app translates; the English detail stays. */
describe('problem codes', () => {
  let t: TestApp;
  let owner: TestUser;
  beforeAll(async () => {
    t = await startTestApp();
    owner = await registerUser(t, 'codes');
  });
  afterAll(() => t.close());

  it('a wrong password is auth.invalid_credentials, for a known and an unknown address alike', async () => {
    for (const email of [owner.email, uniqueEmail('ghost')]) {
      const body = expectProblem(await t.http().post('/api/auth/login').send({ email, password: 'wrong-password' }), 401);
      expect(body).toMatchObject({ code: 'auth.invalid_credentials', detail: PROBLEM_TEXT_EN['auth.invalid_credentials'] });
    }
  });

  it('a too-short password and an empty name are field problems with codes and limits, once per field', async () => {
    const body = expectProblem(
      await t
        .http()
        .post('/api/auth/register')
        .send({ email: uniqueEmail('short'), name: '', password: 'abc' }),
      400,
    );
    expect(body.code).toBe('validation.failed');
    expect(body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'password', code: 'validation.too_short', params: { field: 'password', min: 8 } }),
        expect.objectContaining({ field: 'name', code: 'validation.required', params: { field: 'name' } }),
      ]),
    );
    const fields = (body.errors as { field: string }[]).map((e) => e.field);
    expect(new Set(fields).size).toBe(fields.length);
  });

  it('a too-long name carries its maximum; an unknown field is validation.unknown_field', async () => {
    const long = expectProblem(
      await t
        .http()
        .post('/api/assistants')
        .set(owner.auth)
        .send({ name: 'x'.repeat(500) }),
      400,
    );
    expect(long.errors).toEqual([
      expect.objectContaining({ field: 'name', code: 'validation.too_long', params: expect.objectContaining({ max: expect.any(Number) }) }),
    ]);
    const unknown = expectProblem(await t.http().post('/api/assistants').set(owner.auth).send({ name: 'A', colour: 'red' }), 400);
    expect(unknown.errors).toEqual([expect.objectContaining({ field: 'colour', code: 'validation.unknown_field' })]);
  });

  it('a common password is validation.password_weak', async () => {
    const body = expectProblem(
      await t
        .http()
        .post('/api/auth/register')
        .send({ email: uniqueEmail('weak'), name: 'Weak', password: 'password' }),
      400,
    );
    expect(body.errors).toEqual([expect.objectContaining({ field: 'password', code: 'validation.password_weak' })]);
  });

  it('an unsupported upload is upload.unsupported_type with the file name; an empty one upload.empty; a duplicate document.duplicate', async () => {
    const assistant = (await t.http().post('/api/assistants').set(owner.auth).send({ name: 'Library' }).expect(201)).body.id as string;
    const path = `/api/assistants/${assistant}/documents`;
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]);
    const unsupported = expectProblem(
      await t.http().post(path).set(owner.auth).attach('file', exe, { filename: 'tool.exe', contentType: 'application/octet-stream' }),
      415,
    );
    expect(unsupported).toMatchObject({ code: 'upload.unsupported_type', params: { filename: 'tool.exe' } });

    const empty = expectProblem(
      await t.http().post(path).set(owner.auth).attach('file', Buffer.alloc(0), { filename: 'empty.txt', contentType: 'text/plain' }),
      400,
    );
    expect(empty).toMatchObject({ code: 'upload.empty', params: { filename: 'empty.txt' }, detail: 'empty.txt is empty.' });

    const text = Buffer.from('The same words twice.');
    await t.http().post(path).set(owner.auth).attach('file', text, { filename: 'a.txt', contentType: 'text/plain' }).expect(202);
    const duplicate = expectProblem(await t.http().post(path).set(owner.auth).attach('file', text, { filename: 'b.txt', contentType: 'text/plain' }), 409);
    expect(duplicate).toMatchObject({ code: 'document.duplicate', params: { existing: 'a.txt' } });
  });
});
