import { randomBytes } from 'node:crypto';
import { expectProblem, loginAdmin, registerUser, startTestApp, type TestApp, type TestUser } from '../support/api-app';

/** A tag no other test (or test file sharing the database) uses, so list filters only see our rows. */
const uniqueTag = (label = 'tag') => `${label}-${randomBytes(4).toString('hex')}`;

describe('templates API', () => {
  let t: TestApp;
  let owner: TestUser;
  let other: TestUser;
  let admin: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    [owner, other, admin] = await Promise.all([registerUser(t, 'tpl-owner'), registerUser(t, 'tpl-other'), loginAdmin(t)]);
  });
  afterAll(() => t.close());

  async function createTemplate(user: TestUser, body: Record<string, unknown> = {}) {
    const res = await t
      .http()
      .post('/api/templates')
      .set(user.auth)
      .send({ name: 'Template', promptText: 'Hello {{name}}', ...body });
    expect(res.status).toBe(201);
    return res.body;
  }

  async function listTemplates(user: TestUser, query: Record<string, string | number> = {}) {
    const res = await t.http().get('/api/templates').query(query).set(user.auth);
    expect(res.status).toBe(200);
    return res.body as { items: Array<{ id: string }>; total: number; limit: number; offset: number };
  }

  const ids = (page: { items: Array<{ id: string }> }) => page.items.map((item) => item.id);

  async function createAssistant(user: TestUser, body: Record<string, unknown> = {}) {
    const res = await t
      .http()
      .post('/api/assistants')
      .set(user.auth)
      .send({ name: 'Assistant', ...body });
    expect(res.status).toBe(201);
    return res.body;
  }

  async function assistantTemplateIds(assistantId: string, user: TestUser = owner): Promise<string[]> {
    const res = await t.http().get(`/api/assistants/${assistantId}/templates`).set(user.auth);
    expect(res.status).toBe(200);
    return res.body.map((template: { id: string }) => template.id);
  }

  describe('CRUD', () => {
    it('creates a template, deriving variables from the text and normalising tags', async () => {
      const created = await createTemplate(owner, {
        name: '  Answer with sources  ',
        description: 'Cites the knowledge base',
        templateType: 'qa',
        promptText: 'Answer {{question}} in {{ language }}; restate {{question}} first. Ignore {{ not a var }}.',
        responseFormat: 'json',
        tags: [' HR ', 'hr', 'Policy', 'policy '],
      });
      expect(created).toMatchObject({
        id: expect.any(String),
        name: 'Answer with sources',
        description: 'Cites the knowledge base',
        templateType: 'qa',
        variables: ['question', 'language'],
        responseFormat: 'json',
        tags: ['hr', 'policy'],
        isPublic: false,
        ownerId: owner.id,
        usageCount: 0,
        averageRating: null,
        ratingCount: 0,
      });
    });

    it('applies defaults for the optional fields', async () => {
      const created = await createTemplate(owner, { promptText: 'No variables here.' });
      expect(created).toMatchObject({ description: '', templateType: 'general', responseFormat: 'markdown', tags: [], variables: [], isPublic: false });
    });

    it('gets a template by id, also with the id in upper case', async () => {
      const created = await createTemplate(owner);
      const res = await t.http().get(`/api/templates/${created.id}`).set(owner.auth).expect(200);
      expect(res.body).toEqual(created);
      const upper = await t.http().get(`/api/templates/${created.id.toUpperCase()}`).set(owner.auth).expect(200);
      expect(upper.body.id).toBe(created.id);
    });

    it('updates a template; a new promptText re-derives the variables', async () => {
      const created = await createTemplate(owner, { promptText: 'Summarise {{document}}.', tags: ['a'] });
      expect(created.variables).toEqual(['document']);

      const renamed = await t
        .http()
        .patch(`/api/templates/${created.id}`)
        .set(owner.auth)
        .send({ name: 'Renamed', tags: ['B', 'b', 'c'] })
        .expect(200);
      expect(renamed.body).toMatchObject({ name: 'Renamed', tags: ['b', 'c'], promptText: 'Summarise {{document}}.', variables: ['document'] });

      const rewritten = await t
        .http()
        .patch(`/api/templates/${created.id}`)
        .set(owner.auth)
        .send({ promptText: 'Compare {{left}} with {{right}}.' })
        .expect(200);
      expect(rewritten.body).toMatchObject({ name: 'Renamed', variables: ['left', 'right'] });

      const reread = await t.http().get(`/api/templates/${created.id}`).set(owner.auth).expect(200);
      expect(reread.body).toMatchObject({ promptText: 'Compare {{left}} with {{right}}.', variables: ['left', 'right'], tags: ['b', 'c'] });
    });

    it('rejects null for fields that cannot be empty, instead of failing in the database', async () => {
      const created = await createTemplate(owner);
      for (const field of ['name', 'promptText', 'tags', 'templateType', 'isPublic']) {
        const res = await t
          .http()
          .patch(`/api/templates/${created.id}`)
          .set(owner.auth)
          .send({ [field]: null });
        expect(expectProblem(res, 400).errors).toEqual([expect.objectContaining({ field })]);
      }
      const res = await t.http().post('/api/templates').set(owner.auth).send({ name: 'x', promptText: 'y', description: null });
      expect(expectProblem(res, 400).errors).toEqual([expect.objectContaining({ field: 'description' })]);
    });

    it('deletes a template: 204, then 404 for get, update and a second delete', async () => {
      const created = await createTemplate(owner);
      await t.http().delete(`/api/templates/${created.id}`).set(owner.auth).expect(204);
      expectProblem(await t.http().get(`/api/templates/${created.id}`).set(owner.auth), 404);
      expectProblem(await t.http().patch(`/api/templates/${created.id}`).set(owner.auth).send({ name: 'x' }), 404);
      expectProblem(await t.http().delete(`/api/templates/${created.id}`).set(owner.auth), 404);
    });
  });

  describe('listing', () => {
    let tag: string;
    let qa: { id: string };
    let summaryA: { id: string };
    let summaryB: { id: string };
    let untagged: { id: string };

    beforeAll(async () => {
      tag = uniqueTag('list');
      qa = await createTemplate(owner, { name: `Quokka ${tag}`, templateType: 'qa', tags: [tag] });
      summaryA = await createTemplate(owner, { name: 'Summary A', description: `About the PLATYPUS ${tag}`, templateType: 'summary', tags: [tag, 'x'] });
      summaryB = await createTemplate(owner, { name: 'Summary B', templateType: 'summary', tags: [tag] });
      untagged = await createTemplate(owner, { name: `Quokka untagged ${tag}`, templateType: 'qa' });
    });

    it('filters by tag, case-insensitively', async () => {
      const page = await listTemplates(owner, { tag: tag.toUpperCase() });
      expect(page.total).toBe(3);
      expect(ids(page).sort()).toEqual([qa.id, summaryA.id, summaryB.id].sort());
    });

    it('filters by tag and type together', async () => {
      const summaries = await listTemplates(owner, { tag, type: 'summary' });
      expect(ids(summaries).sort()).toEqual([summaryA.id, summaryB.id].sort());
      const qas = await listTemplates(owner, { tag, type: 'qa' });
      expect(ids(qas)).toEqual([qa.id]);
      const none = await listTemplates(owner, { tag, type: 'extraction' });
      expect(none).toMatchObject({ items: [], total: 0 });
    });

    it('searches name and description, case-insensitively', async () => {
      const byName = await listTemplates(owner, { search: `quokka ${tag}` });
      expect(ids(byName)).toEqual([qa.id]);
      const byBoth = await listTemplates(owner, { search: tag });
      expect(ids(byBoth).sort()).toEqual([qa.id, summaryA.id, untagged.id].sort());
      const byDescription = await listTemplates(owner, { search: `platypus ${tag}` });
      expect(ids(byDescription)).toEqual([summaryA.id]);
    });

    it('treats %, _ and backslash in a search literally', async () => {
      const marker = uniqueTag('like');
      const percent = await createTemplate(owner, { name: `${marker} 100% sure` });
      await createTemplate(owner, { name: `${marker} 1000 sure` });
      const underscore = await createTemplate(owner, { name: `${marker} snake_case` });
      await createTemplate(owner, { name: `${marker} snakeXcase` });
      const backslash = await createTemplate(owner, { name: `${marker} C:\\temp\\` });

      expect(ids(await listTemplates(owner, { search: `${marker} 100%` }))).toEqual([percent.id]);
      expect(ids(await listTemplates(owner, { search: `${marker} snake_` }))).toEqual([underscore.id]);
      expect(ids(await listTemplates(owner, { search: `${marker} C:\\temp\\` }))).toEqual([backslash.id]);
      expect(await listTemplates(owner, { search: `${marker}%sure` })).toMatchObject({ items: [], total: 0 });
    });

    it('paginates with limit and offset, reporting the total', async () => {
      const first = await listTemplates(owner, { tag, limit: 2, offset: 0 });
      expect(first).toMatchObject({ total: 3, limit: 2, offset: 0 });
      expect(first.items).toHaveLength(2);
      const second = await listTemplates(owner, { tag, limit: 2, offset: 2 });
      expect(second).toMatchObject({ total: 3, limit: 2, offset: 2 });
      expect(second.items).toHaveLength(1);
      const past = await listTemplates(owner, { tag, limit: 2, offset: 10 });
      expect(past).toMatchObject({ items: [], total: 3 });
      expect([...ids(first), ...ids(second)].sort()).toEqual([qa.id, summaryA.id, summaryB.id].sort());
    });

    it('defaults to limit 20 and offset 0', async () => {
      expect(await listTemplates(owner, { tag })).toMatchObject({ limit: 20, offset: 0 });
    });
  });

  describe('rendering', () => {
    it('renders a saved template, filling known variables and reporting missing ones', async () => {
      const template = await createTemplate(owner, { promptText: 'Answer {{question}} in {{language}} for {{ audience }}.' });
      const res = await t
        .http()
        .post(`/api/templates/${template.id}/render`)
        .set(owner.auth)
        .send({ variables: { question: 'Why?', audience: 'kids', unused: 'x' } })
        .expect(200);
      expect(res.body).toEqual({
        text: 'Answer Why? in {{language}} for kids.',
        missing: ['language'],
        variables: ['question', 'language', 'audience'],
      });
    });

    it('inserts values literally, even ones that look like replacement patterns or variables', async () => {
      const template = await createTemplate(owner, { promptText: '[{{a}}] [{{b}}]' });
      const res = await t
        .http()
        .post(`/api/templates/${template.id}/render`)
        .set(owner.auth)
        .send({ variables: { a: '$& $1 $$', b: '{{a}}' } })
        .expect(200);
      expect(res.body).toMatchObject({ text: '[$& $1 $$] [{{a}}]', missing: [] });
    });

    it('renders with no variables at all, reporting every one as missing', async () => {
      const template = await createTemplate(owner, { promptText: 'Hi {{first}} {{last}}' });
      const res = await t.http().post(`/api/templates/${template.id}/render`).set(owner.auth).send({}).expect(200);
      expect(res.body).toEqual({ text: 'Hi {{first}} {{last}}', missing: ['first', 'last'], variables: ['first', 'last'] });
    });

    it('previews unsaved text', async () => {
      const res = await t
        .http()
        .post('/api/templates/preview')
        .set(owner.auth)
        .send({ promptText: 'Dear {{name}}, re: {{subject}}', variables: { name: 'Ann' } })
        .expect(200);
      expect(res.body).toEqual({ text: 'Dear Ann, re: {{subject}}', missing: ['subject'], variables: ['name', 'subject'] });
    });

    it('rejects variable values that are not strings, naming the variable', async () => {
      const res = await t
        .http()
        .post('/api/templates/preview')
        .set(owner.auth)
        .send({ promptText: '{{n}}', variables: { n: 42, ok: 'yes' } });
      expect(expectProblem(res, 400).errors).toEqual([expect.objectContaining({ field: 'variables.n' })]);
      const nullVars = await t.http().post('/api/templates/preview').set(owner.auth).send({ promptText: '{{n}}', variables: null });
      expect(expectProblem(nullVars, 400).errors).toEqual([expect.objectContaining({ field: 'variables' })]);
    });

    it('requires sign-in to preview', async () => {
      expectProblem(await t.http().post('/api/templates/preview').send({ promptText: 'x' }), 401);
    });

    it('refuses to render past MAX_RENDERED_TEMPLATE_CHARS, saying so, in previews and saved templates alike', async () => {
      // 10,000 uses of a 50,000-character value: 500 MB if rendered.
      const amplified = { promptText: '{{a}}'.repeat(10_000), variables: { a: 'x'.repeat(50_000) } };
      const preview = expectProblem(await t.http().post('/api/templates/preview').set(owner.auth).send(amplified), 400);
      expect(preview.detail).toMatch(/more than 200,000 characters .*MAX_RENDERED_TEMPLATE_CHARS/);
      const template = await createTemplate(owner, { promptText: amplified.promptText });
      const rendered = expectProblem(await t.http().post(`/api/templates/${template.id}/render`).set(owner.auth).send({ variables: amplified.variables }), 400);
      expect(rendered.detail).toBe(preview.detail);
      // Up to the limit it renders.
      const fits = await t
        .http()
        .post('/api/templates/preview')
        .set(owner.auth)
        .send({ promptText: '{{a}}{{a}}', variables: { a: 'x'.repeat(100_000) } })
        .expect(200);
      expect(fits.body.text).toHaveLength(200_000);
    });

    it('fails a chat turn whose template would render too large with the reason, and keeps the message', async () => {
      const assistant = await createAssistant(owner);
      const template = await createTemplate(owner, { promptText: 'Answer: {{question}}\n'.repeat(100) });
      const conversation = (await t.http().post('/api/conversations').set(owner.auth).send({ assistantId: assistant.id }).expect(201)).body;
      const sent = await t
        .http()
        .post(`/api/conversations/${conversation.id}/messages`)
        .set(owner.auth)
        .send({ content: 'x'.repeat(32_000), templateId: template.id })
        .expect(202);
      let task = { status: 'queued', error: null as string | null };
      for (const deadline = Date.now() + 30_000; !['done', 'failed', 'cancelled'].includes(task.status) && Date.now() < deadline;) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        task = (await t.http().get(`/api/tasks/${sent.body.taskId}`).set(owner.auth).expect(200)).body;
      }
      expect(task.status).toBe('failed');
      expect(task.error).toMatch(/Template "Template" would render to more than 200,000 characters/);
      const messages = (await t.http().get(`/api/conversations/${conversation.id}/messages`).set(owner.auth).expect(200)).body.items;
      expect(messages.map((m: { role: string; status: string }) => [m.role, m.status])).toEqual([
        ['user', 'done'],
        ['assistant', 'failed'],
      ]);
      expect(messages[1].error).toBe(task.error);
      expect(messages[1]).toMatchObject({ errorCode: 'chat.template_too_long', errorParams: { max: 200_000 } });
      // Not retried: one attempt was enough to know.
      expect((await t.prisma.task.findUniqueOrThrow({ where: { id: sent.body.taskId } })).attempt).toBe(1);
    });
  });

  describe('visibility', () => {
    let tag: string;
    let ownerPrivate: { id: string };
    let ownerPublic: { id: string };
    let otherPrivate: { id: string };

    beforeAll(async () => {
      tag = uniqueTag('vis');
      ownerPrivate = await createTemplate(owner, { name: 'owner private', tags: [tag] });
      ownerPublic = await createTemplate(owner, { name: 'owner public', tags: [tag], isPublic: true, promptText: 'Public {{x}}' });
      otherPrivate = await createTemplate(other, { name: 'other private', tags: [tag] });
    });

    it('lists a member their own templates and public ones, not another member’s private ones', async () => {
      expect(ids(await listTemplates(other, { tag })).sort()).toEqual([ownerPublic.id, otherPrivate.id].sort());
      expect(ids(await listTemplates(owner, { tag })).sort()).toEqual([ownerPrivate.id, ownerPublic.id].sort());
    });

    it('lets an admin list every template', async () => {
      const page = await listTemplates(admin, { tag });
      expect(page.total).toBe(3);
      expect(ids(page).sort()).toEqual([ownerPrivate.id, ownerPublic.id, otherPrivate.id].sort());
    });

    it('answers 403 when a member gets or renders another member’s private template', async () => {
      expectProblem(await t.http().get(`/api/templates/${ownerPrivate.id}`).set(other.auth), 403);
      expectProblem(await t.http().post(`/api/templates/${ownerPrivate.id}/render`).set(other.auth).send({}), 403);
    });

    it('lets any member read and render a public template, but only the owner change it', async () => {
      await t.http().get(`/api/templates/${ownerPublic.id}`).set(other.auth).expect(200);
      const rendered = await t
        .http()
        .post(`/api/templates/${ownerPublic.id}/render`)
        .set(other.auth)
        .send({ variables: { x: '1' } })
        .expect(200);
      expect(rendered.body.text).toBe('Public 1');
      expectProblem(await t.http().patch(`/api/templates/${ownerPublic.id}`).set(other.auth).send({ name: 'hijacked' }), 403);
      expectProblem(await t.http().delete(`/api/templates/${ownerPublic.id}`).set(other.auth), 403);
      const unchanged = await t.http().get(`/api/templates/${ownerPublic.id}`).set(owner.auth).expect(200);
      expect(unchanged.body.name).toBe('owner public');
    });

    it('lets an admin get and change any template', async () => {
      await t.http().get(`/api/templates/${otherPrivate.id}`).set(admin.auth).expect(200);
      const res = await t.http().patch(`/api/templates/${otherPrivate.id}`).set(admin.auth).send({ description: 'checked by admin' }).expect(200);
      expect(res.body).toMatchObject({ description: 'checked by admin', ownerId: other.id });
    });
  });

  describe('assistant links', () => {
    it('links templates to an assistant, idempotently, and lists them in link order', async () => {
      const assistant = await createAssistant(owner);
      const first = await createTemplate(owner, { name: 'first' });
      const second = await createTemplate(owner, { name: 'second' });

      const linked = await t.http().put(`/api/assistants/${assistant.id}/templates/${first.id}`).set(owner.auth).expect(200);
      expect(linked.body.map((x: { id: string }) => x.id)).toEqual([first.id]);
      await t.http().put(`/api/assistants/${assistant.id}/templates/${second.id}`).set(owner.auth).expect(200);
      await t.http().put(`/api/assistants/${assistant.id}/templates/${first.id}`).set(owner.auth).expect(200);

      expect(await assistantTemplateIds(assistant.id)).toEqual([first.id, second.id]);
    });

    it('lets an owner link another member’s public template but not a private one', async () => {
      const assistant = await createAssistant(owner);
      const otherPublic = await createTemplate(other, { isPublic: true });
      const otherPrivate = await createTemplate(other);

      await t.http().put(`/api/assistants/${assistant.id}/templates/${otherPublic.id}`).set(owner.auth).expect(200);
      expectProblem(await t.http().put(`/api/assistants/${assistant.id}/templates/${otherPrivate.id}`).set(owner.auth), 403);
      expectProblem(await t.http().put(`/api/assistants/${assistant.id}/default-template`).set(owner.auth).send({ templateId: otherPrivate.id }), 403);
      expect(await assistantTemplateIds(assistant.id)).toEqual([otherPublic.id]);
    });

    it('answers 403 when a member links a template to someone else’s assistant', async () => {
      const assistant = await createAssistant(owner, { isPublic: true });
      const template = await createTemplate(other);
      expectProblem(await t.http().put(`/api/assistants/${assistant.id}/templates/${template.id}`).set(other.auth), 403);
      expect(await assistantTemplateIds(assistant.id)).toEqual([]);
    });

    it('answers 404 for an unknown template or assistant', async () => {
      const assistant = await createAssistant(owner);
      const template = await createTemplate(owner);
      const unknown = '00000000-0000-4000-8000-000000000000';
      expectProblem(await t.http().put(`/api/assistants/${assistant.id}/templates/${unknown}`).set(owner.auth), 404);
      expectProblem(await t.http().put(`/api/assistants/${unknown}/templates/${template.id}`).set(owner.auth), 404);
    });

    it('setting a default template also links it; unlinking it clears the default', async () => {
      const assistant = await createAssistant(owner);
      const linked = await createTemplate(owner, { name: 'linked' });
      const preferred = await createTemplate(owner, { name: 'preferred' });
      await t.http().put(`/api/assistants/${assistant.id}/templates/${linked.id}`).set(owner.auth).expect(200);

      const withDefault = await t.http().put(`/api/assistants/${assistant.id}/default-template`).set(owner.auth).send({ templateId: preferred.id }).expect(200);
      expect(withDefault.body.defaultTemplateId).toBe(preferred.id);
      expect(await assistantTemplateIds(assistant.id)).toEqual([linked.id, preferred.id]);

      // Unlinking a template that is not the default leaves the default alone.
      await t.http().delete(`/api/assistants/${assistant.id}/templates/${linked.id}`).set(owner.auth).expect(204);
      expect((await t.http().get(`/api/assistants/${assistant.id}`).set(owner.auth).expect(200)).body.defaultTemplateId).toBe(preferred.id);

      await t.http().delete(`/api/assistants/${assistant.id}/templates/${preferred.id}`).set(owner.auth).expect(204);
      expect((await t.http().get(`/api/assistants/${assistant.id}`).set(owner.auth).expect(200)).body.defaultTemplateId).toBeNull();
      expect(await assistantTemplateIds(assistant.id)).toEqual([]);
    });

    it('clears the default with templateId null, keeping the link', async () => {
      const assistant = await createAssistant(owner);
      const template = await createTemplate(owner);
      await t.http().put(`/api/assistants/${assistant.id}/default-template`).set(owner.auth).send({ templateId: template.id }).expect(200);
      const cleared = await t.http().put(`/api/assistants/${assistant.id}/default-template`).set(owner.auth).send({ templateId: null }).expect(200);
      expect(cleared.body.defaultTemplateId).toBeNull();
      expect(await assistantTemplateIds(assistant.id)).toEqual([template.id]);
    });

    it('deleting a template removes its links and clears it as a default', async () => {
      const assistant = await createAssistant(owner);
      const template = await createTemplate(owner);
      await t.http().put(`/api/assistants/${assistant.id}/default-template`).set(owner.auth).send({ templateId: template.id }).expect(200);
      await t.http().delete(`/api/templates/${template.id}`).set(owner.auth).expect(204);
      expect((await t.http().get(`/api/assistants/${assistant.id}`).set(owner.auth).expect(200)).body.defaultTemplateId).toBeNull();
      expect(await assistantTemplateIds(assistant.id)).toEqual([]);
    });

    it('keeps someone else’s template at the version linked, offers the newer one, and takes it on accept', async () => {
      const assistant = await createAssistant(owner);
      const theirs = await createTemplate(other, { isPublic: true, promptText: 'Greet {{name}}.', responseFormat: 'text' });
      const link = (await t.http().put(`/api/assistants/${assistant.id}/templates/${theirs.id}`).set(owner.auth).expect(200)).body[0];
      expect(link).toMatchObject({
        promptText: 'Greet {{name}}.',
        link: { follows: 'pinned', updateAvailable: false, latest: null, versionAt: theirs.updatedAt },
      });

      // Only what changes the prompt counts as a new version.
      await t
        .http()
        .patch(`/api/templates/${theirs.id}`)
        .set(other.auth)
        .send({ description: 'Now with a description', tags: ['x'] })
        .expect(200);
      expect((await t.http().get(`/api/assistants/${assistant.id}/templates`).set(owner.auth).expect(200)).body[0].link.updateAvailable).toBe(false);
      const changed = await t
        .http()
        .patch(`/api/templates/${theirs.id}`)
        .set(other.auth)
        .send({ promptText: 'Greet {{name}} in {{language}}.', responseFormat: 'json' })
        .expect(200);

      const offered = (await t.http().get(`/api/assistants/${assistant.id}/templates`).set(owner.auth).expect(200)).body[0];
      expect(offered).toMatchObject({
        promptText: 'Greet {{name}}.',
        variables: ['name'],
        responseFormat: 'text',
        description: 'Now with a description',
        link: {
          updateAvailable: true,
          latest: { promptText: 'Greet {{name}} in {{language}}.', variables: ['name', 'language'], responseFormat: 'json', updatedAt: changed.body.updatedAt },
        },
      });
      // Linking again is not accepting.
      expect((await t.http().put(`/api/assistants/${assistant.id}/templates/${theirs.id}`).set(owner.auth).expect(200)).body[0].link.updateAvailable).toBe(
        true,
      );
      // The template's own view is the current version, as before.
      expect((await t.http().get(`/api/templates/${theirs.id}`).set(owner.auth).expect(200)).body.promptText).toBe('Greet {{name}} in {{language}}.');

      const accepted = (await t.http().post(`/api/assistants/${assistant.id}/templates/${theirs.id}/accept-update`).set(owner.auth).expect(200)).body[0];
      expect(accepted).toMatchObject({
        promptText: 'Greet {{name}} in {{language}}.',
        variables: ['name', 'language'],
        responseFormat: 'json',
        link: { updateAvailable: false, latest: null, versionAt: changed.body.updatedAt },
      });
      // Accepting again changes nothing.
      await t.http().post(`/api/assistants/${assistant.id}/templates/${theirs.id}/accept-update`).set(owner.auth).expect(200);
    });

    it('answers 404 when accepting an update of a template the assistant does not link', async () => {
      const assistant = await createAssistant(owner);
      const unlinked = await createTemplate(other, { isPublic: true });
      expectProblem(await t.http().post(`/api/assistants/${assistant.id}/templates/${unlinked.id}/accept-update`).set(owner.auth), 404);
    });

    it('lists the templates of a public assistant to anyone, and hides a private assistant’s', async () => {
      const publicAssistant = await createAssistant(owner, { isPublic: true });
      const privateAssistant = await createAssistant(owner);
      const template = await createTemplate(owner, { isPublic: true });
      await t.http().put(`/api/assistants/${publicAssistant.id}/templates/${template.id}`).set(owner.auth).expect(200);

      const anonymous = await t.http().get(`/api/assistants/${publicAssistant.id}/templates`).expect(200);
      expect(anonymous.body.map((x: { id: string }) => x.id)).toEqual([template.id]);
      expectProblem(await t.http().get(`/api/assistants/${privateAssistant.id}/templates`).set(other.auth), 403);
      expectProblem(await t.http().get(`/api/assistants/${privateAssistant.id}/templates`), 401);
    });
  });
});
