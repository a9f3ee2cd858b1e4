-- AlterTable
ALTER TABLE "assistants" ADD COLUMN     "show_prompt_to_users" BOOLEAN NOT NULL DEFAULT false;
