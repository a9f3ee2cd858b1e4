import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { ADMIN } from '../support/api-app';
import { type ChatHarness } from '../support/chat-harness';
import { createAssistant, describeWithBrowser, signUp, startWebSession, type WebSession } from '../support/web-browser';

// The web app in real Chromium against the real API (embedded runner, the fake OpenAI-compatible
// server streaming the answer): sign up, create an assistant, ask, watch typing then the stream.

const XSS_ANSWER = 'Leave is **16 weeks** [1].\n\n<img src="x" onerror="window.__xss = \'answer\'">\n\n```js\nconst weeks = 16;\n```\n';

describeWithBrowser('web e2e')('web app in Chromium', () => {
  let session: WebSession;
  let h: ChatHarness;
  let page: Page;
  let base: string;
  let alerts: string[];
  let browserErrors: string[];

  beforeAll(async () => {
    session = await startWebSession();
    ({ h, page, base, alerts, browserErrors } = session);
  }, 240_000);

  afterAll(async () => {
    await session?.close();
  });

  const shot = (name: string) => session.shot(name);

  it('signs up, creates an assistant, and streams an answer with typing first; nothing from the answer, a document or the question runs', async () => {
    await page.goto(base);
    await page.waitForURL(/\/sign-in$/);
    await shot('sign-in');

    // A wrong password is said in plain words.
    await page.getByLabel('Email').fill('nobody@assistants.test');
    await page.getByLabel('Password').fill('wrong-password-1');
    await page.getByLabel('Password').press('Enter');
    await page.getByRole('alert').filter({ hasText: 'Email or password is wrong.' }).waitFor();

    const email = `web-${Date.now()}@assistants.test`;
    await signUp(session, email, 'web-passphrase-42');
    const assistantId = await createAssistant(page, 'HR helper', 'Answers questions about leave.');

    // A document with markup in it, uploaded from the chat: its progress ends "Ready", and its
    // excerpt must show as text in the technical details.
    const login = await h.t.http().post('/api/auth/login').send({ email, password: 'web-passphrase-42' }).expect(200);
    const user = { id: login.body.user.id, email, token: login.body.accessToken, auth: { Authorization: `Bearer ${login.body.accessToken}` } };
    const document = '# Leave\n\nParental leave is 16 weeks. <script>window.__xss = "document"</script>';
    await page.locator('app-knowledge-upload input[type=file]').setInputFiles({ name: 'leave.md', mimeType: 'text/markdown', buffer: Buffer.from(document) });
    await page.locator('app-knowledge-upload li.ready').filter({ hasText: 'leave.md' }).waitFor({ timeout: 30_000 });
    await shot('chat-upload');

    await page.goto(`${base}/`);
    await page.getByRole('button', { name: /HR helper/ }).waitFor();
    await shot('catalogue');
    await page.getByRole('button', { name: /HR helper/ }).click();
    await page.waitForURL(/\/chat\//);

    h.llm.script({ kind: 'reply', text: XSS_ANSWER, delayMsPerToken: 250 });
    const question = 'How long is leave? <b>bold</b><script>window.__xss = "question"</script>';
    const box = page.getByRole('textbox', { name: /Ask a question/ });
    await box.fill(question);
    await box.press('Shift+Enter');
    await box.press('Enter');

    await page.getByText('Assistant is typing…').waitFor({ timeout: 15_000 });
    await shot('chat-typing');
    // Streaming: part of the answer is on screen before it is finished.
    await page.locator('app-message-item.assistant .markdown').filter({ hasText: 'Leave is' }).waitFor({ timeout: 15_000 });
    expect(await page.getByText(/Answered in/).count()).toBe(0);
    await page.getByText(/Answered in/).waitFor({ timeout: 20_000 });
    expect(await page.getByText('Assistant is typing…').count()).toBe(0);

    // The question's HTML is text; the answer's img lost its handler; nothing ran.
    await page.locator('app-message-item.user').filter({ hasText: '<b>bold</b><script>' }).waitFor();
    expect(await page.locator('app-message-item.user b').count()).toBe(0);
    expect(await page.locator('[onerror]').count()).toBe(0);
    expect(await page.locator('.markdown strong').first().textContent()).toBe('16 weeks');
    expect(await page.locator('.markdown code.hljs').count()).toBe(1);

    await page.getByRole('button', { name: 'Technical details' }).click();
    await page.getByText('leave.md').first().waitFor();
    await page.getByText('Timings').waitFor();
    await page.getByRole('button', { name: 'Rate 4 of 5' }).click();
    // (A locator, not waitForFunction: its polling evals a string, which the page's CSP refuses.)
    await page.locator('.star.on').nth(3).waitFor();
    expect(await page.locator('.star.on').count()).toBe(4);
    await page.getByRole('textbox', { name: 'Add a comment (optional)' }).fill('Clear <i>and</i> cited');
    await page.getByRole('textbox', { name: 'Add a comment (optional)' }).press('Enter');
    await page.getByText('“Clear <i>and</i> cited”').waitFor();
    await shot('chat-answer');

    expect(await page.evaluate('window.__xss')).toBeUndefined();
    expect(alerts).toEqual([]);
    // No exception and no other CSP refusal. Expected: the wrong password's 401, and Chromium's
    // report of the answer's onerror attribute while DOMPurify parses it in its inert DOMParser
    // document (the page's CSP applies there too); it never reaches the page: no [onerror] above.
    const unexpected = browserErrors.filter((e) => !e.startsWith('Failed to load resource') && !e.startsWith('Executing inline event handler'));
    expect(unexpected).toEqual([]);
    const conversations = await h.t.http().get('/api/conversations').query({ assistantId }).set(user.auth).expect(200);
    expect(conversations.body.items).toHaveLength(1);
    const stored = await h.t.http().get(`/api/conversations/${conversations.body.items[0].id}/messages`).set(user.auth).expect(200);
    expect(stored.body.items.find((m: { role: string }) => m.role === 'assistant')).toMatchObject({ rating: 4, feedback: 'Clear <i>and</i> cited' });

    // Export as Markdown downloads the conversation.
    const downloading = page.waitForEvent('download');
    await page.getByLabel('Export').selectOption('md');
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/\.md$/);
    expect(readFileSync((await download.path())!, 'utf8')).toContain('How long is leave?');

    await page.setViewportSize({ width: 390, height: 800 });
    await shot('chat-phone');
    await page.setViewportSize({ width: 1280, height: 800 });

    // Russian, remembered across a reload.
    await page.getByRole('combobox', { name: 'Language' }).selectOption('ru');
    await page.reload();
    await page.getByRole('button', { name: '+ Новый диалог' }).waitFor();
    await shot('chat-ru');
    await page.getByRole('combobox', { name: 'Язык' }).selectOption('en');

    // Archive: it leaves the active list and shows under Archived.
    await page.getByRole('button', { name: 'Archive' }).click();
    await page.locator('app-conversation-list li').filter({ hasText: 'How long is lea' }).waitFor({ state: 'detached' });
    await page.getByRole('tab', { name: 'Archived' }).click();
    await page.getByRole('button', { name: /How long is leave/ }).waitFor();
    const archived = await h.t.http().get('/api/conversations').query({ assistantId, status: 'archived' }).set(user.auth).expect(200);
    expect(archived.body.items).toHaveLength(1);
  }, 120_000);

  it('stops a running answer and retries it', async () => {
    await page.getByRole('tab', { name: 'Active' }).click();
    await page.getByRole('button', { name: '+ New conversation' }).click();
    h.llm.script(
      { kind: 'reply', text: 'one two three four five six seven eight nine ten eleven twelve', delayMsPerToken: 400 },
      { kind: 'reply', text: 'Second try.' },
    );
    const box = page.getByRole('textbox', { name: /Ask a question/ });
    await box.fill('Count slowly');
    await box.press('Enter');
    await page.locator('app-message-item.assistant .markdown').filter({ hasText: 'one' }).waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: /Stop/ }).click();
    await page.getByText('Stopped').waitFor({ timeout: 15_000 });
    await shot('chat-stopped');
    await page.getByRole('button', { name: /Regenerate/ }).click();
    await page.locator('app-message-item.assistant .markdown').filter({ hasText: 'Second try.' }).waitFor({ timeout: 15_000 });
    await page.getByText(/Answered in/).waitFor({ timeout: 15_000 });
    expect(await page.getByText('Stopped').count()).toBe(0);
  }, 60_000);

  it("edits the assistant's settings, showing the server's validation message by the field", async () => {
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.waitForURL(/\/assistants\//);
    await page.getByLabel('Temperature (0–2)').fill('5');
    await page.getByRole('button', { name: 'Save settings' }).click();
    // Shown once, by the field, in the person's words.
    await page.getByText('At most 2.', { exact: true }).waitFor();
    await page.getByLabel('Temperature (0–2)').fill('0.2');
    await page.getByLabel('Description').fill('Answers questions about leave and holidays.');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Saved.').waitFor();
    await shot('assistant');
    const id = page.url().split('/').at(-1)!;
    const login = await h.t
      .http()
      .post('/api/auth/login')
      .send({ email: await page.evaluate('JSON.parse(localStorage.getItem("assistants.session")).user.email'), password: 'web-passphrase-42' })
      .expect(200);
    const stored = await h.t
      .http()
      .get(`/api/assistants/${id}`)
      .set({ Authorization: `Bearer ${login.body.accessToken}` })
      .expect(200);
    expect(stored.body).toMatchObject({ temperature: 0.2, description: 'Answers questions about leave and holidays.' });
  }, 60_000);

  it('as the admin: creates and disables a user, makes a read-only API key shown once, revokes it; fits a phone', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${base}/`);
    const person: string = await page.evaluate('JSON.parse(localStorage.getItem("assistants.session")).user.email');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/sign-in$/);
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByLabel('Password').press('Enter');
    await page.waitForURL(`${base}/`);

    // A new person, found by the search, then disabled: they can no longer sign in.
    await page.getByRole('link', { name: 'Admin' }).click();
    await page.waitForURL(/\/admin$/);
    await page.getByRole('button', { name: 'New user' }).click();
    const email = `staff-${Date.now()}@assistants.test`;
    await page.getByLabel('Email', { exact: true }).fill(email);
    await page.getByLabel('Name', { exact: true }).fill('Staff Member');
    await page.getByLabel('Password', { exact: true }).fill('staff-passphrase-77');
    await page.getByRole('button', { name: 'Create user' }).click();
    await page.getByRole('button', { name: 'New user' }).waitFor();
    await page.getByRole('searchbox', { name: 'Search by email or name' }).fill(email);
    const row = page.locator('li.user').filter({ hasText: email });
    await row.waitFor();
    // The new row shows in the whole list at once; the search narrows it a moment later.
    await page.locator('li.user').nth(1).waitFor({ state: 'detached' });
    expect(await page.locator('li.user').count()).toBe(1);
    await h.t.http().post('/api/auth/login').send({ email, password: 'staff-passphrase-77' }).expect(200);
    await row.getByRole('button', { name: `Disable ${email}` }).click();
    await row.getByText(/Disabled since/).waitFor();
    const refused = await h.t.http().post('/api/auth/login').send({ email, password: 'staff-passphrase-77' });
    expect(refused.status).toBe(403);
    await page.getByRole('searchbox', { name: 'Search by email or name' }).fill('');
    await page.locator('li.user').filter({ hasText: ADMIN.email }).waitFor();
    await shot('admin-users');

    // A key with the read scope only: its secret shown once, copied, working; then revoked.
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
    await page.getByRole('link', { name: 'API keys' }).click();
    await page.waitForURL(/\/api-keys$/);
    await page.getByRole('button', { name: 'New API key' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Reporting script');
    await page.locator('label.check').filter({ hasText: 'chat' }).locator('input').uncheck();
    await page.getByLabel('Expires').selectOption({ label: 'In 30 days' });
    await page.getByRole('button', { name: 'Create key' }).click();
    const secret = page.getByTestId('api-key-secret');
    await secret.waitFor();
    const key = (await secret.textContent())!.trim();
    expect(key).toMatch(/^ak_/);
    await page.getByText('it is shown only this once').waitFor();
    await page.getByRole('button', { name: 'Copy' }).click();
    await page.getByRole('button', { name: 'Copied' }).waitFor();
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(key);
    const keyAuth = { Authorization: `Bearer ${key}` };
    await h.t.http().get('/api/assistants').set(keyAuth).expect(200);
    await h.t.http().post('/api/conversations').set(keyAuth).send({ assistantId: '00000000-0000-4000-8000-000000000000' }).expect(403);
    const listed = page.locator('li.key').filter({ hasText: 'Reporting script' });
    await listed.getByText('read', { exact: true }).waitFor();
    expect(await listed.getByText('chat', { exact: true }).count()).toBe(0);
    await shot('api-keys');
    await page.getByRole('button', { name: "I've saved it" }).click();
    await page.getByTestId('api-key-secret').waitFor({ state: 'detached' });
    expect(await page.content()).not.toContain(key);
    await listed.getByRole('button', { name: 'Revoke' }).click();
    await listed.getByRole('button', { name: 'Revoke now' }).click();
    await listed.waitFor({ state: 'detached' });
    await h.t.http().get('/api/assistants').set(keyAuth).expect(401);

    // Phone width: nothing wider than the screen, on the catalogue and in the chat.
    const overflow = () =>
      page.evaluate('({ page: document.scrollingElement.scrollWidth, content: document.querySelector("main.content").scrollWidth })') as Promise<{
        page: number;
        content: number;
      }>;
    await page.setViewportSize({ width: 375, height: 812 });
    await page.goto(`${base}/`);
    await page.getByRole('button', { name: /HR helper/ }).waitFor();
    await shot('catalogue-phone');
    expect((await overflow()).page).toBeLessThanOrEqual(375);
    expect((await overflow()).content).toBeLessThanOrEqual(375);
    await page.getByRole('button', { name: /HR helper/ }).click();
    await page.waitForURL(/\/chat\//);
    // An answer with a long line of code and a long link: they must scroll or wrap inside the message.
    h.llm.script({
      kind: 'reply',
      text: 'See https://intranet.example.com/policies/human-resources/parental-leave/2026/full-text-of-the-policy.\n\n```sh\ncurl -H "Authorization: Bearer ak_xxxxxxxxxxxxxxxx" https://assistants.example.com/api/conversations?limit=100&offset=0\n```\n',
    });
    const box = page.getByRole('textbox', { name: /Ask a question/ });
    await box.fill('Where is the full policy?');
    await box.press('Enter');
    await page.getByText(/Answered in/).waitFor({ timeout: 20_000 });
    await shot('chat-phone');
    expect((await overflow()).page).toBeLessThanOrEqual(375);
    expect((await overflow()).content).toBeLessThanOrEqual(375);
    await page.getByRole('link', { name: 'Admin' }).click();
    await page.locator('li.user').first().waitFor();
    await shot('admin-phone');
    expect((await overflow()).page).toBeLessThanOrEqual(375);
    // Loaded by its address, not only through the link: the server serves the app at /api-keys.
    await page.goto(`${base}/api-keys`);
    await page.getByRole('button', { name: 'New API key' }).click();
    await shot('api-keys-phone');
    expect((await overflow()).page).toBeLessThanOrEqual(375);
    await page.setViewportSize({ width: 1280, height: 800 });

    // The person of the other tests signs back in.
    await page.goto(`${base}/`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/sign-in$/);
    await page.getByLabel('Email').fill(person);
    await page.getByLabel('Password').fill('web-passphrase-42');
    await page.getByLabel('Password').press('Enter');
    await page.waitForURL(`${base}/`);
  }, 150_000);

  it('creates a template with a variable in the library (live preview, field messages), links it, and answers one chat message with it', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${base}/`);
    await page.getByRole('link', { name: 'Templates' }).click();
    await page.waitForURL(/\/templates$/);
    await page.getByRole('button', { name: 'New template' }).click();
    await page.locator('#te-name').fill('Answer in a language');
    await page.getByLabel('Prompt text').fill('Answer {{question}} in {{language}}, in one short paragraph.');
    // Each variable gets an input; the preview is rendered by the server as the value is typed.
    await page.locator('#te-var-language').fill('French');
    await page.getByTestId('template-preview').filter({ hasText: 'Answer {{question}} in French, in one short paragraph.' }).waitFor();
    await page.getByLabel('Tags').fill('Lang, bad/tag');
    await page.getByRole('button', { name: 'Save template' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: /A tag is 1 to 40 letters, digits or spaces/ })
      .waitFor();
    await page.getByLabel('Tags').fill('Lang, hr');
    await page.getByRole('button', { name: 'Save template' }).click();
    const card = page.locator('app-template-card').filter({ hasText: 'Answer in a language' });
    await card.waitFor();
    expect(await card.locator('.tag').allTextContents()).toEqual(['#lang', '#hr']);
    await card.getByRole('button', { name: 'Edit' }).click();
    await page.locator('#te-var-language').fill('German');
    await page.getByTestId('template-preview').filter({ hasText: 'in German' }).waitFor();
    await shot('templates-editor');
    await page.setViewportSize({ width: 375, height: 812 });
    await page.getByTestId('template-preview').scrollIntoViewIfNeeded();
    await shot('templates-phone');
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByRole('button', { name: 'Cancel' }).click();

    // Linked to the assistant through the API; the chat offers it for the next message.
    const email: string = await page.evaluate('JSON.parse(localStorage.getItem("assistants.session")).user.email');
    const login = await h.t.http().post('/api/auth/login').send({ email, password: 'web-passphrase-42' }).expect(200);
    const auth = { Authorization: `Bearer ${login.body.accessToken}` };
    const assistants = await h.t.http().get('/api/assistants').query({ search: 'HR helper' }).set(auth).expect(200);
    const assistantId: string = assistants.body.items[0].id;
    const templates = await h.t.http().get('/api/templates').query({ search: 'Answer in a language' }).set(auth).expect(200);
    expect(templates.body.items).toHaveLength(1);
    const templateId: string = templates.body.items[0].id;
    await h.t.http().put(`/api/assistants/${assistantId}/templates/${templateId}`).set(auth).expect(200);

    await page.goto(`${base}/chat/${assistantId}`);
    await page.locator('#tp-template').selectOption({ label: 'Answer in a language' });
    await page.getByRole('textbox', { name: 'Value of language' }).fill('French');
    h.llm.reset();
    h.llm.script({ kind: 'reply', text: 'Le congé parental dure 16 semaines.' });
    const box = page.getByRole('textbox', { name: /Ask a question/ });
    await box.fill('How long is parental leave?');
    await shot('templates-chat');
    await page.setViewportSize({ width: 375, height: 812 });
    await shot('templates-chat-phone');
    await page.setViewportSize({ width: 1280, height: 800 });
    await box.press('Enter');
    await page.locator('app-message-item.assistant .markdown').filter({ hasText: 'Le congé parental dure 16 semaines.' }).waitFor({ timeout: 20_000 });
    await page.getByText('Template: Answer in a language').waitFor({ timeout: 15_000 });
    // The model got the question inside the template, the variable filled.
    expect(h.llm.requests.some((r) => JSON.stringify(r.body).includes('Answer How long is parental leave? in French, in one short paragraph.'))).toBe(true);
    // The choice and its values stay for the conversation's next message.
    expect(await page.locator('#tp-template').inputValue()).toBe(templateId);
    expect(await page.getByRole('textbox', { name: 'Value of language' }).inputValue()).toBe('French');

    // Its answer's rating counts for the template too: the library shows the use and the rating.
    await page.getByRole('button', { name: 'Rate 5 of 5' }).click();
    await page.locator('.star.on').nth(4).waitFor();
    await page.getByRole('link', { name: 'Templates' }).click();
    await page.locator('app-template-card').filter({ hasText: 'Answer in a language' }).filter({ hasText: 'Uses: 1' }).filter({ hasText: '★ 5 (1)' }).waitFor();
    await shot('templates');
  }, 90_000);

  it('shows the assistant page: usage charts, a linked default template with a preview, and a knowledge base fed by drag and drop', async () => {
    const email: string = await page.evaluate('JSON.parse(localStorage.getItem("assistants.session")).user.email');
    const login = await h.t.http().post('/api/auth/login').send({ email, password: 'web-passphrase-42' }).expect(200);
    const auth = { Authorization: `Bearer ${login.body.accessToken}` };
    const template = await h.t.http().post('/api/templates').set(auth).send({ name: 'Polite answer', promptText: 'Answer {{question}} politely.' }).expect(201);

    await page.goto(`${base}/`);
    await page.getByRole('button', { name: /HR helper/ }).click();
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.waitForURL(/\/assistants\//);
    const assistantId = page.url().split('/').at(-1)!;

    // The charts are drawn: the messages canvas has painted pixels (the earlier tests wrote messages).
    const chart = page.locator('app-usage-panel canvas[data-chart=messages]');
    await chart.waitFor();
    await page.waitForFunction(
      `(() => {
        const c = document.querySelector('app-usage-panel canvas[data-chart=messages]');
        if (!c || !c.width) return false;
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        for (let i = 3; i < d.length; i += 4) if (d[i] > 0) return true;
        return false;
      })()`,
      undefined,
      { timeout: 10_000 },
    );

    // Link the template from the library, make it the default, and preview it with a value.
    await page.getByLabel('Template to link').selectOption({ label: 'Polite answer' });
    await page.getByRole('button', { name: 'Link', exact: true }).click();
    await page.getByRole('button', { name: 'Make default: Polite answer' }).click();
    await page.locator('app-templates-panel li.default').filter({ hasText: 'Polite answer' }).waitFor();
    await page.getByRole('button', { name: 'Preview: Polite answer' }).click();
    await page.getByLabel('Value of question').fill('the leave question');
    await page.getByRole('button', { name: 'Show the result' }).click();
    await page.getByTestId('rendered-template').filter({ hasText: 'Answer the leave question politely.' }).waitFor();
    const stored = await h.t.http().get(`/api/assistants/${assistantId}`).set(auth).expect(200);
    expect(stored.body.defaultTemplateId).toBe(template.body.id);

    // Two files dropped at once; each is followed to ready.
    const files = [
      { name: 'holidays.md', type: 'text/markdown', text: '# Holidays\n\nThe office closes between Christmas and New Year.' },
      { name: 'remote.txt', type: 'text/plain', text: 'Remote work is allowed two days a week.' },
    ];
    const transfer = await page.evaluateHandle(`(() => {
      const data = new DataTransfer();
      for (const f of ${JSON.stringify(files)}) data.items.add(new File([f.text], f.name, { type: f.type }));
      return data;
    })()`);
    await page.getByTestId('drop-zone').dispatchEvent('dragover', { dataTransfer: transfer });
    await page.getByTestId('drop-zone').dispatchEvent('drop', { dataTransfer: transfer });
    for (const f of files) await page.locator(`app-knowledge-panel li.ready[data-document="${f.name}"]`).waitFor({ timeout: 30_000 });
    await page
      .locator('app-knowledge-panel li.ready[data-document="remote.txt"]')
      .getByText(/chunks: \d+/)
      .waitFor();
    await session.unrolledShot('assistant-page');

    // Delete one: the app's confirm dialog asks, and its Delete button confirms.
    await page.getByRole('button', { name: 'Delete: remote.txt' }).click();
    const confirmDialog = page.getByRole('dialog', { name: 'Delete "remote.txt" from the knowledge base?' });
    await confirmDialog.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.locator('app-knowledge-panel li[data-document="remote.txt"]').waitFor({ state: 'detached' });
    // The clean-up task removes it on the server too.
    const names = async () =>
      (await h.t.http().get(`/api/assistants/${assistantId}/documents`).set(auth).expect(200)).body.map((d: { filename: string }) => d.filename).sort();
    for (let i = 0; i < 60 && (await names()).includes('remote.txt'); i++) await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await names()).toEqual(['holidays.md', 'leave.md']);

    await page.setViewportSize({ width: 375, height: 812 });
    await session.unrolledShot('assistant-page-phone');
    const overflow = await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await page.setViewportSize({ width: 1280, height: 800 });
  }, 120_000);
});
