import { throwIfAborted, readContextPassages, type ContextPassage, countUsageInline, type UsageCounter } from '@assistants/domain';
import type { ChatMessage, ChatModel, ChatRequest, ChatResult, ModelToolCall, StreamOptions, ToolSpec } from '@assistants/domain';

export { formatContextMessage, readContextPassages, type ContextPassage } from '@assistants/domain';

// The answerer used when no LLM endpoint is configured (embedded mode, tests, demos). It does not
// pretend to be a model: it says none is configured and quotes the knowledge-base passages that
// best match the question, citing them as a model would. Same input, same output, no network.

export const OFFLINE_MODEL = 'offline';
const MAX_PASSAGES = 3;
const MAX_SENTENCES = 3;
const MAX_SENTENCE_CHARS = 300;

export const NO_MODEL_NOTICE =
  'No language model is configured, so this reply quotes the knowledge base instead of answering ' +
  '(an administrator can set LLM_BASE_URL to an OpenAI-compatible endpoint to get real answers).';

/** What the offline answerer says around its quotes, in the question's language. */
const OFFLINE_TEXT = {
  en: {
    notice: NO_MODEL_NOTICE,
    tools: 'The tools answered:',
    nothing: 'Nothing relevant to this question was found in the knowledge base.',
    passages: 'The most relevant passages:',
    from: (title: string) => `From "${title}":`,
  },
  ru: {
    notice:
      'Языковая модель не настроена, поэтому вместо ответа здесь цитаты из базы знаний ' +
      '(чтобы получать настоящие ответы, администратор может указать в LLM_BASE_URL адрес сервиса, совместимого с OpenAI).',
    tools: 'Ответы инструментов:',
    nothing: 'В базе знаний не нашлось ничего, что относится к этому вопросу.',
    passages: 'Самые подходящие фрагменты:',
    from: (title: string) => `Из «${title}»:`,
  },
} as const;

/** Russian when the question is written mostly in Cyrillic letters; English otherwise. */
export function questionLanguage(question: string): keyof typeof OFFLINE_TEXT {
  const cyrillic = question.match(/\p{Script=Cyrillic}/gu)?.length ?? 0;
  const latin = question.match(/\p{Script=Latin}/gu)?.length ?? 0;
  return cyrillic > 0 && cyrillic >= latin ? 'ru' : 'en';
}

const STOPWORDS = new Set(
  (
    'a an and are as at be but by can could did do does for from had has have how i if in is it its ' +
    'me my no not of on or our so than that the their them then there these they this to was we were ' +
    'what when where which who why will with would you your'
  ).split(' '),
);

/** Content words, crudely stemmed so "refunds" meets "refund". */
function terms(text: string): Set<string> {
  const out = new Set<string>();
  for (const raw of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    if (raw.length < 2 || STOPWORDS.has(raw)) continue;
    out.add(raw.length > 3 && raw.endsWith('s') && !raw.endsWith('ss') ? raw.slice(0, -1) : raw);
  }
  return out;
}

const overlap = (query: Set<string>, text: string) => [...terms(text)].filter((t) => query.has(t)).length;

function sentences(text: string): string[] {
  return text
    .split(/\n+|(?<=[.!?])\s+/)
    .map((s) => s.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .map((s) => (s.length > MAX_SENTENCE_CHARS ? s.slice(0, MAX_SENTENCE_CHARS).trimEnd() + '…' : s));
}

/** Up to 3 sentences, the best-matching ones, kept in their original order so they still read well. */
function quote(passage: ContextPassage, query: Set<string>): string {
  const ranked = sentences(passage.text).map((s, i) => ({ s, i, score: overlap(query, s) }));
  const best = [...ranked].sort((a, b) => b.score - a.score || a.i - b.i).slice(0, MAX_SENTENCES);
  return best
    .sort((a, b) => a.i - b.i)
    .map((x) => x.s)
    .join(' ');
}

/**
 * Without a model, a tool is called only when the question names it (its name as its server lists
 * it, e.g. "get-sum"), once per turn: every required text argument is the question, every number
 * the question's numbers in order, every flag true. Enough to try tools out without an LLM.
 */
export function offlineToolCall(request: Pick<ChatRequest, 'messages' | 'tools'>): ModelToolCall | null {
  if (!request.tools?.length || request.messages.some((m) => m.role === 'tool')) return null;
  const question = [...request.messages].reverse().find((m) => m.role === 'user')?.content ?? '';
  const lower = question.toLowerCase();
  const named = request.tools.find((tool) => toolNames(tool.name).some((name) => name.length >= 3 && lower.includes(name.toLowerCase())));
  if (!named) return null;
  const numbers = (question.match(/-?\d+(?:\.\d+)?/g) ?? []).map(Number);
  const schema = named.parameters as { properties?: Record<string, { type?: string }>; required?: string[] };
  const args: Record<string, unknown> = {};
  for (const key of schema.required ?? []) {
    const type = schema.properties?.[key]?.type;
    if (type === 'number' || type === 'integer') args[key] = numbers.shift() ?? 0;
    else if (type === 'boolean') args[key] = true;
    else if (type === 'string' || type === undefined) args[key] = question;
  }
  return { id: 'offline_call_0', name: named.name, arguments: JSON.stringify(args) };
}

/** A function's name and its endings after each "_" (the tool's own name after the server's). */
function toolNames(functionName: ToolSpec['name']): string[] {
  const names = [functionName];
  for (let at = functionName.indexOf('_'); at >= 0; at = functionName.indexOf('_', at + 1)) names.push(functionName.slice(at + 1));
  return names;
}

/** What the tools answered in this turn, for a reply without a model. */
function toolResults(messages: ChatMessage[]): string[] {
  return messages.filter((m) => m.role === 'tool').map((m) => m.content);
}

export function offlineAnswer(messages: ChatMessage[]): string {
  const passages = readContextPassages(messages);
  const question = [...messages].reverse().find((m) => m.role === 'user')?.content ?? '';
  const text = OFFLINE_TEXT[questionLanguage(question)];
  const results = toolResults(messages);
  if (results.length) return [text.notice, text.tools, ...results].join('\n\n');
  if (passages.length === 0) return `${text.notice}\n\n${text.nothing}`;

  const query = terms(question);
  const scored = passages.map((p, i) => ({ p, i, score: overlap(query, `${p.title} ${p.text}`) }));
  // Passages sharing words with the question first; retrieval order breaks ties. When none
  // shares a word, the retriever's own order is all there is to go by.
  const matching = scored.filter((x) => x.score > 0);
  const ranked = (matching.length ? matching : scored).sort((a, b) => b.score - a.score || a.i - b.i).slice(0, MAX_PASSAGES);
  const quotes = ranked.map(({ p }) => `${text.from(p.title)} ${quote(p, query)} [${p.index}]`);
  return [text.notice, text.passages, ...quotes].join('\n\n');
}

export class OfflineAnswerer implements ChatModel {
  readonly provider = 'offline' as const;

  constructor(private readonly countUsage: UsageCounter = countUsageInline) {}

  async stream(request: ChatRequest, options: StreamOptions = {}): Promise<ChatResult> {
    throwIfAborted(options.signal);
    const call = offlineToolCall(request);
    if (call) {
      return {
        content: '',
        usage: await this.countUsage(request, ''),
        finishReason: 'tool_calls',
        provider: 'offline',
        model: OFFLINE_MODEL,
        toolCalls: [call],
      };
    }
    const content = offlineAnswer(request.messages);
    // Word-sized pieces ("word "), so the client sees the same kind of stream as from a model.
    for (const piece of content.split(/(?<=\s)(?=\S)/)) {
      throwIfAborted(options.signal);
      await options.onDelta?.(piece);
      // Let timers and I/O (an abort, the socket carrying the deltas) run between pieces.
      await new Promise((resolve) => setImmediate(resolve));
    }
    throwIfAborted(options.signal);
    return {
      content,
      usage: await this.countUsage(request, content),
      finishReason: 'stop',
      provider: 'offline',
      model: OFFLINE_MODEL,
    };
  }
}
