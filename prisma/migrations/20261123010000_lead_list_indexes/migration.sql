-- CreateIndex
CREATE INDEX "Lead_lastName_firstName_email_id_idx" ON "Lead"("lastName", "firstName", "email", "id");

