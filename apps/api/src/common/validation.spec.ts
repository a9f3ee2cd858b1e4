import { findUnsafeInput, MAX_INPUT_DEPTH } from './validation';

/** `levels` nested objects, the body included: { a: { a: … 'x' } }. */
const nested = (levels: number): unknown => {
  let value: unknown = 'x';
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
};

describe('findUnsafeInput', () => {
  it('accepts nesting up to the limit and names the top field beyond it', () => {
    expect(findUnsafeInput(nested(MAX_INPUT_DEPTH))).toBeNull();
    expect(findUnsafeInput(nested(MAX_INPUT_DEPTH + 1))).toEqual({ field: 'a', messages: [`a is nested more than ${MAX_INPUT_DEPTH} levels deep`] });
    expect(findUnsafeInput([[[['x']]]], 3)).toMatchObject({ field: '0' });
    expect(findUnsafeInput({ ok: 'x', deep: nested(3) }, 3)).toMatchObject({ field: 'deep' });
  });

  it('walks a million levels without overflowing the stack', () => {
    const huge = JSON.parse(`${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}`);
    expect(findUnsafeInput(huge)).toMatchObject({ field: '0' });
  });

  it('finds NUL characters in values and in keys, in document order', () => {
    expect(findUnsafeInput({ a: 'fine', b: { c: 'x\u0000' }, d: '\u0000' })).toMatchObject({ field: 'b.c' });
    expect(findUnsafeInput({ variables: { 'a\u0000': 'x' } })).toEqual({
      field: 'variables',
      messages: ['variables must not have keys containing NUL (\\u0000) characters'],
    });
    expect(findUnsafeInput({ '\u0000': 1 })).toMatchObject({ field: 'value' });
    expect(findUnsafeInput('a\u0000')).toMatchObject({ field: 'value' });
    expect(findUnsafeInput({ a: ['ok', 'no\u0000'] })).toMatchObject({ field: 'a.1' });
  });

  it('leaves non-plain objects such as an uploaded Buffer alone', () => {
    expect(findUnsafeInput({ buffer: Buffer.from('a\u0000b'), at: new Date() })).toBeNull();
    expect(findUnsafeInput(undefined)).toBeNull();
    expect(findUnsafeInput(42)).toBeNull();
  });
});

describe('findUnsafeInput: keys and broken text', () => {
  it.each(['__proto__', 'constructor', 'prototype'])('refuses the key %s at any depth', (key) => {
    expect(findUnsafeInput(JSON.parse(`{"a":{"${key}":{"role":"admin"}}}`))).toMatchObject({ field: `a.${key}` });
    expect(findUnsafeInput(JSON.parse(`{"${key}":1}`))).toMatchObject({ field: key });
  });

  it('refuses lone surrogates but keeps real pairs', () => {
    expect(findUnsafeInput(JSON.parse('{"email":"\\ud800"}'))).toMatchObject({ field: 'email' });
    expect(findUnsafeInput(JSON.parse('{"a":"x\\udfff"}'))).toMatchObject({ field: 'a' });
    expect(findUnsafeInput(JSON.parse('{"\\ud800":"x"}'))).toMatchObject({ field: 'value' });
    expect(findUnsafeInput({ a: '😀 \ud83d\ude00 中文' })).toBeNull();
  });
});
