-- AlterTable
ALTER TABLE "messages" ADD COLUMN     "error_code" TEXT,
ADD COLUMN     "error_params" JSONB;
