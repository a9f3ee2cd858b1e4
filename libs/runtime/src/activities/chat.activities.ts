import { type AssistantType, getSystemPrompt, type LlmRequestView, type MessageSource, type MessageTimings } from '@assistants/common';
import type { GeneratedAnswer, PromptMessage } from '@assistants/domain';
import type { ToolCallRecord } from '@assistants/adapters';
import type { ChatTurnActivities, TurnRef } from '@assistants/workflows';
import { type ActivityDeps, DEFAULT_CHAT_SETTINGS } from './deps';
import { chooseTemplateVersion } from './template-choice';
import { searchAttachments, waitForAttachments } from './conversation-documents';
import { summarise } from '@assistants/domain';
import { InlineCpuRunner } from '../cpu/cpu-pool';
import { createToolActivities, newToolCall, offeredTools, toolSpecs, toTurnCall, withToolRounds } from './tool.activities';

const elapsed = (since: number) => Math.round((performance.now() - since) * 100) / 100;
/** Wall-clock ms with sub-ms precision, comparable across processes on one machine (lag measurement). */
const wallClock = () => performance.timeOrigin + performance.now();
/** Longer deltas are published in pieces, each with its own seq, so every event stays small (NOTIFY caps at 8000 bytes). */
const MAX_DELTA = 1000;

/** Splits text into pieces of at most MAX_DELTA code units, never between the halves of a surrogate pair. */
function pieces(text: string): string[] {
  if (text.length <= MAX_DELTA) return [text];
  const out: string[] = [];
  for (let i = 0; i < text.length;) {
    let end = Math.min(i + MAX_DELTA, text.length);
    const code = text.charCodeAt(end - 1);
    if (end < text.length && code >= 0xd800 && code <= 0xdbff) end -= 1;
    out.push(text.slice(i, end));
    i = end;
  }
  return out;
}

/** What a prompt needs of the assistant and its conversation. */
interface PromptSettings {
  llmModel: string;
  /** The provider of llmModel: null is the built-in one. */
  providerId: string | null;
  temperature: number;
  maxTokens: number;
  systemPrompt: string | null;
  assistantType: AssistantType;
  contextSummary: string | null;
  hasTools: boolean;
}

/** The steps of a chat turn. Each may run again after a crash or retry and leaves the same result. */
export function createChatActivities(deps: ActivityDeps): ChatTurnActivities {
  const { prisma, sql, stores, events, env } = deps;
  const { tasks, messages } = stores;
  const settings = { ...DEFAULT_CHAT_SETTINGS, ...deps.chat };
  const cpu = deps.cpu ?? new InlineCpuRunner();
  const toolSteps = createToolActivities(deps, deps.tools);

  // Every event of a turn names its conversation: that is what live clients subscribe to.
  const ids = (turn: TurnRef) => ({ taskId: turn.taskId, conversationId: turn.conversationId, messageId: turn.assistantMessageId });

  function publishStage(turn: TurnRef, stage: 'retrieving' | 'generating', progress: number): void {
    events.publish({ type: 'task.status', taskId: turn.taskId, kind: 'chat', status: stage, progress, conversationId: turn.conversationId });
    events.publish({ type: 'typing', ...ids(turn), state: 'start', stage });
  }

  async function setStage(turn: TurnRef, status: 'retrieving' | 'generating', progress: number): Promise<void> {
    if (await tasks.enterStage(turn.taskId, status, progress)) publishStage(turn, status, progress);
  }

  /** The model of a provider admins added (its key opened now, never carried in the prompt), or the built-in one. */
  async function modelFor(providerId: string | null | undefined) {
    if (!providerId || !deps.llmProviders) return deps.chatModel;
    const endpoint = await deps.llmProviders.endpoint(providerId);
    // Removed since the prompt was built: the assistant now falls back to the built-in provider, and so does this turn.
    return deps.llmProviders.chatModel(endpoint);
  }

  return {
    settleApproval: toolSteps.settleApproval,
    callTool: toolSteps.callTool,
    callToolOnce: toolSteps.callToolOnce,
    failToolCall: toolSteps.failToolCall,

    async retrieveContext(turn) {
      // The stage is written while the search runs: neither needs the other, and the step ends when both have.
      const staged = setStage(turn, 'retrieving', 10);
      // Files attached to this conversation are read for it alone (and waited for, bounded, while still being read).
      const attached = async () => {
        await waitForAttachments(sql, turn.conversationId, env.signal());
        return searchAttachments(sql, turn.conversationId, turn.question, turn.search.limit);
      };
      if (!turn.search.enabled) {
        const [, own] = await Promise.all([staged, attached()]);
        return { query: turn.question, passages: own, durationMs: 0 };
      }
      const started = performance.now();
      const search = Promise.all([deps.retriever.retrieve(turn.assistantId, turn.question, turn.search.limit, env.signal()), attached()]).then(
        ([found, own]) => ({ found: { ...found, passages: [...own, ...found.passages] }, durationMs: elapsed(started) }),
      );
      // Both settle before the step ends, even when one fails: no stage write may land after the step (and a retry, or the turn's end).
      const [stage, searched] = await Promise.allSettled([staged, search]);
      if (stage.status === 'rejected') throw stage.reason;
      if (searched.status === 'rejected') throw searched.reason;
      const { found, durationMs } = searched.value;
      return { query: turn.question, passages: found.passages, legs: found.legs, durationMs };
    },

    async chooseTemplate(turn) {
      if (!turn.templateId) return null;
      // Checked again now, not only when the message was sent. A template the sender picked answers
      // to them; the assistant's default to the assistant's owner.
      const task = await tasks.find(turn.taskId);
      const picked = !!task && (task.input as { templateId?: string } | null)?.templateId === turn.templateId;
      const decision = await chooseTemplateVersion(prisma, {
        assistantId: turn.assistantId,
        templateId: turn.templateId,
        senderId: picked ? task.userId : null,
      });
      // Not usable (deleted, no longer shared, not linked): answer without it, saying why, rather than fail.
      if ('refused' in decision) return { id: turn.templateId, notUsed: decision.reason };
      return { ...decision.use, variables: turn.variables };
    },

    async buildPrompt({ turn, retrieval, template }) {
      const [[settingsRow], earlier] = await Promise.all([
        // The assistant's settings and the conversation's summary in one statement: no row when either is gone.
        sql.query<PromptSettings>(
          `SELECT CASE WHEN a.allow_model_choice AND c.llm_model IS NOT NULL THEN c.llm_model ELSE a.llm_model END AS "llmModel",
             CASE WHEN a.allow_model_choice AND c.llm_model IS NOT NULL THEN c.llm_provider_id ELSE a.llm_provider_id END AS "providerId",
             a.temperature, a.max_tokens AS "maxTokens", a.system_prompt AS "systemPrompt",
             a.assistant_type::text AS "assistantType", c.context_summary AS "contextSummary",
             EXISTS (SELECT 1 FROM assistant_tools t WHERE t.assistant_id = a.id) AS "hasTools"
           FROM assistants a, conversations c WHERE a.id = $1 AND c.id = $2`,
          [turn.assistantId, turn.conversationId],
        ),
        messages.recentHistory(turn.conversationId, new Date(turn.userMessageAt), settings.historyMessages),
      ]);
      if (!settingsRow) throw new Error(`The assistant ${turn.assistantId} or the conversation ${turn.conversationId} of this turn was removed.`);
      const { contextSummary, hasTools, providerId, ...assistant } = settingsRow;
      // Most assistants have no tools: then the turn asks nothing more.
      const linked = hasTools && deps.tools ? deps.tools.catalog.linkedTools(turn.assistantId) : undefined;
      // Counting the prompt's tokens is CPU work: in the pool's chat thread, never on this one.
      const input = {
        model: assistant.llmModel,
        temperature: assistant.temperature,
        maxTokens: assistant.maxTokens,
        systemPrompt: getSystemPrompt(assistant),
        question: retrieval.query,
        template,
        passages: retrieval.passages,
        history: earlier.reverse().map((m): PromptMessage => ({ role: m.role as PromptMessage['role'], content: m.content })),
        contextSummary,
        searchFailed: !!retrieval.legs?.length && retrieval.legs.every((leg) => leg.status !== 'ok'),
        maxTemplateChars: settings.maxRenderedTemplateChars,
      };
      const [built, tools] = await Promise.all([cpu.run('buildPrompt', input, { signal: env.signal() }), linked]);
      // Only the provider's id travels with the prompt (into workflow histories): its key is opened when the model is called.
      const prompt = providerId ? { ...built, providerId } : built;
      if (!tools?.tools.length) return prompt;
      return { ...prompt, tools: offeredTools(tools.tools), maxToolRounds: tools.maxToolRounds };
    },

    async generateAnswer({ turn, prompt, round, lastRound = false }): Promise<GeneratedAnswer> {
      const { taskId, assistantMessageId } = turn;
      const tools = deps.tools;
      const offered = tools ? (prompt.tools ?? []) : [];
      // The earlier rounds are read beside the stage's and the answer's writes, not before them: one
      // round trip, not two. Those writes are what a new reply needs; for a reply recorded before
      // (this step ran again after a crash) they only clear the partial text the next reply clears anyway.
      const [known, entered] = await Promise.all([
        round !== undefined && tools ? tools.calls.upTo(assistantMessageId, round) : ([] as ToolCallRecord[]),
        tasks.enterStage(taskId, 'generating', 40),
        messages.startAnswer(assistantMessageId),
      ]);
      // A reply recorded before stands: its calls may have run.
      const recorded = known.filter((call) => call.round === round);
      if (recorded.length) {
        const usage = { promptTokens: 0, completionTokens: 0, totalTokens: 0 };
        const content = recorded[0].roundText ?? '';
        return {
          content,
          provider: prompt.providerId ? 'openai' : deps.chatModel.provider,
          model: prompt.model,
          finishReason: 'tool_calls',
          usage,
          timeToFirstTokenMs: null,
          durationMs: 0,
          toolCalls: recorded.map(toTurnCall),
        };
      }
      const chatModel = await modelFor(prompt.providerId);
      const chatMessages = round ? withToolRounds(prompt.messages, known, offered, lastRound) : prompt.messages;
      const offer = offered.length && !lastRound ? toolSpecs(offered) : undefined;
      // Cancelled meanwhile (Temporal does not wait for a step to stop): the model is not called.
      if (!entered) throw new Error(`Task ${taskId} has ended; the answer is not generated.`);
      publishStage(turn, 'generating', 40);
      // The answer (re)starts from nothing: clients holding text of an earlier attempt replace it.
      events.publish({ type: 'message.snapshot', ...ids(turn), seq: 0, text: '' });
      const started = performance.now();
      let content = '';
      let firstTokenMs: number | null = null;
      let lastFlush = started;
      let flushing: Promise<unknown> = Promise.resolve();
      // Polling clients read the partial answer from the message; writes are batched and ordered.
      const flush = () => {
        const snapshot = content;
        flushing = flushing.then(() => messages.savePartialAnswer(assistantMessageId, snapshot)).catch(() => undefined);
      };
      const beat = setInterval(() => env.heartbeat(content.length), 1000);
      try {
        const result = await chatModel.stream(
          {
            model: prompt.model,
            messages: chatMessages,
            temperature: prompt.temperature,
            maxTokens: prompt.maxTokens,
            // Later rounds' prompts grow by the calls and their results: let the model count them.
            ...(!round && { promptTokens: prompt.promptTokens }),
            ...(offer && { tools: offer }),
          },
          {
            signal: env.signal(),
            onDelta: (delta) => {
              if (!delta) return;
              firstTokenMs ??= elapsed(started);
              // seq is the text's length after the piece, so the partial text saved below carries its own seq.
              for (const text of pieces(delta)) {
                content += text;
                events.publish({ type: 'message.delta', ...ids(turn), seq: content.length, text, emittedAt: wallClock() });
              }
              if (performance.now() - lastFlush >= settings.partialFlushMs) {
                lastFlush = performance.now();
                env.heartbeat(content.length);
                flush();
              }
            },
          },
        );
        await flushing;
        const answer: GeneratedAnswer = {
          content: result.content,
          provider: result.provider,
          model: result.model,
          finishReason: result.finishReason,
          usage: result.usage,
          timeToFirstTokenMs: firstTokenMs,
          durationMs: elapsed(started),
        };
        if (!offer || !tools || !result.toolCalls?.length) return answer;
        const asked = result.toolCalls.map((call) => newToolCall(call, offered, tools.settings.approvalTimeoutMs));
        const recorded = await tools.calls.recordRound(
          { messageId: assistantMessageId, taskId, assistantId: turn.assistantId },
          round ?? 0,
          result.content,
          asked,
        );
        for (const row of recorded) toolSteps.publishCall(turn, row);
        return { ...answer, toolCalls: recorded.map(toTurnCall) };
      } catch (error) {
        // Keep what streamed so far: a cancelled turn shows its partial answer.
        flush();
        await flushing;
        throw error;
      } finally {
        clearInterval(beat);
      }
    },

    async storeAnswer({ turn, prompt, answer, template, templateNotUsed, timings, search }) {
      const processingTimeMs = Date.now() - turn.userMessageAt;
      // Typed with the message view's own types: what is stored here is what clients read back.
      const promptSources = prompt.citations.map((p, i): MessageSource => ({
        citation: i + 1,
        chunkId: p.chunkId,
        documentId: p.documentId,
        filename: p.filename,
        position: p.position,
        score: p.score,
        text: p.text,
        metadata: p.metadata,
        ...(p.legs && { legs: p.legs }),
      }));
      // Passages the model found itself (search_knowledge) are cited after the prompt's.
      const searched = deps.tools && prompt.tools?.some((t) => t.builtin === 'search_knowledge') ? await deps.tools.calls.sources(turn.assistantMessageId) : [];
      const searchResults = [...promptSources, ...(searched as MessageSource[])];
      // What was sent to the model, for the technical-details view; never any credentials.
      const llmRequest: LlmRequestView = {
        provider: answer.provider,
        model: prompt.model,
        temperature: prompt.temperature,
        maxTokens: prompt.maxTokens,
        messages: prompt.messages,
        promptTokens: prompt.promptTokens,
        historyMessages: prompt.historyMessages,
        usedSummary: prompt.usedSummary,
        truncated: prompt.truncated,
        finishReason: answer.finishReason,
        template: template && { id: template.id, name: template.name },
        ...(templateNotUsed && { templateNotUsed }),
        ...(search && { search }),
        ...(prompt.tools?.length && { tools: prompt.tools.map((t) => ({ name: t.functionName, server: t.server, tool: t.name })) }),
      };
      await messages.storeAnswer(turn.assistantMessageId, {
        content: answer.content,
        searchResults,
        llmRequest,
        timings: { ...timings, processingTimeMs } satisfies MessageTimings,
        processingTimeMs,
        promptTokens: answer.usage.promptTokens,
        completionTokens: answer.usage.completionTokens,
        totalTokens: answer.usage.totalTokens,
        templateId: template?.id ?? null,
      });
      events.publish({ type: 'typing', ...ids(turn), state: 'stop' });
      events.publish({ type: 'message.done', ...ids(turn) });
    },

    async updateStatistics(turn) {
      const summary = await stores.sqlTransaction(async (inTx, tx) => {
        // Claiming the flag and counting happen together: a retried step counts nothing twice.
        // The turn is done for clients only once its answer is stored and counted.
        const params = [turn.conversationId, new Date()];
        let conversation: { summarizedCount: number } | undefined;
        if (await inTx.tasks.completeTurn(turn.taskId)) {
          // Message counters are not touched here: they count rows, and both rows of the turn were counted when it was sent.
          [conversation] = await tx.query<{ summarizedCount: number }>(
            `UPDATE conversations SET last_message_at = $2, updated_at = $2 WHERE id = $1 RETURNING summarized_count AS "summarizedCount"`,
            params,
          );
          // The template the answer was written with, if any (one asked for may have been left out).
          const templateId = await inTx.messages.answerTemplate(turn.assistantMessageId);
          if (templateId) await tx.query(`UPDATE prompt_templates SET usage_count = usage_count + 1, updated_at = $2 WHERE id = $1`, [templateId, new Date()]);
        } else {
          [conversation] = await tx.query<{ summarizedCount: number }>(`SELECT summarized_count AS "summarizedCount" FROM conversations WHERE id = $1`, [
            turn.conversationId,
          ]);
        }
        if (!conversation) throw new Error(`The conversation ${turn.conversationId} of this turn was removed.`);
        const done = await inTx.messages.countFinished(turn.conversationId);
        return { done, summarizedCount: conversation.summarizedCount };
      });
      events.publish({ type: 'task.status', taskId: turn.taskId, kind: 'chat', status: 'done', progress: 100, conversationId: turn.conversationId });
      // The summary covers finished messages only (as refreshSummary reads them), so count those.
      return { summaryDue: summary.done - settings.historyMessages - summary.summarizedCount >= settings.summaryAfterMessages };
    },

    async refreshSummary(turn) {
      const [conversation, assistant] = await Promise.all([
        prisma.conversation.findUniqueOrThrow({ where: { id: turn.conversationId } }),
        prisma.assistant.findUniqueOrThrow({ where: { id: turn.assistantId }, select: { llmModel: true, llmProviderId: true } }),
      ]);
      const finished = await messages.listFinished(turn.conversationId);
      const upTo = finished.length - settings.historyMessages;
      if (upTo <= conversation.summarizedCount) return;
      const turns = finished.slice(conversation.summarizedCount, upTo).map((m) => ({ role: m.role, content: m.content }));
      const summary = await summarise(await modelFor(assistant.llmProviderId), assistant.llmModel, conversation.contextSummary, turns, env.signal());
      await prisma.conversation.updateMany({
        where: { id: turn.conversationId, summarizedCount: conversation.summarizedCount },
        data: { contextSummary: summary, summarizedCount: upTo },
      });
    },

    async finishTurn({ turn, status, error, problem }) {
      const reason = error ?? (status === 'cancelled' ? 'Cancelled before the answer was complete.' : null);
      // A cancel is not an error: it has no code. A failure without one (a run started before codes) reads as unknown.
      const code = status === 'failed' ? (problem ?? { code: 'chat.failed_unknown' }) : null;
      // Calls that never ran end with the turn: none may wait for an approval nobody can give any more.
      const unrun = await deps.tools?.calls.endOpen(turn.assistantMessageId, status === 'cancelled' ? 'The turn was cancelled.' : 'The turn failed.');
      for (const row of unrun ?? []) toolSteps.publishCall(turn, row);
      const task = await stores.transaction(async (inTx) => {
        const ended = await inTx.tasks.end(turn.taskId, status, reason);
        await inTx.messages.endAnswer(turn.assistantMessageId, status, reason, code);
        return ended;
      });
      events.publish({ type: 'typing', ...ids(turn), state: 'stop' });
      events.publish({
        type: 'message.failed',
        ...ids(turn),
        status,
        reason: reason ?? status,
        ...(code && { errorCode: code.code, errorParams: code.params ?? null }),
      });
      events.publish({
        type: 'task.status',
        taskId: turn.taskId,
        kind: 'chat',
        status,
        progress: task.progress,
        error: reason,
        conversationId: turn.conversationId,
      });
    },
  };
}
