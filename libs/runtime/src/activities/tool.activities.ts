import { MASKED_SECRET, type NewToolCall, type ToolCallRecord, toToolCallView } from '@assistants/adapters';
import type { ChatMessage, ModelToolCall, OfferedTool, ToolServerConnection, ToolSpec, TurnToolCall } from '@assistants/domain';
import { type ChatTurnActivities, searchToolLimit, type ToolCallInput, type TurnRef } from '@assistants/workflows';
import { compactToolCall, type MessageSource } from '@assistants/common';
import type { ActivityDeps } from './deps';
import type { LinkedTool, ToolDeps } from './tool-deps';
import { InlineCpuRunner } from '../cpu/cpu-pool';

/** Longest arguments a model may send to one call (JSON text). */
const MAX_ARGUMENT_CHARS = 100_000;
export const INTERRUPTED_CALL = 'The call was interrupted (its worker stopped): the tool may or may not have run, so it is not called again.';
const LAST_ROUND_NOTE = 'No more tool calls are possible in this turn: answer now with what you have.';

/** The functions the model sees for the linked tools: names unique and in OpenAI's alphabet. */
export function offeredTools(linked: LinkedTool[]): OfferedTool[] {
  const taken = new Set<string>();
  return linked.map((tool) => {
    const base = (tool.builtin ?? `${tool.server}_${tool.name}`).replace(/[^a-zA-Z0-9_-]+/g, '_').slice(0, 60) || 'tool';
    let functionName = base;
    for (let n = 2; taken.has(functionName); n++) functionName = `${base}_${n}`;
    taken.add(functionName);
    const hints = tool.annotations ?? {};
    return {
      functionName,
      description: tool.description,
      parameters: tool.inputSchema,
      serverId: tool.serverId,
      server: tool.server,
      name: tool.name,
      builtin: tool.builtin,
      needsApproval: tool.approval === 'always',
      retryable: hints.readOnlyHint === true || hints.idempotentHint === true,
    };
  });
}

export function toolSpecs(offered: OfferedTool[]): ToolSpec[] {
  return offered.map((tool) => ({ name: tool.functionName, description: tool.description, parameters: tool.parameters }));
}

export function toTurnCall(row: ToolCallRecord): TurnToolCall {
  return {
    id: row.id,
    server: row.server,
    name: row.name,
    status: row.status,
    retryable: row.retryable,
    approvalDeadline: row.approvalDeadline?.getTime() ?? null,
  };
}

/** What the model reads as a call's result. */
function resultForModel(row: ToolCallRecord): string {
  if (row.status === 'done') return row.result ?? '';
  if (row.status === 'rejected') return `The call was not run. ${row.error ?? 'It was rejected.'}`;
  return `The call failed: ${row.error ?? 'unknown error'}${row.result ? `\n${row.result}` : ''}`;
}

/** The conversation so far with the replies that called tools and their results, round by round. */
export function withToolRounds(messages: ChatMessage[], earlier: ToolCallRecord[], offered: OfferedTool[], lastRound: boolean): ChatMessage[] {
  const out = [...messages];
  const functionOf = (row: ToolCallRecord) => offered.find((t) => t.server === row.server && t.name === row.name)?.functionName ?? row.name;
  for (let i = 0; i < earlier.length;) {
    const round = earlier[i].round;
    const calls = [];
    for (; i < earlier.length && earlier[i].round === round; i++) calls.push(earlier[i]);
    out.push({
      role: 'assistant',
      content: calls[0].roundText ?? '',
      toolCalls: calls.map((row) => ({ id: row.modelCallId, name: functionOf(row), arguments: row.arguments })),
    });
    for (const row of calls) out.push({ role: 'tool', toolCallId: row.modelCallId, content: resultForModel(row) });
  }
  if (lastRound) out.push({ role: 'system', content: LAST_ROUND_NOTE });
  return out;
}

/** A model's call as recorded: refused at once when it names no offered tool or its arguments are not a JSON object. */
export function newToolCall(call: ModelToolCall, offered: OfferedTool[], approvalTimeoutMs: number, now = Date.now()): NewToolCall {
  const tool = offered.find((t) => t.functionName === call.name);
  const base = { modelCallId: call.id, arguments: call.arguments.slice(0, MAX_ARGUMENT_CHARS), approvalDeadline: null, error: null };
  if (!tool) {
    return {
      ...base,
      serverId: null,
      server: 'unknown',
      name: call.name.slice(0, 200),
      builtin: null,
      needsApproval: false,
      retryable: false,
      status: 'failed',
      error: `No tool named "${call.name.slice(0, 200)}" is available.`,
    };
  }
  const known = {
    ...base,
    serverId: tool.serverId,
    server: tool.server,
    name: tool.name,
    builtin: tool.builtin,
    needsApproval: tool.needsApproval,
    retryable: tool.retryable,
  };
  const problem = argumentProblem(call.arguments);
  if (problem) return { ...known, status: 'failed', error: problem };
  if (tool.needsApproval) return { ...known, status: 'awaiting_approval', approvalDeadline: new Date(now + approvalTimeoutMs) };
  return { ...known, status: 'running' };
}

function argumentProblem(text: string): string | null {
  if (text.length > MAX_ARGUMENT_CHARS) return `The arguments are longer than ${MAX_ARGUMENT_CHARS} characters.`;
  try {
    const parsed: unknown = text.trim() ? JSON.parse(text) : {};
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? null : 'The arguments must be a JSON object.';
  } catch (error) {
    return `The arguments are not valid JSON (${(error as Error).message}).`;
  }
}

/** Secret values (header and environment values) replaced in a text that may quote them, such as an error. */
function scrub(text: string, secrets: string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join(MASKED_SECRET);
  return out;
}

function secretValues(connection: { transport: string; headers?: Record<string, string>; env?: Record<string, string> }): string[] {
  return [...Object.values(connection.headers ?? {}), ...Object.values(connection.env ?? {})];
}

type ServerConnection = { name: string; connection: ToolServerConnection };

type ToolActivities = Pick<ChatTurnActivities, 'settleApproval' | 'callTool' | 'callToolOnce' | 'failToolCall'>;

/** The steps of a turn's tool calls. Each reads the call's state first, so running one again changes nothing it should not. */
export function createToolActivities(
  deps: ActivityDeps,
  tools: ToolDeps | undefined,
): ToolActivities & { publishCall(turn: TurnRef, row: ToolCallRecord): void } {
  const { events, env } = deps;
  const cpu = deps.cpu ?? new InlineCpuRunner();
  const need = (): ToolDeps => {
    if (!tools) throw new Error('Tool calling is not set up in this worker.');
    return tools;
  };

  function publishCall(turn: TurnRef, row: ToolCallRecord): void {
    events.publish({
      type: 'tool.call',
      taskId: turn.taskId,
      conversationId: turn.conversationId,
      messageId: turn.assistantMessageId,
      call: compactToolCall(toToolCallView(row)),
    });
  }

  async function current(call: TurnToolCall): Promise<ToolCallRecord> {
    const row = await need().calls.find(call.id);
    if (!row) throw new Error(`The tool call ${call.id} was removed.`);
    return row;
  }

  /** The MCP or built-in call itself; throws on transport failure. */
  async function execute(
    { turn, firstCitation = 1 }: ToolCallInput,
    row: ToolCallRecord,
    args: Record<string, unknown>,
    signal: AbortSignal,
    claimed?: { server: ServerConnection | null },
  ): Promise<{ text: string; isError: boolean; secrets: string[]; sources?: MessageSource[] }> {
    const { catalog, settings } = need();
    if (row.builtin === 'search_knowledge') {
      const query = typeof args.query === 'string' ? args.query.slice(0, 2000) : '';
      if (!query.trim()) return { text: 'The argument "query" must be a non-empty string.', isError: true, secrets: [] };
      const found = await deps.retriever.retrieve(turn.assistantId, query, searchToolLimit(turn), signal);
      // Numbered after the prompt's passages (and earlier searches'): the answer cites them like those, and they join its sources.
      const sources = found.passages.map((p, i): MessageSource => ({
        citation: firstCitation + i,
        chunkId: p.chunkId,
        documentId: p.documentId,
        filename: p.filename,
        position: p.position,
        score: p.score,
        text: p.text,
        metadata: p.metadata,
      }));
      const text = sources.length
        ? sources.map((p) => `[${p.citation}] ${p.filename}${typeof p.metadata.page === 'number' ? `, page ${p.metadata.page}` : ''}\n${p.text}`).join('\n\n')
        : 'Nothing in the knowledge base matches.';
      return { text, isError: false, secrets: [], sources };
    }
    // Checked at call time: a server no longer linked, or no longer usable by the assistant's owner, is not called.
    // A claimed call's server was read with its claim; one run again reads it now.
    const server = !row.serverId ? null : claimed ? claimed.server : await catalog.toolServerConnection(row.serverId, turn.assistantId);
    if (!server) return { text: 'This tool is no longer available to the assistant.', isError: true, secrets: [] };
    const secrets = secretValues(server.connection);
    const lease = await need()
      .connect(row.serverId!, server.connection)
      .catch((error: Error) => {
        throw new Error(scrub(`Could not connect to the tool server "${server.name}": ${error.message}`, secrets));
      });
    try {
      const output = await lease.callTool(row.name, args, { timeoutMs: settings.callTimeoutMs, signal });
      await lease.release();
      return { ...output, secrets };
    } catch (error) {
      await lease.release(true);
      throw new Error(scrub((error as Error).message, secrets));
    }
  }

  async function run(input: ToolCallInput, once: boolean): Promise<TurnToolCall> {
    const { turn, call } = input;
    const { calls, settings, claim } = need();
    // Claimed first, with its server: the common case is one statement. Not claimed: decided, ended, or started by an earlier attempt.
    const claimed = await claim(call.id);
    let row = claimed?.call;
    if (!row) {
      const now = await current(call);
      if (now.status !== 'running') return toTurnCall(now);
      if (once || !now.retryable) {
        const failed = await calls.finish(now, { status: 'failed', error: INTERRUPTED_CALL });
        if (failed) publishCall(turn, failed);
        return toTurnCall(failed ?? (await current(call)));
      }
      row = now;
    }
    events.publish({
      type: 'typing',
      taskId: turn.taskId,
      conversationId: turn.conversationId,
      messageId: turn.assistantMessageId,
      state: 'start',
      stage: 'calling_tool',
      tool: `${row.server}/${row.name}`,
    });
    const began = performance.now();
    const beat = setInterval(() => env.heartbeat(row.id), 2000);
    let finished: ToolCallRecord | null;
    try {
      const output = await execute(input, row, JSON.parse(row.arguments.trim() || '{}') as Record<string, unknown>, env.signal(), claimed ?? undefined);
      // Every token is at least a byte: a result of no more bytes than the budget has nothing to cut (no trip to the pool's thread).
      const fits = output.text.length <= settings.resultMaxTokens && Buffer.byteLength(output.text) <= settings.resultMaxTokens;
      const result = fits ? output.text : await cpu.run('cutToTokens', { text: output.text, maxTokens: settings.resultMaxTokens }, { signal: env.signal() });
      const durationMs = Math.round(performance.now() - began);
      finished = await calls.finish(
        row,
        output.isError ? { status: 'failed', error: firstLine(result), result, durationMs } : { status: 'done', result, durationMs, sources: output.sources },
      );
    } catch (error) {
      // A transport failure of a call that may run again is the step's to retry; failToolCall records the last one.
      if (!once && row.retryable) throw error;
      finished = await calls.finish(row, {
        status: 'failed',
        error: (error as Error).message || 'The call failed.',
        durationMs: Math.round(performance.now() - began),
      });
    } finally {
      clearInterval(beat);
    }
    if (finished) publishCall(turn, finished);
    return toTurnCall(finished ?? (await current(call)));
  }

  return {
    publishCall,
    async settleApproval({ turn, call }) {
      const row = await current(call);
      if (row.status !== 'awaiting_approval') return toTurnCall(row);
      const expired = await need().calls.expire(row);
      if (expired) publishCall(turn, expired);
      return toTurnCall(expired ?? (await current(call)));
    },
    callTool: (input) => run(input, false),
    callToolOnce: (input) => run(input, true),
    async failToolCall({ turn, call, error }) {
      const row = await current(call);
      const failed = row.status === 'running' ? await need().calls.finish(row, { status: 'failed', error }) : null;
      if (failed) publishCall(turn, failed);
      return toTurnCall(failed ?? row);
    },
  };
}

function firstLine(text: string): string {
  const line = text.split('\n', 1)[0].trim();
  return line.length > 500 ? `${line.slice(0, 500)}…` : line || 'The tool reported an error.';
}
