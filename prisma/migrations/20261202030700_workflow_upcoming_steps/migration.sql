-- AlterTable
ALTER TABLE "Lead" ADD COLUMN     "upcomingSteps" JSONB;

-- AlterTable
ALTER TABLE "Opportunity" ADD COLUMN     "upcomingSteps" JSONB;

-- AlterTable
ALTER TABLE "Partnership" ADD COLUMN     "upcomingSteps" JSONB;
