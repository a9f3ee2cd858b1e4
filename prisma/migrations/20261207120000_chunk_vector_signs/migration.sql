-- Each vector's signs, one bit a dimension: the vector leg's first pass in SQL (Hamming distance),
-- for an assistant whose in-process cache is still filling. Kept by a trigger, so that every
-- writer (ingest, the PGlite import, a re-index) stores them without knowing.
CREATE FUNCTION "vector_signs"(real[]) RETURNS bit varying
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT coalesce(string_agg(CASE WHEN x > 0 THEN '1' ELSE '0' END, '' ORDER BY i), '')::bit varying FROM unnest($1) WITH ORDINALITY AS u(x, i) $$;

CREATE FUNCTION "chunk_vectors_keep_signs"() RETURNS trigger
  LANGUAGE plpgsql
  AS $$ BEGIN NEW."signs" := "vector_signs"(NEW."embedding"); RETURN NEW; END $$;

-- AlterTable
ALTER TABLE "chunk_vectors" ADD COLUMN "signs" bit varying;

CREATE TRIGGER "chunk_vectors_signs" BEFORE INSERT OR UPDATE OF "embedding" ON "chunk_vectors"
  FOR EACH ROW EXECUTE FUNCTION "chunk_vectors_keep_signs"();

UPDATE "chunk_vectors" SET "signs" = "vector_signs"("embedding");
