import { isUuid } from '@assistants/common';
import { Injectable, NotFoundException, type PipeTransform } from '@nestjs/common';
import { problemText } from './errors';

/** Ids are UUIDs; anything else cannot name a resource, so it is a 404 like an unknown id. */
@Injectable()
export class IdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!isUuid(value)) throw new NotFoundException(problemText('resource.id_unknown', { kind: 'resource', id: JSON.stringify(value.slice(0, 80)) }));
    return value.toLowerCase();
  }
}
