-- DropIndex
DROP INDEX "messages_reply_to_id_key";

-- AlterTable
ALTER TABLE "messages" ADD COLUMN     "active" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "parent_id" UUID;

-- CreateIndex
CREATE INDEX "messages_reply_to_id_idx" ON "messages"("reply_to_id");

-- CreateIndex
CREATE INDEX "messages_parent_id_idx" ON "messages"("parent_id");

-- CreateIndex
CREATE INDEX "messages_conversation_id_active_created_at_id_idx" ON "messages"("conversation_id", "active", "created_at", "id");

-- Backfill: existing conversations are linear, each message follows the one before it.
UPDATE "messages" m SET "parent_id" = p."previous"
FROM (
  SELECT "id", LAG("id") OVER (PARTITION BY "conversation_id" ORDER BY "created_at", "id") AS "previous" FROM "messages"
) p
WHERE m."id" = p."id" AND p."previous" IS NOT NULL;

-- AddForeignKey
ALTER TABLE "messages" ADD CONSTRAINT "messages_parent_id_fkey" FOREIGN KEY ("parent_id") REFERENCES "messages"("id") ON DELETE CASCADE ON UPDATE CASCADE;
