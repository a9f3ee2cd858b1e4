// The worker's side of `npm run bench -- ws`, in its own process: streams answers from an instant
// LLM stub through the real OpenAI client and publishes them to Redis with the real publisher, in
// the shape the generate step publishes (typing, snapshot, deltas with seq and emit time, done).
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { root, startInstantLlm } from './support.mjs';

const require = createRequire(import.meta.url);
const { RedisEventPublisher, createChatModel } = require(join(root, 'dist/libs/adapters/src/index.js'));

const { REDIS_URL, REDIS_KEY_PREFIX, BENCH_TOKENS } = process.env;
const llm = await startInstantLlm({ tokens: Number(BENCH_TOKENS) });
const model = createChatModel({ baseUrl: llm.baseUrl, apiKey: 'bench', timeoutMs: 60_000 });
const events = new RedisEventPublisher(REDIS_URL, REDIS_KEY_PREFIX);
await events.connect();
const wallClock = () => performance.timeOrigin + performance.now();

async function answer({ taskId, conversationId, messageId }) {
  const ids = { taskId, conversationId, messageId };
  events.publish({ type: 'typing', ...ids, state: 'start', stage: 'generating' });
  events.publish({ type: 'message.snapshot', ...ids, seq: 0, text: '' });
  let length = 0;
  await model.stream(
    { model: 'bench', messages: [{ role: 'user', content: 'go' }], temperature: 0, maxTokens: 1000 },
    {
      onDelta: (text) => {
        if (!text) return;
        length += text.length;
        events.publish({ type: 'message.delta', ...ids, seq: length, text, emittedAt: wallClock() });
      },
    },
  );
  events.publish({ type: 'typing', ...ids, state: 'stop' });
  events.publish({ type: 'message.done', ...ids });
}

process.on('message', async ({ turns }) => {
  const started = performance.now();
  await Promise.all(turns.map(answer));
  process.send({ finished: true, ms: performance.now() - started, dropped: events.dropped });
});
process.on('disconnect', async () => {
  await events.close();
  await llm.close();
  process.exit(0);
});
process.send({ ready: true });
