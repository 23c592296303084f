-- AlterTable
ALTER TABLE "Company" ADD COLUMN     "stripeCustomerId" TEXT;

-- AlterTable
ALTER TABLE "Partnership" ADD COLUMN     "stripeSubscriptionId" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "Company_stripeCustomerId_key" ON "Company"("stripeCustomerId");

-- CreateIndex
CREATE UNIQUE INDEX "Partnership_stripeSubscriptionId_key" ON "Partnership"("stripeSubscriptionId");

