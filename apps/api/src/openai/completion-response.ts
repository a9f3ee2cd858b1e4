import { HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { finishReason, toChunk, toSources, toToolCalls, toUsage } from './completion.view';
import { toOpenAiError } from '../common/errors';
import type { OpenAiService, StartedTurn } from './openai.service';

const KEEP_ALIVE_MS = 15_000;
const logger = new Logger('OpenAI');

/** Waits for the turn to end and answers with the whole completion; a client that leaves stops the wait, not the turn. */
export async function sendCompletion(openai: OpenAiService, started: StartedTurn, response: Response): Promise<void> {
  response.on('close', () => started.watch.close());
  const status = await started.watch.follow(started.turn.taskId, started.turn.assistantMessageId);
  if (status !== null) response.status(200).json(await openai.completion(started, status));
}

/**
 * Server-sent events as OpenAI streams them: a role chunk, content deltas as the
 * worker produces them, a chunk with finish_reason (and our `sources`), a usage chunk
 * when asked for, then [DONE]. A client that goes away stops the stream, not the turn:
 * the answer is still written and stored, and can be read in its conversation.
 */
export async function streamCompletion(
  openai: OpenAiService,
  started: StartedTurn,
  includeUsage: boolean,
  request: Request,
  response: Response,
): Promise<void> {
  const { ids, turn, watch } = started;
  response.status(200).set({ 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache, no-transform', 'X-Accel-Buffering': 'no' });
  response.flushHeaders();
  const write = (text: string) => {
    if (!response.writableEnded && !response.destroyed) response.write(text);
  };
  const send = (data: object | string) => write(`data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);
  // OpenAI puts usage: null on every chunk but the last when the client asked for usage.
  const usage = includeUsage ? { usage: null } : {};
  // A comment line now and then keeps proxies from closing a quiet stream (e.g. a long retrieval).
  const keepAlive = setInterval(() => write(': keep-alive\n\n'), KEEP_ALIVE_MS);
  response.on('close', () => watch.close());

  send(toChunk(ids, { role: 'assistant', content: '' }, null, usage));
  let sent = '';
  try {
    const status = await watch.follow(turn.taskId, turn.assistantMessageId, (text) => {
      sent += text;
      send(toChunk(ids, { content: text }, null, usage));
    });
    if (status === null) return;
    const message = await openai.answer(started, status);
    // Live events are best effort (a lost notification): the stored answer completes the text.
    if (message.content.length > sent.length && message.content.startsWith(sent))
      send(toChunk(ids, { content: message.content.slice(sent.length) }, null, usage));
    else if (message.content !== sent) logger.warn(`streamed text of ${turn.assistantMessageId} differs from the stored answer (the generation was retried)`);
    send(
      toChunk(ids, {}, finishReason(message), { ...usage, conversation_id: ids.conversationId, sources: toSources(message), tool_calls: toToolCalls(message) }),
    );
    if (includeUsage) send({ ...toChunk(ids, {}), choices: [], usage: toUsage(message) });
    send('[DONE]');
  } catch (error) {
    if (!(error instanceof HttpException)) logger.error({ err: error, requestId: (request as { id?: unknown }).id }, 'stream failed');
    const { status: _status, ...body } = toOpenAiError(error, request);
    send(body);
  } finally {
    clearInterval(keepAlive);
    watch.close();
    response.end();
  }
}
