import type { Locator, Page } from 'playwright-core';
import { type ChatHarness } from '../support/chat-harness';
import { startEverythingOverHttp, startToolCallProxy, type RunningMcpServer, type ToolCallProxy } from '../support/mcp-servers';
import { createAssistant, describeWithBrowser, signUp, startWebSession, type WebSession } from '../support/web-browser';

// The "done when", in real Chromium: a newcomer adds server-everything (the protocol
// authors' reference MCP server, over Streamable HTTP) in the web app, links its echo tool to an
// assistant, asks, watches the tool card run and the answer use its result; then makes echo ask
// first, and the call waits for the click, across a reload. The proxy in front of the server
// counts the calls that really reach it.
describeWithBrowser('web tools e2e')('tools in the web app, in Chromium', () => {
  let everything: RunningMcpServer;
  let proxy: ToolCallProxy;
  let session: WebSession;
  let h: ChatHarness;
  let page: Page;

  beforeAll(async () => {
    everything = await startEverythingOverHttp();
    proxy = await startToolCallProxy(everything.url);
    // The MCP server listens on 127.0.0.1, which the product refuses unless told it is trusted.
    session = await startWebSession({ TOOLS_ALLOW_PRIVATE_NETWORKS: 'true' });
    ({ h, page } = session);
  }, 240_000);

  afterAll(async () => {
    await session?.close();
    await proxy?.close();
    await everything?.stop();
  });

  const tools = () => page.locator('app-tools-panel');
  const card = (message: string) => page.getByRole('article', { name: 'Tool call Everything/echo' }).filter({ hasText: `"message": "${message}"` });
  const answer = (text: string) => page.locator('app-message-item.assistant .markdown').filter({ hasText: text });
  /** Sets echo's approval in the Tools section and saves, then reloads the page to see it was stored. */
  const saveEchoApproval = async (choice: 'Run without asking' | 'Ask before each call', value: 'never' | 'always') => {
    await tools().getByRole('combobox', { name: 'Approval for echo' }).selectOption({ label: choice });
    await tools().getByRole('status').filter({ hasText: 'Unsaved changes' }).waitFor();
    await tools().getByRole('button', { name: 'Save tools' }).click();
    await tools().getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await page.reload();
    expect(await tools().getByRole('combobox', { name: 'Approval for echo' }).inputValue()).toBe(value);
  };
  const ask = async (question: string) => {
    const box = page.getByRole('textbox', { name: /Ask a question/ });
    await box.fill(question);
    await box.press('Enter');
  };
  const statusOf = (call: Locator) => call.getByRole('status');

  it('adds server-everything, links echo, and the answer uses its result; with "ask first" the call waits for Approve across a reload', async () => {
    const { base, shot, unrolledShot } = session;
    await page.goto(base);
    await page.waitForURL(/\/sign-in$/);
    await signUp(session, `tools-${Date.now()}@assistants.test`, 'tools-passphrase-42');
    const assistantId = await createAssistant(page, 'Echo helper', 'Repeats what it is told, through a tool.');

    // 1. The assistant's page: add the MCP server by its URL; the product connects and lists its tools.
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.waitForURL(`${base}/assistants/${assistantId}`);
    await tools().getByText('No tool servers yet. Add an MCP server below.').waitFor();
    await tools().getByRole('button', { name: '+ Add an MCP server' }).click();
    const form = page.locator('app-tool-server-form');
    await form.getByLabel('Name').fill('Everything');
    await form.getByLabel('URL of the MCP endpoint').fill(proxy.url);
    await form.getByRole('button', { name: 'Add server' }).click();
    const server = tools().getByRole('article', { name: 'Everything' });
    await server.waitFor({ timeout: 20_000 });
    await form.waitFor({ state: 'detached' });
    await server.getByText('Connected', { exact: true }).waitFor();
    await server.getByText(proxy.url).waitFor();
    // Every tool the server lists, each with its description and hints; the count says as many.
    const listed = await server.locator('li.tool').count();
    expect(listed).toBeGreaterThan(5);
    await server.getByText(`${listed} tools`, { exact: true }).waitFor();
    const echo = server.locator('li.tool').filter({ has: page.locator('code', { hasText: /^echo$/ }) });
    await echo.getByText('Echoes back the input string').waitFor();
    await echo.getByText('Read-only').waitFor();
    await unrolledShot('tools-server-added');

    // Linked: a read-only tool would run without asking by default; the person says so explicitly.
    await echo.getByRole('checkbox').check();
    expect(await tools().getByRole('combobox', { name: 'Approval for echo' }).inputValue()).toBe('default');
    await saveEchoApproval('Run without asking', 'never');
    expect(await echo.getByRole('checkbox').isChecked()).toBe(true);
    expect(await server.getByRole('checkbox', { checked: true }).count()).toBe(1);
    await unrolledShot('tools-linked');

    // 2. In the chat: the model asks for echo; its card runs to done, and the answer quotes its result.
    await page.getByRole('link', { name: /Open the chat/ }).click();
    await page.waitForURL(new RegExp(`/chat/${assistantId}`));
    h.llm.reset();
    h.llm.script({ kind: 'tool-calls', calls: [{ name: 'Everything_echo', arguments: { message: 'hi from the browser' } }] });
    await ask('Please echo "hi from the browser"');
    const first = card('hi from the browser');
    await first.waitFor({ timeout: 15_000 });
    await statusOf(first).filter({ hasText: 'Done' }).waitFor({ timeout: 15_000 });
    await first.getByText(/^\d+(\.\d)? (ms|s)$/).waitFor();
    await first.getByText('Result', { exact: true }).click();
    await first.locator('pre.result').filter({ hasText: 'Echo: hi from the browser' }).waitFor();
    await answer('From the tools: Echo: hi from the browser').waitFor({ timeout: 15_000 });
    await page.getByText(/Answered in/).waitFor({ timeout: 15_000 });
    expect(await first.getByRole('button', { name: /Approve/ }).count()).toBe(0);
    expect(proxy.calls).toEqual(['echo']);
    // The model was offered echo under its function name, and read the tool's own result.
    const requests = h.llm.requests.filter((r) => r.path.startsWith('/v1/chat/completions'));
    expect(requests[0].body.tools.map((t: { function: { name: string } }) => t.function.name)).toEqual(['Everything_echo']);
    expect(requests[1].body.messages.at(-1)).toMatchObject({ role: 'tool', content: 'Echo: hi from the browser' });
    await shot('tools-chat-done');
    const chatUrl = page.url();
    expect(chatUrl).toMatch(/[?&]c=[0-9a-f-]+/);

    // 3. Echo now asks first.
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.waitForURL(`${base}/assistants/${assistantId}`);
    // The usage report counts the call that ran.
    const usageRow = page.locator('app-usage-tools-table tbody tr').filter({ hasText: 'Everything/echo' });
    await usageRow.waitFor();
    const cells = (await usageRow.locator('td').allTextContents()).map((cell) => cell.trim());
    expect(cells).toEqual(['1', '0', '0', expect.stringMatching(/ m?s$/), expect.stringMatching(/ m?s$/)]);
    await saveEchoApproval('Ask before each call', 'always');
    await unrolledShot('tools-ask-first');

    // The same conversation: the call waits, with Approve and Reject, and the tool has not run.
    await page.goto(chatUrl);
    await answer('From the tools: Echo: hi from the browser').waitFor();
    h.llm.script({ kind: 'tool-calls', calls: [{ name: 'Everything_echo', arguments: { message: 'only once approved' } }] });
    await ask('Echo "only once approved", please');
    const second = card('only once approved');
    await statusOf(second).filter({ hasText: 'Waiting for your approval' }).waitFor({ timeout: 15_000 });
    await second.getByText('The assistant wants to run this tool. Run it?').waitFor();
    await second.getByRole('button', { name: 'Reject the call of Everything/echo' }).waitFor();
    // A day to decide (TOOL_APPROVAL_TIMEOUT's default): the deadline names tomorrow's date, not a time that reads as passed.
    const tomorrow = new Date(Date.now() + 24 * 3600_000).toLocaleDateString('en-US', { month: 'short', day: 'numeric' });
    await second.getByText(new RegExp(`^Without an answer it counts as rejected at ${tomorrow}, \\d\\d:\\d\\d\\s[AP]M\\.$`)).waitFor();
    await page.getByText('Waiting for approval to call Everything/echo…').waitFor();
    await shot('tools-awaiting-approval');
    expect(proxy.calls).toEqual(['echo']);

    // Reloaded, the page reads the waiting call back: still Approve, still not run.
    await page.reload();
    await statusOf(second).filter({ hasText: 'Waiting for your approval' }).waitFor({ timeout: 15_000 });
    const approve = second.getByRole('button', { name: 'Approve the call of Everything/echo' });
    await approve.waitFor();
    await page.getByText('Waiting for approval to call Everything/echo…').waitFor();
    expect(await answer('Echo: only once approved').count()).toBe(0);
    expect(proxy.calls).toEqual(['echo']);
    await shot('tools-awaiting-after-reload');

    await approve.click();
    await statusOf(second).filter({ hasText: 'Done' }).waitFor({ timeout: 15_000 });
    expect(await second.getByRole('button', { name: /Approve/ }).count()).toBe(0);
    await second.getByText(/^Approved at /).waitFor();
    await second.getByText('Result', { exact: true }).click();
    await second.locator('pre.result').filter({ hasText: 'Echo: only once approved' }).waitFor();
    await answer('From the tools: Echo: only once approved').waitFor({ timeout: 15_000 });
    expect(proxy.calls).toEqual(['echo', 'echo']);
    expect(await page.getByText('Waiting for approval to call Everything/echo…').count()).toBe(0);
    await shot('tools-approved');

    expect(session.alerts).toEqual([]);
    expect(session.browserErrors).toEqual([]);
  }, 90_000);
});
