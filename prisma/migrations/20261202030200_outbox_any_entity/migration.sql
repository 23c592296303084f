-- The outbox serves every entity: a message links to a deal (Opportunity) or a partnership as Activity does.
ALTER TABLE "OutboxMessage" ADD COLUMN "opportunityId" TEXT,
ADD COLUMN "partnershipId" TEXT;

CREATE INDEX "OutboxMessage_opportunityId_createdAt_idx" ON "OutboxMessage"("opportunityId", "createdAt");

CREATE INDEX "OutboxMessage_partnershipId_createdAt_idx" ON "OutboxMessage"("partnershipId", "createdAt");

ALTER TABLE "OutboxMessage" ADD CONSTRAINT "OutboxMessage_opportunityId_fkey" FOREIGN KEY ("opportunityId") REFERENCES "Opportunity"("id") ON DELETE SET NULL ON UPDATE CASCADE;

ALTER TABLE "OutboxMessage" ADD CONSTRAINT "OutboxMessage_partnershipId_fkey" FOREIGN KEY ("partnershipId") REFERENCES "Partnership"("id") ON DELETE SET NULL ON UPDATE CASCADE;
