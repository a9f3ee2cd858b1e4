import { titleFrom } from '../openai.service';
import { parseChatCompletionRequest } from './chat-completion.dto';

describe('parseChatCompletionRequest', () => {
  const model = '4b1f7c1e-8f0a-4a3e-9a53-1f2d3c4b5a69';
  const conversation = '0e5f1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b';

  it('takes the last user message as the turn and the rest as history, developer as system', () => {
    const parsed = parseChatCompletionRequest({
      model,
      messages: [
        { role: 'developer', content: 'Be brief.' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Hello' },
            { type: 'text', text: 'there' },
          ],
        },
        { role: 'assistant', content: 'Hi!' },
        { role: 'user', content: 'Question?' },
      ],
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0.3,
      tools: [],
    });
    expect(parsed).toEqual({
      model,
      question: 'Question?',
      history: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hello\nthere' },
        { role: 'assistant', content: 'Hi!' },
      ],
      stream: true,
      includeUsage: true,
      conversationId: undefined,
    });
  });

  it('takes the conversation from the body or the header, and refuses two different ones', () => {
    const body = { model, messages: [{ role: 'user', content: 'q' }] };
    expect(parseChatCompletionRequest({ ...body, conversation_id: conversation }).conversationId).toBe(conversation);
    expect(parseChatCompletionRequest(body, conversation).conversationId).toBe(conversation);
    expect(() => parseChatCompletionRequest({ ...body, conversation_id: conversation }, model)).toThrow(/name different conversations/);
  });

  it('refuses what is not a JSON object', () => {
    for (const body of [null, [], 'text']) expect(() => parseChatCompletionRequest(body)).toThrow(/JSON object/);
  });
});

describe('titleFrom', () => {
  it('keeps a short question on one line and cuts a long one', () => {
    expect(titleFrom('  How long is\n parental   leave? ')).toBe('How long is parental leave?');
    const title = titleFrom('word '.repeat(40));
    expect(title).toHaveLength(80);
    expect(title.endsWith('…')).toBe(true);
  });
});
