import type { MessageTimings } from '@assistants/common';
import type { LegReport } from '@assistants/domain';
// The module itself, not the domain's index: this file is bundled into Temporal's workflow sandbox.
import { type BuiltPrompt, type ChosenTemplate, type GeneratedAnswer, isSkippedTemplate, type Retrieval, type SkippedTemplate } from '@assistants/domain/turns';
import type { ChatTurnInput, TurnOutcome, TurnRef } from './definitions';
import { describeFailure, type OrchestrationRuntime } from './runtime';

/** Activities of a chat turn; every one is idempotent, so retries and replays are safe. */
export interface ChatTurnActivities {
  retrieveContext(turn: TurnRef): Promise<Retrieval>;
  /** The version of the template to use (see templateForTurn), a template not used and why, or null when none was asked for. */
  chooseTemplate(turn: TurnRef): Promise<ChosenTemplate | SkippedTemplate | null>;
  buildPrompt(input: { turn: TurnRef; retrieval: Retrieval; template: ChosenTemplate | null }): Promise<BuiltPrompt>;
  generateAnswer(input: { turn: TurnRef; prompt: BuiltPrompt }): Promise<GeneratedAnswer>;
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
  finishTurn(input: { turn: TurnRef; status: 'failed' | 'cancelled'; error?: string }): Promise<void>;
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
    const answer = await acts.generateAnswer({ turn, prompt });
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
    await acts.finishTurn({ turn, status: 'failed', error: describeFailure(error) });
    throw error;
  }
}
