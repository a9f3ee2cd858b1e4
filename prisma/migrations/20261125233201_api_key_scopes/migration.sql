-- CreateEnum
CREATE TYPE "ApiScope" AS ENUM ('chat', 'read', 'admin');

-- AlterTable
ALTER TABLE "api_keys" ADD COLUMN     "scopes" "ApiScope"[] DEFAULT ARRAY['chat', 'read']::"ApiScope"[];
