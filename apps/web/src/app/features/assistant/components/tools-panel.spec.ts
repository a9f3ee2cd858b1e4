import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { AssistantToolsView, ToolServerView, UserView } from '@assistants/common';
import { errorInterceptor } from '../../../core/api/interceptors';
import { AuthService } from '../../../core/auth/auth.service';
import { provideAppTranslations } from '../../../core/i18n/provide-translations';
import { settler } from '../../../testing/settle';
import { ToolsPanel } from './tools-panel';
import { DialogService } from '../../../shared/dialog/dialog.service';

const server = (over: Partial<ToolServerView> = {}): ToolServerView => ({
  id: 's1',
  name: 'files',
  ownerId: 'u1',
  transport: 'http',
  url: 'http://mcp.local/mcp',
  headers: { Authorization: '••••' },
  command: null,
  args: [],
  env: {},
  shared: false,
  status: 'ok',
  tools: [
    { name: 'read', description: 'Reads a file.', inputSchema: {}, annotations: { readOnlyHint: true } },
    { name: 'delete', description: 'Deletes a file.', inputSchema: {}, annotations: { destructiveHint: true } },
  ],
  refreshedAt: '2026-01-01T10:00:00.000Z',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  ...over,
});
const noTools: AssistantToolsView = { tools: [], maxToolRounds: 5 };
const member = { id: 'u1', role: 'member' } as UserView;

async function setup(user: UserView = member) {
  TestBed.configureTestingModule({
    providers: [
      provideHttpClient(withInterceptors([errorInterceptor])),
      provideHttpClientTesting(),
      provideRouter([]),
      provideAppTranslations(),
      { provide: AuthService, useValue: { user: signal(user), token: () => 'jwt', signOut: vi.fn() } },
    ],
  });
  const fixture = TestBed.createComponent(ToolsPanel);
  fixture.componentRef.setInput('assistantId', 'a1');
  fixture.componentRef.setInput('assistantOwnerId', 'u1');
  fixture.detectChanges();
  const http = TestBed.inject(HttpTestingController);
  const element = fixture.nativeElement as HTMLElement;
  const settle = settler(fixture);
  const load = async (servers: ToolServerView[], tools: AssistantToolsView = noTools) => {
    http.expectOne('/api/tool-servers').flush(servers);
    http.expectOne('/api/assistants/a1/tools').flush(tools);
    await settle();
  };
  const checkbox = (text: string) =>
    Array.from(element.querySelectorAll('label.check'))
      .find((l) => l.textContent!.trim().startsWith(text))!
      .querySelector('input')!;
  const click = (input: HTMLInputElement) => {
    input.checked = !input.checked;
    input.dispatchEvent(new Event('change'));
  };
  const select = (label: string) => element.querySelector<HTMLSelectElement>(`select[aria-label="${label}"]`);
  const choose = (element: HTMLSelectElement, value: string) => {
    element.value = value;
    element.dispatchEvent(new Event('change'));
  };
  const save = () => element.querySelector('form')!.dispatchEvent(new Event('submit'));
  const button = (label: string) =>
    Array.from(element.querySelectorAll('button')).find((b) => (b.getAttribute('aria-label') ?? b.textContent!.trim()) === label)!;
  return { fixture, http, element, settle, load, checkbox, click, select, choose, save, button };
}

describe('ToolsPanel', () => {
  it('says it loads, then lists the servers with status, tools, descriptions and hints', async () => {
    const { element, load } = await setup();
    expect(element.querySelector('[role=status]')!.textContent).toContain('Loading tools…');
    await load([server(), server({ id: 's2', name: 'broken', status: 'Connection refused (ECONNREFUSED)', tools: [] })]);
    const [files, broken] = Array.from(element.querySelectorAll('app-tool-server-card'));
    expect(files.querySelector('h3')!.textContent).toBe('files');
    expect(files.querySelector('.badge.ok')!.textContent).toContain('Connected');
    expect(files.textContent).toContain('Reads a file.');
    expect(files.textContent).toContain('Read-only');
    expect(files.textContent).toContain('Destructive');
    expect(files.textContent).toContain('2 tools');
    expect(files.textContent).toContain('Headers: Authorization');
    expect(broken.querySelector('.error')!.textContent).toContain('Connection refused (ECONNREFUSED)');
    expect(broken.querySelector('.badge.failed')!.textContent).toContain('Not connected');
    expect(broken.textContent).toContain('0 tools');
    expect(broken.textContent).toContain('This server lists no tools.');
  });

  it('links tools, the built-in search and a per-tool approval, and saves them with one PUT', async () => {
    const { element, http, settle, load, checkbox, click, select, choose, save } = await setup();
    await load([server()]);
    const submit = element.querySelector<HTMLButtonElement>('button[type=submit]')!;
    expect(submit.disabled).toBe(true); // nothing changed yet

    click(checkbox('read'));
    click(checkbox('delete'));
    click(checkbox('Search the knowledge base'));
    await settle();
    // The defaults follow the hints: read-only runs without asking, the rest asks.
    const selected = (label: string) => select(label)!.selectedOptions[0].textContent!.trim();
    expect(selected('Approval for read')).toBe('Default: Run without asking');
    expect(selected('Approval for delete')).toBe('Default: Ask before each call');
    expect(selected('Approval for Search the knowledge base')).toBe('Default: Run without asking');
    choose(select('Approval for read')!, 'always');
    const rounds = element.querySelector<HTMLInputElement>('#tool-rounds')!;
    rounds.value = '8';
    rounds.dispatchEvent(new Event('input'));
    await settle();
    expect(element.textContent).toContain('Unsaved changes');

    save();
    const put = http.expectOne('/api/assistants/a1/tools');
    expect(put.request.method).toBe('PUT');
    expect(put.request.body).toEqual({
      tools: [{ serverId: 's1', name: 'read', approval: 'always' }, { serverId: 's1', name: 'delete' }, { builtin: 'search_knowledge' }],
      maxToolRounds: 8,
    });
    put.flush({
      tools: [
        { serverId: 's1', server: 'files', builtin: null, name: 'read', approval: 'always', approvalIsDefault: false },
        { serverId: 's1', server: 'files', builtin: null, name: 'delete', approval: 'always', approvalIsDefault: true },
        { serverId: null, server: null, builtin: 'search_knowledge', name: 'search_knowledge', approval: 'never', approvalIsDefault: true },
      ],
      maxToolRounds: 8,
    } satisfies AssistantToolsView);
    await settle();
    expect(element.textContent).toContain('Saved.');
    expect(submit.disabled).toBe(true);
    http.verify();
  });

  it('"all tools" replaces the server’s single links, and a stored link keeps its approval', async () => {
    const { element, http, settle, load, checkbox, click, save } = await setup();
    await load([server()], {
      tools: [
        { serverId: 's1', server: 'files', builtin: null, name: 'delete', approval: 'never', approvalIsDefault: false },
        { serverId: 'gone', server: 'old', builtin: null, name: 'x', approval: 'always', approvalIsDefault: true },
      ],
      maxToolRounds: 3,
    });
    expect(checkbox('delete').checked).toBe(true);
    expect(element.textContent).toContain('old/x'); // a server this person cannot see: kept, shown
    click(checkbox('All tools of this server'));
    await settle();
    expect(checkbox('read').disabled).toBe(true);
    expect(checkbox('read').checked).toBe(true);
    save();
    const put = http.expectOne('/api/assistants/a1/tools');
    expect(put.request.body).toEqual({
      tools: [
        { serverId: 'gone', name: 'x' },
        { serverId: 's1', name: '*' },
      ],
      maxToolRounds: 3,
    });
  });

  it('refuses rounds outside 1–20 and shows the server’s reason when saving fails', async () => {
    const { element, http, settle, load, checkbox, click, save } = await setup();
    await load([server()]);
    const rounds = element.querySelector<HTMLInputElement>('#tool-rounds')!;
    rounds.value = '21';
    rounds.dispatchEvent(new Event('input'));
    await settle();
    expect(element.querySelector('.rounds [role=alert]')!.textContent).toContain('Enter a whole number from 1 to 20.');
    expect(element.querySelector<HTMLButtonElement>('button[type=submit]')!.disabled).toBe(true);
    save();
    http.expectNone('/api/assistants/a1/tools');

    rounds.value = '20';
    rounds.dispatchEvent(new Event('input'));
    click(checkbox('read'));
    await settle();
    save();
    http
      .expectOne('/api/assistants/a1/tools')
      .flush(
        { type: 'about:blank', title: 'Forbidden', status: 403, detail: 'The assistant’s owner may not use tool server s1.' },
        { status: 403, statusText: 'Forbidden', headers: { 'content-type': 'application/problem+json' } },
      );
    await settle();
    expect(element.querySelector('form > [role=alert]')!.textContent).toContain('The assistant’s owner may not use tool server s1.');
  });

  it('refreshes and deletes its own server; another’s shared server has no such buttons', async () => {
    const { element, http, settle, load, button } = await setup();
    await load([server(), server({ id: 's2', name: 'shared', ownerId: 'admin', shared: true })]);
    expect(element.querySelectorAll('app-tool-server-card')[1].querySelector('.buttons')).toBeNull();

    button('Refresh files').click();
    await settle();
    expect(button('Refresh files').disabled).toBe(true);
    const refresh = http.expectOne('/api/tool-servers/s1/refresh');
    expect(refresh.request.method).toBe('POST');
    refresh.flush(server({ status: 'Unauthorized (401): check the headers', tools: [] }));
    await settle();
    expect(element.querySelector('app-tool-server-card .error')!.textContent).toContain('Unauthorized (401)');

    vi.spyOn(TestBed.inject(DialogService), 'confirm').mockResolvedValue(true);
    button('Delete files').click();
    await settle();
    const remove = http.expectOne('/api/tool-servers/s1');
    expect(remove.request.method).toBe('DELETE');
    remove.flush(null, { status: 204, statusText: 'No Content' });
    await settle();
    expect(Array.from(element.querySelectorAll('app-tool-server-card h3')).map((h) => h.textContent)).toEqual(['shared']);
  });

  it('shows why the tools could not be loaded', async () => {
    const { element, http, settle } = await setup();
    http.expectOne('/api/tool-servers').flush({ type: 'about:blank', title: 'Internal', status: 500 }, { status: 500, statusText: 'Error' });
    http.expectOne('/api/assistants/a1/tools').flush(noTools);
    await settle();
    expect(element.querySelector('[role=alert]')!.textContent).toBeTruthy();
  });
});
