import { expectProblem, registerUser } from '../support/api-app';
import { createChatSetup, sendMessage, startChatHarness, uploadDocument, waitForTask, type ChatHarness, type ChatSetup } from '../support/chat-harness';

/**
 * A file attached to one question (issue 17): read for that conversation only, by whoever may chat
 * in it, never part of the assistant's knowledge base, and removed with the conversation.
 */
describe('files attached to a conversation', () => {
  let h: ChatHarness;
  beforeAll(async () => {
    h = await startChatHarness('embedded');
  }, 180_000);
  afterAll(() => h?.close());

  const attach = (s: ChatSetup, filename: string, text: string | Buffer, contentType = 'text/plain') =>
    h.t
      .http()
      .post(`/api/conversations/${s.conversationId}/documents`)
      .set(s.user.auth)
      .attach('file', typeof text === 'string' ? Buffer.from(text) : text, { filename, contentType });
  const messages = async (s: ChatSetup) =>
    (await h.t.http().get(`/api/conversations/${s.conversationId}/messages?limit=200`).set(s.user.auth).expect(200)).body.items as any[];

  it('answers a question from the attached file, cites it, and keeps it out of the knowledge base and other conversations', async () => {
    const s = await createChatSetup(h);
    await waitForTask(h, s, (await uploadDocument(h, s, 'handbook.md', '# Leave\n\nParental leave lasts sixteen weeks.', 'text/markdown')).taskId);
    const res = await attach(s, 'invoice.txt', 'The invoice number is 4711 and the total due is 93 euros.');
    expect(res.status).toBe(202);
    expect(res.body.document).toMatchObject({ filename: 'invoice.txt', assistantId: s.assistantId });

    // Sent at once: the turn waits for the file to be read.
    const sent = await sendMessage(h, s, { content: 'What is the invoice total due?' });
    expect((await waitForTask(h, s, sent.taskId)).status).toBe('done');
    const answer = (await messages(s)).find((m) => m.id === sent.assistantMessageId);
    expect(answer.searchResults.map((r: any) => r.filename)).toContain('invoice.txt');
    expect(answer.searchResults.find((r: any) => r.filename === 'invoice.txt').text).toContain('93 euros');

    // Listed with the conversation, never with the assistant's documents.
    const listed = (await h.t.http().get(`/api/conversations/${s.conversationId}/documents`).set(s.user.auth).expect(200)).body;
    expect(listed.map((d: any) => d.filename)).toEqual(['invoice.txt']);
    expect(listed[0].status).toBe('ready');
    const knowledge = (await h.t.http().get(`/api/assistants/${s.assistantId}/documents`).set(s.user.auth).expect(200)).body;
    expect(knowledge.map((d: any) => d.filename)).toEqual(['handbook.md']);

    // Another conversation with the same assistant: its knowledge, not the other conversation's file.
    const other = (await h.t.http().post('/api/conversations').set(s.user.auth).send({ assistantId: s.assistantId }).expect(201)).body;
    const s2 = { ...s, conversationId: other.id };
    const elsewhere = await sendMessage(h, s2, { content: 'What is the invoice total due? And how long is parental leave?' });
    await waitForTask(h, s2, elsewhere.taskId);
    const reply = (await messages(s2)).find((m) => m.id === elsewhere.assistantMessageId);
    expect(reply.searchResults.map((r: any) => r.filename)).not.toContain('invoice.txt');
    expect(JSON.stringify(reply)).not.toContain('93 euros');
    // The assistant's own search endpoint does not see it either.
    const search = await h.t.http().post(`/api/assistants/${s.assistantId}/search`).set(s.user.auth).send({ query: 'invoice total due euros' });
    expect(search.status).toBe(200);
    expect(JSON.stringify(search.body)).not.toContain('93 euros');
  }, 90_000);

  it('refuses other users, a missing file, too large and unsupported files with a clear 4xx', async () => {
    const s = await createChatSetup(h);
    const stranger = await registerUser(h.t, 'stranger');
    const foreign = await h.t
      .http()
      .post(`/api/conversations/${s.conversationId}/documents`)
      .set(stranger.auth)
      .attach('file', Buffer.from('hello'), { filename: 'x.txt', contentType: 'text/plain' });
    expect([403, 404]).toContain(foreign.status);
    expect([403, 404]).toContain((await h.t.http().get(`/api/conversations/${s.conversationId}/documents`).set(stranger.auth)).status);

    const none = await h.t.http().post(`/api/conversations/${s.conversationId}/documents`).set(s.user.auth).field('note', 'no file');
    expect(expectProblem(none, 400).code).toBe('attachment.missing_file');

    const binary = await attach(
      s,
      'tool.exe',
      Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0xff, 0xff, 0x00, 0x00]),
      'application/octet-stream',
    );
    expect(binary.status).toBe(415);

    const big = await attach(s, 'big.txt', Buffer.alloc(h.t.config.maxUploadBytes + 1, 'a '));
    expect(big.status).toBe(413);

    const empty = await attach(s, 'empty.txt', Buffer.alloc(0));
    expect(empty.status).toBe(400);
  }, 60_000);

  it('deleting the conversation removes its files with their chunks; removing one file before sending works', async () => {
    const s = await createChatSetup(h);
    const first = (await attach(s, 'a.txt', 'Alpha file about apples.').expect(202)).body;
    const second = (await attach(s, 'b.txt', 'Beta file about bananas.').expect(202)).body;
    await waitForTask(h, s, first.taskId);
    await waitForTask(h, s, second.taskId);
    await h.t.http().delete(`/api/conversations/${s.conversationId}/documents/${second.document.id}`).set(s.user.auth).expect(204);
    expect((await h.t.http().get(`/api/conversations/${s.conversationId}/documents`).set(s.user.auth).expect(200)).body).toHaveLength(1);
    expect(expectProblem(await h.t.http().delete(`/api/conversations/${s.conversationId}/documents/${second.document.id}`).set(s.user.auth), 404).code).toBe(
      'attachment.not_found',
    );
    expect(await h.t.prisma.chunk.count({ where: { documentId: first.document.id } })).toBeGreaterThan(0);

    await h.t.http().delete(`/api/conversations/${s.conversationId}`).set(s.user.auth).expect(204);
    expect(await h.t.prisma.knowledgeDocument.count({ where: { id: first.document.id } })).toBe(0);
    expect(await h.t.prisma.chunk.count({ where: { documentId: first.document.id } })).toBe(0);
    expect(await h.t.prisma.chunkVector.count({ where: { documentId: first.document.id } })).toBe(0);
  }, 60_000);
});
