-- CreateTable
CREATE TABLE "ShopJobLock" (
    "shop" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "owner" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "kind")
);

-- CreateTable
CREATE TABLE "CoPurchaseProduct" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "orders" INTEGER NOT NULL DEFAULT 0
);

-- CreateTable
CREATE TABLE "CoPurchasePair" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "productA" TEXT NOT NULL,
    "productB" TEXT NOT NULL,
    "orders" INTEGER NOT NULL DEFAULT 0
);

-- CreateTable
CREATE TABLE "HiddenSuggestionProduct" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

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
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_OrderFact" ("cancelledAt", "currencyCode", "customerId", "id", "orderId", "orderName", "processedAt", "shop", "subtotalAmount", "totalDiscountAmount", "updatedAt") SELECT "cancelledAt", "currencyCode", "customerId", "id", "orderId", "orderName", "processedAt", "shop", "subtotalAmount", "totalDiscountAmount", "updatedAt" FROM "OrderFact";
DROP TABLE "OrderFact";
ALTER TABLE "new_OrderFact" RENAME TO "OrderFact";
CREATE INDEX "OrderFact_shop_processedAt_idx" ON "OrderFact"("shop", "processedAt");
CREATE INDEX "OrderFact_shop_customerId_idx" ON "OrderFact"("shop", "customerId");
CREATE UNIQUE INDEX "OrderFact_shop_orderId_key" ON "OrderFact"("shop", "orderId");
CREATE TABLE "new_BackfillJob" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "bulkOperationId" TEXT,
    "since" DATETIME NOT NULL,
    "ordersExpected" INTEGER,
    "objectCount" INTEGER NOT NULL DEFAULT 0,
    "linesImported" INTEGER NOT NULL DEFAULT 0,
    "ordersImported" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "finishedAt" DATETIME
);
INSERT INTO "new_BackfillJob" ("bulkOperationId", "error", "finishedAt", "id", "ordersImported", "shop", "startedAt", "status") SELECT "bulkOperationId", "error", "finishedAt", "id", "ordersImported", "shop", "startedAt", "status" FROM "BackfillJob";
DROP TABLE "BackfillJob";
ALTER TABLE "new_BackfillJob" RENAME TO "BackfillJob";
CREATE INDEX "BackfillJob_shop_startedAt_idx" ON "BackfillJob"("shop", "startedAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "CoPurchaseProduct_shop_productId_key" ON "CoPurchaseProduct"("shop", "productId");

-- CreateIndex
CREATE INDEX "CoPurchasePair_shop_productB_idx" ON "CoPurchasePair"("shop", "productB");

-- CreateIndex
CREATE UNIQUE INDEX "CoPurchasePair_shop_productA_productB_key" ON "CoPurchasePair"("shop", "productA", "productB");

-- CreateIndex
CREATE UNIQUE INDEX "HiddenSuggestionProduct_shop_productId_key" ON "HiddenSuggestionProduct"("shop", "productId");

