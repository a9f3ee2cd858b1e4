import { HttpTestingController, type TestRequest } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { Page, UserView } from '@assistants/common';
import { AuthService } from '../../../core/auth/auth.service';
import { signedInProviders } from '../../../testing/signed-in-providers';
import { adminGuard } from '../admin.guard';
import { testUser } from '../../../testing/users';
import { AdminPage } from './admin.page';

const user = (n: number, extra: Partial<UserView> = {}): UserView =>
  testUser({ id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, email: `user${n}@example.com`, name: `User ${n}`, ...extra });
const ME = user(0, { role: 'admin', email: 'admin@example.com' });
const page = (items: UserView[], total: number, offset = 0): Page<UserView> => ({ items, total, limit: 20, offset });
const debounce = () => new Promise((resolve) => setTimeout(resolve, 300));

describe('AdminPage', () => {
  let http: HttpTestingController;

  async function render() {
    TestBed.configureTestingModule({
      providers: signedInProviders(ME, vi.fn()),
    });
    http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(AdminPage);
    const element = fixture.nativeElement as HTMLElement;
    const settle = async () => {
      await fixture.whenStable();
      fixture.detectChanges();
    };
    const expectList = async (offset: number, search?: string): Promise<TestRequest> => {
      await debounce();
      return http.expectOne((req) => req.url === '/api/users' && req.params.get('offset') === String(offset) && req.params.get('search') === (search ?? null));
    };
    return { fixture, element, settle, expectList };
  }

  // The LLM providers panel on the same page has its own spec.
  afterEach(() => {
    http.match('/api/llm-providers').forEach((req) => req.flush([]));
    http.verify();
  });

  it('pages through the users and searches from the first page', async () => {
    const { fixture, element, settle, expectList } = await render();
    fixture.detectChanges();
    expect(element.textContent).toContain('Loading users…');
    (await expectList(0)).flush(page([ME, ...Array.from({ length: 19 }, (_, i) => user(i + 1))], 45));
    await settle();
    expect(element.querySelectorAll('li.user')).toHaveLength(20);
    expect(element.querySelector('.pager')!.textContent).toContain('1–20 of 45');

    [...element.querySelectorAll<HTMLButtonElement>('.pager button')].find((b) => b.textContent!.includes('Next'))!.click();
    (await expectList(20)).flush(page([user(21), user(22)], 45, 20));
    await settle();
    expect(element.querySelector('.pager')!.textContent).toContain('21–22 of 45');

    const search = element.querySelector<HTMLInputElement>('input[type=search]')!;
    search.value = ' user2 ';
    search.dispatchEvent(new Event('input'));
    (await expectList(0, 'user2')).flush(page([user(2)], 1));
    await settle();
    expect(element.querySelectorAll('li.user')).toHaveLength(1);
  });

  it('disables a user and shows it; the admin cannot disable or demote themself here', async () => {
    const { element, settle, expectList } = await render();
    (await expectList(0)).flush(page([ME, user(1)], 2));
    await settle();
    const [mine, theirs] = [...element.querySelectorAll('li.user')];
    expect(mine.querySelector<HTMLSelectElement>('select')!.disabled).toBe(true);
    expect(mine.textContent).not.toContain('Disable');

    theirs.querySelector<HTMLButtonElement>('button[aria-label="Disable user1@example.com"]')!.click();
    const patch = http.expectOne({ method: 'PATCH', url: `/api/users/${user(1).id}` });
    expect(patch.request.body).toEqual({ disabled: true });
    patch.flush(user(1, { disabledAt: '2026-11-26T10:00:00.000Z' }));
    await settle();
    expect(theirs.textContent).toContain('Disabled since');
    expect(theirs.querySelector('button[aria-label="Enable user1@example.com"]')).not.toBeNull();
  });

  it("shows the server's refusal in plain words and puts the role back", async () => {
    const { element, settle, expectList } = await render();
    (await expectList(0)).flush(page([ME, user(1, { role: 'admin' })], 2));
    await settle();
    const select = element.querySelectorAll('li.user')[1].querySelector<HTMLSelectElement>('select')!;
    select.value = 'member';
    select.dispatchEvent(new Event('change'));
    const detail = 'This is the last active administrator; make another administrator first.';
    http
      .expectOne({ method: 'PATCH', url: `/api/users/${user(1).id}` })
      .flush({ type: 'about:blank', title: 'Conflict', status: 409, detail }, { status: 409, statusText: 'Conflict' });
    await settle();
    expect(element.querySelector('[role=alert]')!.textContent).toContain(detail);
    expect(select.value).toBe('admin');
  });
});

describe('adminGuard', () => {
  it('lets administrators in and sends members to the catalogue', () => {
    for (const [role, allowed] of [
      ['admin', true],
      ['member', false],
    ] as const) {
      TestBed.resetTestingModule();
      TestBed.configureTestingModule({ providers: [provideRouter([]), { provide: AuthService, useValue: { user: () => user(1, { role }) } }] });
      const result = TestBed.runInInjectionContext(() => adminGuard({} as never, {} as never));
      expect(result === true).toBe(allowed);
      if (!allowed) expect(String(result)).toBe('/');
    }
  });
});
