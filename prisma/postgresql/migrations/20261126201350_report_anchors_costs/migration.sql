-- DropIndex
DROP INDEX "OrderFact_shop_processedAt_idx";

-- AlterTable
ALTER TABLE "BundlePart" ADD COLUMN     "unitCostAmount" INTEGER;

-- AlterTable
ALTER TABLE "OrderFact" ADD COLUMN     "anchorOffers" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "attached" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "OrderLineFact" ADD COLUMN     "unitCostAmount" INTEGER;

-- AlterTable
ALTER TABLE "DailyRollup" ADD COLUMN     "anchorAttachedOrders" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "anchorOrders" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "costAmount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "returnedUnits" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "uncostedUnits" INTEGER NOT NULL DEFAULT 0;

-- CreateIndex
CREATE INDEX "OrderFact_shop_processedAt_cancelledAt_customerId_attached_idx" ON "OrderFact"("shop", "processedAt", "cancelledAt", "customerId", "attached");


-- Orders already recorded: attached while a bundle or pairing line is not fully refunded.
UPDATE "OrderFact" SET "attached" = true WHERE EXISTS (
  SELECT 1 FROM "OrderLineFact" l
  WHERE l."orderFactId" = "OrderFact"."id" AND l."attribution" IN ('bundle', 'pairing') AND l."quantity" > l."refundedQuantity"
);
