-- CreateTable
CREATE TABLE "MarketingSpend" (
    "id" TEXT NOT NULL,
    "source" "LeadSource" NOT NULL,
    "month" CHAR(7) NOT NULL,
    "amountCents" INTEGER NOT NULL,
    "currency" CHAR(3) NOT NULL DEFAULT 'USD',
    "enteredById" TEXT,
    "enteredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MarketingSpend_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "MarketingSpend_month_idx" ON "MarketingSpend"("month");

-- CreateIndex
CREATE UNIQUE INDEX "MarketingSpend_source_month_key" ON "MarketingSpend"("source", "month");


-- A spend is never negative (the form refuses it; this keeps any other writer honest).
ALTER TABLE "MarketingSpend" ADD CONSTRAINT "MarketingSpend_amountCents_check" CHECK ("amountCents" >= 0);
