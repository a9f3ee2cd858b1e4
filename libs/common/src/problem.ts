import type { ViewKeys } from './views/keys';

/** RFC 9457 problem details: the one shape of every error the API returns. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  /** Request id, also in the server log line, to find what went wrong. */
  requestId?: string;
  /** For validation problems: which field failed which rule. */
  errors?: { field: string; messages: string[] }[];
}

export const PROBLEM_KEYS: ViewKeys<ProblemDetails> = {
  type: 'required',
  title: 'required',
  status: 'required',
  detail: 'optional',
  instance: 'optional',
  requestId: 'optional',
  errors: 'optional',
};

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
