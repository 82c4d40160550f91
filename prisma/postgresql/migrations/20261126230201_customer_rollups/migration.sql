-- AlterTable
ALTER TABLE "ShopSettings" ADD COLUMN     "rollupsVersion" INTEGER NOT NULL DEFAULT 2;

-- CreateTable
CREATE TABLE "CustomerRollup" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "otherDay" TEXT NOT NULL DEFAULT '',
    "orders" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "CustomerRollup_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "CustomerRollup_shop_day_kind_otherDay_key" ON "CustomerRollup"("shop", "day", "kind", "otherDay");


-- Shops installed before this migration have rollups of the older shape (no customer rollups, no
-- "offers" rows): they are rebuilt when the merchant next opens the app.
UPDATE "ShopSettings" SET "rollupsVersion" = 1;
