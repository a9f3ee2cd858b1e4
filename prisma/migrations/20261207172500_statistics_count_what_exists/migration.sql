-- An assistant's statistics count what exists now (see "Statistics" in docs/api.md):
-- conversations that are not deleted, and the messages of those. Until now deleting a
-- conversation left both counts as they were. Recount from the rows.
UPDATE "assistants" AS a
SET "total_conversations" = (
  SELECT count(*) FROM "conversations" AS c WHERE c."assistant_id" = a."id" AND c."status" <> 'deleted'
),
"total_messages" = (
  SELECT count(*) FROM "messages" AS m JOIN "conversations" AS c ON c."id" = m."conversation_id"
  WHERE c."assistant_id" = a."id" AND c."status" <> 'deleted'
);
