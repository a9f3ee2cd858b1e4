import { HttpErrorResponse } from '@angular/common/http';
import { signal } from '@angular/core';
import { ApiError, errorMessage, toApiError } from '../../core/api/api-error';
import { translateFieldProblem } from '../../core/i18n/problem-message';

export interface FormErrors {
  /** Messages by top-level field name (`tags.0` counts as `tags`). */
  fields: Record<string, string>;
  /** What no field shows: the whole message when the server named no field. */
  general: string | null;
}

/**
 * A failed save split into messages to show by each field, from the problem+json `errors`: one
 * message per field, in the interface language, by the field problem's code. Every form uses this
 * (and clears a field's message when that field changes, with withoutField).
 */
export function formErrors(error: unknown, knownFields: readonly string[]): FormErrors {
  const apiError = error instanceof HttpErrorResponse ? toApiError(error) : error;
  const problems = apiError instanceof ApiError ? (apiError.problem?.errors ?? []) : [];
  const fields: Record<string, string> = {};
  const rest: string[] = [];
  for (const problem of problems) {
    const field = problem.field.split('.')[0];
    const text = translateFieldProblem(problem);
    // Once per field: a second rule of the same field (or a nested entry) adds nothing new to read.
    if (knownFields.includes(field)) fields[field] ??= text;
    else rest.push(`${problem.field}: ${text}`);
  }
  if (!problems.length) return { fields, general: errorMessage(apiError) };
  return { fields, general: rest.length ? rest.join('; ') : null };
}

/** The messages without this field's: what a form keeps when the person changes the field. */
export function withoutField(fields: Record<string, string>, field: string): Record<string, string> {
  if (!(field in fields)) return fields;
  const { [field]: _, ...rest } = fields;
  return rest;
}

/**
 * A form's messages after a failed save, as signals: by field under each field, the rest as one
 * banner. A field's message goes when the person edits that field (edited); the banner stays.
 */
export class FormProblems {
  readonly fields = signal<Record<string, string>>({});
  readonly general = signal<string | null>(null);

  /** `shownUnder` puts a field the form has no input for under one it has (the account's name, made from the email, under the email). */
  constructor(
    private readonly knownFields: readonly string[],
    private readonly shownUnder: Readonly<Record<string, string>> = {},
  ) {}

  show(error: unknown): void {
    const { fields, general } = formErrors(error, [...this.knownFields, ...Object.keys(this.shownUnder)]);
    for (const [field, under] of Object.entries(this.shownUnder)) {
      if (fields[field] && !fields[under]) fields[under] = fields[field];
      delete fields[field];
    }
    this.fields.set(fields);
    this.general.set(general);
  }

  clear(): void {
    this.fields.set({});
    this.general.set(null);
  }

  edited(field: string): void {
    this.fields.update((fields) => withoutField(fields, field));
  }
}
