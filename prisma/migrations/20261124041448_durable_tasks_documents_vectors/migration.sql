-- CreateEnum
CREATE TYPE "TaskKind" AS ENUM ('chat', 'ingest', 'cleanup');

-- CreateEnum
CREATE TYPE "TaskStatus" AS ENUM ('queued', 'retrieving', 'generating', 'parsing', 'chunking', 'embedding', 'indexing', 'cleaning', 'done', 'failed', 'cancelled');

-- CreateTable
CREATE TABLE "document_contents" (
    "document_id" UUID NOT NULL,
    "data" BYTEA NOT NULL,

    CONSTRAINT "document_contents_pkey" PRIMARY KEY ("document_id")
);

-- CreateTable
CREATE TABLE "chunk_vectors" (
    "chunk_id" UUID NOT NULL,
    "assistant_id" UUID NOT NULL,
    "document_id" UUID NOT NULL,
    "model" TEXT NOT NULL,
    "embedding" REAL[],

    CONSTRAINT "chunk_vectors_pkey" PRIMARY KEY ("chunk_id")
);

-- CreateTable
CREATE TABLE "tasks" (
    "id" TEXT NOT NULL,
    "kind" "TaskKind" NOT NULL,
    "status" "TaskStatus" NOT NULL DEFAULT 'queued',
    "progress" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "user_id" UUID NOT NULL,
    "assistant_id" UUID NOT NULL,
    "conversation_id" UUID,
    "user_message_id" UUID,
    "assistant_message_id" UUID,
    "document_id" UUID,
    "input" JSONB NOT NULL DEFAULT '{}',
    "runner" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL DEFAULT 1,
    "stats_counted" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "tasks_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "chunk_vectors_assistant_id_idx" ON "chunk_vectors"("assistant_id");

-- CreateIndex
CREATE INDEX "chunk_vectors_document_id_idx" ON "chunk_vectors"("document_id");

-- CreateIndex
CREATE INDEX "tasks_user_id_created_at_idx" ON "tasks"("user_id", "created_at");

-- CreateIndex
CREATE INDEX "tasks_document_id_idx" ON "tasks"("document_id");

-- CreateIndex
CREATE INDEX "tasks_conversation_id_idx" ON "tasks"("conversation_id");

-- AddForeignKey
ALTER TABLE "document_contents" ADD CONSTRAINT "document_contents_document_id_fkey" FOREIGN KEY ("document_id") REFERENCES "knowledge_documents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "chunk_vectors" ADD CONSTRAINT "chunk_vectors_chunk_id_fkey" FOREIGN KEY ("chunk_id") REFERENCES "chunks"("id") ON DELETE CASCADE ON UPDATE CASCADE;
