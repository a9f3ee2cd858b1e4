// The OpenAI-compatible endpoint as a service would use it: the official SDK against the built
// API in its own process (embedded runner, instant LLM stub). Non-streaming completions and
// streamed ones (time to the first content chunk, and to [DONE]), one at a time and 20 at once.
import { createRequire } from 'node:module';
import { percentiles, root, startApi, startInstantLlm, json } from './support.mjs';

const require = createRequire(import.meta.url);
const SEQUENTIAL = 200;
const CONCURRENT = 20;
const CONCURRENT_TOTAL = 400;

export async function run() {
  const OpenAI = require(require.resolve('openai', { paths: [root] })).default;
  const llm = await startInstantLlm();
  const api = await startApi({
    LLM_BASE_URL: llm.baseUrl,
    EMBEDDING_BASE_URL: 'offline',
    JWT_SECRET: 'bench-secret-that-is-long-enough-for-hs256',
    ...(process.env.BENCH_DATABASE_URL && { DATABASE_URL: process.env.BENCH_DATABASE_URL }),
  });
  try {
    const { accessToken } = await json(api.base, 'POST', '/api/auth/login', { email: 'bench@example.com', password: 'quiet-harbour-lamp-42' });
    const { key } = await json(api.base, 'POST', '/api/auth/api-keys', { name: 'bench' }, accessToken);
    const assistant = await json(api.base, 'POST', '/api/assistants', { name: 'Bench', llmModel: 'gpt-4o-mini' }, accessToken);
    const client = new OpenAI({ apiKey: key, baseURL: `${api.base}/v1`, maxRetries: 0 });
    const messages = (i) => [{ role: 'user', content: `Question number ${i} about the handbook?` }];

    const whole = async (i) => {
      const t0 = performance.now();
      await client.chat.completions.create({ model: assistant.id, messages: messages(i) });
      return { done: performance.now() - t0 };
    };
    const streamed = async (i) => {
      const t0 = performance.now();
      let first;
      const stream = await client.chat.completions.create({ model: assistant.id, messages: messages(i), stream: true });
      for await (const chunk of stream) if (chunk.choices[0]?.delta.content) first ??= performance.now() - t0;
      return { first, done: performance.now() - t0 };
    };

    const ms = (v) => `${v.toFixed(1)} ms`;
    const line = (label, values) => {
      const p = percentiles(values);
      return `${label.padEnd(30)} p50 ${ms(p.p50)}  p95 ${ms(p.p95)}  p99 ${ms(p.p99)}`;
    };
    for (let i = 0; i < 5; i++) await streamed(i); // warm-up: tokenizer, JIT
    for (const [name, fn] of [
      ['non-streaming', whole],
      ['streaming', streamed],
    ]) {
      const results = [];
      for (let i = 0; i < SEQUENTIAL; i++) results.push(await fn(i));
      console.log(`/v1 ${name}, ${SEQUENTIAL} sequential (each a new conversation):`);
      if (name === 'streaming')
        console.log(
          `  ${line(
            'POST → first content chunk',
            results.map((r) => r.first),
          )}`,
        );
      console.log(
        `  ${line(
          name === 'streaming' ? 'POST → [DONE]' : 'POST → completion',
          results.map((r) => r.done),
        )}`,
      );

      let next = 0;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: CONCURRENT }, async () => {
          while (next < CONCURRENT_TOTAL) await fn(next++);
        }),
      );
      console.log(`  ${CONCURRENT_TOTAL} at ${CONCURRENT} concurrent: ${(CONCURRENT_TOTAL / ((performance.now() - started) / 1000)).toFixed(1)} completions/s`);
    }
  } finally {
    await api.stop();
    await llm.close();
  }
}
