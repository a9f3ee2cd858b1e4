-- AlterTable
ALTER TABLE "assistants" ADD COLUMN     "chunk_overlap" INTEGER NOT NULL DEFAULT 32,
ADD COLUMN     "chunk_size" INTEGER NOT NULL DEFAULT 256;
