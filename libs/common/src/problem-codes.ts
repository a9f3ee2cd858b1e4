/**
 * Every problem code the API answers with, and its English text as an ICU MessageFormat
 * message whose `{name}`s are the problem's `params`. The server formats `detail` from it; the
 * web app translates by `code` (its Russian dictionary must have every key: a test checks).
 * Codes are stable: rename one only with a migration of the web dictionaries.
 */
export const PROBLEM_TEXT_EN = {
  // Fallbacks by status, for an error thrown without a code of its own.
  'request.invalid': 'The request is not valid.',
  'auth.required': 'Sign in to do this.',
  'access.denied': 'You may not do this.',
  'resource.not_found': 'This does not exist, or you cannot see it.',
  'resource.conflict': 'This clashes with the current state; reload and try again.',
  'request.too_large': 'The request is larger than the server accepts.',
  'request.unsupported_type': 'This kind of content is not supported.',
  'request.too_many': 'Too many requests; wait {seconds, plural, one {# second} other {# seconds}} and try again.',
  'server.busy': 'The server is too busy to do this now; nothing was changed. Try again in a moment.',
  'server.error': 'An unexpected error occurred. Quote request id {requestId} when reporting it.',

  // Validation: one per class-validator rule; `field` names the field, other params the rule's limits.
  'validation.failed': '{count, plural, one {# field} other {# fields}} failed validation: {fields}',
  'validation.invalid': '{field} is not valid.',

  // Answers: regenerate, edit and resend, versions (branches of a conversation).
  'answers.not_an_answer': 'Only an answer of this conversation can be regenerated.',
  'answers.not_a_question': 'Only a question of this conversation can be edited.',
  'answers.still_writing': 'This answer is still being written; stop it or wait before regenerating it.',
  'answers.not_a_message': 'This message is not in this conversation.',
  'answers.not_on_branch': 'This message is not on the branch shown; choose its version first.',
} as const satisfies Record<string, string>;

export type ProblemCode = keyof typeof PROBLEM_TEXT_EN;
export type ProblemParams = Record<string, string | number>;

/** The code of a status for an error thrown without one. */
export function fallbackProblemCode(status: number): ProblemCode {
  if (status === 401) return 'auth.required';
  if (status === 403) return 'access.denied';
  if (status === 404) return 'resource.not_found';
  if (status === 409) return 'resource.conflict';
  if (status === 413) return 'request.too_large';
  if (status === 415) return 'request.unsupported_type';
  if (status === 429) return 'request.too_many';
  if (status === 503) return 'server.busy';
  if (status >= 500) return 'server.error';
  return 'request.invalid';
}
