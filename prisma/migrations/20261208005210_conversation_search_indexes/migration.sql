-- Full text indexes for GET /api/conversations?search= (apps/api/src/conversations/conversation-search.ts).
-- Expression indexes: schema.prisma cannot describe them (see RAW_INDEXES in scripts/prisma-migrations.mjs).
-- Each expression is exactly the query's, configuration cast included, or the planner cannot use it.

-- CreateIndex
CREATE INDEX "messages_content_english_fts_idx" ON "messages" USING GIN (to_tsvector('english'::regconfig, "content"));

-- CreateIndex
CREATE INDEX "messages_content_russian_fts_idx" ON "messages" USING GIN (to_tsvector('russian'::regconfig, "content"));

-- CreateIndex
CREATE INDEX "conversations_title_english_fts_idx" ON "conversations" USING GIN (to_tsvector('english'::regconfig, "title"));

-- CreateIndex
CREATE INDEX "conversations_title_russian_fts_idx" ON "conversations" USING GIN (to_tsvector('russian'::regconfig, "title"));
