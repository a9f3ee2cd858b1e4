import type { Page } from 'playwright-core';
import { type ChatHarness } from '../support/chat-harness';
import { createAssistant, describeWithBrowser, signUp, startWebSession, type WebSession } from '../support/web-browser';

// Copy, regenerate with versions, edit and resend with branches, the keyboard (Esc stops, Up edits
// the last question) and a neutral "stopped", clicked through in real Chromium, in English and Russian,
// at desktop and phone width.
describeWithBrowser('web answers e2e')('answers in the web app, in Chromium', () => {
  let session: WebSession;
  let h: ChatHarness;
  let page: Page;

  beforeAll(async () => {
    session = await startWebSession();
    ({ h, page } = session);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  }, 240_000);
  afterAll(() => session?.close());

  const composer = () => page.getByRole('textbox', { name: /Ask a question|Задайте вопрос/ });
  const ask = async (question: string) => {
    await composer().fill(question);
    await composer().press('Enter');
  };
  const answers = () => page.locator('app-message-item.assistant');
  const questions = () => page.locator('app-message-item.user');
  const answer = (text: string) => answers().filter({ hasText: text });

  it('copies, regenerates with versions, edits and resends, stops with Esc and edits with Up, in English and Russian', async () => {
    const { base, shot } = session;
    await page.goto(base);
    await page.waitForURL(/\/sign-in$/);
    await signUp(session, `answers-${Date.now()}@assistants.test`, 'answers-passphrase-42');
    await createAssistant(page, 'Geographer', 'Knows capitals.');

    // 1. An answer, copied whole with a labelled button that says it did.
    h.llm.script({ kind: 'reply', text: 'Paris is the capital of France.' });
    await ask('Capital of France?');
    const first = answer('Paris is the capital of France.');
    await first.getByTitle('Copy the answer').click();
    await first.getByTitle('Copy the answer').filter({ hasText: 'Copied' }).waitFor();
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe('Paris is the capital of France.');

    // 2. Regenerate: a second version, "2 of 2"; back to the first with ‹.
    h.llm.script({ kind: 'reply', text: 'France’s capital: Paris.' });
    await first.getByTitle('Write this answer again').click();
    const second = answer('France’s capital: Paris.');
    await second.getByText('2 of 2').waitFor();
    expect(await answers().count()).toBe(1);
    await shot('answers-regenerated');
    await second.getByRole('button', { name: 'Previous version' }).click();
    await answer('Paris is the capital of France.').getByText('1 of 2').waitFor();
    await page.reload();
    await answer('Paris is the capital of France.').getByText('1 of 2').waitFor();

    // 3. Edit and resend: the conversation branches; the question has two versions, the new branch shows.
    await questions().first().getByTitle('Edit and resend this question').click();
    const box = page.getByRole('textbox', { name: 'Edited question' });
    await box.fill('Capital of Italy?');
    await box.press('Enter');
    await answer('Answer to: Capital of Italy?').waitFor();
    await questions().first().getByText('2 of 2').waitFor();
    expect(await questions().count()).toBe(1);
    await shot('answers-edited');
    // The model saw the edited question only, not the branch it replaced.
    const sent = h.llm.requests.filter((r) => r.path.endsWith('/chat/completions')).at(-1)!.body.messages as { role: string; content: string }[];
    expect(sent.filter((m) => m.role !== 'system').map((m) => m.content)).toEqual(['Capital of Italy?']);

    // 4. Esc stops an answer being written; it shows as a neutral note, not an error.
    h.llm.script({ kind: 'hang' });
    await ask('Tell me everything about Rome.');
    await page.getByRole('button', { name: /Stop/ }).waitFor();
    await page.keyboard.press('Escape');
    const stopped = answers().last();
    await stopped.getByText('Stopped. The answer so far is kept.').waitFor();
    expect(await stopped.locator('.error').count()).toBe(0);
    await shot('answers-stopped');

    // 5. Up in the empty composer opens the last question for editing; Esc closes it again.
    await composer().click();
    await composer().press('ArrowUp');
    await page.getByRole('textbox', { name: 'Edited question' }).waitFor();
    expect(await page.getByRole('textbox', { name: 'Edited question' }).inputValue()).toBe('Tell me everything about Rome.');
    await page.getByRole('textbox', { name: 'Edited question' }).press('Escape');
    await page.getByRole('textbox', { name: 'Edited question' }).waitFor({ state: 'detached' });

    await page.setViewportSize({ width: 390, height: 800 });
    await shot('answers-phone');
    await page.setViewportSize({ width: 1280, height: 800 });

    // 6. The same in Russian: no English on the controls, the note or the pager.
    await page.getByRole('combobox', { name: 'Language' }).selectOption('ru');
    await page.reload();
    await answers().last().getByText('Остановлено. Написанное до остановки сохранено.').waitFor();
    await answers().last().getByTitle('Написать этот ответ заново').waitFor();
    await questions().first().getByText('2 из 2').waitFor();
    await questions().first().getByTitle('Изменить вопрос и отправить снова').waitFor();
    await answers().first().getByTitle('Скопировать ответ').waitFor();
    await shot('answers-ru');
    await page.setViewportSize({ width: 390, height: 800 });
    await shot('answers-ru-phone');
    await page.setViewportSize({ width: 1280, height: 800 });
    // The controls and notes (the messages themselves are in English: the questions were).
    const controls = (await page.locator('app-message-item .foot, app-message-item .note').allInnerTexts()).join(' ');
    for (const english of ['Copy', 'Regenerate', 'Edit', 'Stopped', ' of ']) expect(controls).not.toContain(english);
    await page.getByRole('combobox', { name: 'Язык' }).selectOption('en');
  });
});
