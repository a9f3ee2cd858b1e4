import type { Page } from 'playwright-core';
import { ADMIN } from '../support/api-app';
import { startFakeLlmServer, type FakeLlmServer } from '../support/fake-llm-server';
import { createAssistant, describeWithBrowser, startWebSession, type WebSession } from '../support/web-browser';

// Models chosen by people, managed by admins, in real Chromium: an admin adds a second
// OpenAI-compatible provider (a second fake server, with its own /models), the owner picks one of its
// models for an assistant and lets people choose, and a conversation switches to the built-in one.

describeWithBrowser('web models e2e')('models in Chromium, in English and Russian', () => {
  let session: WebSession;
  let second: FakeLlmServer;
  let page: Page;
  let base: string;

  beforeAll(async () => {
    second = await startFakeLlmServer({ models: ['second-large', 'second-small'] });
    // The second fake is on 127.0.0.1, as Ollama next door would be: the operator allows it.
    session = await startWebSession({ LLM_PROVIDERS_ALLOW_PRIVATE_NETWORKS: 'true' });
    ({ page, base } = session);
  }, 240_000);
  afterAll(async () => {
    await session?.close();
    await second?.close();
  });

  const chatCompletions = (server: FakeLlmServer) => server.requests.filter((r) => r.path === '/v1/chat/completions');
  const ask = async (question: string) => {
    const box = page.getByRole('textbox', { name: /Ask a question/ });
    await box.fill(question);
    await box.press('Enter');
    await page
      .locator('app-message-item.assistant')
      .filter({ hasText: `Answer to: ${question}` })
      .waitFor({ timeout: 20_000 });
  };

  it('adds a provider on the admin page, picks its model for an assistant, answers through it, and switches model per conversation', async () => {
    const { h, shot } = session;
    await page.goto(base);
    await page.waitForURL(/\/sign-in$/);
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByLabel('Password').press('Enter');
    await page.waitForURL(`${base}/`);

    // 1. Admin page: the built-in provider, then a second one, its models listed from its /models.
    await page.goto(`${base}/admin`);
    const panel = page.locator('app-llm-providers-panel');
    await panel.getByText('Built-in (server configuration)').waitFor();
    await panel.getByRole('button', { name: 'Add a provider' }).click();
    await panel.getByLabel('Name').fill('Second');
    await panel.getByLabel('Base URL').fill(second.baseUrl);
    await panel.getByLabel('API key').fill('sk-e2e-secret');
    await panel.getByRole('button', { name: 'Save' }).click();
    const added = panel.locator('li.provider[data-provider="Second"]');
    await added.getByText('2 models', { exact: true }).waitFor({ timeout: 15_000 });
    await added.getByText('second-small').waitFor();
    await added.getByText('key stored').waitFor();
    expect(await panel.textContent()).not.toContain('sk-e2e-secret');
    await session.unrolledShot('models-admin');

    // 2. The assistant's settings: the model is a select of provider and model.
    await page.goto(`${base}/`);
    const assistantId = await createAssistant(page, 'Model helper', 'Answers through the chosen model.');
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.waitForURL(`${base}/assistants/${assistantId}`);
    const select = page.locator('select#a-model');
    await select.locator('option', { hasText: 'second-small' }).waitFor({ state: 'attached' });
    await select.selectOption({ label: 'second-small' });
    await page.locator('#a-allow-model-choice').check();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Saved.').first().waitFor();
    await session.unrolledShot('models-assistant-settings');

    // 3. The chat answers through the second provider, with its key.
    await page.goto(`${base}/chat/${assistantId}`);
    await ask('Which model answers?');
    expect(chatCompletions(second).at(-1)?.body.model).toBe('second-small');
    expect(chatCompletions(second).at(-1)?.headers.authorization).toBe('Bearer sk-e2e-secret');

    // 4. The header's select: this conversation switches to a model of the built-in provider.
    const header = page.locator('select#conversation-model');
    await header.waitFor();
    expect(await header.inputValue()).toMatch(/\|second-small$/);
    await header.selectOption({ label: 'fake-large' });
    await page.waitForResponse((r) => r.url().endsWith('/model') && r.request().method() === 'PUT');
    h.llm.reset();
    await ask('And now?');
    expect(chatCompletions(h.llm).at(-1)?.body.model).toBe('fake-large');
    await shot('models-chat');
    await page.setViewportSize({ width: 390, height: 800 });
    await shot('models-chat-phone');
    await page.setViewportSize({ width: 1280, height: 800 });

    // 5. Russian: the same screens, with no English left and the right plural.
    await page.getByRole('combobox', { name: 'Language' }).selectOption('ru');
    await page.reload();
    await page.locator('select#conversation-model').waitFor();
    expect(await page.getByLabel('Модель этого диалога').count()).toBeGreaterThan(0);
    await shot('models-chat-ru');
    await page.goto(`${base}/admin`);
    const ru = page.locator('app-llm-providers-panel');
    await ru.getByText('Поставщики моделей').waitFor();
    await ru.locator('li.provider[data-provider="Second"]').getByText('2 модели', { exact: true }).waitFor();
    await ru.getByText('Встроенный (настройки сервера)').waitFor();
    const text = (await ru.textContent()) ?? '';
    for (const english of ['LLM providers', 'Refresh models', 'Edit', 'Remove', 'key stored', 'models', 'Models listed']) expect(text).not.toContain(english);
    await session.unrolledShot('models-admin-ru');
    await page.goto(`${base}/assistants/${assistantId}`);
    await page.getByText('Разрешить выбирать модель для своего диалога').waitFor();
    await session.unrolledShot('models-assistant-settings-ru');
    await page.getByRole('combobox', { name: 'Язык' }).selectOption('en');
  }, 180_000);
});
