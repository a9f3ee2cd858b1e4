import type { Page } from 'playwright-core';
import { seriousViolations } from '../support/axe';
import { type ChatHarness } from '../support/chat-harness';
import { createAssistant, describeWithBrowser, signUp, startWebSession, type WebSession } from '../support/web-browser';

// Share links clicked through in real Chromium: the owner makes a signed-in link, a colleague opens
// it, signs in and comes back to the read-only conversation; the owner revokes it; the link then
// says so. In English and Russian, with axe on the shared page.
describeWithBrowser('web share e2e')('share links in the web app, in Chromium', () => {
  let session: WebSession;
  let h: ChatHarness;
  let page: Page;

  beforeAll(async () => {
    session = await startWebSession();
    ({ h, page } = session);
  }, 240_000);
  afterAll(() => session?.close());

  it('shares a conversation read-only with a signed-in colleague, then revokes the link', async () => {
    const { base, shot } = session;
    await page.goto(base);
    await page.waitForURL(/\/sign-in$/);
    await signUp(session, `sharer-${Date.now()}@assistants.test`, 'sharer-passphrase-42');
    await createAssistant(page, 'Travel desk', 'Answers travel questions.');
    h.llm.script({ kind: 'reply', text: 'Yes: trips **over 3 days** need approval.' });
    const composer = page.getByRole('textbox', { name: /Ask a question/ });
    await composer.fill('Do I need approval?');
    await composer.press('Enter');
    await page.locator('app-message-item.assistant').filter({ hasText: 'trips over 3 days need approval' }).waitFor();

    // The owner makes a link for signed-in colleagues (the default) and reads it once.
    await page.getByRole('button', { name: 'Share', exact: true }).click();
    await expect(page.getByRole('radio', { name: 'Signed-in colleagues' }).isChecked()).resolves.toBe(true);
    await page.getByRole('button', { name: 'Create link' }).click();
    const url = await page.getByLabel('Share link').inputValue();
    expect(url).toMatch(new RegExp(`^${base}/shared/[A-Za-z0-9_-]{43}$`));
    await page.getByText('1 link').waitFor();
    await shot('share-panel');

    // A colleague, not signed in, opens it: sign-in first, then back to the shared page.
    // Its own context (axe needs one), so its session is not the owner's.
    const context = await session.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const colleague = await context.newPage();
    try {
      await colleague.goto(url);
      await colleague.waitForURL(/\/sign-in\?returnUrl=/);
      await colleague.getByRole('button', { name: 'No account yet? Create one' }).click();
      await colleague.getByLabel('Email').fill(`colleague-${Date.now()}@assistants.test`);
      await colleague.getByLabel('Password').fill('colleague-passphrase-42');
      await colleague.getByLabel('Password').press('Enter');
      await colleague.waitForURL(url);
      await colleague.getByRole('heading', { level: 1 }).waitFor();
      await colleague.getByText('Shared conversation (read-only) with Travel desk').waitFor();
      await colleague.locator('p.question', { hasText: 'Do I need approval?' }).waitFor();
      // The answer is rendered as Markdown; there is nothing to write with.
      await colleague.locator('.markdown strong', { hasText: 'over 3 days' }).waitFor();
      expect(await colleague.getByRole('textbox').count()).toBe(0);
      expect(await seriousViolations(colleague)).toEqual([]);

      // The owner revokes it: the link now says it does not exist or was revoked.
      await page.getByRole('button', { name: 'Revoke' }).click();
      await page.getByText('No links yet.').waitFor();
      await colleague.goto(url);
      await colleague.getByRole('alert').filter({ hasText: 'This share link does not exist or was revoked.' }).waitFor();
      expect(await seriousViolations(colleague)).toEqual([]);

      // In Russian: the language chosen is kept in the browser.
      await colleague.evaluate(`localStorage.setItem('assistants.language', 'ru')`);
      await colleague.reload();
      await colleague.getByRole('alert').filter({ hasText: 'Такой ссылки нет, или её отозвали.' }).waitFor();
      expect(await seriousViolations(colleague)).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
