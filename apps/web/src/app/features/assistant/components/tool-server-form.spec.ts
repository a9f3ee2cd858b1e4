import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { ToolServerView } from '@assistants/common';
import { errorInterceptor } from '../../../core/api/interceptors';
import { provideAppTranslations } from '../../../core/i18n/provide-translations';
import { settler } from '../../../testing/settle';
import { ToolServerForm, createRequestOf } from './tool-server-form';

async function setup(isAdmin: boolean) {
  TestBed.configureTestingModule({
    providers: [provideHttpClient(withInterceptors([errorInterceptor])), provideHttpClientTesting(), provideRouter([]), provideAppTranslations()],
  });
  const fixture = TestBed.createComponent(ToolServerForm);
  fixture.componentRef.setInput('isAdmin', isAdmin);
  const created: ToolServerView[] = [];
  fixture.componentInstance.created.subscribe((s) => created.push(s));
  await fixture.whenStable();
  const element = fixture.nativeElement as HTMLElement;
  const settle = settler(fixture);
  const type = async (selector: string, value: string) => {
    const input = element.querySelector<HTMLInputElement | HTMLTextAreaElement>(selector)!;
    input.value = value;
    input.dispatchEvent(new Event('input'));
    await settle();
  };
  const button = (text: string) => Array.from(element.querySelectorAll('button')).find((b) => b.textContent!.trim().endsWith(text))!;
  return { element, settle, type, button, created, http: TestBed.inject(HttpTestingController) };
}

describe('ToolServerForm', () => {
  it('adds an HTTP server with its headers; members see no stdio option', async () => {
    const { element, settle, type, button, created, http } = await setup(false);
    expect(element.querySelector('input[type=radio]')).toBeNull();
    expect(element.textContent).not.toContain('Share with every member');
    await type('#ts-name', ' Files ');
    await type('#ts-url', 'https://mcp.example.com/mcp');
    button('Add a header').click();
    await settle();
    await type('input[placeholder="Header name"]', 'Authorization');
    await type('input[placeholder="Value"]', 'Bearer s3cret');
    expect(element.querySelector<HTMLInputElement>('input[placeholder="Value"]')!.type).toBe('password');
    element.querySelector('form')!.dispatchEvent(new Event('submit'));
    await settle();
    expect(button('Connecting…').disabled).toBe(true);
    const post = http.expectOne('/api/tool-servers');
    expect(post.request.body).toEqual({ name: 'Files', transport: 'http', url: 'https://mcp.example.com/mcp', headers: { Authorization: 'Bearer s3cret' } });
    post.flush({ id: 's1', name: 'Files', status: 'ok' });
    await settle();
    expect(created.map((s) => s.id)).toEqual(['s1']);
  });

  it('lets an admin add a stdio server, and shows the server’s reason when it refuses', async () => {
    const { element, type, settle, created, http } = await setup(true);
    const stdio = element.querySelector<HTMLInputElement>('input[value=stdio]')!;
    stdio.checked = true;
    stdio.dispatchEvent(new Event('change'));
    await settle();
    await type('#ts-name', 'memory');
    await type('#ts-command', 'npx');
    await type('#ts-args', '-y\n@modelcontextprotocol/server-memory\n');
    element.querySelector('form')!.dispatchEvent(new Event('submit'));
    const post = http.expectOne('/api/tool-servers');
    expect(post.request.body).toEqual({ name: 'memory', transport: 'stdio', command: 'npx', args: ['-y', '@modelcontextprotocol/server-memory'], env: {} });
    post.flush(
      { type: 'about:blank', title: 'Forbidden', status: 403, detail: 'stdio tool servers are turned off on this server.' },
      { status: 403, statusText: 'Forbidden', headers: { 'content-type': 'application/problem+json' } },
    );
    await settle();
    expect(element.querySelector('[role=alert]')!.textContent).toContain('stdio tool servers are turned off on this server.');
    expect(created).toEqual([]);
  });

  it('shows the server’s field problems under their fields, in the person’s words, until that field is edited', async () => {
    const { element, type, settle, http } = await setup(false);
    await type('#ts-name', 'Files');
    await type('#ts-url', 'ftp://x');
    element.querySelector('form')!.dispatchEvent(new Event('submit'));
    http.expectOne('/api/tool-servers').flush(
      {
        type: 'about:blank',
        title: 'Bad Request',
        status: 400,
        code: 'validation.failed',
        errors: [
          { field: 'url', messages: ['url must be a URL address'], code: 'validation.not_url', params: { field: 'url' } },
          { field: 'url', messages: ['url must be shorter'], code: 'validation.too_long', params: { field: 'url', max: 2000 } },
        ],
      },
      { status: 400, statusText: 'Bad Request', headers: { 'content-type': 'application/problem+json' } },
    );
    await settle();
    const alerts = () => Array.from(element.querySelectorAll('[role=alert]'), (e) => e.textContent!.trim());
    expect(alerts()).toEqual(['Enter a full address starting with http:// or https://.']);
    expect(element.querySelector('#ts-url')!.nextElementSibling!.getAttribute('role')).toBe('alert');
    await type('#ts-name', 'Files 2');
    expect(alerts()).toHaveLength(1);
    await type('#ts-url', 'https://x');
    expect(alerts()).toEqual([]);
  });

  it('leaves rows without a name out and shares only when asked', () => {
    const base = { name: 'x', url: 'u', command: '', args: '', env: [], shared: false };
    expect(
      createRequestOf({
        ...base,
        transport: 'http',
        headers: [
          { name: ' ', value: 'v' },
          { name: 'A', value: '1' },
        ],
      }).headers,
    ).toEqual({ A: '1' });
    expect(createRequestOf({ ...base, transport: 'http', headers: [], shared: true }).shared).toBe(true);
  });
});
