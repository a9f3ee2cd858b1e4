import { templateForTurn, type TemplateForTurnInput } from './template-for-turn';

const author = { id: 'author', role: 'member' as const };
const owner = { id: 'owner', role: 'member' as const };
const sender = { id: 'sender', role: 'member' as const };
const admin = { id: 'admin', role: 'admin' as const };
const linkedVersion = { promptText: 'As linked.', responseFormat: 'markdown' };
const template = (over: Partial<NonNullable<TemplateForTurnInput['template']>> = {}) => ({
  id: 't',
  name: 'Voice',
  ownerId: author.id,
  isPublic: true,
  promptText: 'As it is now.',
  responseFormat: 'json',
  ...over,
});
const text = (input: TemplateForTurnInput) => {
  const decision = templateForTurn(input);
  return 'use' in decision ? decision.use.promptText : decision.refused;
};

describe('templateForTurn', () => {
  it('uses the linked version of someone else’s template, whoever chose it', () => {
    expect(text({ template: template(), link: linkedVersion, assistantOwner: owner })).toBe('As linked.');
    expect(templateForTurn({ template: template(), link: linkedVersion, assistantOwner: owner, sender })).toEqual({
      use: { id: 't', name: 'Voice', promptText: 'As linked.', responseFormat: 'markdown' },
    });
  });

  it('uses the assistant owner’s own template, and the sender’s own, as they are now', () => {
    expect(text({ template: template({ ownerId: owner.id, isPublic: false }), link: linkedVersion, assistantOwner: owner })).toBe('As it is now.');
    expect(text({ template: template({ ownerId: sender.id, isPublic: false }), link: null, assistantOwner: owner, sender })).toBe('As it is now.');
  });

  it('refuses a template that its chooser may no longer read', () => {
    const hidden = template({ isPublic: false });
    expect(text({ template: hidden, link: linkedVersion, assistantOwner: owner })).toBe('forbidden');
    expect(text({ template: hidden, link: linkedVersion, assistantOwner: owner, sender })).toBe('forbidden');
    // The assistant owner's private default is theirs to use; a sender may not pick it for a message.
    const ownersPrivate = template({ ownerId: owner.id, isPublic: false });
    expect(text({ template: ownersPrivate, link: linkedVersion, assistantOwner: owner })).toBe('As it is now.');
    expect(text({ template: ownersPrivate, link: linkedVersion, assistantOwner: owner, sender })).toBe('forbidden');
    // Admins may read every template, so their assistants keep the linked version.
    expect(text({ template: hidden, link: linkedVersion, assistantOwner: admin })).toBe('As linked.');
  });

  it('refuses someone else’s template that the assistant does not link, and a deleted one', () => {
    expect(text({ template: template(), link: null, assistantOwner: owner, sender })).toBe('unlinked');
    expect(text({ template: template(), link: null, assistantOwner: owner, sender: admin })).toBe('unlinked');
    expect(text({ template: null, link: linkedVersion, assistantOwner: owner })).toBe('gone');
  });
});
