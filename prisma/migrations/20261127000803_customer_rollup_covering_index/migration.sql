-- CreateIndex
CREATE INDEX "CustomerRollup_shop_day_kind_otherDay_orders_idx" ON "CustomerRollup"("shop", "day", "kind", "otherDay", "orders");

