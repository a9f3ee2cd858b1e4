import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { CreateUserRequest, ListUsersQuery, Page, UpdateUserRequest, UserView } from '@assistants/common';
import { queryParams } from '../../../core/api/query-params';

export interface UsersQuery {
  search: string;
  offset: number;
}

export const USERS_PAGE_SIZE = 20;

/** The administrators' calls on accounts: list, create, change role, disable and enable. */
@Injectable({ providedIn: 'root' })
export class UsersAdminService {
  private readonly http = inject(HttpClient);

  list(query: UsersQuery) {
    const params = queryParams<ListUsersQuery>({ limit: USERS_PAGE_SIZE, offset: query.offset, search: query.search.trim() });
    return this.http.get<Page<UserView>>('/api/users', { params });
  }

  create(user: CreateUserRequest) {
    return this.http.post<UserView>('/api/users', user);
  }

  update(id: string, change: UpdateUserRequest) {
    return this.http.patch<UserView>(`/api/users/${encodeURIComponent(id)}`, change);
  }
}
