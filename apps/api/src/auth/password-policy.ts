import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';
import { ValidationProblem } from '../common/validation';

/**
 * zxcvbn score 2 means "somewhat guessable" (about 10^6 guesses or more): it
 * refuses the common-password list (~50,000 entries with l33t, reversed and
 * keyboard-walk variants), and throttled logins make the rest impractical online.
 */
const MIN_SCORE = 2;
let estimator: ZxcvbnFactory | undefined;

/** Built once, on first use or at start-up (the dictionaries take ~30 ms to load). */
export function passwordEstimator(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs, maxLength: 200 });
  return estimator;
}

/** Why this password is refused for this account, or null when it is acceptable. */
export function passwordWeakness(password: string, email: string, name?: string): string | null {
  const lower = password.toLowerCase();
  const address = email.toLowerCase();
  const local = address.split('@')[0];
  if (lower.includes(address) || (local.length >= 3 && lower.includes(local))) return CONTAINS_EMAIL;
  const result = passwordEstimator().check(password, [address, local, ...(name ? [name] : [])]);
  if (result.score >= MIN_SCORE) return null;
  return TOO_WEAK;
}

const CONTAINS_EMAIL = 'must not contain the email address or its part before the @';
const TOO_WEAK = 'is a common password or too easy to guess; use a longer passphrase of unrelated words';

/** Throws a 400 problem naming `field` when the password is too weak. */
export function assertStrongPassword(password: string, email: string, name?: string, field = 'password'): void {
  const reason = passwordWeakness(password, email, name);
  if (!reason) return;
  const code = reason === CONTAINS_EMAIL ? 'validation.password_contains_email' : 'validation.password_weak';
  throw new ValidationProblem([{ field, messages: [`${field} ${reason}`], code, params: { field } }]);
}
