import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startChatHarness, type ChatHarness } from './chat-harness';
import { builtWebApp } from './web-build';

// The web app in real Chromium against the real API (embedded runner, the fake OpenAI-compatible
// server). Debian's chromium only (no browser download); without it a suite is skipped, saying so.
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Kept out of git (.gitignore): the pictures are for people to look at, not to compare. */
export const SCREENSHOTS = join(__dirname, '..', 'e2e', 'screenshots');

/** `describe` when Chromium is there, else `describe.skip` with a warning that says why. */
export function describeWithBrowser(suite: string): typeof describe {
  if (existsSync(CHROMIUM)) return describe;
  console.warn(`${suite} skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium)`);
  return describe.skip;
}

export interface WebSession {
  h: ChatHarness;
  browser: Browser;
  page: Page;
  /** The app's address: http://127.0.0.1:<port> */
  base: string;
  /** Messages of alert/confirm/prompt dialogs (each dismissed). */
  alerts: string[];
  /** Console errors of the page, with where they came from. */
  browserErrors: string[];
  /** A full-page screenshot into SCREENSHOTS as `<name>.png`. */
  shot(name: string): Promise<Buffer>;
  /** The same of a long page: the shell scrolls its content area, so a full-page picture would show one screen; unrolled for the shot. */
  unrolledShot(name: string): Promise<void>;
  close(): Promise<void>;
}

/** Builds the web app (once for all specs: web-build.ts), starts the API serving it (with `env` on top of the chat harness's) and opens a page in Chromium. */
export async function startWebSession(env: Record<string, string> = {}): Promise<WebSession> {
  const webDist = await builtWebApp();
  let h: ChatHarness | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    await h?.close();
  };
  try {
    h = await startChatHarness('embedded', { WEB_DIST_DIR: webDist, ...env });
    await h.t.app.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(h.t.app.getHttpServer().address() as AddressInfo).port}`;
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const alerts: string[] = [];
    const browserErrors: string[] = [];
    page.on('dialog', (dialog) => {
      alerts.push(dialog.message());
      void dialog.dismiss();
    });
    // Browser errors (a CSP refusal, an exception) surface in the test output.
    page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') browserErrors.push(`${message.text()} (${message.location().url}:${message.location().lineNumber})`);
    });
    mkdirSync(SCREENSHOTS, { recursive: true });
    const shot = (name: string) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
    const unrolledShot = async (name: string) => {
      await page.evaluate(`document.querySelector('app-shell').style.height = 'auto'; document.querySelector('main.content').style.overflow = 'visible'`);
      await shot(name);
      await page.evaluate(`document.querySelector('app-shell').style.height = ''; document.querySelector('main.content').style.overflow = ''`);
    };
    return { h, browser, page, base, alerts, browserErrors, shot, unrolledShot, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Creates an account from the sign-in page and waits for the catalogue. */
export async function signUp(session: Pick<WebSession, 'page' | 'base'>, email: string, password: string): Promise<void> {
  const { page, base } = session;
  await page.getByRole('button', { name: 'No account yet? Create one' }).click();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByLabel('Password').press('Enter');
  await page.waitForURL(`${base}/`);
}

/** Creates an assistant from the catalogue; the app opens its chat. Returns the assistant's id. */
export async function createAssistant(page: Page, name: string, description: string): Promise<string> {
  await page.getByRole('button', { name: 'New assistant' }).click();
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Description').fill(description);
  await page.getByRole('button', { name: 'Create' }).click();
  await page.waitForURL(/\/chat\/[0-9a-f-]+$/);
  return page.url().split('/').at(-1)!;
}
