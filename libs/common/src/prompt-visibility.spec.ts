import { canSeeSystemPrompt } from './access';
import { HIDDEN_SYSTEM_PROMPT, type LlmRequestView, withSystemPromptHidden } from './views/message';

const member = { id: 'm', email: 'm@x', role: 'member' as const, via: 'jwt' as const, scopes: [] };
const admin = { ...member, id: 'a', role: 'admin' as const };
const owner = { ...member, id: 'o' };

describe('who reads an assistant’s system prompt', () => {
  it('is its owner and admins, and everyone once the owner shares it', () => {
    const closed = { ownerId: 'o', showPromptToUsers: false };
    expect([owner, admin, member, null].map((caller) => canSeeSystemPrompt(closed, caller))).toEqual([true, true, false, false]);
    expect([member, null].map((caller) => canSeeSystemPrompt({ ...closed, showPromptToUsers: true }, caller))).toEqual([true, true]);
  });

  it('hides the text of every system message, found by role, and leaves the rest of the request alone', () => {
    const request = {
      provider: 'openai',
      model: 'm',
      temperature: 0,
      maxTokens: 1,
      promptTokens: 1,
      historyMessages: 0,
      usedSummary: false,
      truncated: false,
      finishReason: null,
      template: null,
      messages: [
        { role: 'user', content: 'Context: [1] passage' },
        { role: 'system', content: 'Secret rules.' },
        { role: 'user', content: 'Hi' },
      ],
    } satisfies LlmRequestView;
    const hidden = withSystemPromptHidden(request);
    expect(hidden.messages).toEqual([
      { role: 'user', content: 'Context: [1] passage' },
      { role: 'system', content: HIDDEN_SYSTEM_PROMPT },
      { role: 'user', content: 'Hi' },
    ]);
    expect({ ...hidden, messages: request.messages }).toEqual(request);
    expect(request.messages[1].content).toBe('Secret rules.');
  });
});
