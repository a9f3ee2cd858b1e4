import { isUuid } from '@assistants/common';
import { BadRequestException } from '@nestjs/common';
import { problemText } from '../common/errors';

/** Messages are ordered by (created_at, id); a cursor is the last seen pair, opaque to clients. */
export interface MessageCursor {
  createdAt: Date;
  id: string;
}

/** The exact form encodeCursor writes. */
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
/**
 * No message is older than this. PostgreSQL has no year 0 (JavaScript's year
 * 0000 is 1 BC), so early years fail in the database as a 500; none can come
 * from a cursor this API issued. The four-digit form caps the other end at 9999.
 */
const OLDEST = Date.UTC(1970, 0, 1);

export function encodeCursor(cursor: MessageCursor): string {
  return Buffer.from(`${cursor.createdAt.toISOString()}|${cursor.id}`).toString('base64url');
}

/**
 * Only accepts what encodeCursor writes: anything looser reaches the database
 * as a bad uuid or an out-of-range timestamp, and fails there as a 500.
 */
export function decodeCursor(raw: string): MessageCursor {
  const [iso = '', id = '', ...rest] = Buffer.from(raw, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(iso);
  if (rest.length || !isUuid(id) || !ISO.test(iso) || Number.isNaN(createdAt.getTime()) || createdAt.getTime() < OLDEST || createdAt.toISOString() !== iso) {
    throw new BadRequestException(problemText('request.cursor_invalid'));
  }
  return { createdAt, id: id.toLowerCase() };
}
