// Report latency at scale: a shop with ORDERS orders over a year and BUNDLES bundles, its facts and daily
// rollups written straight into the database (the shape ingestion leaves: one OrderFact per order, rollup
// rows per day for the shop, attached and organic orders, and per offer taken up that day), then the
// uptake report for random 30-day ranges and for the whole year, through the app's service.
//
//   tsx bench/reports.bench.ts sqlite|postgresql [orders=1000000] [bundles=10000] [runs=40]
//
// Prints one JSON line. One provider per process: the app's database client is chosen at import.
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
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
  seedSeconds: number;
  month: { p50: number; p95: number };
  year: { p50: number; p95: number };
}

/** A small deterministic generator, so every run seeds the same shop. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

export async function benchReports(provider: string, orders: number, bundles: number, runs: number) {
  const [{ default: db }, { uptakeReport }] = await Promise.all([
    import("../app/db.server"),
    import("../app/services/reports.server"),
  ]);
  const next = random(7);
  const seedStart = performance.now();
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
  let written = 0;
  let rollupRows = 0;
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
    }));
    for (let i = 0; i < facts.length; i += 2000) await db.orderFact.createMany({ data: facts.slice(i, i + 2000) });
    written += count;

    // About 15% of orders take an offer up, spread over the bundles; 10% have an organic line.
    const taken = new Map<string, number>();
    for (let i = 0; i < Math.round(count * 0.15); i++) {
      const id = bundleIds[Math.floor(next() * bundleIds.length)]!;
      taken.set(id, (taken.get(id) ?? 0) + 1);
    }
    const revenue = facts.reduce((sum, fact) => sum + fact.subtotalAmount, 0);
    const attached = Math.round(count * 0.15);
    const figures = (n: number, amount: number) => ({
      orders: n,
      attachedOrders: n,
      revenueAmount: amount,
      discountAmount: Math.floor(amount / 10),
      refundedAmount: Math.floor(amount / 50),
    });
    const rows = [
      { offerType: "shop", offerId: "", ...figures(count, revenue), attachedOrders: attached },
      { offerType: "attached", offerId: "", ...figures(attached, Math.floor(revenue * 0.2)) },
      { offerType: "organic", offerId: "", ...figures(Math.round(count * 0.1), Math.floor(revenue * 0.05)) },
      ...[...taken].map(([offerId, n]) => ({ offerType: "bundle", offerId, ...figures(n, n * 4500) })),
    ].map((row) => ({ shop, day: dayText(day), currencyCode: "USD", ...row }));
    for (let i = 0; i < rows.length; i += 2000) await db.dailyRollup.createMany({ data: rows.slice(i, i + 2000) });
    rollupRows += rows.length;
  }
  const seedSeconds = Math.round((performance.now() - seedStart) / 100) / 10;

  const time = async (from: string, to: string) => {
    const start = performance.now();
    await uptakeReport(shop, { from, to });
    return performance.now() - start;
  };
  await time(dayText(300), dayText(329)); // warm up
  const month: number[] = [];
  const year: number[] = [];
  for (let i = 0; i < runs; i++) {
    const end = 29 + Math.floor(next() * (DAYS - 30));
    month.push(await time(dayText(end - 29), dayText(end)));
    if (i % 4 === 0) year.push(await time(dayText(0), dayText(DAYS - 1)));
  }
  await db.$disconnect();
  const summary = (list: number[]) => {
    const sorted = [...list].sort((a, b) => a - b);
    return { p50: Math.round(percentile(sorted, 50)), p95: Math.round(percentile(sorted, 95)) };
  };
  return {
    provider,
    orders: written,
    bundles,
    rollupRows,
    seedSeconds,
    month: summary(month),
    year: summary(year),
  } satisfies ReportsResult;
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
