import type { Message } from '@assistants/db';

export { EXPORT_FORMATS, type ExportFormat } from '@assistants/common';

/** What every format prints above the messages. */
export interface ExportHeader {
  id: string;
  title: string;
  assistantName: string;
  createdAt: Date;
  exportedAt: Date;
}

export type ExportMessage = Message;
