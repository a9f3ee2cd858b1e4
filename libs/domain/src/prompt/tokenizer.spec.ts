import { BytePairEncoder } from './byte-pair-encoder';
import { contextWindow, countChatTokens, countTokens, DEFAULT_CONTEXT_WINDOW, MAX_BPE_SLICE, promptTokenBudget, truncateToTokens } from './tokenizer';

describe('tokenizer', () => {
  it('counts tokens with the encoding of the model', () => {
    expect(countTokens('')).toBe(0);
    expect(countTokens('hello world', 'gpt-4o')).toBe(2);
    expect(countTokens('hello world', 'gpt-3.5-turbo')).toBe(2);
    // o200k and cl100k split some texts differently: proof that each model gets its own encoding.
    const text = 'Les réponses du modèle ne doivent pas dépasser la fenêtre de contexte, même en français.';
    expect(countTokens(text, 'gpt-4o')).not.toBe(countTokens(text, 'gpt-4'));
    expect(countTokens(text, 'openai/gpt-4o')).toBe(countTokens(text, 'gpt-4o'));
  });

  it('counts exactly what the encoder produces, piece cache or not', () => {
    const { Tiktoken } = require('js-tiktoken/lite');
    const reference = new Tiktoken(require('js-tiktoken/ranks/cl100k_base'));
    const alphabet = [
      'a',
      'Zq',
      ' ',
      '  ',
      '\n',
      '\n\n',
      '\t',
      '.',
      ',',
      '?!',
      '1',
      '234',
      'я',
      'Жук',
      '中文',
      '😀',
      "'s",
      "'ll",
      '-',
      '(',
      '#',
      '<|endoftext|>',
      'é',
      '\u00a0',
      '\r\n',
    ];
    let seed = 1;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let i = 0; i < 3000; i++) {
      const text = Array.from({ length: 1 + (next() % 40) }, () => alphabet[next() % alphabet.length]).join('');
      expect([text, countTokens(text)]).toEqual([text, reference.encode(text, [], []).length]);
    }
  });

  it('counts special-token text as ordinary text instead of throwing', () => {
    expect(countTokens('<|endoftext|>')).toBeGreaterThan(1);
  });

  it('truncates to a token budget, keeping whole characters', () => {
    const text = 'one two three four five six seven eight';
    expect(truncateToTokens(text, 100)).toBe(text);
    expect(truncateToTokens(text, 3)).toBe('one two three');
    expect(truncateToTokens(text, 0)).toBe('');
    // Emoji take several byte-level tokens: a cut inside one must not leave U+FFFD behind.
    const emoji = '😀😀😀😀';
    for (let n = 1; n < countTokens(emoji); n++) {
      const cut = truncateToTokens(emoji, n);
      expect(cut).not.toContain('\uFFFD');
      expect(emoji.startsWith(cut)).toBe(true);
      expect(countTokens(cut)).toBeLessThanOrEqual(n);
    }
  });

  it('counts chat prompts with the per-message overhead', () => {
    const messages = [
      { role: 'system' as const, content: 'Be brief.' },
      { role: 'user' as const, content: 'hello world' },
    ];
    const content = countTokens('Be brief.') + countTokens('hello world');
    const roles = countTokens('system') + countTokens('user');
    expect(countChatTokens(messages)).toBe(content + roles + 2 * 3 + 3);
    expect(countChatTokens([])).toBe(3);
  });

  it('knows the context windows of common models', () => {
    expect(contextWindow('gpt-4o-mini')).toBe(128_000);
    expect(contextWindow('gpt-4.1-mini')).toBe(1_047_576);
    expect(contextWindow('gpt-3.5-turbo')).toBe(16_385);
    expect(contextWindow('gpt-4')).toBe(8_192);
    expect(contextWindow('llama3:8b')).toBe(8_192);
    expect(contextWindow('meta-llama/Llama-3.1-8B-Instruct')).toBe(131_072);
    expect(contextWindow('some-local-model')).toBe(DEFAULT_CONTEXT_WINDOW);
  });

  it('leaves the prompt what the reply does not reserve', () => {
    expect(promptTokenBudget('gpt-4o', 1000)).toBe(127_000);
    expect(promptTokenBudget('unknown', 10_000)).toBe(0);
    // A prompt cut to the budget fits the window together with the reply.
    const long = 'word '.repeat(20_000);
    const fitted = truncateToTokens(long, promptTokenBudget('llama3', 1024), 'llama3');
    expect(countTokens(fitted, 'llama3') + 1024).toBeLessThanOrEqual(contextWindow('llama3'));
  });

  it('builds its tables when warmed at start-up, not on the first count', () => {
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const fresh = require('./tokenizer') as typeof import('./tokenizer');
      expect(fresh.loadedEncodings()).toEqual([]);
      fresh.warmTokenizer();
      expect(fresh.loadedEncodings()).toEqual(['cl100k_base', 'o200k_base']);
    });
  });
});

describe('tokenizer on long pieces', () => {
  // One "word" of 32,000 characters: the longest chat message the API accepts. BPE over a piece is
  // quadratic in its length; these took minutes each before pieces were cut into bounded slices.
  const longWords = {
    latin: 'x'.repeat(32_000),
    cyrillic: 'ж'.repeat(32_000),
    emoji: '😀'.repeat(16_000),
    spaces: ' '.repeat(32_000),
    punctuation: '!'.repeat(32_000),
  };

  it.each(Object.entries(longWords))(
    'counts a 32,000-character run of %s at all, never above a token per byte',
    (_, text) => {
      const count = countTokens(text);
      // Byte-level BPE: never more tokens than UTF-8 bytes.
      expect(count).toBeGreaterThan(0);
      expect(count).toBeLessThanOrEqual(Buffer.byteLength(text));
      expect(countTokens(text, 'gpt-4o')).toBeGreaterThan(0);
    },
    30_000,
  );

  it('never hands BPE more than a bounded slice, whatever the piece', () => {
    const encode = jest.spyOn(BytePairEncoder.prototype, 'encode');
    try {
      // Runs no other test counted, so no count comes from the cache.
      for (const text of ['q'.repeat(32_000), 'ё'.repeat(32_000), '🚀'.repeat(16_000), '\n'.repeat(32_000)]) {
        countTokens(text);
        countTokens(text, 'gpt-4o');
        truncateToTokens(text, 5000);
      }
      expect(encode).toHaveBeenCalled();
      // UTF-8 takes at most 3 bytes per UTF-16 code unit.
      for (const [bytes] of encode.mock.calls) expect(bytes.length).toBeLessThanOrEqual(3 * MAX_BPE_SLICE);
    } finally {
      encode.mockRestore();
    }
  });

  it('counts pieces up to the slice length exactly, and longer ones within a token per cut', () => {
    const { Tiktoken } = require('js-tiktoken/lite');
    const reference = new Tiktoken(require('js-tiktoken/ranks/cl100k_base'));
    for (const unit of ['x', 'ab', 'ж', '😀', 'Жук', '!?']) {
      const exact = unit.repeat(Math.floor(MAX_BPE_SLICE / unit.length));
      expect([exact, countTokens(exact)]).toEqual([exact, reference.encode(exact, [], []).length]);
      const long = unit.repeat(Math.ceil((4 * MAX_BPE_SLICE) / unit.length));
      const cuts = Math.ceil(long.length / MAX_BPE_SLICE) - 1;
      expect(Math.abs(countTokens(long) - reference.encode(long, [], []).length)).toBeLessThanOrEqual(cuts);
    }
  });

  it('truncates a long run without encoding all of it', () => {
    const cut = truncateToTokens('ж'.repeat(32_000), 10);
    expect(cut.length).toBeGreaterThan(0);
    expect('ж'.repeat(32_000).startsWith(cut)).toBe(true);
    expect(countTokens(cut)).toBeLessThanOrEqual(10);
  }, 30_000);
});
