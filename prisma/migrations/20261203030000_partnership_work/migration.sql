-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "NotificationKind" ADD VALUE 'PARTNERSHIP_MEETING_MISSED';
ALTER TYPE "NotificationKind" ADD VALUE 'PARTNERSHIP_SYSTEM_QUIET';

-- AlterTable
ALTER TABLE "DeliveredSystem" ADD COLUMN     "idempotencyKey" TEXT,
ADD COLUMN     "usageTokenHash" TEXT;

-- CreateTable
CREATE TABLE "PartnershipMeeting" (
    "id" TEXT NOT NULL,
    "partnershipId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "outcome" TEXT,
    "recordedBy" TEXT,
    "recordedById" TEXT,
    "cancelled" BOOLEAN NOT NULL DEFAULT false,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PartnershipMeeting_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PartnershipFeedback" (
    "id" TEXT NOT NULL,
    "partnershipId" TEXT NOT NULL,
    "score" INTEGER NOT NULL,
    "comment" TEXT,
    "source" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL,
    "externalId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PartnershipFeedback_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PartnershipMeeting_partnershipId_startsAt_idx" ON "PartnershipMeeting"("partnershipId", "startsAt");

-- CreateIndex
CREATE UNIQUE INDEX "PartnershipMeeting_partnershipId_key_key" ON "PartnershipMeeting"("partnershipId", "key");

-- CreateIndex
CREATE UNIQUE INDEX "PartnershipFeedback_externalId_key" ON "PartnershipFeedback"("externalId");

-- CreateIndex
CREATE INDEX "PartnershipFeedback_partnershipId_receivedAt_idx" ON "PartnershipFeedback"("partnershipId", "receivedAt");

-- CreateIndex
CREATE UNIQUE INDEX "DeliveredSystem_idempotencyKey_key" ON "DeliveredSystem"("idempotencyKey");

-- CreateIndex
CREATE UNIQUE INDEX "DeliveredSystem_usageTokenHash_key" ON "DeliveredSystem"("usageTokenHash");

-- AddForeignKey
ALTER TABLE "PartnershipMeeting" ADD CONSTRAINT "PartnershipMeeting_partnershipId_fkey" FOREIGN KEY ("partnershipId") REFERENCES "Partnership"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PartnershipFeedback" ADD CONSTRAINT "PartnershipFeedback_partnershipId_fkey" FOREIGN KEY ("partnershipId") REFERENCES "Partnership"("id") ON DELETE CASCADE ON UPDATE CASCADE;

