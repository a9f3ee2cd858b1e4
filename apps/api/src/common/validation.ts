import { BadRequestException, type PipeTransform, ValidationPipe, type ValidationError } from '@nestjs/common';
import type { FieldProblem, ProblemCode, ProblemParams } from '@assistants/common';
import { getMetadataStorage, registerDecorator, ValidateIf, type ValidationOptions } from 'class-validator';
import { formatProblem } from './errors/problem-text';

export type { FieldProblem } from '@assistants/common';

/** A 400 that carries, per field, what was wrong; the problem filter puts it in `errors`. */
export class ValidationProblem extends BadRequestException {
  readonly params: ProblemParams;

  constructor(readonly errors: FieldProblem[]) {
    const params = { count: errors.length, fields: errors.map((e) => e.field).join(', ') };
    super(formatProblem('validation.failed', params));
    this.params = params;
  }
}

function flatten(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    // A flat map's bad entries are named one by one (`variables.a`), as a nested DTO's would be.
    const entries = error.constraints?.[IS_STRING_MAP] && isPlainObject(error.value) ? badEntries(field, error.value) : [];
    const own = entries.length ? entries : error.constraints ? [{ field, messages: Object.values(error.constraints), ...fieldCode(error, field) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/**
 * The code of a class-validator rule, by the rule's name, with the rule's limit as a param (`{max}`):
 * what the web app translates into the person's words. A rule without a code of its own (here or in its
 * context, as the patterns of patterns.ts have) is `validation.invalid`.
 */
const RULE_CODES: Record<string, { code: ProblemCode; limit?: string }> = {
  isNotEmpty: { code: 'validation.required' },
  isDefined: { code: 'validation.required' },
  arrayNotEmpty: { code: 'validation.required' },
  maxLength: { code: 'validation.too_long', limit: 'max' },
  minLength: { code: 'validation.too_short', limit: 'min' },
  max: { code: 'validation.too_large', limit: 'max' },
  min: { code: 'validation.too_small', limit: 'min' },
  arrayMaxSize: { code: 'validation.too_many', limit: 'max' },
  isEmail: { code: 'validation.email' },
  isIn: { code: 'validation.not_allowed' },
  isEnum: { code: 'validation.not_allowed' },
  isString: { code: 'validation.not_text' },
  isNumber: { code: 'validation.not_number' },
  isInt: { code: 'validation.not_whole_number' },
  isBoolean: { code: 'validation.not_boolean' },
  isUrl: { code: 'validation.not_url' },
  whitelistValidation: { code: 'validation.unknown_field' },
};

/** The code and params of a field's first failed rule (the one a person fixes first). */
function fieldCode(error: ValidationError, field: string): { code: ProblemCode; params: ProblemParams } {
  const rule = Object.keys(error.constraints ?? {})[0];
  // A rule that names its own code in its context (a pattern, see patterns.ts) says best what it wants.
  const own = (error.contexts?.[rule] as { problem?: { code: ProblemCode; params: ProblemParams } } | undefined)?.problem;
  if (own) return { code: own.code, params: { field, ...own.params } };
  const known = RULE_CODES[rule];
  if (!known) return { code: 'validation.invalid', params: { field } };
  const params: ProblemParams = { field };
  if (known.limit) {
    const limit = ruleConstraint(error, rule);
    if (typeof limit === 'number') params[known.limit] = limit;
  }
  return { code: known.code, params };
}

/** The first constraint of a rule on a property (the 200 of @MaxLength(200)), from class-validator's metadata. */
function ruleConstraint(error: ValidationError, rule: string): unknown {
  const target = error.target?.constructor;
  if (!target) return undefined;
  const rules = getMetadataStorage().getTargetValidationMetadatas(target, '', true, false);
  return rules.find((r) => r.propertyName === error.property && r.name === rule)?.constraints?.[0];
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    // The target lets fieldCode read a rule's limit from class-validator's metadata; flatten never sends it.
    validationError: { target: true },
    exceptionFactory: (errors) => new ValidationProblem(flatten(errors)),
  });
}

/**
 * May be left out, but not sent as null: @IsOptional() lets null through, and
 * null then reaches a NOT NULL column and fails as a 500.
 */
export const IsOptionalNotNull = () => ValidateIf((_, value) => value !== undefined);

/** For @Transform: a string field without the spaces around it; anything else as sent, for the validators to refuse. */
export const trimString = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** LIKE treats %, _ and its escape character (a backslash) as special; this makes them match themselves. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && [Object.prototype, null].includes(Object.getPrototypeOf(value));

const IS_STRING_MAP = 'isStringMap';

/** A map's entries that are not text, each named as its own field (`variables.a`). */
function badEntries(field: string, map: Record<string, unknown>): FieldProblem[] {
  return Object.entries(map)
    .filter(([, value]) => typeof value !== 'string')
    .map(([key, value]) => ({
      field: `${field}.${key}`,
      messages: [`${field}.${key} must be a string, not ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}`],
      code: 'validation.not_text',
      params: { field: `${field}.${key}` },
    }));
}

/**
 * A flat map of names to text, such as template variables: no nested objects,
 * arrays, numbers or null, which would otherwise be stored as they came and
 * break whatever reads them as text.
 */
export function IsStringMap(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: IS_STRING_MAP,
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown) => isPlainObject(value) && Object.values(value).every((v) => typeof v === 'string'),
        defaultMessage: (args) => `${args?.property ?? 'value'} must be an object whose values are all strings`,
      },
    });
}

/**
 * Keys that reach an object's prototype or class: class-transformer would set the
 * prototype from `__proto__`, and a `constructor` key hides the DTO's class from
 * class-validator, which then skips validation and the whitelist altogether.
 */
export const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Half of a UTF-16 pair, alone: JSON can carry it (`"\\ud800"`) but it is not
 * text. validator.js throws on it (a 500) and PostgreSQL would store U+FFFD.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Deeper than this, a request body is refused: no field of the API nests more than a few levels. */
export const MAX_INPUT_DEPTH = 32;

/**
 * The first thing in the input PostgreSQL or our code cannot take: a NUL or a
 * lone surrogate in a string or a key, a key of FORBIDDEN_KEYS, or nesting deeper than maxDepth
 * (the body itself is level 1).
 * The walk keeps its own stack, so no input can overflow the call stack, and it
 * only enters plain objects and arrays (an uploaded file's Buffer is not walked).
 */
export function findUnsafeInput(input: unknown, maxDepth = MAX_INPUT_DEPTH): FieldProblem | null {
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value: input, path: '', depth: 0 }];
  while (stack.length) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return { field: path || 'value', messages: [`${path || 'value'} must not contain NUL (\\u0000) characters`] };
      if (LONE_SURROGATE.test(value)) return { field: path || 'value', messages: [`${path || 'value'} is not well-formed Unicode (a lone surrogate)`] };
      continue;
    }
    if (!Array.isArray(value) && !isPlainObject(value)) continue;
    if (depth >= maxDepth) {
      const field = path.split('.')[0] || 'value';
      return { field, messages: [`${field} is nested more than ${maxDepth} levels deep`] };
    }
    const keys = Object.keys(value);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i];
      if (key.includes('\u0000')) {
        const field = path || 'value';
        return { field, messages: [`${field} must not have keys containing NUL (\\u0000) characters`] };
      }
      if (LONE_SURROGATE.test(key)) return { field: path || 'value', messages: [`${path || 'value'} has a key that is not well-formed Unicode`] };
      if (FORBIDDEN_KEYS.has(key)) {
        const field = path ? `${path}.${key}` : key;
        return { field, messages: [`${field} is not allowed: ${[...FORBIDDEN_KEYS].join(', ')} are never valid keys`] };
      }
      stack.push({ value: (value as Record<string, unknown>)[key], path: path ? `${path}.${key}` : key, depth: depth + 1 });
    }
  }
  return null;
}

/**
 * PostgreSQL cannot store NUL characters in text, validators throw on broken
 * Unicode, pollution keys slip past the whitelist, and deeply nested JSON costs
 * every later step dearly: refuse them all up front (see findUnsafeInput) as bad
 * input, not a 500. It runs before the validation pipe, on every argument.
 */
export class RejectNulCharactersPipe implements PipeTransform {
  transform(value: unknown): unknown {
    const problem = findUnsafeInput(value);
    if (problem) throw new ValidationProblem([problem]);
    return value;
  }
}
