-- CreateEnum
CREATE TYPE "ShareAudience" AS ENUM ('signed_in', 'anyone');

-- CreateTable
CREATE TABLE "conversation_shares" (
    "id" UUID NOT NULL,
    "conversation_id" UUID NOT NULL,
    "token_hash" TEXT NOT NULL,
    "audience" "ShareAudience" NOT NULL DEFAULT 'signed_in',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "conversation_shares_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "conversation_shares_token_hash_key" ON "conversation_shares"("token_hash");

-- CreateIndex
CREATE INDEX "conversation_shares_conversation_id_idx" ON "conversation_shares"("conversation_id");

-- AddForeignKey
ALTER TABLE "conversation_shares" ADD CONSTRAINT "conversation_shares_conversation_id_fkey" FOREIGN KEY ("conversation_id") REFERENCES "conversations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
