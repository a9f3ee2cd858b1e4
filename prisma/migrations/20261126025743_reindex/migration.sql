-- AlterEnum
ALTER TYPE "TaskKind" ADD VALUE 'reindex';

-- DropIndex
DROP INDEX "chunks_document_id_position_key";

-- AlterTable
ALTER TABLE "knowledge_documents" ADD COLUMN     "live_generation" INTEGER;

-- AlterTable
ALTER TABLE "chunks" ADD COLUMN     "generation" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "tasks" ADD COLUMN     "items_done" INTEGER,
ADD COLUMN     "items_total" INTEGER;

-- CreateIndex
CREATE UNIQUE INDEX "chunks_document_id_generation_position_key" ON "chunks"("document_id", "generation", "position");

-- Documents already ready are searchable in their one generation, 0.
UPDATE "knowledge_documents" SET "live_generation" = 0 WHERE "status" = 'ready';
