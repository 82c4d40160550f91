// Report latency at scale: a shop with ORDERS orders over a year and BUNDLES bundles, its facts and daily
// rollups written straight into the database (the shape ingestion leaves: one OrderFact per order, rollup
// rows per day for the shop, attached and organic orders, all offers, and per offer taken up or anchored
// that day; about 15% of the orders `attached`, the rollups counting exactly those; the customer rollups
// of those orders), then the uptake report for random 30-day
// ranges and for the whole year, through the app's service (the report and the first page of each per-offer
// table, as the Reports page computes them: reportPage). `customers` times the customer figures alone (both periods,
// from the customer rollups); the rest is the daily rows, the offer running totals and the titles.
//
//   tsx bench/reports.bench.ts sqlite|postgresql [orders=1000000] [bundles=10000] [runs=40]
//
// Prints one JSON line. One provider per process: the app's database client is chosen at import.
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import type { Database } from "../app/db.server";
import { customerRollupRows, type CustomerOrder } from "../app/domain/customer-rollups";
import { weeklyTotals, weekOf, zeroTotals, type OfferDayChange } from "../app/domain/offer-totals";
import { openBenchDatabase, parseProvider, percentile } from "./bench-database";

const shop = "bench.myshopify.com";
const DAYS = 365;
const FIRST_DAY = Date.UTC(2025, 0, 1);
const DAY_MS = 86_400_000;
const dayText = (index: number) => new Date(FIRST_DAY + index * DAY_MS).toISOString().slice(0, 10);

export interface ReportsResult {
  provider: string;
  orders: number;
  bundles: number;
  rollupRows: number;
  customerRollupRows: number;
  /** Offer running totals: every offer's totals at the end of every week since its first. */
  offerTotals: number;
  seedSeconds: number;
  attachedOrders: number;
  month: { p50: number; p95: number };
  year: { p50: number; p95: number };
  /** The customer figures of the range and its comparison period, timed alone. */
  customers: { month: { p50: number; p95: number }; year: { p50: number; p95: number } };
}

/** A small deterministic generator, so every run seeds the same shop. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

/**
 * The bench shop's settings, bundles, order facts and rollups, written straight into the database. On
 * PostgreSQL the tables are then vacuumed and analysed, as autovacuum does to a shop's tables long before
 * they hold a year of orders: the planner needs their statistics, index-only scans the visibility map.
 */
export async function seedReportsShop(db: Database, provider: string, orders: number, bundles: number) {
  const next = random(7);
  const pickAttached = random(11); // its own generator: the other seeded values stay as they were
  await db.shopSettings.create({ data: { shop, currencyCode: "USD" } });

  const bundleIds: string[] = [];
  for (let i = 0; i < bundles; i += 1000) {
    const rows = Array.from({ length: Math.min(1000, bundles - i) }, (_, j) => ({
      id: `bench-bundle-${i + j}`,
      shop,
      title: `Bundle ${i + j}`,
      status: "active",
      discountKind: "percentage",
      discountValue: 10,
      currencyCode: "USD",
    }));
    await db.bundle.createMany({ data: rows });
    bundleIds.push(...rows.map((row) => row.id));
  }

  const perDay = Math.ceil(orders / DAYS);
  const counted: CustomerOrder[] = []; // every order, for the customer rollups ingestion would have kept
  const offerDays: OfferDayChange[] = []; // every per-offer rollup row, for the offer running totals
  let written = 0;
  let rollupRows = 0;
  let attachedOrders = 0;
  for (let day = 0; day < DAYS && written < orders; day++) {
    const count = Math.min(perDay, orders - written);
    const facts = Array.from({ length: count }, (_, i) => ({
      shop,
      orderId: `gid://shopify/Order/${written + i + 1}`,
      customerId: next() < 0.2 ? null : `gid://shopify/Customer/${1 + Math.floor(next() * 200_000)}`,
      currencyCode: "USD",
      subtotalAmount: 2000 + Math.floor(next() * 20_000),
      totalDiscountAmount: 0,
      processedAt: new Date(FIRST_DAY + day * DAY_MS + Math.floor(next() * DAY_MS)),
      attached: pickAttached() < 0.15,
    }));
    for (let i = 0; i < facts.length; i += 2000) await db.orderFact.createMany({ data: facts.slice(i, i + 2000) });
    for (const fact of facts) counted.push({ ...fact, day: dayText(day) });
    written += count;

    // The attached orders (about 15%) take an offer up, spread over the bundles; 10% have an organic line.
    const attached = facts.filter((fact) => fact.attached);
    attachedOrders += attached.length;
    // Each attached order holds its bundle's anchor; another 40% of the orders hold some bundle's anchor
    // without taking it up (the attach rate's denominator): a rollup row per offer with anchor orders.
    const taken = new Map<string, { orders: number; anchorOrders: number }>();
    const offerRow = (id: string) => {
      let row = taken.get(id);
      if (!row) taken.set(id, (row = { orders: 0, anchorOrders: 0 }));
      return row;
    };
    for (let i = 0; i < attached.length; i++) {
      const row = offerRow(bundleIds[Math.floor(next() * bundleIds.length)]!);
      row.orders += 1;
      row.anchorOrders += 1;
    }
    const anchoredOnly = Math.round(count * 0.4);
    for (let i = 0; i < anchoredOnly; i++)
      offerRow(bundleIds[Math.floor(next() * bundleIds.length)]!).anchorOrders += 1;
    const revenueOf = (list: typeof facts) => list.reduce((sum, fact) => sum + fact.subtotalAmount, 0);
    const revenue = revenueOf(facts);
    const figures = (n: number, amount: number) => ({
      orders: n,
      attachedOrders: n,
      revenueAmount: amount,
      discountAmount: Math.floor(amount / 10),
      refundedAmount: Math.floor(amount / 50),
    });
    const bundleRows = [...taken].map(([offerId, { orders, anchorOrders }]) => ({
      offerType: "bundle",
      offerId,
      ...figures(orders, orders * 4500),
      anchorOrders,
      anchorAttachedOrders: orders,
      returnedUnits: Math.floor(orders / 20),
      costAmount: orders * 2000,
    }));
    // The day's "offers" row: the sum of its bundle rows, as orderContribution keeps it.
    const sumOf = (key: Exclude<keyof (typeof bundleRows)[number], "offerType" | "offerId">) =>
      bundleRows.reduce((sum, row) => sum + row[key], 0);
    const offersRow = {
      offerType: "offers",
      offerId: "",
      orders: sumOf("orders"),
      attachedOrders: sumOf("attachedOrders"),
      revenueAmount: sumOf("revenueAmount"),
      discountAmount: sumOf("discountAmount"),
      refundedAmount: sumOf("refundedAmount"),
      anchorOrders: sumOf("anchorOrders"),
      anchorAttachedOrders: sumOf("anchorAttachedOrders"),
      returnedUnits: sumOf("returnedUnits"),
      costAmount: sumOf("costAmount"),
    };
    const rows = [
      {
        offerType: "shop",
        offerId: "",
        ...figures(count, revenue),
        attachedOrders: attached.length,
        anchorOrders: attached.length + anchoredOnly,
        anchorAttachedOrders: attached.length,
      },
      { offerType: "attached", offerId: "", ...figures(attached.length, revenueOf(attached)) },
      { offerType: "organic", offerId: "", ...figures(Math.round(count * 0.1), Math.floor(revenue * 0.05)) },
      ...bundleRows,
      ...(bundleRows.length > 0 ? [offersRow] : []),
    ].map((row) => ({ shop, day: dayText(day), currencyCode: "USD", ...row }));
    for (let i = 0; i < rows.length; i += 2000) await db.dailyRollup.createMany({ data: rows.slice(i, i + 2000) });
    rollupRows += rows.length;
    for (const { offerId, offerType: _type, ...figures } of bundleRows) {
      offerDays.push({ offerType: "bundle", offerId, day: dayText(day), figures: { ...zeroTotals(), ...figures } });
    }
  }
  const offerTotals = await seedOfferTotals(db, offerDays);
  const customerRows = [...customerRollupRows(counted).values()].map((row) => ({ shop, ...row }));
  for (let i = 0; i < customerRows.length; i += 2000) {
    await db.customerRollup.createMany({ data: customerRows.slice(i, i + 2000) });
  }
  if (provider === "postgresql") {
    await db.$executeRawUnsafe(
      'VACUUM ANALYZE "OrderFact", "DailyRollup", "CustomerRollup", "OfferWeekTotal", "OfferWeekFrontier", "Bundle"',
    );
  }
  return { orders: written, rollupRows, offerTotals, customerRollupRows: customerRows.length, attachedOrders };
}

/** The offer running totals ingestion would have kept for these per-offer rollup rows. */
export async function seedOfferTotals(db: Database, days: readonly OfferDayChange[]) {
  const frontier = days.map((day) => weekOf(day.day)).reduce((a, b) => (a > b ? a : b), "");
  await db.offerWeekFrontier.create({ data: { shop, week: frontier } });
  const rows = weeklyTotals(days, frontier).map(({ week, offerType, offerId, figures }) => ({
    shop,
    week,
    offerType,
    offerId,
    ...figures,
  }));
  for (let i = 0; i < rows.length; i += 2000) await db.offerWeekTotal.createMany({ data: rows.slice(i, i + 2000) });
  return rows.length;
}

/** Report timings (ms) on the seeded shop: whole reports, and their customer figures alone. */
export async function timeReports(runs: number) {
  const [{ reportPage, customersIn }, { comparisonRange }, { shopData }] = await Promise.all([
    import("../app/services/reports.server"),
    import("../app/domain/report"),
    import("../app/services/shop-scope.server"),
  ]);
  const next = random(13);
  const time = async (from: string, to: string) => {
    const start = performance.now();
    // What the Reports page computes: the report, and the first page of each per-offer table.
    await reportPage(shop, { from, to });
    return performance.now() - start;
  };
  const timeCustomers = async (from: string, to: string) => {
    const start = performance.now();
    await customersIn(shopData(shop), [{ from, to }, comparisonRange({ from, to }, "previous")]);
    return performance.now() - start;
  };
  await time(dayText(300), dayText(329)); // warm up
  const month: number[] = [];
  const year: number[] = [];
  const monthCustomers: number[] = [];
  const yearCustomers: number[] = [];
  for (let i = 0; i < runs; i++) {
    const end = 29 + Math.floor(next() * (DAYS - 30));
    month.push(await time(dayText(end - 29), dayText(end)));
    monthCustomers.push(await timeCustomers(dayText(end - 29), dayText(end)));
    if (i % 2 === 0) {
      year.push(await time(dayText(0), dayText(DAYS - 1)));
      yearCustomers.push(await timeCustomers(dayText(0), dayText(DAYS - 1)));
    }
  }
  const summary = (list: number[]) => {
    const sorted = [...list].sort((a, b) => a - b);
    return { p50: Math.round(percentile(sorted, 50)), p95: Math.round(percentile(sorted, 95)) };
  };
  return {
    month: summary(month),
    year: summary(year),
    customers: { month: summary(monthCustomers), year: summary(yearCustomers) },
  };
}

export async function benchReports(provider: string, orders: number, bundles: number, runs: number) {
  const { default: db } = await import("../app/db.server");
  const seedStart = performance.now();
  const seeded = await seedReportsShop(db, provider, orders, bundles);
  const seedSeconds = Math.round((performance.now() - seedStart) / 100) / 10;
  const timings = await timeReports(runs);
  await db.$disconnect();
  return { provider, ...seeded, bundles, seedSeconds, ...timings } satisfies ReportsResult;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const [providerArg, ordersArg = "1000000", bundlesArg = "10000", runsArg = "40"] = process.argv.slice(2);
  const provider = parseProvider(providerArg);
  const database = await openBenchDatabase(provider);
  try {
    console.log(JSON.stringify(await benchReports(provider, Number(ordersArg), Number(bundlesArg), Number(runsArg))));
  } finally {
    await database.drop();
  }
}
