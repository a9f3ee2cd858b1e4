-- Uploads are stored in parts so that no statement carries megabytes (issue 6: the embedded
-- database runs on the thread that serves HTTP).

-- CreateTable
CREATE TABLE "document_content_parts" (
    "document_id" UUID NOT NULL,
    "part" INTEGER NOT NULL,
    "data" BYTEA NOT NULL,

    CONSTRAINT "document_content_parts_pkey" PRIMARY KEY ("document_id","part")
);

-- AddForeignKey
ALTER TABLE "document_content_parts" ADD CONSTRAINT "document_content_parts_document_id_fkey" FOREIGN KEY ("document_id") REFERENCES "knowledge_documents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Existing uploads become one part each; readers accept parts of any size.
INSERT INTO "document_content_parts" ("document_id", "part", "data") SELECT "document_id", 0, "data" FROM "document_contents";

-- DropTable
DROP TABLE "document_contents";
