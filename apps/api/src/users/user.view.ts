import { INTERFACE_LANGUAGES, type InterfaceLanguage, type UserView } from '@assistants/common';
import type { User } from '@assistants/db';

/** What the API shows of a user: never the password hash. */
export function toUserView(user: User): UserView {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    isServiceAccount: user.isServiceAccount,
    disabledAt: user.disabledAt?.toISOString() ?? null,
    language: INTERFACE_LANGUAGES.includes(user.language as InterfaceLanguage) ? (user.language as InterfaceLanguage) : null,
    theme: user.theme,
    createdAt: user.createdAt.toISOString(),
  };
}
