-- AlterTable
ALTER TABLE "ShopSettings" ADD COLUMN "discountId" TEXT;

-- CreateTable
CREATE TABLE "BackfillJob" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "bulkOperationId" TEXT,
    "ordersImported" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Bundle" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "discountKind" TEXT NOT NULL,
    "discountValue" INTEGER NOT NULL,
    "currencyCode" TEXT NOT NULL,
    "startsAt" DATETIME,
    "endsAt" DATETIME,
    "matchMode" TEXT NOT NULL DEFAULT 'any',
    "syncStatus" TEXT NOT NULL DEFAULT 'pending',
    "syncError" TEXT,
    "syncedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Bundle" ("createdAt", "currencyCode", "discountKind", "discountValue", "endsAt", "id", "shop", "startsAt", "status", "title", "updatedAt") SELECT "createdAt", "currencyCode", "discountKind", "discountValue", "endsAt", "id", "shop", "startsAt", "status", "title", "updatedAt" FROM "Bundle";
DROP TABLE "Bundle";
ALTER TABLE "new_Bundle" RENAME TO "Bundle";
CREATE INDEX "Bundle_shop_status_idx" ON "Bundle"("shop", "status");
CREATE INDEX "Bundle_shop_updatedAt_idx" ON "Bundle"("shop", "updatedAt");
CREATE TABLE "new_Pairing" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "anchorType" TEXT NOT NULL,
    "anchorId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'active',
    "source" TEXT NOT NULL DEFAULT 'manual',
    "heading" TEXT,
    "discountPercent" INTEGER,
    "syncStatus" TEXT NOT NULL DEFAULT 'pending',
    "syncError" TEXT,
    "syncedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Pairing" ("anchorId", "anchorType", "createdAt", "discountPercent", "heading", "id", "shop", "source", "status", "updatedAt") SELECT "anchorId", "anchorType", "createdAt", "discountPercent", "heading", "id", "shop", "source", "status", "updatedAt" FROM "Pairing";
DROP TABLE "Pairing";
ALTER TABLE "new_Pairing" RENAME TO "Pairing";
CREATE UNIQUE INDEX "Pairing_shop_anchorId_key" ON "Pairing"("shop", "anchorId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "BackfillJob_shop_startedAt_idx" ON "BackfillJob"("shop", "startedAt");

