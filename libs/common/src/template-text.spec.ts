import { extractVariables, renderTemplate, TemplateTooLargeError } from './template-text';
import { getSystemPrompt, DEFAULT_SYSTEM_PROMPTS } from './system-prompt';
import { API_SCOPES, canUseConversation, canUserAccess, canUserEdit, type Caller, hasScope } from './access';

describe('prompt templates', () => {
  it('lists variables once, in order of first use', () => {
    expect(extractVariables('Hi {{ name }}, about {{topic}} and {{name}} {{bad-one}}')).toEqual(['name', 'topic']);
  });

  it('renders known variables and reports missing ones', () => {
    expect(renderTemplate('Dear {{name}}, re {{topic}}', { name: 'Ann', unused: 'x' }, 1000)).toEqual({
      text: 'Dear Ann, re {{topic}}',
      missing: ['topic'],
    });
  });

  it('does not interpret $ patterns in values', () => {
    expect(renderTemplate('{{a}}', { a: "$& $1 $'" }, 100).text).toBe("$& $1 $'");
  });

  it('renders up to the size limit, and refuses more while rendering, never building the whole text', () => {
    expect(renderTemplate('ab {{a}}', { a: 'cd' }, 5).text).toBe('ab cd');
    expect(() => renderTemplate('ab {{a}}', { a: 'cde' }, 5)).toThrow(TemplateTooLargeError);
    // A thousandfold amplifier: 1,000 uses of one 5,000-character value would make 5 MB.
    let reads = 0;
    const values = new Proxy({ a: 'x'.repeat(5000) }, { get: (target, name: 'a') => (reads++, target[name]) });
    expect(() => renderTemplate('{{a}}'.repeat(1000), values, 20_000)).toThrow(/more than 20,000 characters/);
    expect(reads).toBeLessThanOrEqual(5);
    // Literal text counts too.
    expect(() => renderTemplate('y'.repeat(21), {}, 20)).toThrow(TemplateTooLargeError);
  });
});

describe('getSystemPrompt', () => {
  it('prefers the assistant prompt and falls back per type', () => {
    expect(getSystemPrompt({ systemPrompt: 'Be brief.', assistantType: 'qa' })).toBe('Be brief.');
    expect(getSystemPrompt({ systemPrompt: '   ', assistantType: 'support' })).toBe(DEFAULT_SYSTEM_PROMPTS.support);
    expect(getSystemPrompt({ systemPrompt: null, assistantType: 'analyzer' })).toBe(DEFAULT_SYSTEM_PROMPTS.analyzer);
  });
});

describe('access rules', () => {
  const owner: Caller = { id: 'o', email: 'o@x', role: 'member', via: 'jwt', scopes: API_SCOPES };
  const other: Caller = { id: 'p', email: 'p@x', role: 'member', via: 'jwt', scopes: API_SCOPES };
  const admin: Caller = { id: 'a', email: 'a@x', role: 'admin', via: 'jwt', scopes: API_SCOPES };
  const priv = { ownerId: 'o', isPublic: false };
  const pub = { ownerId: 'o', isPublic: true };

  it.each([
    [priv, owner, true, true],
    [priv, other, false, false],
    [priv, admin, true, true],
    [priv, null, false, false],
    [pub, other, true, false],
    [pub, null, true, false],
  ])('%j / %j → access %s, edit %s', (resource, caller, access, edit) => {
    expect(canUserAccess(resource, caller)).toBe(access);
    expect(canUserEdit(resource, caller)).toBe(edit);
  });
});

describe('scopes and conversations', () => {
  const member: Caller = { id: 'm', email: 'm@x', role: 'member', via: 'jwt', scopes: API_SCOPES };
  const admin: Caller = { id: 'a', email: 'a@x', role: 'admin', via: 'jwt', scopes: API_SCOPES };
  const readKey: Caller = { id: 'm', email: 'm@x', role: 'member', via: 'api-key', scopes: ['read'] };
  const adminKey: Caller = { ...readKey, role: 'admin', scopes: ['admin'] };

  it('gives people every scope and keys only their own', () => {
    expect(API_SCOPES.every((s) => hasScope(member, s))).toBe(true);
    expect(hasScope(readKey, 'read')).toBe(true);
    expect(hasScope(readKey, 'chat')).toBe(false);
    expect(hasScope(adminKey, 'read')).toBe(false);
    expect(hasScope(null, 'read')).toBe(false);
  });

  it('lets admins read any conversation but only the owner change it', () => {
    const conversation = { userId: 'm' };
    expect(canUseConversation(conversation, member, 'write')).toBe(true);
    expect(canUseConversation(conversation, admin, 'read')).toBe(true);
    expect(canUseConversation(conversation, admin, 'write')).toBe(false);
    expect(canUseConversation(conversation, null, 'read')).toBe(false);
  });
});
