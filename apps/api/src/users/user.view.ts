import type { User } from '@assistants/db';

/** What the API shows of a user: never the password hash. */
export function toUserView(user: User) {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    isServiceAccount: user.isServiceAccount,
    createdAt: user.createdAt,
  };
}
export type UserView = ReturnType<typeof toUserView>;
