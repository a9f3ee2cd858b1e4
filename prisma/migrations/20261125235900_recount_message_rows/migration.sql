-- Message counters now count every stored message row (see "Statistics" in the
-- README); until now an answer counted only once it was done, so failed and
-- cancelled turns left them one short. Recount from the rows.
UPDATE "conversations" AS c
SET "message_count" = (SELECT count(*) FROM "messages" AS m WHERE m."conversation_id" = c."id");

UPDATE "assistants" AS a
SET "total_messages" = (
  SELECT count(*) FROM "messages" AS m JOIN "conversations" AS c ON c."id" = m."conversation_id" WHERE c."assistant_id" = a."id"
);
