import type { ProblemCode, ProblemParams } from '@assistants/common';
import { Matches } from 'class-validator';

/**
 * @Matches with a problem code of its own: a bare pattern would reach the person as
 * "tags is not valid." (validation.invalid); fieldCode in validation.ts reads this context.
 */
function MatchesWithCode(pattern: RegExp, message: string, code: ProblemCode, params: ProblemParams, each = false): PropertyDecorator {
  return Matches(pattern, { each, message, context: { problem: { code, params } } });
}

/** Tags of conversations and templates: a letter or digit, then letters, digits, spaces, _ . or -. */
export function tagPattern(maxLength: number): RegExp {
  return new RegExp(`^[\\p{L}\\p{N}][\\p{L}\\p{N} _.-]{0,${maxLength - 1}}$`, 'u');
}

/** Each entry of the array is a tag of at most `maxLength` characters (see tagPattern). */
export const IsTagEach = (maxLength: number): PropertyDecorator =>
  MatchesWithCode(
    tagPattern(maxLength),
    `each tag must be 1-${maxLength} letters, digits, spaces, _ . or -`,
    'validation.tag_format',
    { max: maxLength, allowed: '_ . -' },
    true,
  );

/** A client's own id for something it sends (an idempotency key): word characters, . : or -. */
export const IsClientId = (field: string, maxLength: number): PropertyDecorator =>
  MatchesWithCode(new RegExp(`^[\\w.:-]{1,${maxLength}}$`), `${field} must be 1-${maxLength} letters, digits, _ . : or -`, 'validation.id_format', {
    max: maxLength,
    allowed: '_ . : -',
  });
