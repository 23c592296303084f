-- CreateTable
CREATE TABLE "PartnershipPortalLink" (
    "id" TEXT NOT NULL,
    "partnershipId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdById" TEXT,
    "revokedAt" TIMESTAMP(3),
    "revokedById" TEXT,
    "lastViewedAt" TIMESTAMP(3),

    CONSTRAINT "PartnershipPortalLink_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PartnershipPortalLink_tokenHash_key" ON "PartnershipPortalLink"("tokenHash");

-- CreateIndex
CREATE INDEX "PartnershipPortalLink_partnershipId_createdAt_idx" ON "PartnershipPortalLink"("partnershipId", "createdAt");

-- CreateIndex
CREATE INDEX "PartnershipMilestone_partnershipId_completedAt_dueAt_idx" ON "PartnershipMilestone"("partnershipId", "completedAt", "dueAt");

-- AddForeignKey
ALTER TABLE "PartnershipPortalLink" ADD CONSTRAINT "PartnershipPortalLink_partnershipId_fkey" FOREIGN KEY ("partnershipId") REFERENCES "Partnership"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PartnershipPortalLink" ADD CONSTRAINT "PartnershipPortalLink_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

