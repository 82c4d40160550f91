-- CreateIndex
CREATE INDEX "OrderLineFact_orderFactId_idx" ON "OrderLineFact"("orderFactId");

