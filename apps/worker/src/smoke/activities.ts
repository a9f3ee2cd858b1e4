import { Context } from '@temporalio/activity';

/** Fails its first attempt so the smoke test also exercises the workflow's retry policy. */
export async function greet(name: string): Promise<string> {
  const { attempt } = Context.current().info;
  if (attempt === 1) throw new Error('transient failure (first attempt)');
  return `Hello, ${name}! (attempt ${attempt})`;
}
