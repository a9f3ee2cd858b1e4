import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { seriousViolations } from '../support/axe';
import { type ChatHarness } from '../support/chat-harness';
import { englishOnPage } from '../support/russian-text';
import { describeWithBrowser, SCREENSHOTS, startWebSession, type WebSession } from '../support/web-browser';

// A Russian-speaking employee's main path, in real Chromium with the interface in Russian, at
// desktop and at phone width: on every screen no English word is visible (russian-text.ts lists the
// few Latin words allowed and why), plurals agree with their numbers, axe finds nothing serious.
// The answers come from the offline answerer (no LLM configured), which answers in the question's language.
const SIZES = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
] as const;

describeWithBrowser('web russian e2e')('Russian interface in Chromium', () => {
  // One server and browser for both widths (each width signs up its own employee): starting them is most of the time.
  let session: WebSession;
  let h: ChatHarness;
  beforeAll(async () => {
    session = await startWebSession({ LLM_BASE_URL: '' });
    h = session.h;
  }, 240_000);
  afterAll(() => session?.close());

  describe.each(SIZES)('at $name width', (size) => {
    let context: BrowserContext;
    let page: Page;
    /** Messages of native alert/confirm/prompt dialogs: the app must use its own. */
    const nativeDialogs: string[] = [];
    const email = `ru-${size.name}-${Date.now()}@assistants.test`;
    const password = 'russkij-parol-42';
    // The assistants' default model is named in the technical details as it is.
    const ownTexts = [email, 'gpt-4o-mini'];

    beforeAll(async () => {
      // A page of its own context: axe needs one.
      context = await session.browser.newContext({ viewport: { width: size.width, height: size.height } });
      page = await context.newPage();
      page.on('dialog', (dialog) => {
        nativeDialogs.push(dialog.message());
        void dialog.dismiss();
      });
    });
    afterAll(() => context?.close());

    /** The screen as it is now: no English words, no serious axe findings, nothing wider than the screen; a screenshot to look at. */
    const checkScreen = async (name: string, ignore: readonly string[] = []) => {
      await page.screenshot({ path: join(SCREENSHOTS, `ru-${size.name}-${name}.png`), fullPage: true });
      expect({ name, english: await englishOnPage(page, { ownTexts: [...ownTexts, ...ignore] }) }).toEqual({ name, english: [] });
      expect({ name, axe: await seriousViolations(page) }).toEqual({ name, axe: [] });
      const overflow = await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
      expect({ name, overflow }).toEqual({ name, overflow: 0 });
    };

    it('signs in and registers with the server’s messages in Russian, by each field', async () => {
      await page.goto(session.base);
      await page.waitForURL(/\/sign-in$/);
      await page.getByRole('combobox', { name: 'Language' }).selectOption('ru');
      await page.getByRole('button', { name: 'Войти' }).waitFor();

      // A wrong password: the server's reason, in Russian.
      await page.getByLabel('Эл. почта').fill('nikto@assistants.test');
      await page.getByLabel('Пароль').fill('neverno-42');
      await page.getByLabel('Пароль').press('Enter');
      await page.getByRole('alert').filter({ hasText: 'Неверный адрес электронной почты или пароль.' }).waitFor();
      await checkScreen('sign-in-wrong', ['nikto@assistants.test']);

      // Registration with empty fields, then with a too-short password: each message under its field.
      await page.getByRole('button', { name: 'Нет аккаунта? Создайте его' }).click();
      await page.getByLabel('Эл. почта').fill('');
      await page.getByLabel('Пароль').fill('');
      await page.getByRole('button', { name: 'Создать аккаунт' }).click();
      await page.locator('#email-error').waitFor();
      await page.locator('#password-error').waitFor();
      await checkScreen('sign-up-empty');
      await page.getByLabel('Эл. почта').fill(email);
      await page.getByLabel('Пароль').fill('korotko');
      await page.getByRole('button', { name: 'Создать аккаунт' }).click();
      await page.locator('#password-error').filter({ hasText: 'Не меньше 8 символов.' }).waitFor();
      expect(await page.locator('#email-error').count()).toBe(0);
      await checkScreen('sign-up-short');

      await page.getByLabel('Пароль').fill(password);
      await page.getByRole('button', { name: 'Создать аккаунт' }).click();
      await page.waitForURL(`${session.base}/`);
    }, 120_000);

    it('shows the catalogue with the counts in agreeing Russian plurals', async () => {
      // Assistants with 1, 2 and 5 conversations, made through the API.
      const login = await h.t.http().post('/api/auth/login').send({ email, password }).expect(200);
      const auth = { Authorization: `Bearer ${login.body.accessToken}` };
      for (const [name, count] of [
        ['Кадры', 1],
        ['Бухгалтерия', 2],
        ['Поддержка', 5],
      ] as const) {
        const assistant = await h.t
          .http()
          .post('/api/assistants')
          .set(auth)
          .send({ name, description: `Отвечает на вопросы: ${name}.` })
          .expect(201);
        for (let i = 1; i <= count; i++) {
          await h.t
            .http()
            .post('/api/conversations')
            .set(auth)
            .send({ assistantId: assistant.body.id, title: `Вопрос ${i}` })
            .expect(201);
        }
      }
      await page.reload();
      const card = (name: string) => page.locator('app-assistant-card').filter({ hasText: name });
      await card('Кадры').getByText('1 диалог', { exact: true }).waitFor();
      await card('Бухгалтерия').getByText('2 диалога', { exact: true }).waitFor();
      await card('Поддержка').getByText('5 диалогов', { exact: true }).waitFor();
      await card('Поддержка').getByText('0 сообщений', { exact: true }).waitFor();
      await checkScreen('catalogue');
    }, 120_000);

    it('asks the assistant, reads the Russian answer and its technical details', async () => {
      await page.locator('app-assistant-card').filter({ hasText: 'Кадры' }).click();
      await page.waitForURL(/\/chat\//);
      const composer = page.getByRole('textbox', { name: /Задайте вопрос/ });
      await composer.fill('Сколько дней длится отпуск?');
      await composer.press('Enter');
      const answer = page.locator('app-message-item.assistant').filter({ hasText: 'Языковая модель не настроена' });
      await answer.waitFor({ timeout: 30_000 });
      await answer.getByText(/Ответ за/).waitFor({ timeout: 30_000 });
      await answer.getByRole('button', { name: 'Технические детали' }).click();
      await answer.getByText('Время', { exact: true }).waitFor();
      await checkScreen('chat-details');
    }, 120_000);

    it('renames, pins and deletes conversations through the app’s dialogs, and finds one by a word', async () => {
      const items = page.locator('app-conversation-list li');
      const item = (title: string | RegExp) => items.filter({ has: page.locator('button.title', { hasText: title }) });
      // At phone width the list is behind the menu button.
      const menu = page.getByRole('button', { name: 'Диалоги', exact: true });
      if (await menu.isVisible()) await menu.click();

      // Rename the asked conversation in the app's own dialog.
      await item(/Сколько дней/)
        .getByRole('button', { name: 'Переименовать' })
        .click();
      const rename = page.getByRole('dialog', { name: 'Переименовать' });
      await rename.getByRole('textbox').fill('Отпуск');
      await checkScreen('rename-dialog');
      await rename.getByRole('button', { name: 'Переименовать' }).click();
      await item('Отпуск').waitFor();

      // Pin it: its button now says it can be unpinned.
      await item('Отпуск').getByRole('button', { name: 'Закрепить' }).click();
      await item('Отпуск').getByRole('button', { name: 'Открепить' }).waitFor();

      // Tag it, then show only the conversations with that tag, then all again.
      await item('Отпуск').getByRole('button', { name: 'Теги', exact: true }).click();
      await page.getByRole('textbox', { name: 'Новый тег' }).fill('Отпуск');
      await page.getByRole('textbox', { name: 'Новый тег' }).press('Enter');
      await page.getByRole('button', { name: 'Сохранить', exact: true }).click();
      const chip = item('Отпуск').getByRole('button', { name: '#отпуск' });
      await chip.waitFor();
      await chip.click();
      await page.getByRole('status').filter({ hasText: 'Только с тегом «отпуск»' }).waitFor();
      await item('Вопрос 1').waitFor({ state: 'detached' });
      await checkScreen('tags', ['отпуск']);
      await page.getByRole('button', { name: 'Показать все' }).click();
      await item('Вопрос 1').waitFor();

      // Delete the other one, confirming in the app's dialog.
      await item('Вопрос 1').getByRole('button', { name: 'Удалить' }).click();
      const confirm = page.getByRole('dialog', { name: 'Удалить этот диалог?' });
      await confirm.waitFor();
      await checkScreen('delete-dialog');
      await confirm.getByRole('button', { name: 'Удалить' }).click();
      await item('Вопрос 1').waitFor({ state: 'detached' });
      expect(nativeDialogs).toEqual([]);

      // Ctrl+K to the search; a word of the answer finds the conversation, marked in the snippet.
      await page.locator('body').press('Control+k');
      const search = page.getByRole('searchbox', { name: 'Поиск диалогов' });
      await page.locator('app-conversation-list input[type=search]:focus').waitFor();
      await page.keyboard.type('настроена');
      await page.locator('app-conversation-list li mark').first().waitFor();
      expect(await items.count()).toBe(1);
      await checkScreen('search');
      await search.fill('');
      await item('Отпуск').waitFor();
      // At phone width the open list covers the menu button: it has a close button of its own.
      const close = page.getByRole('button', { name: 'Закрыть список' });
      if (await close.isVisible()) {
        await close.click();
        await menu.waitFor();
      }
    }, 120_000);

    it('opens the share panel and switches to the dark theme', async () => {
      await page.getByRole('button', { name: 'Поделиться', exact: true }).click();
      await page.getByRole('button', { name: 'Создать ссылку' }).click();
      await page.getByText('1 ссылка', { exact: true }).waitFor();
      const link = await page.getByLabel('Ссылка', { exact: true }).inputValue();
      await checkScreen('share', [link]);

      // System → light → dark: the page is dark, and still Russian.
      // Each choice is saved on the profile: waited for, so that an earlier save's answer cannot undo a later click.
      const theme = page.locator('header button.theme');
      for (const name of ['light', 'dark']) {
        const saved = page.waitForResponse((r) => r.request().method() !== 'GET' && r.url().includes('/api/'));
        await theme.click();
        await saved;
        await page.locator(`html[data-theme=${name}]`).waitFor({ state: 'attached' });
      }
      await page.getByRole('button', { name: /^Тема: Тёмная/ }).waitFor();
      await checkScreen('dark', [link]);
    }, 120_000);
  });
});
