import type { ApiScope } from '../access';

/** POST /api/auth/register. */
export interface RegisterRequest {
  email: string;
  name: string;
  password: string;
}

/** POST /api/auth/login. */
export interface LoginRequest {
  email: string;
  password: string;
}

/** POST /api/auth/api-keys (the caller's own key) and POST /api/users/:id/api-keys (a service account's). */
export interface CreateApiKeyRequest {
  name: string;
  /** Left out: the key never expires. */
  expiresInDays?: number;
  /** Left out: DEFAULT_API_SCOPES. */
  scopes?: ApiScope[];
}
