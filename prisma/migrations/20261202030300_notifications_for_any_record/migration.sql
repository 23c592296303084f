-- AlterEnum
ALTER TYPE "NotificationKind" ADD VALUE 'DEAL_ASSIGNED';
ALTER TYPE "NotificationKind" ADD VALUE 'PARTNERSHIP_ASSIGNED';

-- AlterTable
ALTER TABLE "Notification" ADD COLUMN     "opportunityId" TEXT,
ADD COLUMN     "partnershipId" TEXT;

-- CreateIndex
CREATE INDEX "Notification_opportunityId_idx" ON "Notification"("opportunityId");

-- CreateIndex
CREATE INDEX "Notification_partnershipId_idx" ON "Notification"("partnershipId");

-- AddForeignKey
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_opportunityId_fkey" FOREIGN KEY ("opportunityId") REFERENCES "Opportunity"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_partnershipId_fkey" FOREIGN KEY ("partnershipId") REFERENCES "Partnership"("id") ON DELETE SET NULL ON UPDATE CASCADE;
