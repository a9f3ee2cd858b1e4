import { MAX_CONVERSATION_TAG_LENGTH, type ProblemCode } from '@assistants/common';
import { SendMessageDto } from '../chat/dto/chat.dto';
import { UpdateConversationDto } from '../conversations/dto/conversation.dto';
import { UpdateTemplateDto } from '../templates/dto/template.dto';
import { formatProblem } from './errors/problem-text';
import { createValidationPipe, type ValidationProblem } from './validation';

/** The field problems the validation pipe answers for a body of this DTO. */
async function problemsOf(metatype: new () => object, body: object) {
  try {
    await createValidationPipe().transform(body, { type: 'body', metatype });
  } catch (error) {
    return (error as ValidationProblem).errors;
  }
  throw new Error('the body was accepted');
}

describe('patterns with a problem code of their own', () => {
  it('a conversation’s tag names the tag rule, its limit and the signs allowed; the message stays as it was', async () => {
    expect(await problemsOf(UpdateConversationDto, { tags: ['ok', '#bad'] })).toEqual([
      {
        field: 'tags',
        messages: [`each tag must be 1-${MAX_CONVERSATION_TAG_LENGTH} letters, digits, spaces, _ . or -`],
        code: 'validation.tag_format',
        params: { field: 'tags', max: MAX_CONVERSATION_TAG_LENGTH, allowed: '_ . -' },
      },
    ]);
  });

  it('a template’s tag has the same code', async () => {
    const [problem] = await problemsOf(UpdateTemplateDto, { tags: ['a'.repeat(41)] });
    expect(problem).toMatchObject({ field: 'tags', code: 'validation.tag_format', params: { max: 40 } });
  });

  it('a clientMessageId says which signs it may use, and reads as a sentence in English', async () => {
    const [problem] = await problemsOf(SendMessageDto, { content: 'hi', clientMessageId: 'has space' });
    expect(problem).toEqual({
      field: 'clientMessageId',
      messages: ['clientMessageId must be 1-100 letters, digits, _ . : or -'],
      code: 'validation.id_format',
      params: { field: 'clientMessageId', max: 100, allowed: '_ . : -' },
    });
    expect(formatProblem(problem.code as ProblemCode, problem.params)).toBe('Use 1 to 100 letters, digits or _ . : -, without spaces.');
  });

  it('other rules keep their codes', async () => {
    const [problem] = await problemsOf(UpdateConversationDto, { tags: Array.from({ length: 11 }, (_, i) => `t${i}`) });
    expect(problem).toMatchObject({ field: 'tags', code: 'validation.too_many', params: { max: 10 } });
  });
});
