-- AlterTable
ALTER TABLE "assistants" ADD COLUMN     "allow_model_choice" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "llm_provider_id" UUID;

-- AlterTable
ALTER TABLE "conversations" ADD COLUMN     "llm_model" TEXT,
ADD COLUMN     "llm_provider_id" UUID;

-- CreateTable
CREATE TABLE "llm_providers" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "base_url" TEXT NOT NULL,
    "api_key" TEXT,
    "models" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "status" TEXT NOT NULL DEFAULT 'ok',
    "refreshed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "llm_providers_pkey" PRIMARY KEY ("id")
);

-- AddForeignKey
ALTER TABLE "assistants" ADD CONSTRAINT "assistants_llm_provider_id_fkey" FOREIGN KEY ("llm_provider_id") REFERENCES "llm_providers"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_llm_provider_id_fkey" FOREIGN KEY ("llm_provider_id") REFERENCES "llm_providers"("id") ON DELETE SET NULL ON UPDATE CASCADE;
