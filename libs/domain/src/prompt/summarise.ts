import type { ChatModel } from '../ports/llm';

const MAX_SUMMARY_CHARS = 4000;

function firstSentence(text: string, max = 200): string {
  const sentence =
    text
      .replace(/\s+/g, ' ')
      .trim()
      .split(/(?<=[.!?])\s/)[0] ?? '';
  return sentence.length > max ? `${sentence.slice(0, max - 1)}…` : sentence;
}

/**
 * A running summary of turns that fell out of the prompt window. With a real
 * model it asks the model; offline it keeps the first sentence of each turn.
 */
export async function summarise(
  model: ChatModel,
  modelName: string,
  previous: string | null,
  turns: { role: string; content: string }[],
  signal?: AbortSignal,
): Promise<string> {
  if (model.provider === 'offline') {
    const lines = turns.map((t) => `${t.role === 'user' ? 'User' : 'Assistant'}: ${firstSentence(t.content)}`);
    const text = [previous, ...lines].filter(Boolean).join('\n');
    return text.length > MAX_SUMMARY_CHARS ? `…${text.slice(-MAX_SUMMARY_CHARS)}` : text;
  }
  const transcript = turns.map((t) => `${t.role}: ${t.content}`).join('\n\n');
  const result = await model.stream(
    {
      model: modelName,
      temperature: 0,
      maxTokens: 400,
      messages: [
        {
          role: 'system',
          content: 'Summarise the conversation below for your own memory in at most 200 words. Keep facts, names, numbers, decisions and open questions.',
        },
        { role: 'user', content: `${previous ? `Summary so far:\n${previous}\n\n` : ''}New turns:\n${transcript}` },
      ],
    },
    { signal },
  );
  return result.content.trim().slice(0, MAX_SUMMARY_CHARS);
}
