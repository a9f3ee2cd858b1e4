import { extractVariables, renderTemplate } from './template-text';
import { getSystemPrompt, DEFAULT_SYSTEM_PROMPTS } from './system-prompt';
import { canUserAccess, canUserEdit, type Caller } from './access';

describe('prompt templates', () => {
  it('lists variables once, in order of first use', () => {
    expect(extractVariables('Hi {{ name }}, about {{topic}} and {{name}} {{bad-one}}')).toEqual(['name', 'topic']);
  });

  it('renders known variables and reports missing ones', () => {
    expect(renderTemplate('Dear {{name}}, re {{topic}}', { name: 'Ann', unused: 'x' })).toEqual({
      text: 'Dear Ann, re {{topic}}',
      missing: ['topic'],
    });
  });

  it('does not interpret $ patterns in values', () => {
    expect(renderTemplate('{{a}}', { a: "$& $1 $'" }).text).toBe("$& $1 $'");
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
  const owner: Caller = { id: 'o', email: 'o@x', role: 'member', via: 'jwt' };
  const other: Caller = { id: 'p', email: 'p@x', role: 'member', via: 'jwt' };
  const admin: Caller = { id: 'a', email: 'a@x', role: 'admin', via: 'jwt' };
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
