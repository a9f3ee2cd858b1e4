import { PROBLEM_TEXT_EN, type ProblemCode, type ProblemParams } from '@assistants/common';
import MessageFormat, { type MessageFunction } from '@messageformat/core';

/** What an HttpException carries so that the problem filter can answer with a code: `new NotFoundException(problemText(...))`. */
export interface CodedMessage {
  message: string;
  code: ProblemCode;
  params: ProblemParams;
}

const english = new MessageFormat('en');
const compiled = new Map<ProblemCode, MessageFunction<'string'>>();

/** The English text of a problem code with its params filled in. */
export function formatProblem(code: ProblemCode, params: ProblemParams = {}): string {
  let format = compiled.get(code);
  if (!format) compiled.set(code, (format = english.compile(PROBLEM_TEXT_EN[code])));
  return format(params);
}

/** A problem's code, params and English message, for an exception's response body. */
export function problemText(code: ProblemCode, params: ProblemParams = {}): CodedMessage {
  return { message: formatProblem(code, params), code, params };
}

export function isCodedMessage(body: unknown): body is CodedMessage {
  return typeof body === 'object' && body !== null && typeof (body as CodedMessage).code === 'string' && typeof (body as CodedMessage).message === 'string';
}
