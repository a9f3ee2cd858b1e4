import { join } from 'node:path';
import { strayWrites, TABLE_OWNERS, tableWrites, tableWritesIn } from './table-writes';

const ROOT = join(__dirname, '..', '..');

// Tasks, messages, documents (with their uploads and chunks), tool servers and assistants' tools each
// have one store that writes them (libs/adapters/src/store): every change of those rows is in one
// place, with its conditions.
describe('one writer per table', () => {
  const writes = tableWrites(ROOT, ['apps', 'libs']);

  it('sees the stores write their own tables (the scan finds what it looks for)', () => {
    const seen = Object.entries(TABLE_OWNERS).filter(([table, owner]) => writes.some((w) => w.table === table && w.file === owner));
    expect(seen.map(([table]) => table)).toEqual(Object.keys(TABLE_OWNERS));
  });

  it('no file but the owner writes tasks, messages, documents, uploads, chunks, tool servers or assistant tools', () => {
    const strays = strayWrites(writes).map((w) => `${w.file}:${w.line} writes ${w.table} (only ${TABLE_OWNERS[w.table]} may): ${w.what}`);
    expect(strays).toEqual([]);
  });
});

describe('the table-write scan', () => {
  const found = (source: string) => tableWritesIn(source, 'x.ts').map((w) => `${w.line} ${w.table}`);

  it('finds Prisma writes, nested writes and SQL, with their lines', () => {
    const source = [
      `await tx.task.update({ where: { id }, data: { status } });`,
      `await this.prisma.client.message.createMany({ data: [] });`,
      `await prisma['chunk'].deleteMany({});`,
      `await tx.conversation.create({ data: { messages: { create: [{ content: 'hi' }] } } });`,
      `await sql.query(\`WITH t AS (SELECT 1)`,
      `  UPDATE knowledge_documents SET status = $1\`, [status]);`,
      `await tx.$executeRaw\`delete from "chunks" WHERE id = \${id}\`;`,
      `await db.query('INSERT INTO document_content_parts (document_id) VALUES ($1)', [id]);`,
    ].join('\n');
    expect(found(source)).toEqual(['1 tasks', '2 messages', '3 chunks', '4 messages', '6 knowledge_documents', '7 chunks', '8 document_content_parts']);
  });

  it('leaves reads, locks, comments and other tables alone', () => {
    const source = [
      `// UPDATE tasks when the turn ends`,
      `await tx.task.findUnique({ where: { id } });`,
      `await tx.$queryRaw\`SELECT rating FROM messages WHERE id = \${id} FOR UPDATE\`;`,
      `await tx.conversation.update({ where: { id }, data: { messageCount: 0 } });`,
      `await sql.query('UPDATE chunk_vectors SET model = $1', [model]);`,
      `const message = { content: 'text' };`,
    ].join('\n');
    expect(found(source)).toEqual([]);
  });
});
