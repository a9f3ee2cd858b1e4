import type { Message } from '@assistants/db';

export const EXPORT_FORMATS = ['md', 'json', 'txt', 'pdf'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** What every format prints above the messages. */
export interface ExportHeader {
  id: string;
  title: string;
  assistantName: string;
  createdAt: Date;
  exportedAt: Date;
}

export type ExportMessage = Message;
