import type { Caller } from '@assistants/common';
import type { Conversation } from '@assistants/db';
import { Injectable } from '@nestjs/common';
import type { Writable } from 'node:stream';
import { PrismaService } from '../../database/prisma.service';
import { type AppStores, InjectStores } from '../../database/stores.module';
import { toConversationView, toMessageView, versionsOf } from '../conversation.view';
import { AssistantsService } from '../../assistants/assistants.service';
import { ConversationsService } from '../conversations.service';
import { contentDisposition } from './filename';
import type { ExportFormat, ExportHeader, ExportMessage } from './export.types';
import { markdownHeader, markdownMessage } from './formats/markdown';
import { pdfHeader, writePdf } from './formats/pdf';
import { textHeader, textMessage } from './formats/text';
import { PdfExportPool } from './pdf-export.pool';
import type { PdfSession } from './pdf-session';
import { send } from './sink';

/** Messages are read and written this many at a time, so a long conversation never sits in memory whole. */
export const EXPORT_BATCH = 200;

const CONTENT_TYPES: Record<ExportFormat, string> = {
  md: 'text/markdown; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  json: 'application/json; charset=utf-8',
  pdf: 'application/pdf',
};

export interface PreparedExport {
  headers: Record<string, string>;
  /** Writes the whole export to `out` and ends it. */
  write(out: Writable): Promise<void>;
}

@Injectable()
export class ExportService {
  constructor(
    private readonly prisma: PrismaService,
    @InjectStores() private readonly stores: AppStores,
    private readonly conversations: ConversationsService,
    private readonly assistants: AssistantsService,
    private readonly pdfPool: PdfExportPool,
  ) {}

  /**
   * Checks access (the owner; admins may read) and, for a PDF, waits for its turn in the export
   * pool, all before anything is sent, so refusals (403, 429, 503) are problems.
   * `signal`: the client went away while waiting.
   */
  async prepare(caller: Caller, id: string, format: ExportFormat, signal?: AbortSignal): Promise<PreparedExport> {
    const conversation = await this.conversations.findOrFail(caller, id, 'read');
    const assistant = await this.prisma.client.assistant.findUnique({ where: { id: conversation.assistantId }, select: { id: true, name: true } });
    const promptVisible = await this.assistants.showsPromptTo(caller, conversation.assistantId);
    const header: ExportHeader = {
      id,
      title: conversation.title,
      assistantName: assistant?.name ?? '',
      createdAt: conversation.createdAt,
      exportedAt: new Date(),
    };
    const pdf = format === 'pdf' ? await this.pdfPool.start(caller.id, pdfHeader(header), signal) : null;
    return {
      headers: { 'Content-Type': CONTENT_TYPES[format], 'Content-Disposition': contentDisposition(conversation.title, format), 'Cache-Control': 'no-store' },
      write: (out) => this.write(format, header, conversation, assistant, promptVisible, out, pdf),
    };
  }

  /** Only the JSON format carries llmRequest, with the system prompt hidden unless `promptVisible`. */
  private async write(
    format: ExportFormat,
    header: ExportHeader,
    conversation: Conversation,
    assistant: object | null,
    promptVisible: boolean,
    out: Writable,
    pdf: PdfSession | null,
  ): Promise<void> {
    const batches = this.batches(conversation.id);
    if (pdf) return writePdf(pdf, batches, out);
    if (format === 'json') {
      const view = { ...toConversationView(conversation), assistant };
      await send(out, `{"exportedAt":${JSON.stringify(header.exportedAt)},"conversation":${JSON.stringify(view)},"messages":[`);
      let first = true;
      for await (const batch of batches) {
        // Each message's versions, as the message list gives them.
        const versions = versionsOf(
          await this.stores.messages.versions(
            conversation.id,
            batch.map((m) => m.parentId),
          ),
        );
        const items = batch.map((m) => JSON.stringify(toMessageView(m, promptVisible, versions(m)))).join(',');
        await send(out, first ? items : `,${items}`);
        first = false;
      }
      await send(out, ']}\n');
    } else {
      const [head, each] = format === 'md' ? [markdownHeader, markdownMessage] : [textHeader, textMessage];
      await send(out, head(header));
      for await (const batch of batches) await send(out, batch.map(each).join(''));
    }
    out.end();
  }

  /** Oldest first, paged by (created_at, id) like the message list. */
  private async *batches(conversationId: string): AsyncGenerator<ExportMessage[]> {
    let after: { createdAt: Date; id: string } | null = null;
    for (;;) {
      const batch: ExportMessage[] = await this.prisma.client.message.findMany({
        where: {
          // The chosen branch, as the message list shows it.
          conversationId,
          active: true,
          ...(after && { OR: [{ createdAt: { gt: after.createdAt } }, { createdAt: after.createdAt, id: { gt: after.id } }] }),
        },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        take: EXPORT_BATCH,
      });
      if (batch.length) yield batch;
      if (batch.length < EXPORT_BATCH) return;
      const last = batch[batch.length - 1];
      after = { createdAt: last.createdAt, id: last.id };
    }
  }
}
