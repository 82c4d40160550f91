-- AlterTable
ALTER TABLE "BundlePart" ADD COLUMN "unitCostAmount" INTEGER;

-- AlterTable
ALTER TABLE "OrderLineFact" ADD COLUMN "unitCostAmount" INTEGER;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_OrderFact" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "orderName" TEXT,
    "customerId" TEXT,
    "currencyCode" TEXT NOT NULL,
    "subtotalAmount" INTEGER NOT NULL,
    "totalDiscountAmount" INTEGER NOT NULL,
    "processedAt" DATETIME NOT NULL,
    "cancelledAt" DATETIME,
    "coPurchaseCounted" BOOLEAN NOT NULL DEFAULT false,
    "attached" BOOLEAN NOT NULL DEFAULT false,
    "anchorOffers" TEXT NOT NULL DEFAULT '',
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_OrderFact" ("cancelledAt", "coPurchaseCounted", "currencyCode", "customerId", "id", "orderId", "orderName", "processedAt", "shop", "subtotalAmount", "totalDiscountAmount", "updatedAt") SELECT "cancelledAt", "coPurchaseCounted", "currencyCode", "customerId", "id", "orderId", "orderName", "processedAt", "shop", "subtotalAmount", "totalDiscountAmount", "updatedAt" FROM "OrderFact";
DROP TABLE "OrderFact";
ALTER TABLE "new_OrderFact" RENAME TO "OrderFact";
CREATE INDEX "OrderFact_shop_processedAt_cancelledAt_customerId_attached_idx" ON "OrderFact"("shop", "processedAt", "cancelledAt", "customerId", "attached");
CREATE INDEX "OrderFact_shop_customerId_idx" ON "OrderFact"("shop", "customerId");
CREATE UNIQUE INDEX "OrderFact_shop_orderId_key" ON "OrderFact"("shop", "orderId");
CREATE TABLE "new_DailyRollup" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "offerType" TEXT NOT NULL,
    "offerId" TEXT NOT NULL DEFAULT '',
    "currencyCode" TEXT NOT NULL,
    "orders" INTEGER NOT NULL DEFAULT 0,
    "attachedOrders" INTEGER NOT NULL DEFAULT 0,
    "revenueAmount" INTEGER NOT NULL DEFAULT 0,
    "discountAmount" INTEGER NOT NULL DEFAULT 0,
    "refundedAmount" INTEGER NOT NULL DEFAULT 0,
    "impressions" INTEGER NOT NULL DEFAULT 0,
    "clicks" INTEGER NOT NULL DEFAULT 0,
    "addsToCart" INTEGER NOT NULL DEFAULT 0,
    "anchorOrders" INTEGER NOT NULL DEFAULT 0,
    "anchorAttachedOrders" INTEGER NOT NULL DEFAULT 0,
    "returnedUnits" INTEGER NOT NULL DEFAULT 0,
    "costAmount" INTEGER NOT NULL DEFAULT 0,
    "uncostedUnits" INTEGER NOT NULL DEFAULT 0
);
INSERT INTO "new_DailyRollup" ("addsToCart", "attachedOrders", "clicks", "currencyCode", "day", "discountAmount", "id", "impressions", "offerId", "offerType", "orders", "refundedAmount", "revenueAmount", "shop") SELECT "addsToCart", "attachedOrders", "clicks", "currencyCode", "day", "discountAmount", "id", "impressions", "offerId", "offerType", "orders", "refundedAmount", "revenueAmount", "shop" FROM "DailyRollup";
DROP TABLE "DailyRollup";
ALTER TABLE "new_DailyRollup" RENAME TO "DailyRollup";
CREATE UNIQUE INDEX "DailyRollup_shop_day_offerType_offerId_key" ON "DailyRollup"("shop", "day", "offerType", "offerId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;


-- Orders already recorded: attached while a bundle or pairing line is not fully refunded.
UPDATE "OrderFact" SET "attached" = true WHERE EXISTS (
  SELECT 1 FROM "OrderLineFact" l
  WHERE l."orderFactId" = "OrderFact"."id" AND l."attribution" IN ('bundle', 'pairing') AND l."quantity" > l."refundedQuantity"
);
