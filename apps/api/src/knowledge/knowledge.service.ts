import type { Caller } from '@assistants/common';
import { detectType, sha256Stepwise, supportedTypesText } from '@assistants/ingest';
import { cleanupWorkflowId, ingestWorkflowId, storeUpload, type WorkflowRunner } from '@assistants/workflows';
import { BadRequestException, ConflictException, Injectable, NotFoundException, UnsupportedMediaTypeException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AssistantsService } from '../assistants/assistants.service';
import { TasksService } from '../chat/tasks.service';
import { PrismaService } from '../database/prisma.service';
import { InjectRunner } from '../workflows/workflows.module';
import { toDocumentView } from './document.view';

export interface UploadedFile {
  originalname: string;
  mimetype: string;
  size: number;
  buffer: Buffer;
}

@Injectable()
export class KnowledgeService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly assistants: AssistantsService,
    private readonly tasks: TasksService,
    @InjectRunner() private readonly runner: WorkflowRunner,
  ) {}

  /**
   * Stores the upload and starts its ingest workflow, then answers: parsing happens in the workflow,
   * never in this request. The document is `queued` until the workflow takes it.
   */
  async upload(caller: Caller, assistantId: string, file: UploadedFile | undefined) {
    const assistant = await this.assistants.findOrFail(caller, assistantId, 'edit');
    if (!file) throw new BadRequestException('Send the document as multipart/form-data in a field named "file".');
    // Browsers send names as latin1 bytes of UTF-8.
    const filename = Buffer.from(file.originalname, 'latin1').toString('utf8').slice(0, 255) || 'document';
    if (!detectType(filename, file.mimetype)) {
      throw new UnsupportedMediaTypeException(`${filename} (${file.mimetype}) is not a supported document type. Supported: ${supportedTypesText()}.`);
    }
    if (file.size === 0) throw new BadRequestException(`${filename} is empty.`);
    const checksum = await sha256Stepwise(file.buffer);
    const duplicate = await this.prisma.client.knowledgeDocument.findFirst({ where: { assistantId, checksum, status: { not: 'failed' } } });
    if (duplicate) throw new ConflictException(`The same file is already in this knowledge base as ${duplicate.filename} (document ${duplicate.id}).`);

    const documentId = randomUUID();
    const [document, task] = await this.prisma.client.$transaction([
      this.prisma.client.knowledgeDocument.create({
        data: { id: documentId, assistantId, uploadedById: caller.id, filename, mimeType: file.mimetype, sizeBytes: file.size, checksum },
      }),
      this.prisma.client.task.create({
        data: { id: ingestWorkflowId(documentId), kind: 'ingest', userId: caller.id, assistantId, documentId, runner: this.runner.kind },
      }),
    ]);
    // In short parts, after the rows: an ingest resumed before all parts are in finds the upload
    // incomplete (its size is known) and fails with that reason instead of indexing half a file.
    await storeUpload(this.prisma.db.sql, documentId, file.buffer);
    await this.tasks.launch(task, false, { assistant: assistant.name, user: caller.email, document: filename });
    return { document: toDocumentView(document), taskId: task.id, links: { task: `/api/tasks/${task.id}`, document: `/api/documents/${documentId}` } };
  }

  async list(caller: Caller, assistantId: string) {
    await this.assistants.findOrFail(caller, assistantId, 'edit');
    const documents = await this.prisma.client.knowledgeDocument.findMany({ where: { assistantId }, orderBy: [{ createdAt: 'desc' }, { id: 'asc' }] });
    return documents.map(toDocumentView);
  }

  async get(caller: Caller, id: string) {
    return toDocumentView(await this.findOrFail(caller, id));
  }

  /** Stops a running ingest, then a clean-up workflow removes the chunks from every index and the document itself. */
  async remove(caller: Caller, id: string) {
    const document = await this.findOrFail(caller, id);
    await this.runner.cancel(ingestWorkflowId(id));
    const task = await this.prisma.client.task.upsert({
      where: { id: cleanupWorkflowId(id) },
      create: { id: cleanupWorkflowId(id), kind: 'cleanup', userId: caller.id, assistantId: document.assistantId, documentId: id, runner: this.runner.kind },
      update: { status: 'queued', progress: 0, error: null, finishedAt: null, attempt: { increment: 1 } },
    });
    await this.tasks.launch(task, true, { document: document.filename, user: caller.email });
    return { taskId: task.id, links: { task: `/api/tasks/${task.id}` } };
  }

  async retry(caller: Caller, id: string) {
    await this.findOrFail(caller, id);
    return this.tasks.retry(caller, ingestWorkflowId(id));
  }

  private async findOrFail(caller: Caller, id: string) {
    const document = await this.prisma.client.knowledgeDocument.findUnique({ where: { id } });
    if (!document) throw new NotFoundException(`No document has id ${id}.`);
    await this.assistants.findOrFail(caller, document.assistantId, 'edit');
    return document;
  }
}
