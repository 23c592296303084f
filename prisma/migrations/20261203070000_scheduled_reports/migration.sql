-- CreateEnum
CREATE TYPE "ScheduledReportStatus" AS ENUM ('PREPARED', 'SENT', 'STALE_NOTICE_SENT', 'PARTIALLY_SENT', 'NOT_DELIVERED', 'NO_RECIPIENTS');

-- CreateTable
CREATE TABLE "ScheduledReportRecipient" (
    "id" TEXT NOT NULL,
    "report" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "timeZone" TEXT NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ScheduledReportRecipient_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ScheduledReportSetting" (
    "report" TEXT NOT NULL,
    "paused" BOOLEAN NOT NULL DEFAULT false,
    "changedById" TEXT,
    "changedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ScheduledReportSetting_pkey" PRIMARY KEY ("report")
);

-- CreateTable
CREATE TABLE "ScheduledReportRun" (
    "id" TEXT NOT NULL,
    "runKey" TEXT NOT NULL,
    "report" TEXT NOT NULL,
    "manual" BOOLEAN NOT NULL DEFAULT false,
    "timeZone" TEXT NOT NULL,
    "periodKey" TEXT NOT NULL,
    "periodLabel" TEXT NOT NULL,
    "periodFrom" TIMESTAMP(3) NOT NULL,
    "periodTo" TIMESTAMP(3) NOT NULL,
    "recipients" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "status" "ScheduledReportStatus" NOT NULL DEFAULT 'PREPARED',
    "staleReason" TEXT,
    "figures" JSONB,
    "outboxMessageIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "workflowId" TEXT NOT NULL,
    "requestedById" TEXT,
    "preparedAt" TIMESTAMP(3) NOT NULL,
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "ScheduledReportRun_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ScheduledReportRecipient_report_timeZone_idx" ON "ScheduledReportRecipient"("report", "timeZone");

-- CreateIndex
CREATE UNIQUE INDEX "ScheduledReportRecipient_report_email_key" ON "ScheduledReportRecipient"("report", "email");

-- CreateIndex
CREATE UNIQUE INDEX "ScheduledReportRun_runKey_key" ON "ScheduledReportRun"("runKey");

-- CreateIndex
CREATE INDEX "ScheduledReportRun_report_preparedAt_idx" ON "ScheduledReportRun"("report", "preparedAt");

