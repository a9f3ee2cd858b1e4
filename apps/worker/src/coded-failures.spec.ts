import { LlmUnavailableError } from '@assistants/domain';
import { DocumentLimitError } from '@assistants/ingest';
import type { Activities } from '@assistants/runtime';
import { ApplicationFailure } from '@temporalio/activity';
import { codedFailure, withCodedFailures } from './coded-failures';

describe('coded activity failures', () => {
  it("carries a document error's code to the workflow as the failure's detail, under the type Temporal would give it", () => {
    const error = new DocumentLimitError('"big.csv" would be cut into more than 5,000 passages.', { code: 'document.too_many_chunks', params: { max: 5000 } });
    const failure = codedFailure(error) as ApplicationFailure;
    expect(failure).toBeInstanceOf(ApplicationFailure);
    // The type retry policies match (non-retryable types) stays the class name.
    expect(failure).toMatchObject({
      type: 'DocumentLimitError',
      message: error.message,
      details: [{ code: 'document.too_many_chunks', params: { max: 5000 } }],
    });
  });

  it("types a model provider's failure by its class and one rebuilt from a CPU thread by its name", () => {
    const rateLimited = new LlmUnavailableError('chat completion failed (HTTP 429): slow down', 429);
    expect(codedFailure(rateLimited)).toMatchObject({ type: 'LlmUnavailableError', details: [{ code: 'chat.provider_rate_limited' }] });
    // What the CPU pool throws for an error class it does not rebuild: a plain Error under the class's name.
    const rebuilt = Object.assign(new Error('The message and instructions need 9000 tokens'), {
      name: 'SomeThreadError',
      problem: { code: 'chat.prompt_too_long' },
    });
    expect(codedFailure(rebuilt)).toMatchObject({ type: 'SomeThreadError', details: [{ code: 'chat.prompt_too_long' }] });
  });

  it('leaves an error without a code, and a failure made already, as they are', () => {
    const plain = new Error('vector index unreachable');
    expect(codedFailure(plain)).toBe(plain);
    const made = ApplicationFailure.create({ message: 'x', type: 'X' });
    expect(codedFailure(made)).toBe(made);
  });

  it('wraps every activity, passing its arguments and result through', async () => {
    const activities = {
      echo: async (a: number, b: number) => a + b,
      fail: async () => {
        throw new DocumentLimitError('too long', { code: 'document.parse_timeout', params: { seconds: 60 } });
      },
    } as unknown as Activities;
    const wrapped = withCodedFailures(activities) as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
    await expect(wrapped.echo(2, 3)).resolves.toBe(5);
    await expect(wrapped.fail()).rejects.toMatchObject({ type: 'DocumentLimitError', details: [{ code: 'document.parse_timeout', params: { seconds: 60 } }] });
  });
});
