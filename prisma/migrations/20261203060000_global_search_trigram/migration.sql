-- Global search (decision 0038): trigram indexes serve ILIKE '%term%' on the searched columns.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- CreateIndex
CREATE INDEX "Company_name_trgm_idx" ON "Company" USING GIN ("name" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Company_website_trgm_idx" ON "Company" USING GIN ("website" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Contact_firstName_trgm_idx" ON "Contact" USING GIN ("firstName" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Contact_lastName_trgm_idx" ON "Contact" USING GIN ("lastName" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Contact_email_trgm_idx" ON "Contact" USING GIN ("email" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Lead_email_trgm_idx" ON "Lead" USING GIN ("email" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Lead_firstName_trgm_idx" ON "Lead" USING GIN ("firstName" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Lead_lastName_trgm_idx" ON "Lead" USING GIN ("lastName" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Lead_companyName_trgm_idx" ON "Lead" USING GIN ("companyName" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Opportunity_name_trgm_idx" ON "Opportunity" USING GIN ("name" gin_trgm_ops);

