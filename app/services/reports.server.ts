// The uptake report of a shop for a date range: rollup rows summed in the database (a few rows per
// day and offer, whatever the number of orders), distinct customers counted from the order facts, and
// the offers' current titles. `recountReport` computes the same report from the order facts alone.
import {
  offerTitleKey,
  rangeInstants,
  reportFromFacts,
  reportFromRollups,
  type OfferTitles,
  type ReportRange,
  type RollupTotal,
  type UptakeReport,
} from "../domain/report";
import { ROLLUP_ROW_TYPES, type RollupRowType } from "../domain/order-facts";
import { toFacts } from "./order-ingestion.server";
import { shopData, type ShopData } from "./shop-scope.server";

const DEFAULT_CURRENCY = "USD";

export async function uptakeReport(shop: string, range: ReportRange): Promise<UptakeReport> {
  const scoped = shopData(shop);
  const { start, end } = rangeInstants(range);
  const [currency, sums, customerGroups] = await Promise.all([
    shopCurrency(scoped),
    scoped.dailyRollup.groupBy({
      by: ["offerType", "offerId"],
      where: { day: { gte: range.from, lte: range.to } },
      _sum: { orders: true, attachedOrders: true, revenueAmount: true, discountAmount: true, refundedAmount: true },
    }),
    // Distinct customers do not add up by day, so they come from the facts (index shop, processedAt).
    scoped.orderFact.groupBy({
      by: ["customerId"],
      where: { processedAt: { gte: start, lt: end }, cancelledAt: null },
      _count: { _all: true },
    }),
  ]);
  const rollups: RollupTotal[] = sums
    .filter((row) => (ROLLUP_ROW_TYPES as readonly string[]).includes(row.offerType))
    .map((row) => ({
      offerType: row.offerType as RollupRowType,
      offerId: row.offerId,
      figures: {
        orders: row._sum.orders ?? 0,
        attachedOrders: row._sum.attachedOrders ?? 0,
        revenueAmount: row._sum.revenueAmount ?? 0,
        discountAmount: row._sum.discountAmount ?? 0,
        refundedAmount: row._sum.refundedAmount ?? 0,
      },
    }));
  // Each guest checkout (no customer) counts as one customer.
  const customers = customerGroups.reduce((sum, group) => sum + (group.customerId === null ? group._count._all : 1), 0);
  const titles = await offerTitles(
    scoped,
    rollups.filter((r) => r.offerType === "bundle").map((r) => r.offerId),
    rollups.filter((r) => r.offerType === "pairing").map((r) => r.offerId),
  );
  return reportFromRollups({ currency, range, rollups, customers, titles });
}

/** The report recounted from the order facts, bypassing the rollups: they must agree exactly. */
export async function recountReport(shop: string, range: ReportRange): Promise<UptakeReport> {
  const scoped = shopData(shop);
  const { start, end } = rangeInstants(range);
  const [currency, stored] = await Promise.all([
    shopCurrency(scoped),
    scoped.orderFact.findMany({ where: { processedAt: { gte: start, lt: end } }, include: { lines: true } }),
  ]);
  const facts = stored.map(toFacts);
  const credited = facts.flatMap((f) => f.lines).filter((line) => line.offerId !== null);
  const titles = await offerTitles(
    scoped,
    credited.filter((line) => line.attribution === "bundle").map((line) => line.offerId!),
    credited.filter((line) => line.attribution === "pairing").map((line) => line.offerId!),
  );
  return reportFromFacts({ currency, range, facts, titles });
}

async function shopCurrency(scoped: ShopData): Promise<string> {
  const settings = await scoped.shopSettings.findFirst({ select: { currencyCode: true } });
  return settings?.currencyCode ?? DEFAULT_CURRENCY;
}

/**
 * Titles of the offers in the report. Few offers: looked up by id, in chunks (SQLite through Prisma
 * refuses queries with too many parameters). Many: one read of all the shop's offers is quicker.
 */
const IDS_PER_QUERY = 500;

async function offerTitles(scoped: ShopData, bundleIds: string[], pairingIds: string[]): Promise<OfferTitles> {
  const titles = new Map<string, string>();
  const lookups = (ids: string[]) => {
    const unique = [...new Set(ids.filter((id) => id !== ""))];
    if (unique.length > IDS_PER_QUERY) return [undefined];
    return Array.from({ length: Math.ceil(unique.length / IDS_PER_QUERY) }, (_, i) => ({
      id: { in: unique.slice(i * IDS_PER_QUERY, (i + 1) * IDS_PER_QUERY) },
    }));
  };
  for (const where of lookups(bundleIds)) {
    const bundles = await scoped.bundle.findMany({ where, select: { id: true, title: true } });
    for (const bundle of bundles) titles.set(offerTitleKey("bundle", bundle.id), bundle.title);
  }
  for (const where of lookups(pairingIds)) {
    const pairings = await scoped.pairing.findMany({ where, select: { id: true, heading: true } });
    for (const pairing of pairings) {
      titles.set(offerTitleKey("pairing", pairing.id), pairing.heading?.trim() || "Pairing without a heading");
    }
  }
  return titles;
}
