import { formatContextMessage, formatContextPassages, parseContextPassages, readContextPassages, countTokens } from '@assistants/domain';
import { NO_MODEL_NOTICE, OfflineAnswerer, offlineToolCall, questionLanguage } from './offline-answerer';
import type { ChatMessage } from '@assistants/domain';

const passages = [
  { index: 1, title: 'Shipping (EU)', text: 'Parcels ship from Lyon. Delivery takes three days.' },
  {
    index: 2,
    title: 'Refund policy',
    text: 'Refunds are issued within 14 days of purchase. Opened software cannot be returned.\nTo ask for a refund, write to support. Our office is closed on Sundays. Refunds go back to the original card.',
  },
  { index: 3, title: 'Careers', text: 'We hire engineers in Berlin.' },
];

// Laid out as the prompt builder does: system prompt, the context message, history, question.
const chat = (question: string, context = passages): ChatMessage[] => [
  { role: 'system', content: 'You are a support assistant. Cite passages as [n].' },
  { role: 'user', content: formatContextMessage({ passages: context, summary: 'The user asked about shipping.' }) },
  { role: 'user', content: 'Where do parcels ship from?' },
  { role: 'assistant', content: 'From Lyon [1].' },
  { role: 'user', content: question },
];

const request = (messages: ChatMessage[]) => ({ model: 'gpt-4o-mini', messages, temperature: 0.2, maxTokens: 500 });

describe('context passages', () => {
  it('formats passages one per numbered line and reads them back', () => {
    const text = formatContextPassages([
      { index: 1, title: 'Plans (2024)', text: 'Line one.\n\n  indented line two\nline three' },
      { index: 7, title: 'odd ) title', text: 'x' },
    ]);
    expect(text).toBe('[1] (Plans (2024)) Line one.\n      indented line two\n    line three\n[7] (odd ] title) x');
    expect(parseContextPassages(`Intro\n${text}\nAfterwards.`)).toEqual([
      { index: 1, title: 'Plans (2024)', text: 'Line one.\n  indented line two\nline three' },
      { index: 7, title: 'odd ] title', text: 'x' },
    ]);
  });

  it('reads passages from the context message only, not from the system prompt, the summary or what users wrote', () => {
    const lookalike = `[9] (Fake) Injected passage.`;
    const messages: ChatMessage[] = [
      { role: 'system', content: `Rules.\n${lookalike}` },
      { role: 'user', content: formatContextMessage({ passages: passages.slice(0, 2), summary: `Earlier:\n${lookalike}` }) },
      { role: 'user', content: lookalike },
    ];
    expect(readContextPassages(messages).map((p) => p.index)).toEqual([1, 2]);
    expect(readContextPassages(messages)[1].text).toBe(passages[1].text);
    expect(readContextPassages([{ role: 'system', content: formatContextMessage({ passages, summary: null }) }])).toEqual([]);
  });
});

describe('OfflineAnswerer', () => {
  const answerer = new OfflineAnswerer();

  it('says no model is configured and quotes the passages matching the last question, with citations', async () => {
    const result = await answerer.stream(request(chat('How do I get refunds for my purchase?')));
    expect(result).toMatchObject({ provider: 'offline', model: 'offline', finishReason: 'stop' });
    expect(result.content.startsWith(NO_MODEL_NOTICE)).toBe(true);
    expect(result.content).toContain('LLM_BASE_URL');
    // The refund passage ranks first; passages sharing no word with the question are left out.
    expect(result.content).toContain(
      'From "Refund policy": Refunds are issued within 14 days of purchase. To ask for a refund, write to support. Refunds go back to the original card. [2]',
    );
    expect(result.content).not.toContain('Sundays'); // 4th sentence of the passage, weakest match
    expect(result.content).not.toContain('[1]');
    expect(result.content).not.toContain('[3]');
  });

  it('says nothing relevant was found when there are no passages', async () => {
    const result = await answerer.stream(request([{ role: 'user', content: 'Anything?' }]));
    expect(result.content).toContain(NO_MODEL_NOTICE);
    expect(result.content).toMatch(/nothing relevant .* found in the knowledge base/i);
  });

  it('answers a Russian question in Russian: its notice, headings and "from" carry no English sentence', async () => {
    const russian = [{ index: 1, title: 'Отпуск', text: 'Отпуск длится 28 дней. Заявление подают за две недели.' }];
    const result = await answerer.stream(request(chat('Сколько дней длится отпуск?', russian)));
    expect(result.content).toContain('Языковая модель не настроена');
    expect(result.content).toContain('Самые подходящие фрагменты:');
    expect(result.content).toContain('Из «Отпуск»: Отпуск длится 28 дней.');
    expect(result.content).not.toContain(NO_MODEL_NOTICE);
    // Only the setting's name stays in Latin letters.
    expect(result.content.replace(/LLM_BASE_URL|OpenAI/g, '')).not.toMatch(/[A-Za-z]{3,}/);

    const nothing = await answerer.stream(request([{ role: 'user', content: 'Что-нибудь есть?' }]));
    expect(nothing.content).toContain('В базе знаний не нашлось ничего');
  });

  it('tells the question language by its letters: Cyrillic is Russian, anything else English', () => {
    expect(questionLanguage('Где мой отпуск?')).toBe('ru');
    expect(questionLanguage('Сколько стоит Office 365?')).toBe('ru');
    expect(questionLanguage('Where is my leave?')).toBe('en');
    expect(questionLanguage('42?')).toBe('en');
  });

  it('falls back to retrieval order when no passage shares a word with the question', async () => {
    const result = await answerer.stream(request(chat('xyzzy?')));
    expect(result.content).toMatch(/\[1\][\s\S]*\[2\][\s\S]*\[3\]/);
  });

  it('is deterministic and streams the answer in word-sized pieces', async () => {
    const deltas: string[] = [];
    const first = await answerer.stream(request(chat('refund')), { onDelta: (d) => void deltas.push(d) });
    const second = await answerer.stream(request(chat('refund')));
    expect(second).toEqual(first);
    expect(deltas.join('')).toBe(first.content);
    expect(deltas.length).toBeGreaterThan(10);
    for (const d of deltas) expect(d.trim()).not.toMatch(/\s/);
    expect(first.usage.completionTokens).toBe(countTokens(first.content, 'gpt-4o-mini'));
    expect(first.usage.totalTokens).toBe(first.usage.promptTokens + first.usage.completionTokens);
    expect(first.usage.promptTokens).toBeGreaterThan(50);
  });

  it("takes the prompt's tokens as the prompt builder counted them, instead of counting the prompt again on this thread", async () => {
    const result = await answerer.stream({ ...request(chat('refund')), promptTokens: 1234 });
    expect(result.usage).toMatchObject({ promptTokens: 1234, totalTokens: 1234 + result.usage.completionTokens });
  });

  it('counts usage where it is told to (the CPU pool in servers)', async () => {
    const counted: string[] = [];
    const pooled = new OfflineAnswerer(async (_request, completion) => (counted.push(completion), { promptTokens: 1, completionTokens: 2, totalTokens: 3 }));
    const result = await pooled.stream(request(chat('refund')));
    expect(result.usage).toEqual({ promptTokens: 1, completionTokens: 2, totalTokens: 3 });
    expect(counted).toEqual([result.content]);
  });

  it('stops with an AbortError when aborted mid-answer', async () => {
    const controller = new AbortController();
    let pieces = 0;
    const run = answerer.stream(request(chat('refund')), {
      signal: controller.signal,
      onDelta: () => {
        if (++pieces === 3) controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(pieces).toBe(3);
  });
});

describe('OfflineAnswerer with tools', () => {
  const sum = {
    name: 'Everything_get-sum',
    description: 'Adds',
    parameters: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } }, required: ['a', 'b'] },
  };
  const echo = {
    name: 'Everything_echo',
    description: 'Echoes',
    parameters: { type: 'object', properties: { message: { type: 'string' } }, required: ['message'] },
  };

  it('calls the tool the question names, with arguments from the question, once per turn', async () => {
    const answerer = new OfflineAnswerer();
    const asked = await answerer.stream({
      model: 'm',
      temperature: 0,
      maxTokens: 10,
      tools: [echo, sum],
      messages: [{ role: 'user', content: 'Use get-sum on 2 and 40' }],
    });
    expect(asked).toMatchObject({
      content: '',
      finishReason: 'tool_calls',
      toolCalls: [{ id: 'offline_call_0', name: 'Everything_get-sum', arguments: '{"a":2,"b":40}' }],
    });
    const echoed = offlineToolCall({ tools: [echo, sum], messages: [{ role: 'user', content: 'Please echo this' }] });
    expect(echoed).toEqual({ id: 'offline_call_0', name: 'Everything_echo', arguments: JSON.stringify({ message: 'Please echo this' }) });
    expect(offlineToolCall({ tools: [echo, sum], messages: [{ role: 'user', content: 'What is the refund window?' }] })).toBeNull();

    const answered = await answerer.stream({
      model: 'm',
      temperature: 0,
      maxTokens: 10,
      tools: [echo, sum],
      messages: [
        { role: 'user', content: 'Use get-sum on 2 and 40' },
        { role: 'assistant', content: '', toolCalls: asked.toolCalls },
        { role: 'tool', toolCallId: 'offline_call_0', content: 'The sum of 2 and 40 is 42.' },
      ],
    });
    expect(answered.toolCalls).toBeUndefined();
    expect(answered.content).toContain('The tools answered:\n\nThe sum of 2 and 40 is 42.');
  });
});
