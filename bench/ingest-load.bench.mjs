// Chat while a large document is ingested (issue 6, §1): chat POST → accepted and POST → answer
// stored, idle and while a 20 MB Markdown upload is parsed, chunked, embedded (offline) and indexed
// on the embedded runner. The database is the embedded PostgreSQL, or a server with BENCH_DATABASE_URL.
// The chat goes to another assistant than the upload (people chatting while someone else uploads).
// The hashing embedder, as when this bench was first recorded: it runs in the CPU pool, and a 20 MB
// upload through the local model would take many minutes (see `npm run bench -- ingest`).
import { chatBesideIngest, printChatBesideIngest } from './ingest-support.mjs';

export async function run() {
  const result = await chatBesideIngest({
    uploadBytes: Number(process.env.BENCH_UPLOAD_BYTES ?? 20_000_000),
    idleTurns: Number(process.env.BENCH_IDLE_TURNS ?? 100),
  });
  printChatBesideIngest('ingest-load, embedded runner', result);
}
