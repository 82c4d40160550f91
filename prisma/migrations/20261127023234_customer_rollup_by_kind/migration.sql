-- DropIndex
DROP INDEX "CustomerRollup_shop_day_kind_otherDay_key";

-- CreateIndex
CREATE UNIQUE INDEX "CustomerRollup_shop_kind_otherDay_day_key" ON "CustomerRollup"("shop", "kind", "otherDay", "day");

