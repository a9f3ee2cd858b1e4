import {
  type AssistantReindexView,
  type Caller,
  type DocumentView,
  isUuid,
  type UploadBatchView,
  type UploadedDocumentView,
  type UploadResultView,
} from '@assistants/common';
import type { AppConfig } from '@assistants/config';
import { EmptyDocumentError, sha256Stepwise, sniffDocument, UnsupportedDocumentError } from '@assistants/ingest';
import { type DocumentStore, isTaskEnded } from '@assistants/domain';
import { cleanupWorkflowId, ingestWorkflowId, reindexAssistantWorkflowId } from '@assistants/workflows';
import { type WorkflowRunner } from '@assistants/runtime';
import {
  BadRequestException,
  ConflictException,
  HttpException,
  Injectable,
  NotFoundException,
  PayloadTooLargeException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import { randomUUID } from 'node:crypto';
import { AssistantsService } from '../assistants/assistants.service';
import { TasksService } from '../tasks/tasks.service';
import { PerUserSlots } from '../common/per-user-slots';
import { codedMessage, problemText } from '../common/errors';
import { isCodedMessage } from '../common/errors/problem-text';
import { TryLaterException } from '../common/try-later.exception';
import { InjectConfig } from '../config/config.module';
import { type AppStores, InjectStores } from '../database/stores.module';
import { InjectRunner } from '../runtime/runtime.module';
import { toDocumentView } from './document.view';

export interface UploadedFile {
  originalname: string;
  mimetype: string;
  size: number;
  buffer: Buffer;
}

/** Room in a multipart body for its boundaries and part headers, beside the files themselves. */
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

@Injectable()
export class KnowledgeService {
  private readonly uploadSlots: PerUserSlots;

  constructor(
    @InjectStores() private readonly stores: AppStores,
    private readonly assistants: AssistantsService,
    private readonly tasks: TasksService,
    @InjectRunner() private readonly runner: WorkflowRunner,
    @InjectConfig() private readonly config: AppConfig,
  ) {
    this.uploadSlots = new PerUserSlots(config.maxConcurrentUploadsPerUser);
  }

  /**
   * Decides on an upload from its headers alone, before any of its body is read: who is asking,
   * whether they may add documents to this assistant, whether the body could be an upload at all,
   * whether the knowledge base has room, and whether they have too many uploads open already.
   * Answers a release for the caller's upload slot.
   */
  async admitUpload(caller: Caller | null, assistantId: string, declaredBytes: number | undefined): Promise<() => void> {
    if (!isUuid(assistantId))
      throw new NotFoundException(problemText('resource.id_unknown', { kind: 'assistant', id: JSON.stringify(assistantId.slice(0, 80)) }));
    await this.assistants.findOrFail(caller, assistantId, 'edit');
    await this.assertRoom(this.stores.documents, assistantId);
    return this.admitBody(caller!, declaredBytes);
  }

  /**
   * What every upload is refused for on its headers, whatever it is added to: a body larger than any
   * upload may be, or too many uploads of its sender open already. Answers a release for the upload slot.
   */
  admitBody(caller: Caller, declaredBytes: number | undefined): () => void {
    const { maxUploadBytes, maxUploadFiles, maxConcurrentUploadsPerUser } = this.config;
    if (declaredBytes !== undefined && declaredBytes > maxUploadBytes * maxUploadFiles + MULTIPART_OVERHEAD_BYTES) {
      throw new PayloadTooLargeException(
        codedMessage(
          'upload.too_large',
          { files: maxUploadFiles, bytes: maxUploadBytes },
          `The request body (${declaredBytes} bytes) is larger than any upload may be: up to ${maxUploadFiles} files (MAX_UPLOAD_FILES) of ${maxUploadBytes} bytes each (MAX_UPLOAD_BYTES).`,
        ),
      );
    }
    const release = this.uploadSlots.tryAcquire(caller.id);
    if (!release) {
      throw new TryLaterException(429, problemText('upload.busy_user', { limit: maxConcurrentUploadsPerUser }), 5);
    }
    return release;
  }

  /** 409 when the knowledge base holds MAX_DOCUMENTS_PER_ASSISTANT documents already. */
  private async assertRoom(documents: DocumentStore, assistantId: string): Promise<void> {
    const limit = this.config.maxDocumentsPerAssistant;
    if ((await documents.count(assistantId)) < limit) return;
    throw new ConflictException(
      codedMessage(
        'knowledge.full',
        { limit },
        `This knowledge base holds ${limit} documents, the most an assistant may have (MAX_DOCUMENTS_PER_ASSISTANT); delete some before adding more.`,
      ),
    );
  }

  /**
   * Stores one upload and starts its ingest workflow, then answers: parsing happens in the workflow,
   * never in this request. The document is `queued` until the workflow takes it.
   */
  async upload(caller: Caller, assistantId: string, file: UploadedFile | undefined): Promise<UploadedDocumentView> {
    const assistant = await this.assistants.findOrFail(caller, assistantId, 'edit');
    if (!file)
      throw new BadRequestException(
        codedMessage('upload.no_file', {}, 'Send the document as multipart/form-data in a field named "file" (or several in "files").'),
      );
    return this.accept(caller, assistant, file, new Set());
  }

  /**
   * Several files in one request: each is checked and stored on its own, so one
   * bad file never blocks the others. 202 with a result per file when any was
   * accepted; when none was, the problem of the first, with every file's reason.
   */
  async uploadMany(caller: Caller, assistantId: string, files: UploadedFile[]): Promise<UploadBatchView> {
    const assistant = await this.assistants.findOrFail(caller, assistantId, 'edit');
    if (!files.length)
      throw new BadRequestException(codedMessage('upload.no_file', {}, 'Send the documents as multipart/form-data in fields named "files" (or "file").'));
    const seen = new Set<string>();
    const results: UploadResultView[] = [];
    // One at a time: each file's checksum check must see the files accepted before it.
    for (const file of files) {
      const filename = decodeFilename(file.originalname);
      try {
        results.push({ filename, status: 'accepted', ...(await this.accept(caller, assistant, file, seen)) });
      } catch (error) {
        if (!(error instanceof HttpException) || error.getStatus() >= 500) throw error;
        results.push({
          filename,
          status: 'rejected',
          problem: { status: error.getStatus(), title: STATUS_CODES[error.getStatus()] ?? 'Error', detail: error.message, ...problemCodeOf(error) },
        });
      }
    }
    const accepted = results.filter((r) => r.status === 'accepted').length;
    if (accepted === 0) {
      const first = results[0].problem!;
      const details = results.map((r) => r.problem!.detail).join(' ');
      throw new HttpException(
        codedMessage('upload.none_accepted', { count: results.length }, `None of the ${results.length} files was accepted: ${details}`),
        first.status,
      );
    }
    return { accepted, rejected: results.length - accepted, results };
  }

  /**
   * A file attached to one conversation (the caller may chat in it: checked by the caller): checked and
   * ingested as a knowledge base upload is, but kept out of the knowledge base, its limit and its duplicates.
   * `room` throws inside the transaction when the conversation holds as many files as it may.
   */
  attach(
    caller: Caller,
    assistant: { id: string; name: string },
    conversation: { id: string; room: (documents: DocumentStore) => Promise<void> },
    file: UploadedFile,
  ): Promise<UploadedDocumentView> {
    return this.accept(caller, assistant, file, new Set(), conversation);
  }

  private async accept(
    caller: Caller,
    assistant: { id: string; name: string },
    file: UploadedFile,
    seen: Set<string>,
    conversation?: { id: string; room: (documents: DocumentStore) => Promise<void> },
  ): Promise<UploadedDocumentView> {
    const assistantId = assistant.id;
    const filename = decodeFilename(file.originalname);
    if (file.size === 0) throw new BadRequestException(problemText('upload.empty', { filename }));
    // The content decides the type; the name and declared type only tell similar text formats apart.
    let mimeType: string;
    try {
      mimeType = sniffDocument(file.buffer, filename, file.mimetype).mimeType;
    } catch (error) {
      if (error instanceof EmptyDocumentError) throw new BadRequestException(codedMessage('upload.no_text', { filename }, error.message));
      if (error instanceof UnsupportedDocumentError)
        throw new UnsupportedMediaTypeException(codedMessage('upload.unsupported_type', { filename }, error.message));
      throw error;
    }
    // Hashed in steps, so a large upload does not hold the request thread.
    const checksum = await sha256Stepwise(file.buffer);
    if (seen.has(checksum)) throw new ConflictException(problemText('upload.duplicate_in_batch', { filename }));
    const duplicate = conversation ? null : await this.stores.documents.findDuplicate(assistantId, checksum);
    if (duplicate) {
      throw new ConflictException(
        codedMessage(
          'document.duplicate',
          { existing: duplicate.filename },
          `The same file is already in this knowledge base as ${duplicate.filename} (document ${duplicate.id}).`,
        ),
      );
    }
    seen.add(checksum);

    const documentId = randomUUID();
    const [document, task] = await this.stores.transaction(async ({ documents, tasks }, tx) => {
      // Locked, so uploads at once count one after another and together never pass the limit.
      await tx.$executeRaw`SELECT 1 FROM assistants WHERE id = ${assistantId}::uuid FOR UPDATE`;
      if (conversation) await conversation.room(documents);
      else await this.assertRoom(documents, assistantId);
      const conversationId = conversation?.id;
      return [
        await documents.register({ id: documentId, assistantId, uploadedById: caller.id, filename, mimeType, sizeBytes: file.size, checksum, conversationId }),
        await tasks.startIngest({ id: ingestWorkflowId(documentId), userId: caller.id, assistantId, documentId, runner: this.runner.kind }),
      ] as const;
    });
    // In short parts, after the rows: an ingest resumed before all parts are in finds the upload
    // incomplete (its size is known) and fails with that reason instead of indexing half a file.
    await this.stores.documents.storeUpload(documentId, file.buffer);
    await this.tasks.launch(task, false, { assistant: assistant.name, user: caller.email, document: filename });
    return { document: toDocumentView(document), taskId: task.id, links: { task: `/api/tasks/${task.id}`, document: `/api/documents/${documentId}` } };
  }

  async list(caller: Caller, assistantId: string) {
    await this.assistants.findOrFail(caller, assistantId, 'edit');
    return (await this.stores.documents.list(assistantId)).map(toDocumentView);
  }

  async get(caller: Caller, id: string) {
    return toDocumentView(await this.findOrFail(caller, id));
  }

  /** Stops a running ingest, then a clean-up workflow removes the chunks from every index and the document itself. */
  async remove(caller: Caller, id: string) {
    const document = await this.findOrFail(caller, id);
    await this.runner.cancel(ingestWorkflowId(id));
    const task = await this.stores.tasks.queueCleanup({
      id: cleanupWorkflowId(id),
      userId: caller.id,
      assistantId: document.assistantId,
      documentId: id,
      runner: this.runner.kind,
    });
    await this.tasks.launch(task, true, { document: document.filename, user: caller.email });
    return { taskId: task.id, links: { task: `/api/tasks/${task.id}` } };
  }

  async retry(caller: Caller, id: string) {
    await this.findOrFail(caller, id);
    return this.tasks.retry(caller, ingestWorkflowId(id));
  }

  /**
   * Indexes a document again from its stored upload, with the assistant's current chunking and the
   * current embedding model. Its previous index stays searchable until the new one is complete.
   */
  async reindex(caller: Caller, id: string): Promise<DocumentView> {
    const document = await this.findOrFail(caller, id);
    const busy = () => new ConflictException(problemText('document.busy', { id, status: document.status }));
    if (document.status === 'queued' || document.status === 'processing') throw busy();
    const taskId = ingestWorkflowId(id);
    const [updated, task] = await this.stores.transaction(async ({ documents, tasks }) => {
      // Conditional, so two requests at once (or one beside an assistant's re-index) start it once.
      if (!(await documents.queueReindex(id))) throw busy();
      const task = await tasks.queueReindex({
        id: taskId,
        userId: caller.id,
        assistantId: document.assistantId,
        documentId: id,
        runner: this.runner.kind,
        input: { reindex: true },
      });
      return [await documents.get(id), task] as const;
    });
    await this.tasks.launch(task, true, { document: document.filename, user: caller.email, reindex: true });
    return toDocumentView(updated);
  }

  /** Re-indexes every ready document of an assistant, one after another, in one task that counts them. */
  async reindexAssistant(caller: Caller, assistantId: string): Promise<AssistantReindexView> {
    const assistant = await this.assistants.findOrFail(caller, assistantId, 'edit');
    const taskId = reindexAssistantWorkflowId(assistantId);
    const previous = await this.stores.tasks.find(taskId);
    if (previous && !isTaskEnded(previous.status)) throw new ConflictException(problemText('knowledge.reindex_running', { taskId }));
    const documents = await this.stores.documents.countReady(assistantId);
    const task = await this.stores.tasks.queueAssistantReindex({ id: taskId, userId: caller.id, assistantId, runner: this.runner.kind, itemsTotal: documents });
    await this.tasks.launch(task, true, { assistant: assistant.name, user: caller.email });
    return { taskId, documents, links: { task: `/api/tasks/${taskId}` } };
  }

  private async findOrFail(caller: Caller, id: string) {
    const document = await this.stores.documents.find(id);
    if (!document) throw new NotFoundException(problemText('resource.id_unknown', { kind: 'document', id }));
    await this.assistants.findOrFail(caller, document.assistantId, 'edit');
    return document;
  }
}

/** Browsers send names as latin1 bytes of UTF-8. */
function decodeFilename(original: string): string {
  return Buffer.from(original, 'latin1').toString('utf8').slice(0, 255) || 'document';
}

/** The code and params an exception was thrown with, for a per-file result. */
function problemCodeOf(error: HttpException): { code?: string; params?: Record<string, string | number> } {
  const body = error.getResponse();
  return isCodedMessage(body) ? { code: body.code, params: body.params } : {};
}
