import { getSystemPrompt, type LlmRequestView, type MessageSource, type MessageTimings } from '@assistants/common';
import type { Prisma } from '@assistants/db';
import type { ChatTurnActivities, GeneratedAnswer, PromptMessage } from '../orchestration/chat-turn';
import type { TurnRef } from '../orchestration/definitions';
import { type ActivityDeps, DEFAULT_CHAT_SETTINGS } from './deps';
import { buildPrompt } from './prompt-builder';
import { summarise } from './summarise';

const elapsed = (since: number) => Math.round((performance.now() - since) * 100) / 100;

/** The steps of a chat turn. Each may run again after a crash or retry and leaves the same result. */
export function createChatActivities(deps: ActivityDeps): ChatTurnActivities {
  const { prisma, events, env } = deps;
  const settings = { ...DEFAULT_CHAT_SETTINGS, ...deps.chat };

  async function setStage(turn: TurnRef, status: 'retrieving' | 'generating', progress: number): Promise<void> {
    await prisma.task.update({ where: { id: turn.taskId }, data: { status, progress } });
    events.publish({ type: 'task.status', taskId: turn.taskId, kind: 'chat', status, progress });
  }

  return {
    async retrieveContext(turn) {
      await setStage(turn, 'retrieving', 10);
      const started = performance.now();
      if (!turn.search.enabled) return { query: turn.question, passages: [], durationMs: 0 };
      const { passages, legs } = await deps.retriever.retrieve(turn.assistantId, turn.question, turn.search.limit, env.signal());
      return { query: turn.question, passages, legs, durationMs: elapsed(started) };
    },

    async chooseTemplate(turn) {
      const template = turn.templateId ? await prisma.promptTemplate.findUnique({ where: { id: turn.templateId } }) : null;
      // A template deleted since the message was sent: answer without one rather than fail.
      if (!template) return null;
      return { id: template.id, name: template.name, promptText: template.promptText, responseFormat: template.responseFormat, variables: turn.variables };
    },

    async buildPrompt({ turn, retrieval, template }) {
      const [assistant, conversation, earlier] = await Promise.all([
        prisma.assistant.findUniqueOrThrow({ where: { id: turn.assistantId } }),
        prisma.conversation.findUniqueOrThrow({ where: { id: turn.conversationId }, select: { contextSummary: true } }),
        prisma.message.findMany({
          where: { conversationId: turn.conversationId, status: 'done', role: { in: ['user', 'assistant'] }, createdAt: { lt: new Date(turn.userMessageAt) } },
          orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
          take: settings.historyMessages,
        }),
      ]);
      return buildPrompt({
        model: assistant.llmModel,
        temperature: assistant.temperature,
        maxTokens: assistant.maxTokens,
        systemPrompt: getSystemPrompt(assistant),
        question: retrieval.query,
        template,
        passages: retrieval.passages,
        history: earlier.reverse().map((m): PromptMessage => ({ role: m.role as PromptMessage['role'], content: m.content })),
        contextSummary: conversation.contextSummary,
        searchFailed: !!retrieval.legs?.length && retrieval.legs.every((leg) => leg.status !== 'ok'),
      });
    },

    async generateAnswer({ turn, prompt }): Promise<GeneratedAnswer> {
      const { taskId, assistantMessageId } = turn;
      await Promise.all([
        prisma.task.update({ where: { id: taskId }, data: { status: 'generating', progress: 40 } }),
        prisma.message.update({ where: { id: assistantMessageId }, data: { status: 'streaming', content: '', error: null } }),
      ]);
      events.publish({ type: 'task.status', taskId, kind: 'chat', status: 'generating', progress: 40 });
      const started = performance.now();
      let content = '';
      let firstTokenMs: number | null = null;
      let lastFlush = started;
      let flushing: Promise<unknown> = Promise.resolve();
      // Polling clients read the partial answer from the message; writes are batched and ordered.
      const flush = () => {
        const snapshot = content;
        flushing = flushing.then(() => prisma.message.update({ where: { id: assistantMessageId }, data: { content: snapshot } })).catch(() => undefined);
      };
      const beat = setInterval(() => env.heartbeat(content.length), 1000);
      try {
        const result = await deps.chatModel.stream(
          { model: prompt.model, messages: prompt.messages, temperature: prompt.temperature, maxTokens: prompt.maxTokens },
          {
            signal: env.signal(),
            onDelta: (delta) => {
              firstTokenMs ??= elapsed(started);
              content += delta;
              events.publish({ type: 'message.delta', taskId, conversationId: turn.conversationId, messageId: assistantMessageId, delta });
              if (performance.now() - lastFlush >= settings.partialFlushMs) {
                lastFlush = performance.now();
                env.heartbeat(content.length);
                flush();
              }
            },
          },
        );
        await flushing;
        return {
          content: result.content,
          provider: result.provider,
          model: result.model,
          finishReason: result.finishReason,
          usage: result.usage,
          timeToFirstTokenMs: firstTokenMs,
          durationMs: elapsed(started),
        };
      } catch (error) {
        // Keep what streamed so far: a cancelled turn shows its partial answer.
        flush();
        await flushing;
        throw error;
      } finally {
        clearInterval(beat);
      }
    },

    async storeAnswer({ turn, prompt, answer, template, timings, search }) {
      const processingTimeMs = Date.now() - turn.userMessageAt;
      // Typed with the message view's own types: what is stored here is what clients read back.
      const searchResults = prompt.citations.map((p, i): MessageSource => ({
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
        ...(search && { search }),
      };
      await prisma.message.update({
        where: { id: turn.assistantMessageId },
        data: {
          content: answer.content,
          status: 'done',
          error: null,
          searchResults: searchResults as unknown as Prisma.InputJsonValue,
          llmRequest: llmRequest as unknown as Prisma.InputJsonValue,
          timings: { ...timings, processingTimeMs } satisfies MessageTimings,
          processingTimeMs,
          promptTokens: answer.usage.promptTokens,
          completionTokens: answer.usage.completionTokens,
          totalTokens: answer.usage.totalTokens,
          templateId: template?.id ?? null,
        },
      });
      events.publish({ type: 'message.done', taskId: turn.taskId, conversationId: turn.conversationId, messageId: turn.assistantMessageId });
    },

    async updateStatistics(turn) {
      const conversation = await prisma.$transaction(async (tx) => {
        // Claiming the flag and counting happen together: a retried step counts nothing twice.
        // The turn is done for clients only once its answer is stored and counted.
        const claimed = await tx.task.updateMany({
          where: { id: turn.taskId, statsCounted: false },
          data: { statsCounted: true, status: 'done', progress: 100, error: null, finishedAt: new Date() },
        });
        if (claimed.count === 0) {
          await tx.task.update({ where: { id: turn.taskId }, data: { status: 'done', progress: 100, error: null } });
          return tx.conversation.findUniqueOrThrow({ where: { id: turn.conversationId }, select: { messageCount: true, summarizedCount: true } });
        }
        // Same lock order as a new message (assistant, then conversation), so the two cannot deadlock.
        await tx.assistant.update({ where: { id: turn.assistantId }, data: { totalMessages: { increment: 1 } } });
        const counted = await tx.conversation.update({
          where: { id: turn.conversationId },
          data: { messageCount: { increment: 1 }, lastMessageAt: new Date() },
          select: { messageCount: true, summarizedCount: true },
        });
        if (turn.templateId) await tx.promptTemplate.updateMany({ where: { id: turn.templateId }, data: { usageCount: { increment: 1 } } });
        return counted;
      });
      events.publish({ type: 'task.status', taskId: turn.taskId, kind: 'chat', status: 'done', progress: 100 });
      return { summaryDue: conversation.messageCount - settings.historyMessages - conversation.summarizedCount >= settings.summaryAfterMessages };
    },

    async refreshSummary(turn) {
      const [conversation, assistant] = await Promise.all([
        prisma.conversation.findUniqueOrThrow({ where: { id: turn.conversationId } }),
        prisma.assistant.findUniqueOrThrow({ where: { id: turn.assistantId }, select: { llmModel: true } }),
      ]);
      const messages = await prisma.message.findMany({
        where: { conversationId: turn.conversationId, status: 'done' },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      });
      const upTo = messages.length - settings.historyMessages;
      if (upTo <= conversation.summarizedCount) return;
      const turns = messages.slice(conversation.summarizedCount, upTo).map((m) => ({ role: m.role, content: m.content }));
      const summary = await summarise(deps.chatModel, assistant.llmModel, conversation.contextSummary, turns, env.signal());
      await prisma.conversation.updateMany({
        where: { id: turn.conversationId, summarizedCount: conversation.summarizedCount },
        data: { contextSummary: summary, summarizedCount: upTo },
      });
    },

    async finishTurn({ turn, status, error }) {
      const reason = error ?? (status === 'cancelled' ? 'Cancelled before the answer was complete.' : null);
      const [task] = await prisma.$transaction([
        prisma.task.update({ where: { id: turn.taskId }, data: { status, error: reason, finishedAt: new Date() } }),
        prisma.message.update({ where: { id: turn.assistantMessageId }, data: { status, error: reason } }),
      ]);
      events.publish({ type: 'task.status', taskId: turn.taskId, kind: 'chat', status, progress: task.progress, error: reason });
    },
  };
}
