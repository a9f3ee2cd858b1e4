import { BadRequestException } from '@nestjs/common';

/** Messages are ordered by (created_at, id); a cursor is the last seen pair, opaque to clients. */
export interface MessageCursor {
  createdAt: Date;
  id: string;
}

export function encodeCursor(cursor: MessageCursor): string {
  return Buffer.from(`${cursor.createdAt.toISOString()}|${cursor.id}`).toString('base64url');
}

export function decodeCursor(raw: string): MessageCursor {
  const [iso, id] = Buffer.from(raw, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(iso);
  if (!id || !/^[0-9a-f-]{36}$/i.test(id) || Number.isNaN(createdAt.getTime())) {
    throw new BadRequestException('The cursor is not one this API issued; start again without it.');
  }
  return { createdAt, id };
}
