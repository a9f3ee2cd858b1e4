import { PROBLEM_TEXT_EN, type ProblemCode, type ProblemParams } from '@assistants/common';
import { IntlMessageFormat } from 'intl-messageformat';

/** What an HttpException carries so that the problem filter can answer with a code: `new NotFoundException(problemText(...))`. */
export interface CodedMessage {
  message: string;
  code: ProblemCode;
  params: ProblemParams;
}

const compiled = new Map<ProblemCode, IntlMessageFormat>();

/** The English text of a problem code with its params filled in (FormatJS, as the web app formats its translations). */
export function formatProblem(code: ProblemCode, params: ProblemParams = {}): string {
  let message = compiled.get(code);
  if (!message) compiled.set(code, (message = new IntlMessageFormat(PROBLEM_TEXT_EN[code], 'en', undefined, { ignoreTag: true })));
  return String(message.format(params));
}

/** A problem's code, params and English message, for an exception's response body. */
export function problemText(code: ProblemCode, params: ProblemParams = {}): CodedMessage {
  return { message: formatProblem(code, params), code, params };
}

export function isCodedMessage(body: unknown): body is CodedMessage {
  return typeof body === 'object' && body !== null && typeof (body as CodedMessage).code === 'string' && typeof (body as CodedMessage).message === 'string';
}

/** A code and params beside an English message of the site's own (a detail with more in it than the code's text, such as a parser's reason). */
export function codedMessage(code: ProblemCode, params: ProblemParams, message: string): CodedMessage {
  return { message, code, params };
}
