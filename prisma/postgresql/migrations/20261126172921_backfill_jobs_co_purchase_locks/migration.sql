-- AlterTable
ALTER TABLE "OrderFact" ADD COLUMN     "coPurchaseCounted" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "BackfillJob" ADD COLUMN     "linesImported" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "objectCount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "ordersExpected" INTEGER,
ADD COLUMN     "since" TIMESTAMP(3) NOT NULL,
ADD COLUMN     "updatedAt" TIMESTAMP(3) NOT NULL;

-- CreateTable
CREATE TABLE "ShopJobLock" (
    "shop" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "owner" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ShopJobLock_pkey" PRIMARY KEY ("shop","kind")
);

-- CreateTable
CREATE TABLE "CoPurchaseProduct" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "orders" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "CoPurchaseProduct_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CoPurchasePair" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "productA" TEXT NOT NULL,
    "productB" TEXT NOT NULL,
    "orders" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "CoPurchasePair_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "HiddenSuggestionProduct" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "HiddenSuggestionProduct_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "CoPurchaseProduct_shop_productId_key" ON "CoPurchaseProduct"("shop", "productId");

-- CreateIndex
CREATE INDEX "CoPurchasePair_shop_productB_idx" ON "CoPurchasePair"("shop", "productB");

-- CreateIndex
CREATE UNIQUE INDEX "CoPurchasePair_shop_productA_productB_key" ON "CoPurchasePair"("shop", "productA", "productB");

-- CreateIndex
CREATE UNIQUE INDEX "HiddenSuggestionProduct_shop_productId_key" ON "HiddenSuggestionProduct"("shop", "productId");

