-- AlterTable
ALTER TABLE "CommunicationPreference" ADD COLUMN     "smsConsentChangedAt" TIMESTAMP(3),
ADD COLUMN     "smsOptOutKeyword" TEXT,
ADD COLUMN     "smsOptedOutAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "OutboxMessage" ADD COLUMN     "providerErrorCode" TEXT,
ADD COLUMN     "providerStatus" TEXT,
ADD COLUMN     "providerStatusAt" TIMESTAMP(3),
ADD COLUMN     "purpose" TEXT;

-- CreateIndex
CREATE INDEX "OutboxMessage_providerMessageId_idx" ON "OutboxMessage"("providerMessageId");

