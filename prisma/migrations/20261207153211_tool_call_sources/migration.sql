-- AlterTable
ALTER TABLE "tool_calls" ADD COLUMN     "sources" JSONB;
