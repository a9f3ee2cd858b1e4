import type { SqlStatements, User } from '@assistants/db';

// Every request with an access token reads its user: one statement on the database's own
// connection, the row as Prisma's model gives it.

const USER: Record<keyof User, string> = {
  id: 'id',
  email: 'email',
  name: 'name',
  role: 'role::text',
  passwordHash: 'password_hash',
  isServiceAccount: 'is_service_account',
  disabledAt: 'disabled_at',
  tokensValidAfter: 'tokens_valid_after',
  language: 'language',
  theme: 'theme::text',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
};

const STATEMENT = `SELECT ${Object.entries(USER)
  .map(([field, column]) => `${column} AS "${field}"`)
  .join(', ')} FROM users WHERE id = $1`;

/** The user with this id (a UUID), or null when there is none. */
export async function readUserById(sql: SqlStatements, id: string): Promise<User | null> {
  const [user] = await sql.query<User>(STATEMENT, [id]);
  return user ?? null;
}
