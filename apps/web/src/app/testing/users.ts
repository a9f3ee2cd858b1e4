import type { UserView } from '@assistants/common';

/** A member as the API shows one, with what a test needs changed. */
export const testUser = (extra: Partial<UserView> = {}): UserView => ({
  id: '00000000-0000-4000-8000-000000000001',
  email: 'ann@example.com',
  name: 'ann',
  role: 'member',
  isServiceAccount: false,
  disabledAt: null,
  language: null,
  theme: 'system',
  createdAt: '2026-01-01T00:00:00.000Z',
  ...extra,
});
