import type { Page } from 'playwright-core';
import { seriousViolations } from '../support/axe';
import { type ChatHarness } from '../support/chat-harness';
import { createAssistant, describeWithBrowser, signUp, startWebSession, type WebSession } from '../support/web-browser';

// A file attached to one question (issue 17), clicked through in real Chromium, in English and
// Russian: the 📎 button, the chip's "Reading file…" then "Ready", the answer citing the file.
describeWithBrowser('web attach e2e')('attaching a file to a question in the web app, in Chromium', () => {
  let session: WebSession;
  let h: ChatHarness;
  let page: Page;

  beforeAll(async () => {
    session = await startWebSession();
    h = session.h;
    // A page of its own context: axe opens pages beside it, which the shared default context cannot.
    page = await (await session.browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  }, 240_000);
  afterAll(() => session?.close());

  const composer = () => page.getByRole('textbox', { name: /Ask a question|Задайте вопрос/ });
  const answers = () => page.locator('app-message-item.assistant');
  const attach = (name: string, text: string) =>
    page.locator('app-attachments input[type=file]').setInputFiles({ name, mimeType: 'text/plain', buffer: Buffer.from(text) });

  it('attaches a .txt to a question and the answer cites it, in English and Russian', async () => {
    const { base } = session;
    await page.goto(base);
    await page.waitForURL(/\/sign-in$/);
    await signUp({ page, base }, `attach-${Date.now()}@assistants.test`, 'attach-passphrase-42');
    await createAssistant(page, 'Clerk', 'Reads invoices.');

    // English: attach before the first question; the chip says it is ready, then the answer cites the file.
    await page.getByText('Attach a file').waitFor();
    await attach('invoice.txt', 'The invoice number is 4711 and the total due is 93 euros.');
    const chip = page.locator('app-attachments .chip').filter({ hasText: 'invoice.txt' });
    await chip.getByText('Ready').waitFor({ timeout: 30_000 });
    expect(await seriousViolations(page)).toEqual([]);
    h.llm.script({ kind: 'reply', text: 'The total due is 93 euros [1].' });
    await composer().fill('What is the invoice total due?');
    await composer().press('Enter');
    const answer = answers().filter({ hasText: 'The total due is 93 euros' });
    await answer.waitFor();
    await answer.getByRole('button', { name: 'Technical details' }).click();
    await answer.getByText('invoice.txt').first().waitFor();

    // Removable: a second file goes away with its × button.
    await attach('extra.txt', 'Nothing of note.');
    const extra = page.locator('app-attachments .chip').filter({ hasText: 'extra.txt' });
    await extra.getByText('Ready').waitFor({ timeout: 30_000 });
    await extra.getByRole('button', { name: 'Remove extra.txt' }).click();
    await extra.waitFor({ state: 'detached' });

    // Russian: the labels and the chip's state, and a new file cited in the answer.
    await page.getByRole('combobox', { name: 'Language' }).selectOption('ru');
    await page.reload();
    await page.getByText('Приложить файл').waitFor();
    await page.locator('app-attachments .chip').filter({ hasText: 'invoice.txt' }).getByText('Готово').waitFor();
    await attach('счёт.txt', 'Номер счёта 815, к оплате 42 рубля.');
    await page.locator('app-attachments .chip').filter({ hasText: 'счёт.txt' }).getByText('Готово').waitFor({ timeout: 30_000 });
    h.llm.script({ kind: 'reply', text: 'К оплате 42 рубля [1].' });
    await composer().fill('Сколько к оплате по счёту?');
    await composer().press('Enter');
    const russian = answers().filter({ hasText: 'К оплате 42 рубля' });
    await russian.waitFor();
    await russian.getByRole('button', { name: 'Технические детали' }).click();
    await russian.getByText('счёт.txt').first().waitFor();
    await page.getByRole('combobox', { name: 'Язык' }).selectOption('en');
  });
});
