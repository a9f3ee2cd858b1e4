import { HttpErrorResponse } from '@angular/common/http';
import { ApiError, errorMessage, toApiError } from '../../../core/api/api-error';

export interface FormErrors {
  /** Messages by top-level field name (`tags.0` counts as `tags`). */
  fields: Record<string, string>;
  /** What no field shows: the whole message when the server named no field. */
  general: string | null;
}

/** A failed save split into messages to show by each field, from the problem+json `errors`. */
export function formErrors(error: unknown, knownFields: readonly string[]): FormErrors {
  const apiError = error instanceof HttpErrorResponse ? toApiError(error) : error;
  const problems = apiError instanceof ApiError ? (apiError.problem?.errors ?? []) : [];
  const fields: Record<string, string> = {};
  const rest: string[] = [];
  for (const problem of problems) {
    const field = problem.field.split('.')[0];
    const text = problem.messages.join(', ');
    if (knownFields.includes(field)) fields[field] = fields[field] ? `${fields[field]}; ${text}` : text;
    else rest.push(`${problem.field}: ${text}`);
  }
  if (!problems.length) return { fields, general: errorMessage(apiError) };
  return { fields, general: rest.length ? rest.join('; ') : null };
}
