-- A partnership written before its workflow has run has held no kickoff: it is onboarding, in phase as in status.
ALTER TABLE "Partnership" ALTER COLUMN "currentPhase" SET DEFAULT 'ONBOARDING';
