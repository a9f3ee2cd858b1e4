import { BadRequestException, type PipeTransform, ValidationPipe, type ValidationError } from '@nestjs/common';
import { ValidateIf } from 'class-validator';

export interface FieldProblem {
  field: string;
  messages: string[];
}

/** A 400 that carries, per field, what was wrong; the problem filter puts it in `errors`. */
export class ValidationProblem extends BadRequestException {
  constructor(readonly errors: FieldProblem[]) {
    super(`${errors.length} field${errors.length === 1 ? '' : 's'} failed validation: ${errors.map((e) => e.field).join(', ')}`);
  }
}

function flatten(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => new ValidationProblem(flatten(errors)),
  });
}

/**
 * May be left out, but not sent as null: @IsOptional() lets null through, and
 * null then reaches a NOT NULL column and fails as a 500.
 */
export const IsOptionalNotNull = () => ValidateIf((_, value) => value !== undefined);

/** LIKE treats %, _ and its escape character (a backslash) as special; this makes them match themselves. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function findNul(value: unknown, path: string): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path || 'value' : null;
  // Bytes are not text (an upload's buffer): walking one would visit every byte on the request thread.
  if (ArrayBuffer.isView(value)) return null;
  if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      const found = findNul(child, path ? `${path}.${key}` : key);
      if (found) return found;
    }
  }
  return null;
}

/** PostgreSQL cannot store NUL characters in text; refuse them up front as bad input, not a 500. */
export class RejectNulCharactersPipe implements PipeTransform {
  transform(value: unknown): unknown {
    const field = findNul(value, '');
    if (field) throw new ValidationProblem([{ field, messages: [`${field} must not contain NUL (\\u0000) characters`] }]);
    return value;
  }
}
