-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "NotificationKind" ADD VALUE 'DEAL_STAGE_LIMIT';
ALTER TYPE "NotificationKind" ADD VALUE 'DEAL_STALLED';
ALTER TYPE "NotificationKind" ADD VALUE 'DEAL_PROPOSAL_FOLLOW_UP';
ALTER TYPE "NotificationKind" ADD VALUE 'DEAL_DISCOVERY_PREP';

-- AlterTable
ALTER TABLE "Opportunity" ADD COLUMN     "checklist" JSONB,
ADD COLUMN     "lastActivityAt" TIMESTAMP(3),
ADD COLUMN     "lostFromStage" "PipelineStage";

-- CreateTable
CREATE TABLE "DealStageTransition" (
    "id" TEXT NOT NULL,
    "opportunityId" TEXT NOT NULL,
    "fromStage" "PipelineStage",
    "toStage" "PipelineStage" NOT NULL,
    "enteredAt" TIMESTAMP(3) NOT NULL,
    "exitedAt" TIMESTAMP(3),
    "changedById" TEXT,
    "reason" TEXT,
    "idempotencyKey" TEXT NOT NULL,

    CONSTRAINT "DealStageTransition_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "DealStageTransition_idempotencyKey_key" ON "DealStageTransition"("idempotencyKey");

-- CreateIndex
CREATE INDEX "DealStageTransition_opportunityId_enteredAt_idx" ON "DealStageTransition"("opportunityId", "enteredAt");

-- CreateIndex
CREATE INDEX "DealStageTransition_toStage_enteredAt_idx" ON "DealStageTransition"("toStage", "enteredAt");

-- AddForeignKey
ALTER TABLE "DealStageTransition" ADD CONSTRAINT "DealStageTransition_opportunityId_fkey" FOREIGN KEY ("opportunityId") REFERENCES "Opportunity"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DealStageTransition" ADD CONSTRAINT "DealStageTransition_changedById_fkey" FOREIGN KEY ("changedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

