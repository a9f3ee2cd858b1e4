import { getSystemPrompt } from '@assistants/common';
import type { Prisma, Task } from '@assistants/db';
import type { ChatTurnActivities, GeneratedAnswer, PromptMessage } from '../orchestration/chat-turn';
import { type ActivityDeps, DEFAULT_CHAT_SETTINGS, TurnNotFoundError } from './deps';
import { buildPrompt } from './prompt-builder';
import { summarise } from './summarise';

type ChatTask = Task & { conversationId: string; userMessageId: string; assistantMessageId: string };

const elapsed = (since: number) => Math.round((performance.now() - since) * 100) / 100;

/** The steps of a chat turn. Each may run again after a crash or retry and leaves the same result. */
export function createChatActivities(deps: ActivityDeps): ChatTurnActivities {
  const { prisma, events, env } = deps;
  const settings = { ...DEFAULT_CHAT_SETTINGS, ...deps.chat };

  async function loadTask(taskId: string): Promise<ChatTask> {
    const task = await prisma.task.findUnique({ where: { id: taskId } });
    if (!task?.conversationId || !task.userMessageId || !task.assistantMessageId) throw new TurnNotFoundError(`Chat turn ${taskId} does not exist.`);
    return task as ChatTask;
  }

  async function setStage(task: ChatTask, status: 'retrieving' | 'generating', progress: number): Promise<void> {
    await prisma.task.update({ where: { id: task.id }, data: { status, progress } });
    events.publish({ type: 'task.status', taskId: task.id, kind: 'chat', status, progress });
  }

  return {
    async retrieveContext({ taskId }) {
      const task = await loadTask(taskId);
      await setStage(task, 'retrieving', 10);
      const [message, assistant] = await Promise.all([
        prisma.message.findUniqueOrThrow({ where: { id: task.userMessageId } }),
        prisma.assistant.findUniqueOrThrow({ where: { id: task.assistantId } }),
      ]);
      const started = performance.now();
      const passages = assistant.enableSearch ? await deps.retriever.retrieve(assistant.id, message.content, assistant.searchLimit, env.signal()) : [];
      return { query: message.content, passages, durationMs: elapsed(started) };
    },

    async chooseTemplate({ taskId }) {
      const task = await loadTask(taskId);
      const input = task.input as { templateId?: string; variables?: Record<string, string> };
      const templateId =
        input.templateId ??
        (await prisma.assistant.findUniqueOrThrow({ where: { id: task.assistantId }, select: { defaultTemplateId: true } })).defaultTemplateId;
      const template = templateId ? await prisma.promptTemplate.findUnique({ where: { id: templateId } }) : null;
      // A template deleted since the message was sent: answer without one rather than fail.
      if (!template) return null;
      return { id: template.id, name: template.name, promptText: template.promptText, responseFormat: template.responseFormat, variables: input.variables ?? {} };
    },

    async buildPrompt({ taskId, retrieval, template }) {
      const task = await loadTask(taskId);
      const [assistant, conversation, userMessage] = await Promise.all([
        prisma.assistant.findUniqueOrThrow({ where: { id: task.assistantId } }),
        prisma.conversation.findUniqueOrThrow({ where: { id: task.conversationId } }),
        prisma.message.findUniqueOrThrow({ where: { id: task.userMessageId } }),
      ]);
      const earlier = await prisma.message.findMany({
        where: { conversationId: task.conversationId, status: 'done', role: { in: ['user', 'assistant'] }, createdAt: { lt: userMessage.createdAt } },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: settings.historyMessages,
      });
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
      });
    },

    async generateAnswer({ taskId, assistantMessageId, prompt }): Promise<GeneratedAnswer> {
      const task = await loadTask(taskId);
      await setStage(task, 'generating', 40);
      await prisma.message.update({ where: { id: assistantMessageId }, data: { status: 'streaming', content: '', error: null } });
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
              events.publish({ type: 'message.delta', taskId, conversationId: task.conversationId, messageId: assistantMessageId, delta });
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

    async storeAnswer({ taskId, prompt, answer, template, timings }) {
      const task = await loadTask(taskId);
      const userMessage = await prisma.message.findUniqueOrThrow({ where: { id: task.userMessageId } });
      const processingTimeMs = Date.now() - userMessage.createdAt.getTime();
      const searchResults = prompt.citations.map((p, i) => ({
        citation: i + 1,
        chunkId: p.chunkId,
        documentId: p.documentId,
        filename: p.filename,
        position: p.position,
        score: p.score,
        text: p.text,
        metadata: p.metadata,
      }));
      // What was sent to the model, for the technical-details view; never any credentials.
      const llmRequest = {
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
      };
      await prisma.$transaction([
        prisma.message.update({
          where: { id: task.assistantMessageId },
          data: {
            content: answer.content,
            status: 'done',
            error: null,
            searchResults: searchResults as unknown as Prisma.InputJsonValue,
            llmRequest: llmRequest as unknown as Prisma.InputJsonValue,
            timings: { ...timings, processingTimeMs },
            processingTimeMs,
            promptTokens: answer.usage.promptTokens,
            completionTokens: answer.usage.completionTokens,
            totalTokens: answer.usage.totalTokens,
            templateId: template?.id ?? null,
          },
        }),
        prisma.task.update({ where: { id: taskId }, data: { progress: 90 } }),
      ]);
      events.publish({ type: 'message.done', taskId, conversationId: task.conversationId, messageId: task.assistantMessageId });
      const [conversation, doneMessages] = await Promise.all([
        prisma.conversation.findUniqueOrThrow({ where: { id: task.conversationId }, select: { summarizedCount: true } }),
        prisma.message.count({ where: { conversationId: task.conversationId, status: 'done' } }),
      ]);
      return { summaryDue: doneMessages - settings.historyMessages - conversation.summarizedCount >= settings.summaryAfterMessages };
    },

    async updateStatistics({ taskId }) {
      const task = await loadTask(taskId);
      await prisma.$transaction(async (tx) => {
        // Claiming the flag and counting happen together: a retried step counts nothing twice.
        const claimed = await tx.task.updateMany({ where: { id: taskId, statsCounted: false }, data: { statsCounted: true } });
        if (claimed.count === 1) {
          const answer = await tx.message.findUniqueOrThrow({ where: { id: task.assistantMessageId }, select: { templateId: true } });
          await tx.assistant.update({ where: { id: task.assistantId }, data: { totalMessages: { increment: 1 } } });
          await tx.conversation.update({ where: { id: task.conversationId }, data: { messageCount: { increment: 1 }, lastMessageAt: new Date() } });
          if (answer.templateId) await tx.promptTemplate.updateMany({ where: { id: answer.templateId }, data: { usageCount: { increment: 1 } } });
        }
        // The turn is done for clients only once its answer is stored and counted.
        await tx.task.update({ where: { id: taskId }, data: { status: 'done', progress: 100, error: null, finishedAt: new Date() } });
      });
      events.publish({ type: 'task.status', taskId, kind: 'chat', status: 'done', progress: 100 });
    },

    async refreshSummary({ taskId }) {
      const task = await loadTask(taskId);
      const [conversation, assistant] = await Promise.all([
        prisma.conversation.findUniqueOrThrow({ where: { id: task.conversationId } }),
        prisma.assistant.findUniqueOrThrow({ where: { id: task.assistantId }, select: { llmModel: true } }),
      ]);
      const messages = await prisma.message.findMany({
        where: { conversationId: task.conversationId, status: 'done' },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      });
      const upTo = messages.length - settings.historyMessages;
      if (upTo <= conversation.summarizedCount) return;
      const turns = messages.slice(conversation.summarizedCount, upTo).map((m) => ({ role: m.role, content: m.content }));
      const summary = await summarise(deps.chatModel, assistant.llmModel, conversation.contextSummary, turns, env.signal());
      await prisma.conversation.updateMany({
        where: { id: task.conversationId, summarizedCount: conversation.summarizedCount },
        data: { contextSummary: summary, summarizedCount: upTo },
      });
    },

    async finishTurn({ taskId, status, error }) {
      const task = await loadTask(taskId);
      const reason = error ?? (status === 'cancelled' ? 'Cancelled before the answer was complete.' : null);
      await prisma.$transaction([
        prisma.task.update({ where: { id: taskId }, data: { status, error: reason, finishedAt: new Date() } }),
        prisma.message.update({ where: { id: task.assistantMessageId }, data: { status, error: reason } }),
      ]);
      events.publish({ type: 'task.status', taskId, kind: 'chat', status, progress: task.progress, error: reason });
    },
  };
}
