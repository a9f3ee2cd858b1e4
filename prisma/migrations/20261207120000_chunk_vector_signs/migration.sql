-- Each vector's signs, one bit a dimension: the vector leg's first pass in SQL (Hamming distance),
-- for an assistant whose in-process cache is still filling. The product's writer sends them with
-- the vector (computed in the process, cheaper than here); a trigger fills them for any other
-- writer (the PGlite import, a hand-written INSERT) and when a vector changes without them.
CREATE FUNCTION "vector_signs"(real[]) RETURNS bit varying
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT array_to_string(ARRAY(SELECT CASE WHEN x > 0 THEN 1 ELSE 0 END FROM unnest($1) WITH ORDINALITY AS u(x, i) ORDER BY i), '')::bit varying $$;

CREATE FUNCTION "chunk_vectors_keep_signs"() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  IF NEW."signs" IS NULL OR (TG_OP = 'UPDATE' AND NEW."signs" IS NOT DISTINCT FROM OLD."signs" AND NEW."embedding" IS DISTINCT FROM OLD."embedding") THEN
    NEW."signs" := "vector_signs"(NEW."embedding");
  END IF;
  RETURN NEW;
END $$;

-- AlterTable
ALTER TABLE "chunk_vectors" ADD COLUMN "signs" bit varying;

CREATE TRIGGER "chunk_vectors_signs" BEFORE INSERT OR UPDATE ON "chunk_vectors"
  FOR EACH ROW EXECUTE FUNCTION "chunk_vectors_keep_signs"();

UPDATE "chunk_vectors" SET "signs" = "vector_signs"("embedding");
