import type { Caller, DocumentView, UploadedDocumentView } from '@assistants/common';
import type { DocumentStore } from '@assistants/domain';
import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { problemText } from '../../common/errors/problem-text';
import { type AppStores, InjectStores } from '../../database/stores.module';
import { toDocumentView } from '../../knowledge/document.view';
import { KnowledgeService, type UploadedFile } from '../../knowledge/knowledge.service';
import { ConversationsService } from '../conversations.service';

/** Files one conversation may hold at once: they are read for every turn in it. */
export const MAX_CONVERSATION_DOCUMENTS = 5;

/**
 * Files attached to one conversation: read for that conversation only (never in the assistant's
 * knowledge base), by whoever may chat in it, and removed with it.
 */
@Injectable()
export class ConversationDocumentsService {
  constructor(
    @InjectStores() private readonly stores: AppStores,
    private readonly conversations: ConversationsService,
    private readonly knowledge: KnowledgeService,
  ) {}

  /** Refuses an upload on its headers: the caller may not chat in the conversation, or the body is too large, or too many uploads are open. */
  async admitUpload(caller: Caller | null, conversationId: string, declaredBytes: number | undefined): Promise<() => void> {
    if (!caller) throw new NotFoundException(problemText('resource.not_found'));
    const conversation = await this.conversations.findWithAssistantOrFail(caller, conversationId);
    await this.assertRoom(this.stores.documents, conversation.id);
    return this.knowledge.admitBody(caller, declaredBytes);
  }

  async upload(caller: Caller, conversationId: string, file: UploadedFile | undefined): Promise<UploadedDocumentView> {
    const conversation = await this.conversations.findWithAssistantOrFail(caller, conversationId);
    if (!file) throw new BadRequestException(problemText('attachment.missing_file'));
    return this.knowledge.attach(
      caller,
      conversation.assistant,
      { id: conversation.id, room: (documents) => this.assertRoom(documents, conversation.id) },
      file,
    );
  }

  async list(caller: Caller, conversationId: string): Promise<DocumentView[]> {
    const conversation = await this.conversations.findOrFail(caller, conversationId, 'read');
    return (await this.stores.documents.listForConversation(conversation.id)).map(toDocumentView);
  }

  /** Removes one attached file (its chunks and vectors go with it). */
  async remove(caller: Caller, conversationId: string, documentId: string): Promise<void> {
    const conversation = await this.conversations.findOrFail(caller, conversationId);
    const document = await this.stores.documents.find(documentId);
    if (!document || document.conversationId !== conversation.id) throw new NotFoundException(problemText('attachment.not_found', { id: documentId }));
    await this.stores.documents.remove(documentId);
  }

  private async assertRoom(documents: DocumentStore, conversationId: string): Promise<void> {
    if ((await documents.listForConversation(conversationId)).length < MAX_CONVERSATION_DOCUMENTS) return;
    throw new ConflictException(problemText('attachment.too_many', { limit: MAX_CONVERSATION_DOCUMENTS }));
  }
}
