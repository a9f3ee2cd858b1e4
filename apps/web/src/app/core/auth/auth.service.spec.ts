import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import type { SessionView } from '@assistants/common';
import { ApiError } from '../api/api-error';
import { authInterceptor, errorInterceptor } from '../api/interceptors';
import { AuthService } from './auth.service';
import { testUser } from '../../testing/users';

const session = (expiresIn = 3600): SessionView => ({
  accessToken: 'jwt-1',
  tokenType: 'Bearer',
  expiresIn,
  user: testUser({ id: 'u1' }),
});

describe('AuthService and the interceptors', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [provideRouter([]), provideHttpClient(withInterceptors([authInterceptor, errorInterceptor])), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('signs in, remembers the session across a reload, and signs out', async () => {
    const auth = TestBed.inject(AuthService);
    const signingIn = auth.signIn('ann@example.com', 'secret-pass');
    const login = http.expectOne('/api/auth/login');
    expect(login.request.body).toEqual({ email: 'ann@example.com', password: 'secret-pass' });
    login.flush(session());
    await signingIn;
    expect(auth.isSignedIn()).toBe(true);
    expect(auth.token()).toBe('jwt-1');

    // A new service (a reload) reads the stored session.
    TestBed.resetTestingModule();
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    const reloaded = TestBed.inject(AuthService);
    expect(reloaded.user()?.email).toBe('ann@example.com');
    reloaded.signOut();
    expect(reloaded.token()).toBeNull();
    expect(localStorage.getItem('assistants.session')).toBeNull();
    http = TestBed.inject(HttpTestingController);
  });

  it('forgets an expired session', () => {
    localStorage.setItem('assistants.session', JSON.stringify({ token: 'old', expiresAt: Date.now() - 1000, user: session().user }));
    expect(TestBed.inject(AuthService).token()).toBeNull();
  });

  it('signs up with a name from the address, then signs in', async () => {
    const auth = TestBed.inject(AuthService);
    const signingUp = auth.signUp('bob@example.com', 'long-passphrase');
    const register = http.expectOne('/api/auth/register');
    expect(register.request.body).toEqual({ email: 'bob@example.com', password: 'long-passphrase', name: 'bob' });
    register.flush({ status: 'accepted', detail: 'ok' }, { status: 202, statusText: 'Accepted' });
    await Promise.resolve();
    await new Promise((resolve) => setTimeout(resolve));
    http.expectOne('/api/auth/login').flush(session());
    await signingUp;
    expect(auth.isSignedIn()).toBe(true);
  });

  it('sends the token, and on a 401 forgets the session and goes to sign-in', async () => {
    const auth = TestBed.inject(AuthService);
    const router = TestBed.inject(Router);
    const navigate = vi.spyOn(router, 'navigateByUrl').mockResolvedValue(true);
    const signingIn = auth.signIn('ann@example.com', 'x');
    http.expectOne('/api/auth/login').flush(session());
    await signingIn;

    let failure: unknown;
    TestBed.inject(HttpClient)
      .get('/api/assistants')
      .subscribe({ error: (e: unknown) => (failure = e) });
    const request = http.expectOne('/api/assistants');
    expect(request.request.headers.get('Authorization')).toBe('Bearer jwt-1');
    request.flush(
      { type: 'x', title: 'Unauthorized', status: 401, detail: 'The access token is invalid or has expired; sign in again.' },
      { status: 401, statusText: 'Unauthorized' },
    );
    expect(failure).toBeInstanceOf(ApiError);
    expect((failure as ApiError).message).toBe('The access token is invalid or has expired; sign in again.');
    expect(auth.isSignedIn()).toBe(false);
    expect(navigate).toHaveBeenCalledWith('/sign-in');
  });

  it('keeps the session on wrong credentials, with the server’s words', async () => {
    const auth = TestBed.inject(AuthService);
    const navigate = vi.spyOn(TestBed.inject(Router), 'navigateByUrl');
    const signingIn = auth.signIn('ann@example.com', 'wrong');
    http
      .expectOne('/api/auth/login')
      .flush({ type: 'x', title: 'Unauthorized', status: 401, detail: 'Email or password is wrong.' }, { status: 401, statusText: 'Unauthorized' });
    await expect(signingIn).rejects.toThrow('Email or password is wrong.');
    expect(navigate).not.toHaveBeenCalled();
  });
});
