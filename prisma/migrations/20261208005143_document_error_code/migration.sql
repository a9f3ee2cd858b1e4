-- AlterTable
ALTER TABLE "knowledge_documents" ADD COLUMN     "error_code" TEXT,
ADD COLUMN     "error_params" JSONB;
