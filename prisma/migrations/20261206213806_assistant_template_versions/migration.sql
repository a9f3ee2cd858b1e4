-- A link remembers the version of the template it uses (issue 14, item 13): existing links take the
-- template as it is now, so nothing changes for them until its owner edits it again.
ALTER TABLE "assistant_templates" ADD COLUMN     "prompt_text" TEXT,
ADD COLUMN     "response_format" "ResponseFormat",
ADD COLUMN     "version_at" TIMESTAMPTZ(3);

UPDATE "assistant_templates" AS l
SET "prompt_text" = t."prompt_text", "response_format" = t."response_format", "version_at" = t."updated_at"
FROM "prompt_templates" AS t
WHERE t."id" = l."template_id";

-- A default template is always among the assistant's links (the API links it when set); make sure of it for older rows.
INSERT INTO "assistant_templates" ("assistant_id", "template_id", "prompt_text", "response_format", "version_at")
SELECT a."id", t."id", t."prompt_text", t."response_format", t."updated_at"
FROM "assistants" AS a JOIN "prompt_templates" AS t ON t."id" = a."default_template_id"
ON CONFLICT DO NOTHING;

ALTER TABLE "assistant_templates" ALTER COLUMN "prompt_text" SET NOT NULL,
ALTER COLUMN "response_format" SET NOT NULL,
ALTER COLUMN "version_at" SET NOT NULL;
