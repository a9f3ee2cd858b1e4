import { extractVariables, renderTemplate } from '@assistants/common';
import { contextWindow, countTokens } from './tokenizer';
import { formatContextPassages } from './context-passages';
import type { BuiltPrompt, ChosenTemplate, PromptMessage, RetrievedPassage } from '../orchestration/chat-turn';

export interface PromptInputs {
  model: string;
  temperature: number;
  maxTokens: number;
  systemPrompt: string;
  question: string;
  template: ChosenTemplate | null;
  passages: RetrievedPassage[];
  /** Earlier turns, oldest first. */
  history: PromptMessage[];
  contextSummary: string | null;
  /** Every search leg failed: the model should say it answers without the knowledge base. */
  searchFailed?: boolean;
}

/** The prompt is longer than the model can take even without context; retrying cannot help. */
export class PromptTooLongError extends Error {
  override name = 'PromptTooLongError';
}

const SAFETY_MARGIN_TOKENS = 64;
/** Share of the free budget that knowledge-base passages may take before history gets its turn. */
const PASSAGE_SHARE = 0.6;

function fillTemplate(template: ChosenTemplate, question: string): string {
  return renderTemplate(template.promptText, { question, ...template.variables }).text;
}

/**
 * System prompt + template + numbered passages + recent history + summary, cut to
 * what the model's context window leaves after the answer's max_tokens.
 */
export function buildPrompt(input: PromptInputs): BuiltPrompt {
  const count = (text: string) => countTokens(text, input.model);
  // A template that names {{question}} wraps the question; any other template is extra instructions.
  const wrapsQuestion = !!input.template && extractVariables(input.template.promptText).includes('question');
  const userContent = input.template && wrapsQuestion ? fillTemplate(input.template, input.question) : input.question;
  const instructions = [input.systemPrompt.trim()];
  if (input.template && !wrapsQuestion) instructions.push(fillTemplate(input.template, input.question));
  if (input.template && input.template.responseFormat !== 'text') instructions.push(`Format the answer as ${input.template.responseFormat}.`);
  if (input.contextSummary) instructions.push(`Summary of the earlier conversation:\n${input.contextSummary}`);

  const budget = contextWindow(input.model) - input.maxTokens - SAFETY_MARGIN_TOKENS;
  const fixed = count(instructions.join('\n\n')) + count(userContent) + 16;
  if (fixed > budget) {
    throw new PromptTooLongError(`The message and instructions need ${fixed} tokens, more than the ${budget} that model ${input.model} leaves for a prompt.`);
  }
  let free = budget - fixed;

  const citations: RetrievedPassage[] = [];
  const passageBudget = Math.floor(free * PASSAGE_SHARE);
  let passageTokens = 0;
  for (const passage of input.passages) {
    const cost = count(passage.text) + 12;
    if (passageTokens + cost > passageBudget) continue;
    citations.push(passage);
    passageTokens += cost;
  }
  free -= passageTokens;

  const history: PromptMessage[] = [];
  for (const message of [...input.history].reverse()) {
    const cost = count(message.content) + 4;
    if (cost > free) break;
    history.unshift(message);
    free -= cost;
  }

  const contextBlock = citations.length
    ? `Context passages from the knowledge base. Cite the ones you use as [n]:\n${formatContextPassages(
        citations.map((p, i) => ({ index: i + 1, title: passageTitle(p), text: p.text })),
      )}`
    : input.searchFailed
      ? 'The knowledge base could not be searched just now, so there is no context for this question. Say so, and answer only from what you know.'
      : 'No passages from the knowledge base matched this question.';
  const messages: PromptMessage[] = [
    { role: 'system', content: [...instructions, contextBlock].join('\n\n') },
    ...history,
    { role: 'user', content: userContent },
  ];
  return {
    model: input.model,
    temperature: input.temperature,
    maxTokens: input.maxTokens,
    messages,
    promptTokens: messages.reduce((sum, m) => sum + count(m.content) + 4, 0),
    citations,
    historyMessages: history.length,
    usedSummary: !!input.contextSummary,
    truncated: citations.length < input.passages.length || history.length < input.history.length,
  };
}

/** "guide.pdf, p. 2, Hotel allowance": where a passage comes from, so answers can cite the page. */
export function passageTitle(p: { filename: string; metadata?: Record<string, unknown> }): string {
  const page = p.metadata?.page;
  const heading = p.metadata?.heading;
  const row = p.metadata?.row;
  return [p.filename, typeof page === 'number' && `p. ${page}`, typeof row === 'number' && `row ${row}`, typeof heading === 'string' && heading].filter(Boolean).join(', ');
}
