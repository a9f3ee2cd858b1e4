import { BadRequestException } from '@nestjs/common';

/** Messages are ordered by (created_at, id); a cursor is the last seen pair, opaque to clients. */
export interface MessageCursor {
  createdAt: Date;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The exact form encodeCursor writes; years 0000-9999 are all within PostgreSQL's timestamp range. */
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

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
  if (rest.length || !UUID.test(id) || !ISO.test(iso) || Number.isNaN(createdAt.getTime()) || createdAt.toISOString() !== iso) {
    throw new BadRequestException('The cursor is not one this API issued; start again without it.');
  }
  return { createdAt, id: id.toLowerCase() };
}
