import type { PrismaClient } from '@assistants/db';

type Sql = Pick<PrismaClient, '$executeRaw'>;

/**
 * Ends the account's sessions up to `at` (ms): every access token issued until then stops, on
 * every route and instance (the guard reads the user at each request anyway). Every sign-out
 * everywhere, disable and password change goes through here. It only moves forward, so a later
 * revocation stamped by an instance whose clock is behind cannot bring tokens back.
 */
export async function endSessions(db: Sql, userId: string, at: number): Promise<void> {
  await db.$executeRaw`UPDATE users SET tokens_valid_after = GREATEST(tokens_valid_after, ${new Date(at)}::timestamptz) WHERE id = ${userId}::uuid`;
}
