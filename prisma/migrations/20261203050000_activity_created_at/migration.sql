-- CreateIndex
CREATE INDEX "Activity_createdAt_idx" ON "Activity"("createdAt");
