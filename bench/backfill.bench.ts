// Order history import throughput: the demo shop's seeded orders (refunds, cancellations) gathered by a
// bulk operation on the Admin API emulator, then imported by the app's backfill service. Reports the
// emulator's time (Shopify's part, not ours) and the import's orders/s.
//
//   tsx bench/backfill.bench.ts sqlite|postgresql [orders=5000]
//
// Prints one JSON line. One provider per process: the app's database client is chosen at import.
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { openBenchDatabase, parseProvider, percentile } from "./bench-database";

export async function benchBackfill(provider: string, orders: number) {
  const [{ default: db }, backfill, { backgroundWorkSettled }, { ShopStore }, { adminApiHandler }, seed, version] =
    await Promise.all([
      import("../app/db.server"),
      import("../app/services/backfill.server"),
      import("../app/services/jobs.server"),
      import("../local/admin-api/store"),
      import("../local/admin-api/http"),
      import("../local/seed/demo-shop"),
      import("../app/shopify.api-version"),
    ]);
  const now = new Date(seed.DEMO_SHOP_DEFAULT_NOW);
  const store = new ShopStore(seed.createDemoShop({ orders, now }));
  const handler = adminApiHandler(store, { apiVersion: version.ADMIN_API_VERSION, log: () => {} });
  const shop = store.shop.domain;
  const networkFetch = globalThis.fetch;
  globalThis.fetch = async (input, init) => {
    const request = new Request(input, init);
    return new URL(request.url).host === shop ? handler(request) : networkFetch(request);
  };
  const admin = {
    graphql: (query: string, options?: { variables?: Record<string, unknown> }) =>
      handler(
        new Request(`https://${shop}/admin/api/${version.ADMIN_API_VERSION}/graphql.json`, {
          method: "POST",
          headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": "shpat_bench" },
          body: JSON.stringify({ query, variables: options?.variables ?? {} }),
        }),
      ),
  };

  const start = performance.now();
  const started = await backfill.startBackfill(shop, admin, now);
  if (!started.ok) throw new Error(started.message);
  await store.whenIdle();
  const gathered = performance.now();
  // Meanwhile, what a merchant's page would wait for: one small query every 50 ms, timed.
  const waits: number[] = [];
  let importing = true;
  const probe = (async () => {
    while (importing) {
      const asked = performance.now();
      await db.bundle.count({ where: { shop } });
      waits.push(performance.now() - asked);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  await backfill.advanceBackfill(shop, admin, now);
  await backgroundWorkSettled();
  const done = performance.now();
  importing = false;
  await probe;
  waits.sort((a, b) => a - b);
  const job = await backfill.latestBackfill(shop);
  await db.$disconnect();
  return {
    provider,
    orders: job?.ordersImported ?? 0,
    status: job?.status,
    emulatorBulkSeconds: Number(((gathered - start) / 1000).toFixed(1)),
    importSeconds: Number(((done - gathered) / 1000).toFixed(1)),
    importedPerSecond: Math.round(((job?.ordersImported ?? 0) * 1000) / (done - gathered)),
    queryWaitMs: {
      p50: Math.round(percentile(waits, 50)),
      p99: Math.round(percentile(waits, 99)),
      max: Math.round(waits.at(-1) ?? 0),
    },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const [providerArg, ordersArg = "5000"] = process.argv.slice(2);
  const provider = parseProvider(providerArg);
  const database = await openBenchDatabase(provider);
  try {
    console.log(JSON.stringify(await benchBackfill(provider, Number(ordersArg))));
  } finally {
    await database.drop();
  }
}
