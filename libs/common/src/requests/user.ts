import type { PageQuery } from '../pagination';
import type { InterfaceLanguage, Role, Theme } from '../views/user';

/** POST /api/users (administrators). */
export interface CreateUserRequest {
  email: string;
  name: string;
  /** Left out: 'member'. */
  role?: Role;
  /** A service account signs in with API keys only. */
  isServiceAccount?: boolean;
  /** Required unless isServiceAccount. */
  password?: string;
}

/** PATCH /api/users/:id (administrators). */
export interface UpdateUserRequest {
  name?: string;
  role?: Role;
  /** True disables the account at once (sign-in, tokens, API keys); false enables it again. */
  disabled?: boolean;
}

/** GET /api/users (administrators). */
export interface ListUsersQuery extends PageQuery {
  /** Matches email or name. */
  search?: string;
}

/** PATCH /api/auth/me: the caller's own profile; each field left out stays as it is. */
export interface UpdateProfileRequest {
  name?: string;
  language?: InterfaceLanguage;
  theme?: Theme;
}
