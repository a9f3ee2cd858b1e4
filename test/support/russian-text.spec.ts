import { foreignWords } from './russian-text';

describe('foreignWords', () => {
  it('finds English words left in a Russian text, each once', () => {
    expect(foreignWords('Ответ за 0.4 с · 52 prompt tokens · finish stop · prompt')).toEqual(['prompt', 'tokens', 'finish', 'stop']);
  });

  it('lets through the allowed words, emails, addresses, file names and the texts the test typed', () => {
    const text = 'API-ключи · ann@assistants.test · https://example.com/a?b=c · отчёт.md · leave.md · Enter отправляет · gpt-4o-mini';
    expect(foreignWords(text, { ownTexts: ['gpt-4o-mini'] })).toEqual([]);
  });

  it('finds nothing in a fully Russian text', () => {
    expect(foreignWords('1 диалог · 2 диалога · 5 диалогов')).toEqual([]);
  });
});
