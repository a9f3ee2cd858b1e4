-- CreateEnum
CREATE TYPE "ToolTransport" AS ENUM ('http', 'stdio');

-- CreateEnum
CREATE TYPE "ToolApproval" AS ENUM ('never', 'always');

-- CreateEnum
CREATE TYPE "ToolCallStatus" AS ENUM ('awaiting_approval', 'running', 'done', 'failed', 'rejected');

-- AlterTable
ALTER TABLE "assistants" ADD COLUMN     "max_tool_rounds" INTEGER NOT NULL DEFAULT 5;

-- AlterTable
ALTER TABLE "messages" ADD COLUMN     "tool_calls" JSONB;

-- CreateTable
CREATE TABLE "tool_servers" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "owner_id" UUID NOT NULL,
    "transport" "ToolTransport" NOT NULL,
    "url" TEXT,
    "command" TEXT,
    "args" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "header_names" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "env_names" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "secrets" TEXT,
    "shared" BOOLEAN NOT NULL DEFAULT false,
    "tools" JSONB NOT NULL DEFAULT '[]',
    "status" TEXT NOT NULL DEFAULT 'ok',
    "refreshed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "tool_servers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "assistant_tools" (
    "id" UUID NOT NULL,
    "assistant_id" UUID NOT NULL,
    "server_id" UUID,
    "builtin" TEXT,
    "name" TEXT NOT NULL DEFAULT '*',
    "approval" "ToolApproval",
    "position" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "assistant_tools_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tool_calls" (
    "id" UUID NOT NULL,
    "message_id" UUID NOT NULL,
    "task_id" TEXT NOT NULL,
    "assistant_id" UUID NOT NULL,
    "round" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "model_call_id" TEXT NOT NULL,
    "round_text" TEXT,
    "server_id" UUID,
    "server" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "builtin" TEXT,
    "arguments" TEXT NOT NULL,
    "needs_approval" BOOLEAN NOT NULL,
    "retryable" BOOLEAN NOT NULL,
    "status" "ToolCallStatus" NOT NULL,
    "result" TEXT,
    "error" TEXT,
    "duration_ms" INTEGER,
    "approved_by" UUID,
    "approved_at" TIMESTAMPTZ(3),
    "approval_deadline" TIMESTAMPTZ(3),
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "tool_calls_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "tool_servers_owner_id_idx" ON "tool_servers"("owner_id");

-- CreateIndex
CREATE INDEX "assistant_tools_assistant_id_position_idx" ON "assistant_tools"("assistant_id", "position");

-- CreateIndex
CREATE INDEX "assistant_tools_server_id_idx" ON "assistant_tools"("server_id");

-- CreateIndex
CREATE INDEX "tool_calls_assistant_id_created_at_idx" ON "tool_calls"("assistant_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "tool_calls_message_id_round_position_key" ON "tool_calls"("message_id", "round", "position");

-- AddForeignKey
ALTER TABLE "tool_servers" ADD CONSTRAINT "tool_servers_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "assistant_tools" ADD CONSTRAINT "assistant_tools_assistant_id_fkey" FOREIGN KEY ("assistant_id") REFERENCES "assistants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "assistant_tools" ADD CONSTRAINT "assistant_tools_server_id_fkey" FOREIGN KEY ("server_id") REFERENCES "tool_servers"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tool_calls" ADD CONSTRAINT "tool_calls_message_id_fkey" FOREIGN KEY ("message_id") REFERENCES "messages"("id") ON DELETE CASCADE ON UPDATE CASCADE;
