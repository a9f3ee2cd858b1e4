-- AlterTable
ALTER TABLE "chunks" ADD COLUMN     "search_language" TEXT,
ADD COLUMN     "search_vector" tsvector;

-- CreateIndex
CREATE INDEX "chunks_search_vector_idx" ON "chunks" USING GIN ("search_vector");

-- Backfill chunks ingested before this index existed: mostly Cyrillic letters → russian
-- (whose configuration also stems ASCII words as English), any Latin → english, else simple.
UPDATE "chunks" SET "search_language" = CASE
    WHEN length(regexp_replace("text", '[^а-яёА-ЯЁ]', '', 'g')) * 10 >= length(regexp_replace("text", '[^[:alpha:]]', '', 'g')) * 3
      AND length(regexp_replace("text", '[^а-яёА-ЯЁ]', '', 'g')) > 0 THEN 'russian'
    WHEN "text" ~ '[A-Za-z]' THEN 'english'
    ELSE 'simple'
  END;
UPDATE "chunks" SET "search_vector" = CASE "search_language"
    WHEN 'russian' THEN to_tsvector('russian'::regconfig, "text")
    WHEN 'english' THEN to_tsvector('english'::regconfig, "text")
    ELSE to_tsvector('simple'::regconfig, "text")
  END;
