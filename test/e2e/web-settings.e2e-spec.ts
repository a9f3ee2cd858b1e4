import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { type ChatHarness } from '../support/chat-harness';
import { describeWithBrowser, signUp, startWebSession, type WebSession } from '../support/web-browser';

// Templates without traps, settings saved as typed, access shown honestly and one scroll, in
// Chromium against the real API, in English and Russian, with screenshots (phone width too).

describeWithBrowser('web settings e2e')('web app settings in Chromium', () => {
  let session: WebSession;
  let h: ChatHarness;
  let page: Page;
  let base: string;
  let ownerAuth: { Authorization: string };
  let publicId: string;
  let privateId: string;
  let templateId: string;

  beforeAll(async () => {
    session = await startWebSession();
    ({ h, page, base } = session);
    await page.goto(base);
    await page.waitForURL(/\/sign-in$/);
    const email = `owner-${Date.now()}@assistants.test`;
    await signUp(session, email, 'owner-passphrase-42');
    const login = await h.t.http().post('/api/auth/login').send({ email, password: 'owner-passphrase-42' }).expect(200);
    ownerAuth = { Authorization: `Bearer ${login.body.accessToken}` };
    const http = () => h.t.http();
    publicId = (await http().post('/api/assistants').set(ownerAuth).send({ name: 'Office helper', isPublic: true, enableSearch: false }).expect(201)).body.id;
    privateId = (await http().post('/api/assistants').set(ownerAuth).send({ name: 'Secret helper', enableSearch: false }).expect(201)).body.id;
    templateId = (
      await http()
        .post('/api/templates')
        .set(ownerAuth)
        .send({ name: 'Office', promptText: 'I work at {{office}} in {{city}}. {{question}}', isPublic: true })
        .expect(201)
    ).body.id;
    await http().put(`/api/assistants/${publicId}/templates/${templateId}`).set(ownerAuth).expect(200);
    await http().put(`/api/assistants/${publicId}/default-template`).set(ownerAuth).send({ templateId }).expect(200);
  }, 240_000);

  afterAll(async () => {
    await session?.close();
  });

  const shot = (name: string) => session.shot(name);
  const phoneShot = async (name: string) => {
    await page.setViewportSize({ width: 390, height: 800 });
    await shot(`${name}-phone`);
    await page.setViewportSize({ width: 1280, height: 800 });
  };
  const language = (code: 'en' | 'ru') => page.locator('select.lang').selectOption(code);
  /** One scroll container: the document is exactly as tall as the window, the top bar stays. */
  const expectOneScroll = async () => {
    const [scrollHeight, innerHeight] = await page.evaluate<[number, number]>('[document.documentElement.scrollHeight, window.innerHeight]');
    expect(scrollHeight).toBe(innerHeight);
  };

  it('offers "No template", says which variables are empty before sending, and keeps the values with the conversation', async () => {
    await page.goto(`${base}/chat/${publicId}`);
    const picker = page.locator('#tp-template');
    await picker.waitFor();
    expect((await picker.locator('option').allTextContents()).map((text) => text.trim())).toEqual(['No template', 'Office (default)']);
    const unfilled = page.locator('app-template-picker .unfilled');
    await unfilled.filter({ hasText: 'Still empty: office, city. Fill them in to send.' }).waitFor();
    const send = page.getByRole('button', { name: 'Send' });
    expect(await send.isDisabled()).toBe(true);
    expect(await send.getAttribute('title')).toBe('Fill in the template’s empty variables first');
    await shot('settings-template-unfilled');
    await phoneShot('settings-template-unfilled');

    await page.getByRole('textbox', { name: 'Value of office' }).fill('HQ');
    await unfilled.filter({ hasText: 'Still empty: city. Fill it in to send.' }).waitFor();
    await page.getByRole('textbox', { name: 'Value of city' }).fill('Riga');
    expect(await unfilled.count()).toBe(0);
    h.llm.reset();
    h.llm.script({ kind: 'reply', text: 'Park in the yard.' });
    const box = page.getByRole('textbox', { name: /Ask a question/ });
    await box.fill('Where do I park?');
    await box.press('Enter');
    await page.locator('app-message-item.assistant .markdown').filter({ hasText: 'Park in the yard.' }).waitFor({ timeout: 20_000 });
    expect(h.llm.requests.some((r) => JSON.stringify(r.body).includes('I work at HQ in Riga. Where do I park?'))).toBe(true);

    // Kept by the server: after a reload the picker has them again.
    await page.waitForURL(/\?c=/);
    await page.reload();
    await page.getByRole('textbox', { name: 'Value of office' }).waitFor();
    expect(await page.getByRole('textbox', { name: 'Value of office' }).inputValue()).toBe('HQ');
    expect(await page.getByRole('textbox', { name: 'Value of city' }).inputValue()).toBe('Riga');
    await expectOneScroll();

    // "No template" asks for nothing.
    await picker.selectOption({ label: 'No template' });
    expect(await page.getByRole('textbox', { name: 'Value of office' }).count()).toBe(0);
    expect(await send.isDisabled()).toBe(false);

    // In Russian.
    await picker.selectOption({ label: 'Office (default)' });
    await page.getByRole('textbox', { name: 'Value of city' }).fill('');
    await language('ru');
    await unfilled.filter({ hasText: 'Не заполнено: city. Заполните, чтобы отправить.' }).waitFor();
    expect((await picker.locator('option').allTextContents()).map((text) => text.trim())).toEqual(['Без шаблона', 'Office (по умолчанию)']);
    expect(await page.getByRole('button', { name: 'Отправить' }).getAttribute('title')).toBe('Сначала заполните пустую переменную шаблона');
    await shot('settings-template-unfilled-ru');
    await phoneShot('settings-template-unfilled-ru');
    await language('en');
  }, 120_000);

  it('saves an emptied temperature as the default, not 0; the page scrolls once', async () => {
    await page.goto(`${base}/assistants/${publicId}`);
    const temperature = page.locator('#a-temperature');
    await temperature.waitFor();
    await h.t.http().patch(`/api/assistants/${publicId}`).set(ownerAuth).send({ temperature: 1.3 }).expect(200);
    await page.reload();
    await temperature.waitFor();
    expect(await temperature.inputValue()).toBe('1.3');
    await temperature.fill('');
    expect(await temperature.getAttribute('placeholder')).toBe('Default: 0.7');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Saved.').waitFor();
    expect(await temperature.inputValue()).toBe('0.7');
    const stored = await h.t.http().get(`/api/assistants/${publicId}`).set(ownerAuth).expect(200);
    expect(stored.body.temperature).toBe(0.7);
    await expectOneScroll();
    await shot('settings-assistant-owner');
  }, 60_000);

  it('shows a non-owner read-only settings without a drop zone, and a clear page for a private or missing assistant', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/sign-in$/);
    await signUp(session, `member-${Date.now()}@assistants.test`, 'member-passphrase-42');

    await page.goto(`${base}/assistants/${publicId}`);
    await page.getByText('You may use this assistant but not change it: its settings are shown read-only.').waitFor();
    expect(await page.locator('#a-temperature').isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: /^Save/ }).count()).toBe(0);
    expect(await page.locator('[data-testid=drop-zone]').count()).toBe(0);
    expect(await page.locator('input[type=file]').count()).toBe(0);
    await expectOneScroll();
    await shot('settings-read-only');
    await phoneShot('settings-read-only');

    await page.goto(`${base}/chat/${privateId}`);
    await page.getByRole('heading', { name: 'No access' }).waitFor();
    expect(await page.getByRole('textbox', { name: /Ask a question/ }).count()).toBe(0);
    await shot('settings-no-access');
    await phoneShot('settings-no-access');
    await page.goto(`${base}/assistants/${privateId}`);
    await page.getByRole('heading', { name: 'No access' }).waitFor();

    await page.goto(`${base}/chat/${randomUUID()}`);
    await page.getByRole('heading', { name: 'Not found' }).waitFor();
    await shot('settings-not-found');

    await language('ru');
    await page.getByRole('heading', { name: 'Не найдено' }).waitFor();
    await page.goto(`${base}/chat/${privateId}`);
    await page.getByRole('heading', { name: 'Нет доступа' }).waitFor();
    await page.getByRole('link', { name: 'К списку ассистентов' }).waitFor();
    await shot('settings-no-access-ru');
    await phoneShot('settings-no-access-ru');
    await page.goto(`${base}/assistants/${publicId}`);
    await page.getByText('Вы можете пользоваться этим ассистентом, но не менять его: настройки показаны только для чтения.').waitFor();
    await shot('settings-read-only-ru');
    await language('en');
  }, 90_000);
});
