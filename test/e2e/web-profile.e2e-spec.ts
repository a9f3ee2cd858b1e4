import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { PROFILE_RU } from '../../apps/web/src/app/features/profile/profile.i18n';
import { SPEECH_RU } from '../../apps/web/src/app/shared/speech/speech.i18n';
import { ADMIN } from '../support/api-app';
import { seriousViolations } from '../support/axe';
import { type ChatHarness } from '../support/chat-harness';
import { describeWithBrowser, SCREENSHOTS, signUp, startWebSession, type WebSession } from '../support/web-browser';

// The profile (name, language, theme kept on the server), dark mode, the speech buttons that say
// why they cannot work, the rating's Save at phone width, and axe on the main screens in both languages.

const PHONE = { width: 390, height: 844 };
const DARK_BG = '#14171c';
const LIGHT_BG = '#f5f6f8';

const shotOf = (page: Page, name: string) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
// Strings, not functions: this file is compiled without the DOM's types.
const background = (page: Page) => page.evaluate<string>(`getComputedStyle(document.documentElement).getPropertyValue('--bg').trim()`);
const htmlAttributes = (page: Page) =>
  page.evaluate<{ lang: string; theme: string }>(`({ lang: document.documentElement.lang, theme: document.documentElement.dataset.theme })`);

async function signInOn(page: Page, base: string, email: string, password: string, labels = { email: 'Email', password: 'Password' }): Promise<void> {
  await page.goto(`${base}/sign-in`);
  await page.getByLabel(labels.email).fill(email);
  await page.getByLabel(labels.password).fill(password);
  await page.getByLabel(labels.password).press('Enter');
  await page.waitForURL(`${base}/`);
}

describeWithBrowser('web profile e2e')('profile, dark mode and accessibility in Chromium', () => {
  let session: WebSession;
  let h: ChatHarness;
  let page: Page;
  let browser: Browser;
  let base: string;
  const contexts: BrowserContext[] = [];
  const email = `profile-${Date.now()}@assistants.test`;
  const password = 'profile-passphrase-42';

  beforeAll(async () => {
    session = await startWebSession();
    ({ h, page, base, browser } = session);
  }, 300_000);

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await session?.close();
  });

  async function newPage(options: Parameters<Browser['newContext']>[0] = {}): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
    contexts.push(context);
    return context.newPage();
  }

  it('saves name, language and theme on the server: another browser (a phone) gets them at sign-in, and system follows the device', async () => {
    await page.goto(base);
    await signUp(session, email, password);
    await page.getByRole('link', { name: 'Profile' }).click();
    await page.waitForURL(`${base}/profile`);
    expect(await background(page)).toBe(LIGHT_BG);
    await session.shot('profile-en-light');

    await page.getByLabel('Name', { exact: true }).fill('Анна Петрова');
    await page.getByLabel('Interface language').selectOption('ru');
    await page.getByRole('radio', { name: /Dark/ }).check();
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.getByRole('status').filter({ hasText: PROFILE_RU.saved }).waitFor();
    expect(await htmlAttributes(page)).toEqual({ lang: 'ru', theme: 'dark' });
    expect(await background(page)).toBe(DARK_BG);
    await page.getByRole('heading', { name: PROFILE_RU.title }).waitFor();
    await session.shot('profile-ru-dark');

    // Another browser, on a phone whose system is light: the sign-in brings Russian and dark along.
    const phone = await newPage({ viewport: PHONE, colorScheme: 'light' });
    await signInOn(phone, base, email, password);
    await phone.getByRole('link', { name: PROFILE_RU.nav }).click();
    expect(await phone.getByLabel(PROFILE_RU.name, { exact: true }).inputValue()).toBe('Анна Петрова');
    expect(await htmlAttributes(phone)).toEqual({ lang: 'ru', theme: 'dark' });
    expect(await background(phone)).toBe(DARK_BG);
    await shotOf(phone, 'profile-ru-dark-phone');

    // "System" follows the device: light now, dark as soon as the device turns dark.
    await phone.getByRole('radio', { name: new RegExp(PROFILE_RU.themes.system) }).check();
    await phone.getByRole('button', { name: PROFILE_RU.save }).click();
    await phone.getByRole('status').filter({ hasText: PROFILE_RU.saved }).waitFor();
    expect(await background(phone)).toBe(LIGHT_BG);
    await shotOf(phone, 'profile-ru-system-light-phone');
    await phone.emulateMedia({ colorScheme: 'dark' });
    expect(await background(phone)).toBe(DARK_BG);

    // The top bar's toggle: system → light → dark, each saved.
    await phone.getByRole('button', { name: /^Тема: Как в системе/ }).click();
    await phone.getByRole('button', { name: /^Тема: Светлая/ }).waitFor();
    expect(await background(phone)).toBe(LIGHT_BG);
    const me = await h.t.http().post('/api/auth/login').send({ email, password }).expect(200);
    expect(me.body.user).toMatchObject({ name: 'Анна Петрова', language: 'ru', theme: 'light' });

    // Back in the first browser, a reload brings the change made on the phone.
    await page.reload();
    await page.getByRole('heading', { name: PROFILE_RU.title }).waitFor();
    await page.waitForFunction(`document.documentElement.dataset.theme === 'light'`);
  }, 120_000);

  it('at phone width in Russian: the speech buttons that cannot work say why, and the rating’s Save stays on one line', async () => {
    const login = await h.t.http().post('/api/auth/login').send({ email, password }).expect(200);
    const auth = { Authorization: `Bearer ${login.body.accessToken}` };
    await h.t.http().patch('/api/auth/me').set(auth).send({ theme: 'dark' }).expect(200);
    const assistant = await h.t.http().post('/api/assistants').set(auth).send({ name: 'Кадры', description: 'Отвечает про отпуск.' }).expect(201);

    // A browser without speech: neither synthesis nor recognition.
    const phone = await newPage({ viewport: PHONE });
    await phone.addInitScript(
      `for (const name of ['webkitSpeechRecognition', 'SpeechRecognition', 'SpeechSynthesisUtterance']) delete window[name];
       Object.defineProperty(window, 'speechSynthesis', { value: undefined });`,
    );
    await signInOn(phone, base, email, password);
    await phone.goto(`${base}/chat/${assistant.body.id}`);
    h.llm.script({ kind: 'reply', text: 'Отпуск — **28 дней**.' });
    const box = phone.locator('app-composer textarea');
    await box.fill('Сколько длится отпуск?');
    await box.press('Enter');
    await phone.locator('app-message-item.assistant .markdown').filter({ hasText: '28 дней' }).waitFor({ timeout: 20_000 });

    const mic = phone.locator('app-composer .mic');
    expect(await mic.getAttribute('aria-disabled')).toBe('true');
    expect(await mic.getAttribute('aria-description')).toBe(SPEECH_RU.noRecognition);
    expect(await mic.getAttribute('title')).toBe(SPEECH_RU.noRecognition);
    // aria-disabled, not disabled: it can still be focused and clicked, to hear or see why.
    await mic.click({ force: true });
    await phone.locator('app-composer .why').filter({ hasText: SPEECH_RU.noRecognition }).waitFor();

    const readAloud = phone.getByRole('button', { name: 'Прочитать вслух' });
    expect(await readAloud.getAttribute('aria-description')).toBe(SPEECH_RU.noSynthesis);
    await readAloud.click({ force: true });
    await phone.locator('app-message-item .why').filter({ hasText: SPEECH_RU.noSynthesis }).waitFor();

    await phone.getByRole('button', { name: 'Оценка 4 из 5' }).click();
    const save = phone.locator('app-message-item form.comment button[type=submit]');
    await save.waitFor();
    // The button's content box holds one line of its text, not two.
    const lines = await phone.evaluate<number>(
      `(() => { const button = document.querySelector('app-message-item form.comment button[type=submit]'); const style = getComputedStyle(button);
        const line = style.lineHeight === 'normal' ? parseFloat(style.fontSize) * 1.2 : parseFloat(style.lineHeight);
        const content = button.getBoundingClientRect().height - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom) - 2 * parseFloat(style.borderTopWidth);
        return Math.round(content / line); })()`,
    );
    expect(lines).toBe(1);
    await shotOf(phone, 'chat-rating-ru-dark-phone');
  }, 90_000);

  it('has no serious or critical axe violations on the main screens, in English (light) and Russian (dark)', async () => {
    const admin = await h.t.http().post('/api/auth/login').send(ADMIN).expect(200);
    const auth = { Authorization: `Bearer ${admin.body.accessToken}` };
    const assistant = (await h.t.http().post('/api/assistants').set(auth).send({ name: 'Axe helper', description: 'Checked by axe.' }).expect(201)).body.id;
    await h.t.http().post('/api/templates').set(auth).send({ name: 'Leave question', promptText: 'Answer about {{topic}}: {{question}}' }).expect(201);
    const conversation = (await h.t.http().post('/api/conversations').set(auth).send({ assistantId: assistant }).expect(201)).body.id;
    h.llm.script({ kind: 'reply', text: 'Leave is **16 weeks**.\n\n```js\nconst weeks = 16;\n```' });
    await h.t.http().post(`/api/conversations/${conversation}/messages`).set(auth).send({ content: 'How long is leave?' }).expect(202);

    const found: Record<string, unknown> = {};
    for (const [language, theme] of [
      ['en', 'light'],
      ['ru', 'dark'],
    ] as const) {
      await h.t.http().patch('/api/auth/me').set(auth).send({ language, theme }).expect(200);
      const p = await newPage();
      // The sign-in page in the language and theme under test (once: later pages take the profile's).
      await p.addInitScript(
        `if (!sessionStorage.getItem('seeded')) { localStorage.setItem('assistants.language', '${language}'); localStorage.setItem('assistants.theme', '${theme}'); sessionStorage.setItem('seeded', '1'); }`,
      );
      const check = async (screen: string, path: string | null, ready: string) => {
        if (path) await p.goto(`${base}${path}`);
        await p.locator(ready).first().waitFor({ timeout: 20_000 });
        await p.waitForTimeout(400);
        expect(await htmlAttributes(p)).toEqual({ lang: language, theme });
        await shotOf(p, `axe-${screen}-${language}-${theme}`);
        const violations = await seriousViolations(p);
        if (violations.length) found[`${screen} ${language}`] = violations;
      };
      await check('sign-in', '/sign-in', 'form input[type=password]');
      await p.locator('input[type=email]').fill(ADMIN.email);
      await p.locator('input[type=password]').fill(ADMIN.password);
      await p.locator('input[type=password]').press('Enter');
      await p.waitForURL(`${base}/`);
      await check('catalogue', null, 'app-assistant-card');
      await p.goto(`${base}/chat/${assistant}`);
      await p.locator('app-conversation-list .title').first().click();
      await check('chat', null, 'app-message-item.assistant .markdown strong');
      await check('assistant-settings', `/assistants/${assistant}`, 'main form, main input');
      await check('templates', '/templates', 'app-template-card');
      await check('admin', '/admin', 'main table, main li');
      await check('profile', '/profile', '#profile-name');
    }
    expect(found).toEqual({});
  }, 180_000);
});
