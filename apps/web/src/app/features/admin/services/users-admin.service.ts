import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { Page, Role, UserView } from '@assistants/common';

export interface UsersQuery {
  search: string;
  offset: number;
}

export interface NewUser {
  email: string;
  name: string;
  role: Role;
  isServiceAccount: boolean;
  password?: string;
}

export const USERS_PAGE_SIZE = 20;

/** The administrators' calls on accounts: list, create, change role, disable and enable. */
@Injectable({ providedIn: 'root' })
export class UsersAdminService {
  private readonly http = inject(HttpClient);

  list(query: UsersQuery) {
    let params = new HttpParams().set('limit', USERS_PAGE_SIZE).set('offset', query.offset);
    if (query.search.trim()) params = params.set('search', query.search.trim());
    return this.http.get<Page<UserView>>('/api/users', { params });
  }

  create(user: NewUser) {
    return this.http.post<UserView>('/api/users', user);
  }

  update(id: string, change: { role?: Role; disabled?: boolean }) {
    return this.http.patch<UserView>(`/api/users/${encodeURIComponent(id)}`, change);
  }
}
