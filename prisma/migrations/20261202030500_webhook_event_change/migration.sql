-- AlterTable
ALTER TABLE "WebhookEvent" ADD COLUMN "change" JSONB;
