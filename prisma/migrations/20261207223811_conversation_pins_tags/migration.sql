-- AlterTable
ALTER TABLE "conversations" ADD COLUMN     "pinned_at" TIMESTAMPTZ(3),
ADD COLUMN     "tags" TEXT[] DEFAULT ARRAY[]::TEXT[];
