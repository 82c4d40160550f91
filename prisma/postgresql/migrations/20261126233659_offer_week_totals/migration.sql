-- DropIndex
DROP INDEX "DailyRollup_shop_day_offerType_offerId_key";

-- CreateTable
CREATE TABLE "OfferWeekTotal" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "week" TEXT NOT NULL,
    "offerType" TEXT NOT NULL,
    "offerId" TEXT NOT NULL DEFAULT '',
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
    "uncostedUnits" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "OfferWeekTotal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OfferWeekFrontier" (
    "shop" TEXT NOT NULL,
    "week" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "OfferWeekFrontier_pkey" PRIMARY KEY ("shop")
);

-- CreateIndex
CREATE UNIQUE INDEX "OfferWeekTotal_shop_week_offerType_offerId_key" ON "OfferWeekTotal"("shop", "week", "offerType", "offerId");

-- CreateIndex
CREATE UNIQUE INDEX "DailyRollup_shop_offerType_day_offerId_key" ON "DailyRollup"("shop", "offerType", "day", "offerId");


-- Every order and widget event adds to its offer's row of the current week: leaving room on each page
-- lets PostgreSQL update those rows in place (HOT updates), so a week's rows stay together on disk and
-- the report reads them from few pages.
ALTER TABLE "OfferWeekTotal" SET (fillfactor = 70);
