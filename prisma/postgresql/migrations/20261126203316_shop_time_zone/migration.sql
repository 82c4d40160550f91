-- AlterTable
ALTER TABLE "ShopSettings" ADD COLUMN     "localeCheckedAt" TIMESTAMP(3),
ADD COLUMN     "timeZone" TEXT NOT NULL DEFAULT 'UTC';

