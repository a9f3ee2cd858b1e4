import { chatFailureProblem } from './chat-failure';
import { type ChatTurnActivities, runChatTurn } from './chat-turn';
import type { OrchestrationRuntime } from './runtime';

/** An error as an activity threw it, with the code a model provider's error carries (LlmUnavailableError's `problem`). */
const thrown = (name: string, message: string, problem?: object) => Object.assign(new Error(message), { name }, problem && { problem });
/** The same on Temporal: ActivityFailure → ApplicationFailure of that type, its code as the first detail (see the worker's coded failures). */
const fromTemporal = (type: string, message: string, details: unknown[] = []) =>
  Object.assign(new Error('Activity task failed'), {
    name: 'ActivityFailure',
    activityType: 'generateAnswer',
    cause: Object.assign(new Error(message), { name: 'ApplicationFailure', type, details }),
  });

describe('chatFailureProblem', () => {
  it("is the failure's own code, whichever runner hands it over", () => {
    const rateLimited = { code: 'chat.provider_rate_limited' };
    expect(chatFailureProblem(thrown('LlmUnavailableError', '429 slow down', rateLimited))).toEqual(rateLimited);
    expect(chatFailureProblem(fromTemporal('LlmUnavailableError', '429 slow down', [rateLimited]))).toEqual(rateLimited);
    const template = { code: 'chat.template_too_long', params: { max: 200_000 } };
    expect(chatFailureProblem(thrown('PromptTooLongError', 'Template "T" would render to more…', template))).toEqual(template);
  });

  it('is a provider timeout when the model call ran out of time, on either runner', () => {
    const embedded = Object.assign(new Error('generateAnswer did not finish within 120000 ms.'), {
      name: 'ActivityTimeoutError',
      activityType: 'generateAnswer',
    });
    expect(chatFailureProblem(embedded)).toEqual({ code: 'chat.provider_timeout' });
    const temporal = Object.assign(new Error('Activity task timed out'), {
      name: 'ActivityFailure',
      activityType: 'generateAnswer',
      cause: Object.assign(new Error('activity StartToClose timeout'), { name: 'TimeoutFailure', timeoutType: 1 }),
    });
    expect(chatFailureProblem(temporal)).toEqual({ code: 'chat.provider_timeout' });
    // Another step out of time is not the model's fault.
    expect(chatFailureProblem({ ...embedded, name: 'ActivityTimeoutError', activityType: 'buildPrompt' })).toEqual({ code: 'chat.failed_unknown' });
  });

  it('goes by the type of a failure without a code (a worker started before codes), else it is unknown', () => {
    expect(chatFailureProblem(fromTemporal('LlmRejectedError', 'model not found'))).toEqual({ code: 'chat.provider_refused' });
    expect(chatFailureProblem(thrown('PromptTooLongError', 'too long'))).toEqual({ code: 'chat.prompt_too_long' });
    expect(chatFailureProblem(new Error('The conversation c of this turn was removed.'))).toEqual({ code: 'chat.failed_unknown' });
    // A document's code is not a chat turn's.
    expect(chatFailureProblem(thrown('DocumentLimitError', 'x', { code: 'document.limit' }))).toEqual({ code: 'chat.failed_unknown' });
    expect(chatFailureProblem('a string')).toEqual({ code: 'chat.failed_unknown' });
  });
});

describe('runChatTurn on failure', () => {
  const runtime = (cancelled = false): OrchestrationRuntime => ({
    isCancellation: () => cancelled,
    nonCancellable: (fn) => fn(),
    now: () => 0,
    patched: () => true,
    waitForDecision: async () => false,
  });
  const turnInput = { taskId: 't', conversationId: 'c', assistantMessageId: 'm', llm: {} } as never;

  function failingAt(error: unknown) {
    const finished: unknown[] = [];
    const acts = {
      retrieveContext: async () => {
        throw error;
      },
      chooseTemplate: async () => null,
      finishTurn: async (input: { status: string; error?: string; problem?: object }) => void finished.push({ ...input, turn: undefined }),
    } as unknown as ChatTurnActivities;
    return { acts, finished };
  }

  it('hands finishTurn the English reason and its code', async () => {
    const failure = fromTemporal('LlmUnavailableError', 'chat completion failed (HTTP 503): overloaded', [{ code: 'chat.provider_unreachable' }]);
    const { acts, finished } = failingAt(failure);
    await expect(runChatTurn(turnInput, acts, runtime())).rejects.toBe(failure);
    expect(finished).toEqual([
      { turn: undefined, status: 'failed', error: 'chat completion failed (HTTP 503): overloaded', problem: { code: 'chat.provider_unreachable' } },
    ]);
  });

  it('ends a cancelled turn without a code: a cancel is not an error', async () => {
    const { acts, finished } = failingAt(new Error('cancelled'));
    await expect(runChatTurn(turnInput, acts, runtime(true))).rejects.toThrow('cancelled');
    expect(finished).toEqual([{ turn: undefined, status: 'cancelled' }]);
  });
});
