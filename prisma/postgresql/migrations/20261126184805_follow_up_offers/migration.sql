-- AlterTable
ALTER TABLE "ShopSettings" ADD COLUMN     "followUpDelayDays" INTEGER NOT NULL DEFAULT 3,
ADD COLUMN     "followUpDiscountPercent" INTEGER NOT NULL DEFAULT 10,
ADD COLUMN     "followUpEnabled" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "followUpValidDays" INTEGER NOT NULL DEFAULT 14;

-- CreateTable
CREATE TABLE "FollowUpOffer" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "anchorProductId" TEXT NOT NULL,
    "complementProductId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'scheduled',
    "statusReason" TEXT,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "discountId" TEXT,
    "code" TEXT,
    "expiresAt" TIMESTAMP(3),
    "sentAt" TIMESTAMP(3),
    "redeemedOrderId" TEXT,
    "revenueAmount" INTEGER NOT NULL DEFAULT 0,
    "currencyCode" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "FollowUpOffer_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "FollowUpOffer_shop_status_dueAt_idx" ON "FollowUpOffer"("shop", "status", "dueAt");

-- CreateIndex
CREATE INDEX "FollowUpOffer_shop_customerId_idx" ON "FollowUpOffer"("shop", "customerId");

-- CreateIndex
CREATE UNIQUE INDEX "FollowUpOffer_shop_orderId_anchorProductId_key" ON "FollowUpOffer"("shop", "orderId", "anchorProductId");

