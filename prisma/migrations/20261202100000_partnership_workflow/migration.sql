-- AlterEnum
ALTER TYPE "Phase" ADD VALUE 'ONBOARDING';

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "NotificationKind" ADD VALUE 'PARTNERSHIP_MILESTONE_DUE';
ALTER TYPE "NotificationKind" ADD VALUE 'PARTNERSHIP_MILESTONE_OVERDUE';
ALTER TYPE "NotificationKind" ADD VALUE 'PARTNERSHIP_HEALTH_ALERT';

-- AlterTable
ALTER TABLE "Partnership" ADD COLUMN     "pausedAt" TIMESTAMP(3),
ADD COLUMN     "pausedMs" BIGINT NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "Payment" ADD COLUMN     "idempotencyKey" TEXT;

-- CreateTable
CREATE TABLE "PartnershipMilestone" (
    "id" TEXT NOT NULL,
    "partnershipId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "week" INTEGER NOT NULL,
    "plannedAt" TIMESTAMP(3) NOT NULL,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "completedAt" TIMESTAMP(3),
    "dependsOn" TEXT,
    "movedBecause" TEXT,
    "systemsLive" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "PartnershipMilestone_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PartnershipHealthSnapshot" (
    "id" TEXT NOT NULL,
    "partnershipId" TEXT NOT NULL,
    "overall" INTEGER,
    "components" JSONB NOT NULL,
    "band" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "idempotencyKey" TEXT NOT NULL,

    CONSTRAINT "PartnershipHealthSnapshot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PartnershipHealthAlert" (
    "id" TEXT NOT NULL,
    "partnershipId" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "recommendedAction" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "resolvedAt" TIMESTAMP(3),
    "openKey" TEXT,
    "idempotencyKey" TEXT NOT NULL,

    CONSTRAINT "PartnershipHealthAlert_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PartnershipStatusChange" (
    "id" TEXT NOT NULL,
    "partnershipId" TEXT NOT NULL,
    "fromStatus" "PartnershipStatus",
    "toStatus" "PartnershipStatus" NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "byId" TEXT,
    "reason" TEXT,
    "idempotencyKey" TEXT NOT NULL,

    CONSTRAINT "PartnershipStatusChange_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PartnershipMilestone_dueAt_idx" ON "PartnershipMilestone"("dueAt");

-- CreateIndex
CREATE UNIQUE INDEX "PartnershipMilestone_partnershipId_key_key" ON "PartnershipMilestone"("partnershipId", "key");

-- CreateIndex
CREATE UNIQUE INDEX "PartnershipHealthSnapshot_idempotencyKey_key" ON "PartnershipHealthSnapshot"("idempotencyKey");

-- CreateIndex
CREATE INDEX "PartnershipHealthSnapshot_partnershipId_at_idx" ON "PartnershipHealthSnapshot"("partnershipId", "at");

-- CreateIndex
CREATE UNIQUE INDEX "PartnershipHealthAlert_openKey_key" ON "PartnershipHealthAlert"("openKey");

-- CreateIndex
CREATE UNIQUE INDEX "PartnershipHealthAlert_idempotencyKey_key" ON "PartnershipHealthAlert"("idempotencyKey");

-- CreateIndex
CREATE INDEX "PartnershipHealthAlert_partnershipId_createdAt_idx" ON "PartnershipHealthAlert"("partnershipId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "PartnershipStatusChange_idempotencyKey_key" ON "PartnershipStatusChange"("idempotencyKey");

-- CreateIndex
CREATE INDEX "PartnershipStatusChange_partnershipId_at_idx" ON "PartnershipStatusChange"("partnershipId", "at");

-- CreateIndex
CREATE UNIQUE INDEX "Payment_idempotencyKey_key" ON "Payment"("idempotencyKey");

-- AddForeignKey
ALTER TABLE "PartnershipMilestone" ADD CONSTRAINT "PartnershipMilestone_partnershipId_fkey" FOREIGN KEY ("partnershipId") REFERENCES "Partnership"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PartnershipHealthSnapshot" ADD CONSTRAINT "PartnershipHealthSnapshot_partnershipId_fkey" FOREIGN KEY ("partnershipId") REFERENCES "Partnership"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PartnershipHealthAlert" ADD CONSTRAINT "PartnershipHealthAlert_partnershipId_fkey" FOREIGN KEY ("partnershipId") REFERENCES "Partnership"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PartnershipStatusChange" ADD CONSTRAINT "PartnershipStatusChange_partnershipId_fkey" FOREIGN KEY ("partnershipId") REFERENCES "Partnership"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PartnershipStatusChange" ADD CONSTRAINT "PartnershipStatusChange_byId_fkey" FOREIGN KEY ("byId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

