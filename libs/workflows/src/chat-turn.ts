import type { MessageTimings } from '@assistants/common';
import type { LegReport } from '@assistants/domain';
// The module itself, not the domain's index: this file is bundled into Temporal's workflow sandbox.
import {
  type BuiltPrompt,
  type ChosenTemplate,
  type GeneratedAnswer,
  isSkippedTemplate,
  type Retrieval,
  type SkippedTemplate,
  type TurnToolCall,
} from '@assistants/domain/turns';
import type { ChatTurnInput, TurnOutcome, TurnRef } from './definitions';
import { chatFailureProblem } from './chat-failure';
import { describeFailure, type FailureProblem, type OrchestrationRuntime } from './runtime';

/** How many passages one search_knowledge call returns: the assistant's search limit (5 when search is off). */
export function searchToolLimit(turn: Pick<TurnRef, 'search'>): number {
  return turn.search.limit > 0 ? turn.search.limit : 5;
}

export interface ToolCallInput {
  turn: TurnRef;
  call: TurnToolCall;
  firstCitation?: number;
}

/** Activities of a chat turn; every one is idempotent, so retries and replays are safe. */
export interface ChatTurnActivities {
  retrieveContext(turn: TurnRef): Promise<Retrieval>;
  /** The version of the template to use (see templateForTurn), a template not used and why, or null when none was asked for. */
  chooseTemplate(turn: TurnRef): Promise<ChosenTemplate | SkippedTemplate | null>;
  buildPrompt(input: { turn: TurnRef; retrieval: Retrieval; template: ChosenTemplate | null }): Promise<BuiltPrompt>;
  /**
   * One reply of the model. `round` n > 0 follows the results of the calls of the replies before it
   * (read from the database); a reply already recorded for the round is returned as it was, not asked
   * for again. `lastRound`: no tools are offered, so the model answers with what it has.
   */
  generateAnswer(input: { turn: TurnRef; prompt: BuiltPrompt; round?: number; lastRound?: boolean }): Promise<GeneratedAnswer>;
  /** After a decision or the deadline: the call as it now stands (expired ones count as rejected). */
  settleApproval(input: { turn: TurnRef; call: TurnToolCall }): Promise<TurnToolCall>;
  /**
   * Runs a call that may run again (retrying) … `firstCitation`: the number the first passage a
   * search_knowledge call finds is cited by (after the prompt's passages and earlier searches').
   */
  callTool(input: ToolCallInput): Promise<TurnToolCall>;
  /** … or one that must run at most once: a later attempt finds it started and records it failed. */
  callToolOnce(input: ToolCallInput): Promise<TurnToolCall>;
  /** A call whose step failed for good (its retries spent). */
  failToolCall(input: { turn: TurnRef; call: TurnToolCall; error: string }): Promise<TurnToolCall>;
  storeAnswer(input: {
    turn: TurnRef;
    prompt: BuiltPrompt;
    answer: GeneratedAnswer;
    template: ChosenTemplate | null;
    /** Stored with the answer's details, so readers see why the template asked for was left out. */
    templateNotUsed?: { id: string; reason: string };
    timings: Omit<MessageTimings, 'processingTimeMs'>;
    /** How each search leg went, stored with the answer. */
    search?: LegReport[];
  }): Promise<void>;
  /** Counts the turn once and marks it done; says whether older turns should now be summarised. */
  updateStatistics(turn: TurnRef): Promise<{ summaryDue: boolean }>;
  refreshSummary(turn: TurnRef): Promise<void>;
  /** `problem`: a failure's 'chat.*' code and params beside the English `error` (none for a cancel, which is not an error, nor from runs started before codes). */
  finishTurn(input: { turn: TurnRef; status: 'failed' | 'cancelled'; error?: string; problem?: FailureProblem }): Promise<void>;
}

/**
 * One chat turn: retrieve → choose template → build prompt → call the LLM →
 * store → statistics → (maybe) summarise. The same function runs in Temporal's
 * workflow sandbox and in the embedded runner.
 */
export async function runChatTurn(input: ChatTurnInput, acts: ChatTurnActivities, rt: OrchestrationRuntime): Promise<TurnOutcome> {
  const { llm: _llm, ...turn } = input;
  try {
    const started = rt.now();
    const [retrieval, choice] = await Promise.all([acts.retrieveContext(turn), acts.chooseTemplate(turn)]);
    const template = isSkippedTemplate(choice) ? null : choice;
    const prompt = await acts.buildPrompt({ turn, retrieval, template });
    const promptReady = rt.now();
    const answer = await answerWithTools(turn, prompt, acts, rt);
    const timings = {
      retrievalMs: retrieval.durationMs,
      promptReadyMs: promptReady - started,
      timeToFirstTokenMs: answer.timeToFirstTokenMs,
      generationMs: answer.durationMs,
    };
    const templateNotUsed = isSkippedTemplate(choice) ? { id: choice.id, reason: choice.notUsed } : undefined;
    await acts.storeAnswer({ turn, prompt, answer, template, timings, search: retrieval.legs, ...(templateNotUsed && { templateNotUsed }) });
    const { summaryDue } = await acts.updateStatistics(turn);
    if (summaryDue) {
      // A summary that fails must not fail an answer already given; the next turn tries again.
      await acts.refreshSummary(turn).catch(() => undefined);
    }
    return { status: 'done' };
  } catch (error) {
    if (rt.isCancellation(error)) {
      await rt.nonCancellable(() => acts.finishTurn({ turn, status: 'cancelled' }));
      throw error;
    }
    await acts.finishTurn({ turn, status: 'failed', error: describeFailure(error), problem: chatFailureProblem(error) });
    throw error;
  }
}

/**
 * Asks the model, runs the tool calls it asks for (each its own step, in parallel), and asks again
 * with their results, until it answers without calls; after maxToolRounds rounds it must answer.
 * The answer's usage and time are the sums over its replies; the first token is the first reply's.
 */
async function answerWithTools(turn: TurnRef, prompt: BuiltPrompt, acts: ChatTurnActivities, rt: OrchestrationRuntime): Promise<GeneratedAnswer> {
  const maxRounds = prompt.tools?.length ? (prompt.maxToolRounds ?? 0) : 0;
  // A turn without tools makes the one call it always made, with the input it always had.
  const first = await acts.generateAnswer(maxRounds ? { turn, prompt, round: 0 } : { turn, prompt });
  let answer = first;
  const used = new Set<string>();
  // Passages found by search_knowledge are cited after the prompt's, each search with numbers of its own.
  let nextCitation: number | undefined;
  for (let round = 1; answer.toolCalls?.length; round++) {
    for (const call of answer.toolCalls) used.add(`${call.server}/${call.name}`);
    rt.noteToolsUsed?.([...used]);
    const inputs = answer.toolCalls.map((call): ToolCallInput => {
      if (call.server !== 'builtin' || call.name !== 'search_knowledge') return { turn, call };
      const firstCitation = (nextCitation ??= prompt.citations.length + 1);
      nextCitation += searchToolLimit(turn);
      return { turn, call, firstCitation };
    });
    await Promise.all(inputs.map((input) => runToolCall(input, acts, rt)));
    const next = await acts.generateAnswer({ turn, prompt, round, ...(round >= maxRounds && { lastRound: true }) });
    answer = {
      ...next,
      usage: {
        promptTokens: answer.usage.promptTokens + next.usage.promptTokens,
        completionTokens: answer.usage.completionTokens + next.usage.completionTokens,
        totalTokens: answer.usage.totalTokens + next.usage.totalTokens,
      },
      timeToFirstTokenMs: answer.timeToFirstTokenMs ?? next.timeToFirstTokenMs,
      durationMs: answer.durationMs + next.durationMs,
    };
  }
  return answer;
}

/** One call: waits for a person when it needs approval, then runs it under the retry rules its annotations allow. */
async function runToolCall(input: ToolCallInput, acts: ChatTurnActivities, rt: OrchestrationRuntime): Promise<TurnToolCall> {
  const { turn, call } = input;
  let current = call;
  while (current.status === 'awaiting_approval') {
    await rt.waitForDecision(current.id, current.approvalDeadline ?? rt.now());
    current = await acts.settleApproval({ turn, call: current });
  }
  if (current.status !== 'running') return current;
  try {
    return await (current.retryable ? acts.callTool : acts.callToolOnce)({ ...input, call: current });
  } catch (error) {
    if (rt.isCancellation(error)) throw error;
    return acts.failToolCall({ turn, call: current, error: describeFailure(error) });
  }
}
