import type { Page } from 'playwright-core';
import { type ChatHarness } from '../support/chat-harness';
import { createAssistant, describeWithBrowser, signUp, startWebSession, type WebSession } from '../support/web-browser';

// The conversation list's search box asks the server's full-text search (stemmed, over message
// content too) and shows each result's snippet with the words found marked, in real Chromium.
describeWithBrowser('web conversations e2e')('conversation search in the web app, in Chromium', () => {
  let session: WebSession;
  let h: ChatHarness;
  let page: Page;

  beforeAll(async () => {
    session = await startWebSession();
    ({ h, page } = session);
  }, 240_000);
  afterAll(() => session?.close());

  const composer = () => page.getByRole('textbox', { name: /Ask a question|Задайте вопрос/ });
  const ask = async (question: string) => {
    await composer().fill(question);
    await composer().press('Enter');
  };
  const answers = () => page.locator('app-message-item.assistant');
  const items = () => page.locator('app-conversation-list li');

  it('finds a conversation by an inflected word that is only in one of its messages, and marks it in the snippet', async () => {
    const { base, shot } = session;
    await page.goto(base);
    await page.waitForURL(/\/sign-in$/);
    await signUp(session, `search-${Date.now()}@assistants.test`, 'search-passphrase-42');
    await createAssistant(page, 'Traveller', 'Remembers trips.');

    // Two conversations; only the second one's answer says "travelled".
    await ask('Capital of France?');
    await answers().filter({ hasText: 'Answer to: Capital of France?' }).waitFor();
    await page.getByRole('button', { name: /New conversation/ }).click();
    h.llm.script({ kind: 'reply', text: 'Last summer we travelled north along the river.' });
    await ask('Where did we go?');
    await answers().filter({ hasText: 'we travelled north' }).waitFor();
    await items().nth(1).waitFor();
    expect(await items().count()).toBe(2);

    // Another form of the word: the server's stemming finds it; the list shows only that conversation.
    const search = page.getByRole('searchbox', { name: 'Search conversations' });
    await search.fill('travelling');
    const mark = page.locator('app-conversation-list li mark');
    await mark.first().waitFor();
    expect(await items().count()).toBe(1);
    expect((await mark.allInnerTexts()).map((t) => t.toLowerCase())).toEqual(['travelled']);
    expect(await items().first().locator('.snippet').innerText()).toContain('north along the river');
    await shot('conversations-search');

    // A word nowhere: the list says so; an emptied box shows both again.
    await search.fill('zeppelin');
    await page.getByText('No conversations match').waitFor();
    expect(await items().count()).toBe(0);
    await search.fill('');
    await items().nth(1).waitFor();
    expect(await items().count()).toBe(2);
    expect(await page.locator('app-conversation-list mark').count()).toBe(0);

    // In Russian: the box, the marked snippet and the empty result in Russian words.
    await page.getByRole('combobox', { name: 'Language' }).selectOption('ru');
    await page.reload();
    const poisk = page.getByRole('searchbox', { name: 'Поиск диалогов' });
    await poisk.fill('travels');
    await mark.first().waitFor();
    expect(await items().count()).toBe(1);
    await poisk.fill('zeppelin');
    await page.getByText('Подходящих диалогов нет').waitFor();
    await page.getByRole('combobox', { name: 'Язык' }).selectOption('en');
  });
});
