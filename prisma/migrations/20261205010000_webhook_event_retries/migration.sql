-- The retrier of webhook events whose processing failed (decision 0049).
ALTER TABLE "WebhookEvent" ADD COLUMN "arrivedAt" TIMESTAMP(3);
UPDATE "WebhookEvent" SET "arrivedAt" = "receivedAt";
ALTER TABLE "WebhookEvent" ALTER COLUMN "arrivedAt" SET NOT NULL,
  ALTER COLUMN "arrivedAt" SET DEFAULT CURRENT_TIMESTAMP;
ALTER TABLE "WebhookEvent" ADD COLUMN "attempts" INTEGER NOT NULL DEFAULT 0,
  ADD COLUMN "retryAt" TIMESTAMP(3);

CREATE INDEX "WebhookEvent_status_retryAt_idx" ON "WebhookEvent"("status", "retryAt");
