import type { ProblemParams } from './problem-codes';
import type { ViewKeys } from './views/keys';

/** RFC 9457 problem details: the one shape of every error the API returns. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  /** Stable and machine-readable (PROBLEM_TEXT_EN's keys): what clients translate by. */
  code: string;
  /** The values `detail` was made from, by the names the code's message uses. */
  params?: ProblemParams;
  /** In English; clients show their own language's text for `code`. */
  detail?: string;
  instance?: string;
  /** Request id, also in the server log line, to find what went wrong. */
  requestId?: string;
  /** For validation problems: which field failed which rule. */
  errors?: FieldProblem[];
}

/** One field's failed rules: English messages, and the first rule's code and params to translate. */
export interface FieldProblem {
  field: string;
  messages: string[];
  code?: string;
  params?: ProblemParams;
}

export const PROBLEM_KEYS: ViewKeys<ProblemDetails> = {
  type: 'required',
  title: 'required',
  status: 'required',
  code: 'required',
  params: 'optional',
  detail: 'optional',
  instance: 'optional',
  requestId: 'optional',
  errors: 'optional',
};

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
