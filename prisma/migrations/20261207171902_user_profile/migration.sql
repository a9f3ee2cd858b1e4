-- CreateEnum
CREATE TYPE "Theme" AS ENUM ('system', 'light', 'dark');

-- AlterTable
ALTER TABLE "users" ADD COLUMN     "language" VARCHAR(8),
ADD COLUMN     "theme" "Theme" NOT NULL DEFAULT 'system';
