-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Industry" AS ENUM ('HVAC', 'PLUMBING', 'PROPERTY_MANAGEMENT', 'CONSTRUCTION', 'RETAIL', 'ECOMMERCE', 'PROFESSIONAL_SERVICES', 'REAL_ESTATE', 'OTHER');

-- CreateEnum
CREATE TYPE "EmployeeCount" AS ENUM ('RANGE_1_5', 'RANGE_5_10', 'RANGE_10_25', 'RANGE_25_50', 'RANGE_50_PLUS');

-- CreateEnum
CREATE TYPE "BusinessModel" AS ENUM ('SERVICE', 'PROFESSIONAL', 'RETAIL', 'CONSTRUCTION', 'REAL_ESTATE');

-- CreateEnum
CREATE TYPE "Language" AS ENUM ('EN', 'ES');

-- CreateEnum
CREATE TYPE "ContactRole" AS ENUM ('OWNER', 'CEO', 'COO', 'OPERATIONS_MANAGER', 'IT_MANAGER', 'OFFICE_MANAGER', 'OTHER');

-- CreateEnum
CREATE TYPE "ContactMethod" AS ENUM ('EMAIL', 'PHONE', 'VOICE_AGENT');

-- CreateEnum
CREATE TYPE "LeadSource" AS ENUM ('VOICE_AGENT', 'ROI_CALCULATOR', 'CALENDAR_BOOKING', 'ORGANIC_SEARCH', 'PAID_ADS', 'REFERRAL', 'LINKEDIN_OUTREACH', 'INDUSTRY_EVENT', 'WEBSITE');

-- CreateEnum
CREATE TYPE "LeadStatus" AS ENUM ('NEW', 'CONTACTED', 'QUALIFIED', 'UNQUALIFIED', 'CONVERTED');

-- CreateEnum
CREATE TYPE "QualificationStage" AS ENUM ('NONE', 'MQL', 'SQL');

-- CreateEnum
CREATE TYPE "WorkflowStatus" AS ENUM ('NOT_STARTED', 'RUNNING', 'COMPLETED', 'FAILED', 'TERMINATED');

-- CreateEnum
CREATE TYPE "Tier" AS ENUM ('DISCOVERY', 'FOUNDATION', 'ARCHITECT');

-- CreateEnum
CREATE TYPE "PipelineStage" AS ENUM ('NEW_LEAD', 'CONTACTED', 'DISCOVERY_CALL', 'PROPOSAL_SENT', 'NEGOTIATION', 'CLOSED_WON', 'CLOSED_LOST');

-- CreateEnum
CREATE TYPE "PartnershipStatus" AS ENUM ('ONBOARDING', 'ACTIVE', 'COMPLETING', 'GRADUATED', 'PAUSED', 'CHURNED');

-- CreateEnum
CREATE TYPE "Phase" AS ENUM ('DISCOVER', 'CO_CREATE', 'DEPLOY', 'INDEPENDENT');

-- CreateEnum
CREATE TYPE "EngagementLevel" AS ENUM ('HIGH', 'MEDIUM', 'LOW');

-- CreateEnum
CREATE TYPE "SystemCategory" AS ENUM ('LEAD_CAPTURE_QUALIFICATION', 'SCHEDULING_DISPATCH', 'QUOTE_GENERATION', 'CUSTOMER_COMMUNICATIONS', 'INVOICE_PROCESSING', 'INVENTORY_MANAGEMENT', 'REPORTING_ANALYTICS', 'QUALITY_CONTROL', 'CUSTOM');

-- CreateEnum
CREATE TYPE "SystemComplexity" AS ENUM ('SIMPLE', 'MEDIUM', 'COMPLEX');

-- CreateEnum
CREATE TYPE "SystemStatus" AS ENUM ('PLANNING', 'BUILDING', 'TESTING', 'DEPLOYED', 'OPTIMIZING');

-- CreateEnum
CREATE TYPE "PaymentType" AS ENUM ('SETUP', 'MONTHLY');

-- CreateEnum
CREATE TYPE "PaymentStatus" AS ENUM ('PENDING', 'PAID', 'OVERDUE', 'FAILED', 'REFUNDED');

-- CreateEnum
CREATE TYPE "Device" AS ENUM ('MOBILE', 'DESKTOP');

-- CreateEnum
CREATE TYPE "Sentiment" AS ENUM ('POSITIVE', 'NEUTRAL', 'NEGATIVE');

-- CreateEnum
CREATE TYPE "VoiceIntent" AS ENUM ('PRICING_INQUIRY', 'INDUSTRY_USE_CASE', 'TIMELINE_QUESTION', 'CAPABILITY_QUESTION', 'OBJECTION', 'COMPARISON_TO_COMPETITOR', 'READY_TO_PROCEED', 'GENERAL_INFO');

-- CreateEnum
CREATE TYPE "VoiceOutcome" AS ENUM ('CONTINUED_BROWSING', 'ROI_CALCULATOR', 'CALENDAR_BOOKING', 'LEFT_SITE');

-- CreateEnum
CREATE TYPE "BookingStatus" AS ENUM ('SCHEDULED', 'RESCHEDULED', 'CANCELLED', 'COMPLETED', 'NO_SHOW');

-- CreateEnum
CREATE TYPE "ActivityType" AS ENUM ('CALL', 'EMAIL', 'MEETING', 'VOICE_SESSION', 'ROI_CALCULATION', 'NOTE', 'TASK', 'SYSTEM_EVENT');

-- CreateEnum
CREATE TYPE "CommunicationChannel" AS ENUM ('EMAIL', 'SMS', 'PHONE', 'WHATSAPP', 'TELEGRAM', 'LINKEDIN', 'VOICE_AGENT', 'CHAT', 'FORM');

-- CreateEnum
CREATE TYPE "InteractionDirection" AS ENUM ('INBOUND', 'OUTBOUND');

-- CreateEnum
CREATE TYPE "OutboxStatus" AS ENUM ('PENDING', 'SENDING', 'SENT', 'FAILED', 'SUPPRESSED');

-- CreateEnum
CREATE TYPE "WebhookProvider" AS ENUM ('STRIPE', 'CALCOM', 'TWILIO', 'VOICE_AGENT', 'ROI_CALCULATOR');

-- CreateEnum
CREATE TYPE "WebhookEventStatus" AS ENUM ('RECEIVED', 'PROCESSED', 'FAILED');

-- CreateEnum
CREATE TYPE "AuditActorType" AS ENUM ('USER', 'API_KEY', 'SYSTEM', 'ANONYMOUS');

-- CreateEnum
CREATE TYPE "AuditOutcome" AS ENUM ('SUCCESS', 'FAILURE', 'DENIED');

-- CreateEnum
CREATE TYPE "UserRole" AS ENUM ('ADMIN', 'SALES_MANAGER', 'SALES_REP', 'CUSTOMER_SUCCESS', 'VIEWER');

-- CreateTable
CREATE TABLE "Company" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "website" TEXT,
    "industry" "Industry" NOT NULL,
    "employeeCount" "EmployeeCount" NOT NULL,
    "annualRevenue" DECIMAL(14,2),
    "businessModel" "BusinessModel" NOT NULL,
    "aiMaturityScore" INTEGER NOT NULL DEFAULT 1,
    "currentAITools" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "aiPainPoints" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "street" TEXT,
    "city" TEXT,
    "state" TEXT,
    "zipCode" TEXT,
    "country" TEXT NOT NULL DEFAULT 'US',
    "timezone" TEXT NOT NULL DEFAULT 'America/New_York',
    "preferredLanguage" "Language" NOT NULL DEFAULT 'EN',
    "source" "LeadSource" NOT NULL,
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "firstTouchDate" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastActivityDate" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "totalInteractions" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Company_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Contact" (
    "id" TEXT NOT NULL,
    "companyId" TEXT NOT NULL,
    "firstName" TEXT NOT NULL,
    "lastName" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "phone" TEXT,
    "title" TEXT,
    "role" "ContactRole",
    "decisionMaker" BOOLEAN NOT NULL DEFAULT false,
    "preferredContactMethod" "ContactMethod" NOT NULL DEFAULT 'EMAIL',
    "preferredLanguage" "Language" NOT NULL DEFAULT 'EN',
    "timezone" TEXT,
    "engagementScore" INTEGER NOT NULL DEFAULT 0,
    "lastEngagement" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Contact_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Lead" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "firstName" TEXT,
    "lastName" TEXT,
    "phone" TEXT,
    "companyName" TEXT,
    "preferredLanguage" "Language" NOT NULL DEFAULT 'EN',
    "timezone" TEXT,
    "source" "LeadSource" NOT NULL,
    "sourceDetail" TEXT,
    "utmSource" TEXT,
    "utmMedium" TEXT,
    "utmCampaign" TEXT,
    "utmTerm" TEXT,
    "utmContent" TEXT,
    "landingPage" TEXT,
    "referrer" TEXT,
    "voiceSessionId" TEXT,
    "roiCalculationId" TEXT,
    "calendarBookingId" TEXT,
    "industry" "Industry",
    "employeeCount" "EmployeeCount",
    "aiMaturityIndicators" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "qualificationStage" "QualificationStage" NOT NULL DEFAULT 'NONE',
    "marketingQualifiedAt" TIMESTAMP(3),
    "salesQualifiedAt" TIMESTAMP(3),
    "disqualifiedReason" TEXT,
    "status" "LeadStatus" NOT NULL DEFAULT 'NEW',
    "assignedToId" TEXT,
    "leadScore" INTEGER NOT NULL DEFAULT 0,
    "scoringFactors" JSONB NOT NULL DEFAULT '[]',
    "workflowId" TEXT,
    "workflowStatus" "WorkflowStatus" NOT NULL DEFAULT 'NOT_STARTED',
    "nextStep" TEXT,
    "nextStepAt" TIMESTAMP(3),
    "convertedAt" TIMESTAMP(3),
    "convertedToCompanyId" TEXT,
    "convertedToContactId" TEXT,
    "convertedToOpportunityId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Lead_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Opportunity" (
    "id" TEXT NOT NULL,
    "companyId" TEXT NOT NULL,
    "primaryContactId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "tier" "Tier" NOT NULL,
    "stage" "PipelineStage" NOT NULL DEFAULT 'NEW_LEAD',
    "stageEnteredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "setupFee" DECIMAL(12,2) NOT NULL,
    "monthlyFee" DECIMAL(12,2) NOT NULL DEFAULT 0,
    "estimatedMonths" INTEGER NOT NULL DEFAULT 12,
    "totalContractValue" DECIMAL(14,2) NOT NULL,
    "projectedHoursSaved" DOUBLE PRECISION,
    "projectedWeeklyValue" DECIMAL(12,2),
    "projectedROI" DOUBLE PRECISION,
    "paybackWeeks" DOUBLE PRECISION,
    "expectedCloseDate" TIMESTAMP(3),
    "actualCloseDate" TIMESTAMP(3),
    "implementationStart" TIMESTAMP(3),
    "systemCount" INTEGER NOT NULL DEFAULT 1,
    "probability" INTEGER NOT NULL DEFAULT 5,
    "lostReason" TEXT,
    "competitorInfo" TEXT,
    "workflowId" TEXT,
    "workflowStatus" "WorkflowStatus" NOT NULL DEFAULT 'NOT_STARTED',
    "nextStep" TEXT,
    "nextStepAt" TIMESTAMP(3),
    "ownerId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Opportunity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Partnership" (
    "id" TEXT NOT NULL,
    "opportunityId" TEXT NOT NULL,
    "companyId" TEXT NOT NULL,
    "tier" "Tier" NOT NULL,
    "startDate" TIMESTAMP(3) NOT NULL,
    "targetEndDate" TIMESTAMP(3) NOT NULL,
    "status" "PartnershipStatus" NOT NULL DEFAULT 'ONBOARDING',
    "setupFeePaid" BOOLEAN NOT NULL DEFAULT false,
    "monthlyFee" DECIMAL(12,2) NOT NULL DEFAULT 0,
    "totalRevenue" DECIMAL(14,2) NOT NULL DEFAULT 0,
    "currentPhase" "Phase" NOT NULL DEFAULT 'DISCOVER',
    "weeklyMeetingDay" TEXT,
    "weeklyMeetingTime" TEXT,
    "knowledgeTransferScore" INTEGER NOT NULL DEFAULT 0,
    "trainingCompleted" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "docsDelivered" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "healthScore" INTEGER,
    "satisfactionScore" INTEGER,
    "engagementLevel" "EngagementLevel" NOT NULL DEFAULT 'HIGH',
    "atRisk" BOOLEAN NOT NULL DEFAULT false,
    "riskReasons" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "actualHoursSaved" DOUBLE PRECISION,
    "actualROI" DOUBLE PRECISION,
    "testimonialProvided" BOOLEAN NOT NULL DEFAULT false,
    "caseStudyCreated" BOOLEAN NOT NULL DEFAULT false,
    "referralsMade" INTEGER NOT NULL DEFAULT 0,
    "ownerId" TEXT,
    "workflowId" TEXT,
    "workflowStatus" "WorkflowStatus" NOT NULL DEFAULT 'NOT_STARTED',
    "nextStep" TEXT,
    "nextStepAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Partnership_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VoiceSession" (
    "id" TEXT NOT NULL,
    "leadId" TEXT,
    "contactId" TEXT,
    "visitorId" TEXT,
    "externalSessionId" TEXT NOT NULL,
    "startTime" TIMESTAMP(3) NOT NULL,
    "endTime" TIMESTAMP(3),
    "duration" INTEGER NOT NULL DEFAULT 0,
    "language" "Language" NOT NULL DEFAULT 'EN',
    "userAgent" TEXT,
    "device" "Device",
    "referrerPage" TEXT,
    "messages" JSONB NOT NULL DEFAULT '[]',
    "totalQuestions" INTEGER NOT NULL DEFAULT 0,
    "actionsTaken" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "topics" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "sentiment" "Sentiment",
    "intents" "VoiceIntent"[] DEFAULT ARRAY[]::"VoiceIntent"[],
    "painPoints" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "objections" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "outcome" "VoiceOutcome",
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "VoiceSession_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ROICalculation" (
    "id" TEXT NOT NULL,
    "externalId" TEXT,
    "leadId" TEXT,
    "contactId" TEXT,
    "industry" "Industry" NOT NULL,
    "employeeCount" "EmployeeCount" NOT NULL,
    "hourlyRate" DECIMAL(10,2) NOT NULL,
    "weeklyAdminHours" DOUBLE PRECISION NOT NULL,
    "calculations" JSONB NOT NULL,
    "selectedTier" "Tier",
    "emailCaptured" BOOLEAN NOT NULL DEFAULT false,
    "email" TEXT,
    "reportRequested" BOOLEAN NOT NULL DEFAULT false,
    "reportSentAt" TIMESTAMP(3),
    "timeOnCalculator" INTEGER NOT NULL DEFAULT 0,
    "adjustmentsCount" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ROICalculation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CalendarBooking" (
    "id" TEXT NOT NULL,
    "externalUid" TEXT NOT NULL,
    "leadId" TEXT,
    "contactId" TEXT,
    "title" TEXT NOT NULL,
    "attendeeEmail" TEXT NOT NULL,
    "attendeeName" TEXT,
    "startTime" TIMESTAMP(3) NOT NULL,
    "endTime" TIMESTAMP(3) NOT NULL,
    "timezone" TEXT,
    "status" "BookingStatus" NOT NULL DEFAULT 'SCHEDULED',
    "meetingUrl" TEXT,
    "rescheduledFromUid" TEXT,
    "cancellationReason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CalendarBooking_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProposedSystem" (
    "id" TEXT NOT NULL,
    "opportunityId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "category" "SystemCategory" NOT NULL,
    "complexity" "SystemComplexity" NOT NULL,
    "estimatedHours" DOUBLE PRECISION NOT NULL,
    "description" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProposedSystem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DeliveredSystem" (
    "id" TEXT NOT NULL,
    "partnershipId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "category" "SystemCategory" NOT NULL,
    "status" "SystemStatus" NOT NULL DEFAULT 'PLANNING',
    "deploymentDate" TIMESTAMP(3),
    "lastUsedAt" TIMESTAMP(3),
    "hoursSavedPerWeek" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "clientIndependent" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DeliveredSystem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Payment" (
    "id" TEXT NOT NULL,
    "partnershipId" TEXT NOT NULL,
    "type" "PaymentType" NOT NULL,
    "amount" DECIMAL(12,2) NOT NULL,
    "currency" TEXT NOT NULL DEFAULT 'usd',
    "dueDate" TIMESTAMP(3) NOT NULL,
    "paidDate" TIMESTAMP(3),
    "status" "PaymentStatus" NOT NULL DEFAULT 'PENDING',
    "stripePaymentIntentId" TEXT,
    "stripeInvoiceId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Payment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Activity" (
    "id" TEXT NOT NULL,
    "companyId" TEXT,
    "contactId" TEXT,
    "leadId" TEXT,
    "opportunityId" TEXT,
    "partnershipId" TEXT,
    "type" "ActivityType" NOT NULL,
    "channel" "CommunicationChannel",
    "direction" "InteractionDirection",
    "subject" TEXT NOT NULL,
    "description" TEXT,
    "outcome" TEXT,
    "externalId" TEXT,
    "scheduledAt" TIMESTAMP(3),
    "completedAt" TIMESTAMP(3),
    "userId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Activity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" "UserRole" NOT NULL DEFAULT 'SALES_REP',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CommunicationPreference" (
    "id" TEXT NOT NULL,
    "contactId" TEXT,
    "leadId" TEXT,
    "channelPriorities" JSONB NOT NULL DEFAULT '[{"channel":"email","priority":1}]',
    "whatsappNumber" TEXT,
    "telegramUsername" TEXT,
    "linkedinProfile" TEXT,
    "timezone" TEXT,
    "contactHoursStart" TEXT,
    "contactHoursEnd" TEXT,
    "quietHoursStart" TEXT NOT NULL DEFAULT '21:00',
    "quietHoursEnd" TEXT NOT NULL DEFAULT '08:00',
    "weekendContact" BOOLEAN NOT NULL DEFAULT false,
    "maxMessagesPerWeek" INTEGER NOT NULL DEFAULT 4,
    "marketingConsent" BOOLEAN NOT NULL DEFAULT false,
    "marketingConsentAt" TIMESTAMP(3),
    "marketingConsentSource" TEXT,
    "salesContactConsent" BOOLEAN NOT NULL DEFAULT true,
    "urgentNotifications" BOOLEAN NOT NULL DEFAULT true,
    "unsubscribedAt" TIMESTAMP(3),
    "unsubscribeReason" TEXT,
    "lastSuccessfulChannel" "CommunicationChannel",
    "responsePatterns" JSONB,
    "channelEffectiveness" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CommunicationPreference_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OutboxMessage" (
    "id" TEXT NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "channel" "CommunicationChannel" NOT NULL,
    "status" "OutboxStatus" NOT NULL DEFAULT 'PENDING',
    "leadId" TEXT,
    "contactId" TEXT,
    "toAddress" TEXT NOT NULL,
    "fromAddress" TEXT NOT NULL,
    "subject" TEXT,
    "bodyText" TEXT NOT NULL,
    "bodyHtml" TEXT,
    "template" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "providerMessageId" TEXT,
    "sentAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "OutboxMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebhookEvent" (
    "id" TEXT NOT NULL,
    "provider" "WebhookProvider" NOT NULL,
    "eventId" TEXT NOT NULL,
    "eventType" TEXT NOT NULL,
    "status" "WebhookEventStatus" NOT NULL DEFAULT 'RECEIVED',
    "payload" JSONB NOT NULL,
    "error" TEXT,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processedAt" TIMESTAMP(3),

    CONSTRAINT "WebhookEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditLog" (
    "id" TEXT NOT NULL,
    "actorType" "AuditActorType" NOT NULL,
    "actorId" TEXT,
    "action" TEXT NOT NULL,
    "entityType" TEXT,
    "entityId" TEXT,
    "outcome" "AuditOutcome" NOT NULL DEFAULT 'SUCCESS',
    "ipAddress" TEXT,
    "userAgent" TEXT,
    "metadata" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditLog_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Company_industry_idx" ON "Company"("industry");

-- CreateIndex
CREATE INDEX "Company_name_idx" ON "Company"("name");

-- CreateIndex
CREATE INDEX "Company_lastActivityDate_idx" ON "Company"("lastActivityDate");

-- CreateIndex
CREATE UNIQUE INDEX "Contact_email_key" ON "Contact"("email");

-- CreateIndex
CREATE INDEX "Contact_companyId_idx" ON "Contact"("companyId");

-- CreateIndex
CREATE INDEX "Contact_lastName_firstName_idx" ON "Contact"("lastName", "firstName");

-- CreateIndex
CREATE UNIQUE INDEX "Lead_email_key" ON "Lead"("email");

-- CreateIndex
CREATE UNIQUE INDEX "Lead_workflowId_key" ON "Lead"("workflowId");

-- CreateIndex
CREATE UNIQUE INDEX "Lead_convertedToOpportunityId_key" ON "Lead"("convertedToOpportunityId");

-- CreateIndex
CREATE INDEX "Lead_status_createdAt_idx" ON "Lead"("status", "createdAt");

-- CreateIndex
CREATE INDEX "Lead_source_createdAt_idx" ON "Lead"("source", "createdAt");

-- CreateIndex
CREATE INDEX "Lead_industry_createdAt_idx" ON "Lead"("industry", "createdAt");

-- CreateIndex
CREATE INDEX "Lead_assignedToId_createdAt_idx" ON "Lead"("assignedToId", "createdAt");

-- CreateIndex
CREATE INDEX "Lead_leadScore_idx" ON "Lead"("leadScore");

-- CreateIndex
CREATE INDEX "Lead_createdAt_idx" ON "Lead"("createdAt");

-- CreateIndex
CREATE INDEX "Lead_updatedAt_idx" ON "Lead"("updatedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Opportunity_workflowId_key" ON "Opportunity"("workflowId");

-- CreateIndex
CREATE INDEX "Opportunity_stage_updatedAt_idx" ON "Opportunity"("stage", "updatedAt");

-- CreateIndex
CREATE INDEX "Opportunity_ownerId_stage_idx" ON "Opportunity"("ownerId", "stage");

-- CreateIndex
CREATE INDEX "Opportunity_tier_idx" ON "Opportunity"("tier");

-- CreateIndex
CREATE INDEX "Opportunity_companyId_idx" ON "Opportunity"("companyId");

-- CreateIndex
CREATE INDEX "Opportunity_expectedCloseDate_idx" ON "Opportunity"("expectedCloseDate");

-- CreateIndex
CREATE INDEX "Opportunity_createdAt_idx" ON "Opportunity"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Partnership_opportunityId_key" ON "Partnership"("opportunityId");

-- CreateIndex
CREATE UNIQUE INDEX "Partnership_workflowId_key" ON "Partnership"("workflowId");

-- CreateIndex
CREATE INDEX "Partnership_status_idx" ON "Partnership"("status");

-- CreateIndex
CREATE INDEX "Partnership_tier_idx" ON "Partnership"("tier");

-- CreateIndex
CREATE INDEX "Partnership_companyId_idx" ON "Partnership"("companyId");

-- CreateIndex
CREATE INDEX "Partnership_ownerId_idx" ON "Partnership"("ownerId");

-- CreateIndex
CREATE INDEX "Partnership_targetEndDate_idx" ON "Partnership"("targetEndDate");

-- CreateIndex
CREATE UNIQUE INDEX "VoiceSession_externalSessionId_key" ON "VoiceSession"("externalSessionId");

-- CreateIndex
CREATE INDEX "VoiceSession_leadId_idx" ON "VoiceSession"("leadId");

-- CreateIndex
CREATE INDEX "VoiceSession_contactId_idx" ON "VoiceSession"("contactId");

-- CreateIndex
CREATE INDEX "VoiceSession_visitorId_idx" ON "VoiceSession"("visitorId");

-- CreateIndex
CREATE INDEX "VoiceSession_startTime_idx" ON "VoiceSession"("startTime");

-- CreateIndex
CREATE UNIQUE INDEX "ROICalculation_externalId_key" ON "ROICalculation"("externalId");

-- CreateIndex
CREATE INDEX "ROICalculation_leadId_idx" ON "ROICalculation"("leadId");

-- CreateIndex
CREATE INDEX "ROICalculation_contactId_idx" ON "ROICalculation"("contactId");

-- CreateIndex
CREATE INDEX "ROICalculation_industry_createdAt_idx" ON "ROICalculation"("industry", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "CalendarBooking_externalUid_key" ON "CalendarBooking"("externalUid");

-- CreateIndex
CREATE INDEX "CalendarBooking_leadId_idx" ON "CalendarBooking"("leadId");

-- CreateIndex
CREATE INDEX "CalendarBooking_contactId_idx" ON "CalendarBooking"("contactId");

-- CreateIndex
CREATE INDEX "CalendarBooking_startTime_idx" ON "CalendarBooking"("startTime");

-- CreateIndex
CREATE INDEX "ProposedSystem_opportunityId_idx" ON "ProposedSystem"("opportunityId");

-- CreateIndex
CREATE INDEX "DeliveredSystem_partnershipId_idx" ON "DeliveredSystem"("partnershipId");

-- CreateIndex
CREATE UNIQUE INDEX "Payment_stripePaymentIntentId_key" ON "Payment"("stripePaymentIntentId");

-- CreateIndex
CREATE UNIQUE INDEX "Payment_stripeInvoiceId_key" ON "Payment"("stripeInvoiceId");

-- CreateIndex
CREATE INDEX "Payment_partnershipId_dueDate_idx" ON "Payment"("partnershipId", "dueDate");

-- CreateIndex
CREATE INDEX "Payment_status_dueDate_idx" ON "Payment"("status", "dueDate");

-- CreateIndex
CREATE INDEX "Activity_leadId_createdAt_idx" ON "Activity"("leadId", "createdAt");

-- CreateIndex
CREATE INDEX "Activity_contactId_createdAt_idx" ON "Activity"("contactId", "createdAt");

-- CreateIndex
CREATE INDEX "Activity_companyId_createdAt_idx" ON "Activity"("companyId", "createdAt");

-- CreateIndex
CREATE INDEX "Activity_opportunityId_createdAt_idx" ON "Activity"("opportunityId", "createdAt");

-- CreateIndex
CREATE INDEX "Activity_partnershipId_createdAt_idx" ON "Activity"("partnershipId", "createdAt");

-- CreateIndex
CREATE INDEX "Activity_userId_scheduledAt_idx" ON "Activity"("userId", "scheduledAt");

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE INDEX "User_role_idx" ON "User"("role");

-- CreateIndex
CREATE UNIQUE INDEX "CommunicationPreference_contactId_key" ON "CommunicationPreference"("contactId");

-- CreateIndex
CREATE UNIQUE INDEX "CommunicationPreference_leadId_key" ON "CommunicationPreference"("leadId");

-- CreateIndex
CREATE UNIQUE INDEX "OutboxMessage_idempotencyKey_key" ON "OutboxMessage"("idempotencyKey");

-- CreateIndex
CREATE UNIQUE INDEX "OutboxMessage_messageId_key" ON "OutboxMessage"("messageId");

-- CreateIndex
CREATE INDEX "OutboxMessage_leadId_createdAt_idx" ON "OutboxMessage"("leadId", "createdAt");

-- CreateIndex
CREATE INDEX "OutboxMessage_contactId_createdAt_idx" ON "OutboxMessage"("contactId", "createdAt");

-- CreateIndex
CREATE INDEX "OutboxMessage_status_createdAt_idx" ON "OutboxMessage"("status", "createdAt");

-- CreateIndex
CREATE INDEX "WebhookEvent_receivedAt_idx" ON "WebhookEvent"("receivedAt");

-- CreateIndex
CREATE UNIQUE INDEX "WebhookEvent_provider_eventId_key" ON "WebhookEvent"("provider", "eventId");

-- CreateIndex
CREATE INDEX "AuditLog_createdAt_idx" ON "AuditLog"("createdAt");

-- CreateIndex
CREATE INDEX "AuditLog_actorId_createdAt_idx" ON "AuditLog"("actorId", "createdAt");

-- CreateIndex
CREATE INDEX "AuditLog_entityType_entityId_createdAt_idx" ON "AuditLog"("entityType", "entityId", "createdAt");

-- CreateIndex
CREATE INDEX "AuditLog_action_createdAt_idx" ON "AuditLog"("action", "createdAt");

-- AddForeignKey
ALTER TABLE "Contact" ADD CONSTRAINT "Contact_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Lead" ADD CONSTRAINT "Lead_assignedToId_fkey" FOREIGN KEY ("assignedToId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Lead" ADD CONSTRAINT "Lead_convertedToCompanyId_fkey" FOREIGN KEY ("convertedToCompanyId") REFERENCES "Company"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Lead" ADD CONSTRAINT "Lead_convertedToContactId_fkey" FOREIGN KEY ("convertedToContactId") REFERENCES "Contact"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Lead" ADD CONSTRAINT "Lead_convertedToOpportunityId_fkey" FOREIGN KEY ("convertedToOpportunityId") REFERENCES "Opportunity"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Opportunity" ADD CONSTRAINT "Opportunity_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Opportunity" ADD CONSTRAINT "Opportunity_primaryContactId_fkey" FOREIGN KEY ("primaryContactId") REFERENCES "Contact"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Opportunity" ADD CONSTRAINT "Opportunity_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Partnership" ADD CONSTRAINT "Partnership_opportunityId_fkey" FOREIGN KEY ("opportunityId") REFERENCES "Opportunity"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Partnership" ADD CONSTRAINT "Partnership_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Partnership" ADD CONSTRAINT "Partnership_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VoiceSession" ADD CONSTRAINT "VoiceSession_leadId_fkey" FOREIGN KEY ("leadId") REFERENCES "Lead"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VoiceSession" ADD CONSTRAINT "VoiceSession_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ROICalculation" ADD CONSTRAINT "ROICalculation_leadId_fkey" FOREIGN KEY ("leadId") REFERENCES "Lead"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ROICalculation" ADD CONSTRAINT "ROICalculation_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CalendarBooking" ADD CONSTRAINT "CalendarBooking_leadId_fkey" FOREIGN KEY ("leadId") REFERENCES "Lead"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CalendarBooking" ADD CONSTRAINT "CalendarBooking_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProposedSystem" ADD CONSTRAINT "ProposedSystem_opportunityId_fkey" FOREIGN KEY ("opportunityId") REFERENCES "Opportunity"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeliveredSystem" ADD CONSTRAINT "DeliveredSystem_partnershipId_fkey" FOREIGN KEY ("partnershipId") REFERENCES "Partnership"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Payment" ADD CONSTRAINT "Payment_partnershipId_fkey" FOREIGN KEY ("partnershipId") REFERENCES "Partnership"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Activity" ADD CONSTRAINT "Activity_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Activity" ADD CONSTRAINT "Activity_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Activity" ADD CONSTRAINT "Activity_leadId_fkey" FOREIGN KEY ("leadId") REFERENCES "Lead"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Activity" ADD CONSTRAINT "Activity_opportunityId_fkey" FOREIGN KEY ("opportunityId") REFERENCES "Opportunity"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Activity" ADD CONSTRAINT "Activity_partnershipId_fkey" FOREIGN KEY ("partnershipId") REFERENCES "Partnership"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Activity" ADD CONSTRAINT "Activity_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CommunicationPreference" ADD CONSTRAINT "CommunicationPreference_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CommunicationPreference" ADD CONSTRAINT "CommunicationPreference_leadId_fkey" FOREIGN KEY ("leadId") REFERENCES "Lead"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OutboxMessage" ADD CONSTRAINT "OutboxMessage_leadId_fkey" FOREIGN KEY ("leadId") REFERENCES "Lead"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OutboxMessage" ADD CONSTRAINT "OutboxMessage_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact"("id") ON DELETE SET NULL ON UPDATE CASCADE;

