-- CreateEnum
CREATE TYPE "NotificationKind" AS ENUM ('LEAD_ASSIGNED', 'LEAD_NEW_OVERDUE', 'LEAD_HIGH_SCORE', 'LEAD_QUALIFIED');

-- AlterTable
ALTER TABLE "Lead" ADD COLUMN     "contactedAt" TIMESTAMP(3),
ADD COLUMN     "disqualifiedAt" TIMESTAMP(3),
ADD COLUMN     "nurturePausedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "VoiceSession" ADD COLUMN     "email" TEXT,
ADD COLUMN     "endedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "CalendarBooking" ADD COLUMN     "lastEventAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "lastLeadAssignedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "OutboxMessage" ADD COLUMN     "attachments" JSONB,
ADD COLUMN     "headers" JSONB;

-- CreateTable
CREATE TABLE "Notification" (
    "id" TEXT NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "leadId" TEXT,
    "kind" "NotificationKind" NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "link" TEXT,
    "readAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Notification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RetargetingEvent" (
    "id" TEXT NOT NULL,
    "voiceSessionId" TEXT NOT NULL,
    "visitorId" TEXT,
    "audience" TEXT NOT NULL,
    "firedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RetargetingEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Notification_idempotencyKey_key" ON "Notification"("idempotencyKey");

-- CreateIndex
CREATE INDEX "Notification_userId_readAt_createdAt_idx" ON "Notification"("userId", "readAt", "createdAt");

-- CreateIndex
CREATE INDEX "Notification_leadId_idx" ON "Notification"("leadId");

-- CreateIndex
CREATE UNIQUE INDEX "RetargetingEvent_voiceSessionId_key" ON "RetargetingEvent"("voiceSessionId");

-- CreateIndex
CREATE INDEX "Lead_qualificationStage_createdAt_idx" ON "Lead"("qualificationStage", "createdAt");

-- CreateIndex
CREATE INDEX "VoiceSession_email_idx" ON "VoiceSession"("email");

-- AddForeignKey
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_leadId_fkey" FOREIGN KEY ("leadId") REFERENCES "Lead"("id") ON DELETE SET NULL ON UPDATE CASCADE;

