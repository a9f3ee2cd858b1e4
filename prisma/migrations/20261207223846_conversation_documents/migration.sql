-- AlterTable
ALTER TABLE "knowledge_documents" ADD COLUMN     "conversation_id" UUID;

-- CreateIndex
CREATE INDEX "knowledge_documents_conversation_id_idx" ON "knowledge_documents"("conversation_id");

-- AddForeignKey
ALTER TABLE "knowledge_documents" ADD CONSTRAINT "knowledge_documents_conversation_id_fkey" FOREIGN KEY ("conversation_id") REFERENCES "conversations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
