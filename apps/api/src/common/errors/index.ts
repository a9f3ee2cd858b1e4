export { isOpenAiPath, OpenAiError, type OpenAiErrorBody, sendOpenAiError, toOpenAiError } from './openai-error';
export { OpenAiErrorFilter } from './openai-error.filter';
export { sendProblem, toProblem } from './problem';
export { ProblemDetailsFilter } from './problem-details.filter';
export { type CodedMessage, codedMessage, formatProblem, problemText } from './problem-text';
