import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { RequestWithCaller } from '../auth/auth.decorators';
import { KnowledgeService } from './knowledge.service';

/**
 * Runs before the multipart interceptor, which is what reads an upload's body: a refused upload
 * is answered on its headers, and the problem filter closes the connection instead of reading
 * the rest (see closeIfBodyUnread). An admitted upload holds one of its sender's upload slots
 * until its answer has gone out or the client went away.
 */
@Injectable()
export class UploadAdmissionGuard implements CanActivate {
  constructor(private readonly knowledge: KnowledgeService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request & RequestWithCaller>();
    const response = context.switchToHttp().getResponse<Response>();
    const length = request.headers['content-length'];
    const release = await this.knowledge.admitUpload(request.caller ?? null, String(request.params.id), length === undefined ? undefined : Number(length));
    response.once('close', release);
    return true;
  }
}
