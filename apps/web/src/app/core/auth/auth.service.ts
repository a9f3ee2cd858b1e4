import { HttpClient } from '@angular/common/http';
import { Injectable, computed, inject, signal } from '@angular/core';
import type { LoginRequest, RegisterRequest, RegistrationView, SessionView, UserView } from '@assistants/common';
import { firstValueFrom } from 'rxjs';

const STORAGE_KEY = 'assistants.session';

/** What is kept between visits: the token, when it expires, and who it belongs to. */
export interface StoredSession {
  token: string;
  expiresAt: number;
  user: UserView;
}

/** The signed-in person: the JWT lives in localStorage so the session survives a reload. */
@Injectable({ providedIn: 'root' })
export class AuthService {
  private readonly http = inject(HttpClient);
  private readonly session = signal<StoredSession | null>(readStored());

  readonly user = computed(() => this.session()?.user ?? null);
  readonly isSignedIn = computed(() => this.session() !== null);

  /** The token to send, or null when there is none or it has expired. */
  token(): string | null {
    const session = this.session();
    if (!session) return null;
    if (session.expiresAt <= Date.now()) {
      this.signOut();
      return null;
    }
    return session.token;
  }

  async signIn(email: string, password: string): Promise<UserView> {
    const view = await firstValueFrom(this.http.post<SessionView>('/api/auth/login', { email, password } satisfies LoginRequest));
    const session: StoredSession = { token: view.accessToken, expiresAt: Date.now() + view.expiresIn * 1000, user: view.user };
    localStorage.setItem(STORAGE_KEY, JSON.stringify(session));
    this.session.set(session);
    return view.user;
  }

  /** Registration answers 202 whether or not the address was free; signing in right after tells. */
  async signUp(email: string, password: string): Promise<UserView> {
    const name = email.split('@')[0] || email;
    await firstValueFrom(this.http.post<RegistrationView>('/api/auth/register', { email, password, name } satisfies RegisterRequest));
    return this.signIn(email, password);
  }

  /** The signed-in person as the server now describes them (after a profile change), kept for the next visit. */
  updateUser(user: UserView): void {
    const session = this.session();
    if (!session || session.user.id !== user.id) return;
    const updated = { ...session, user };
    localStorage.setItem(STORAGE_KEY, JSON.stringify(updated));
    this.session.set(updated);
  }

  signOut(): void {
    localStorage.removeItem(STORAGE_KEY);
    this.session.set(null);
  }
}

function readStored(): StoredSession | null {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as StoredSession;
    if (typeof parsed.token !== 'string' || typeof parsed.expiresAt !== 'number' || parsed.expiresAt <= Date.now()) return null;
    return parsed;
  } catch {
    return null;
  }
}
