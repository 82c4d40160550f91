-- CreateTable
CREATE TABLE "CustomerRollup" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "otherDay" TEXT NOT NULL DEFAULT '',
    "orders" INTEGER NOT NULL DEFAULT 0
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ShopSettings" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "currencyCode" TEXT NOT NULL DEFAULT 'USD',
    "timeZone" TEXT NOT NULL DEFAULT 'UTC',
    "localeCheckedAt" DATETIME,
    "rollupsVersion" INTEGER NOT NULL DEFAULT 2,
    "widgetHeading" TEXT NOT NULL DEFAULT 'Complete the solution',
    "widgetLayout" TEXT NOT NULL DEFAULT 'list',
    "widgetMaxItems" INTEGER NOT NULL DEFAULT 4,
    "showPrices" BOOLEAN NOT NULL DEFAULT true,
    "showSavings" BOOLEAN NOT NULL DEFAULT true,
    "marginFloorBasisPoints" INTEGER,
    "combinesWithOrderDiscounts" BOOLEAN NOT NULL DEFAULT false,
    "combinesWithProductDiscounts" BOOLEAN NOT NULL DEFAULT false,
    "combinesWithShippingDiscounts" BOOLEAN NOT NULL DEFAULT true,
    "excludeReturnRateBasisPoints" INTEGER NOT NULL DEFAULT 4000,
    "excludeReturnRateMinOrders" INTEGER NOT NULL DEFAULT 3,
    "excludeCustomerTags" TEXT NOT NULL DEFAULT 'complaint-open,vip-handle-manually',
    "excludeUnprofitableCustomers" BOOLEAN NOT NULL DEFAULT true,
    "offersPaused" BOOLEAN NOT NULL DEFAULT false,
    "followUpEnabled" BOOLEAN NOT NULL DEFAULT false,
    "followUpDelayDays" INTEGER NOT NULL DEFAULT 3,
    "followUpDiscountPercent" INTEGER NOT NULL DEFAULT 10,
    "followUpValidDays" INTEGER NOT NULL DEFAULT 14,
    "discountId" TEXT,
    "installedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "uninstalledAt" DATETIME,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_ShopSettings" ("combinesWithOrderDiscounts", "combinesWithProductDiscounts", "combinesWithShippingDiscounts", "currencyCode", "discountId", "excludeCustomerTags", "excludeReturnRateBasisPoints", "excludeReturnRateMinOrders", "excludeUnprofitableCustomers", "followUpDelayDays", "followUpDiscountPercent", "followUpEnabled", "followUpValidDays", "installedAt", "localeCheckedAt", "marginFloorBasisPoints", "offersPaused", "shop", "showPrices", "showSavings", "timeZone", "uninstalledAt", "updatedAt", "widgetHeading", "widgetLayout", "widgetMaxItems") SELECT "combinesWithOrderDiscounts", "combinesWithProductDiscounts", "combinesWithShippingDiscounts", "currencyCode", "discountId", "excludeCustomerTags", "excludeReturnRateBasisPoints", "excludeReturnRateMinOrders", "excludeUnprofitableCustomers", "followUpDelayDays", "followUpDiscountPercent", "followUpEnabled", "followUpValidDays", "installedAt", "localeCheckedAt", "marginFloorBasisPoints", "offersPaused", "shop", "showPrices", "showSavings", "timeZone", "uninstalledAt", "updatedAt", "widgetHeading", "widgetLayout", "widgetMaxItems" FROM "ShopSettings";
DROP TABLE "ShopSettings";
ALTER TABLE "new_ShopSettings" RENAME TO "ShopSettings";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "CustomerRollup_shop_day_kind_otherDay_key" ON "CustomerRollup"("shop", "day", "kind", "otherDay");


-- Shops installed before this migration have rollups of the older shape (no customer rollups, no
-- "offers" rows): they are rebuilt when the merchant next opens the app.
UPDATE "ShopSettings" SET "rollupsVersion" = 1;
