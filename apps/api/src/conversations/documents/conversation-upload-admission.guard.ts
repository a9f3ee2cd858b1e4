import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { RequestWithCaller } from '../../auth/auth.decorators';
import { IdPipe } from '../../common/id.pipe';
import { ConversationDocumentsService } from './conversation-documents.service';

/** As the knowledge base's UploadAdmissionGuard: a refused attachment is answered on its headers, before its body is read. */
@Injectable()
export class ConversationUploadAdmissionGuard implements CanActivate {
  constructor(private readonly documents: ConversationDocumentsService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request & RequestWithCaller>();
    const response = context.switchToHttp().getResponse<Response>();
    const length = request.headers['content-length'];
    // Guards run before pipes: the id is checked here as IdPipe would (a 404, not the database's error).
    const id = new IdPipe().transform(String(request.params.id));
    const release = await this.documents.admitUpload(request.caller ?? null, id, length === undefined ? undefined : Number(length));
    response.once('close', release);
    return true;
  }
}
