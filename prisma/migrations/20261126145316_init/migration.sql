-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "isOnline" BOOLEAN NOT NULL DEFAULT false,
    "scope" TEXT,
    "expires" DATETIME,
    "accessToken" TEXT NOT NULL,
    "userId" BIGINT,
    "firstName" TEXT,
    "lastName" TEXT,
    "email" TEXT,
    "accountOwner" BOOLEAN NOT NULL DEFAULT false,
    "locale" TEXT,
    "collaborator" BOOLEAN DEFAULT false,
    "emailVerified" BOOLEAN DEFAULT false,
    "refreshToken" TEXT,
    "refreshTokenExpires" DATETIME
);

-- CreateTable
CREATE TABLE "ShopSettings" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "currencyCode" TEXT NOT NULL DEFAULT 'USD',
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
    "installedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "uninstalledAt" DATETIME,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Bundle" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "discountKind" TEXT NOT NULL,
    "discountValue" INTEGER NOT NULL,
    "currencyCode" TEXT NOT NULL,
    "startsAt" DATETIME,
    "endsAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "BundlePart" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "bundleId" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "variantId" TEXT,
    "quantity" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    CONSTRAINT "BundlePart_bundleId_fkey" FOREIGN KEY ("bundleId") REFERENCES "Bundle" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Pairing" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "anchorType" TEXT NOT NULL,
    "anchorId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'active',
    "source" TEXT NOT NULL DEFAULT 'manual',
    "heading" TEXT,
    "discountPercent" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "PairingComplement" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "pairingId" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    CONSTRAINT "PairingComplement_pairingId_fkey" FOREIGN KEY ("pairingId") REFERENCES "Pairing" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "OfferEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "eventKey" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "offerType" TEXT NOT NULL,
    "offerId" TEXT NOT NULL,
    "productId" TEXT,
    "occurredAt" DATETIME NOT NULL,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "OrderFact" (
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
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "OrderLineFact" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "orderFactId" TEXT NOT NULL,
    "lineId" TEXT NOT NULL,
    "productId" TEXT,
    "variantId" TEXT,
    "quantity" INTEGER NOT NULL,
    "unitPriceAmount" INTEGER NOT NULL,
    "discountAmount" INTEGER NOT NULL,
    "attribution" TEXT NOT NULL,
    "offerId" TEXT,
    "refundedQuantity" INTEGER NOT NULL DEFAULT 0,
    "refundedAmount" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "OrderLineFact_orderFactId_fkey" FOREIGN KEY ("orderFactId") REFERENCES "OrderFact" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "DailyRollup" (
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
    "addsToCart" INTEGER NOT NULL DEFAULT 0
);

-- CreateTable
CREATE TABLE "WebhookDelivery" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "webhookId" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'received',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processedAt" DATETIME
);

-- CreateTable
CREATE TABLE "CustomerSignal" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "currencyCode" TEXT NOT NULL,
    "orders" INTEGER NOT NULL DEFAULT 0,
    "returnedOrders" INTEGER NOT NULL DEFAULT 0,
    "grossAmount" INTEGER NOT NULL DEFAULT 0,
    "refundedAmount" INTEGER NOT NULL DEFAULT 0,
    "serviceCostAmount" INTEGER NOT NULL DEFAULT 0,
    "supportTags" TEXT NOT NULL DEFAULT '',
    "excluded" BOOLEAN NOT NULL DEFAULT false,
    "exclusionReason" TEXT,
    "evaluatedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "Session_shop_idx" ON "Session"("shop");

-- CreateIndex
CREATE INDEX "Bundle_shop_status_idx" ON "Bundle"("shop", "status");

-- CreateIndex
CREATE INDEX "Bundle_shop_updatedAt_idx" ON "Bundle"("shop", "updatedAt");

-- CreateIndex
CREATE INDEX "BundlePart_shop_productId_idx" ON "BundlePart"("shop", "productId");

-- CreateIndex
CREATE UNIQUE INDEX "BundlePart_bundleId_position_key" ON "BundlePart"("bundleId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "Pairing_shop_anchorId_key" ON "Pairing"("shop", "anchorId");

-- CreateIndex
CREATE INDEX "PairingComplement_shop_productId_idx" ON "PairingComplement"("shop", "productId");

-- CreateIndex
CREATE UNIQUE INDEX "PairingComplement_pairingId_productId_key" ON "PairingComplement"("pairingId", "productId");

-- CreateIndex
CREATE INDEX "OfferEvent_shop_occurredAt_idx" ON "OfferEvent"("shop", "occurredAt");

-- CreateIndex
CREATE UNIQUE INDEX "OfferEvent_shop_eventKey_key" ON "OfferEvent"("shop", "eventKey");

-- CreateIndex
CREATE INDEX "OrderFact_shop_processedAt_idx" ON "OrderFact"("shop", "processedAt");

-- CreateIndex
CREATE INDEX "OrderFact_shop_customerId_idx" ON "OrderFact"("shop", "customerId");

-- CreateIndex
CREATE UNIQUE INDEX "OrderFact_shop_orderId_key" ON "OrderFact"("shop", "orderId");

-- CreateIndex
CREATE INDEX "OrderLineFact_shop_offerId_idx" ON "OrderLineFact"("shop", "offerId");

-- CreateIndex
CREATE UNIQUE INDEX "OrderLineFact_shop_lineId_key" ON "OrderLineFact"("shop", "lineId");

-- CreateIndex
CREATE UNIQUE INDEX "DailyRollup_shop_day_offerType_offerId_key" ON "DailyRollup"("shop", "day", "offerType", "offerId");

-- CreateIndex
CREATE INDEX "WebhookDelivery_status_receivedAt_idx" ON "WebhookDelivery"("status", "receivedAt");

-- CreateIndex
CREATE UNIQUE INDEX "WebhookDelivery_shop_webhookId_key" ON "WebhookDelivery"("shop", "webhookId");

-- CreateIndex
CREATE INDEX "CustomerSignal_shop_excluded_idx" ON "CustomerSignal"("shop", "excluded");

-- CreateIndex
CREATE UNIQUE INDEX "CustomerSignal_shop_customerId_key" ON "CustomerSignal"("shop", "customerId");

