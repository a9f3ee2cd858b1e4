-- DropIndex
DROP INDEX "chunk_vectors_document_id_idx";

-- CreateIndex
CREATE INDEX "chunk_vectors_document_id_chunk_id_idx" ON "chunk_vectors"("document_id", "chunk_id");
