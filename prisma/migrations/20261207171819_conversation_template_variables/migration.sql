-- AlterTable
ALTER TABLE "conversations" ADD COLUMN     "template_variables" JSONB;
