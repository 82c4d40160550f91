// Webhook ingestion throughput, through the real inbox route: each orders/create request, HMAC-signed with
// the headers a delivery arrives with, is verified by the library, checked, stored, answered — and processed after the answer (facts, attribution,
// rollups), as in production. Reports answered orders/s (what Shopify sees), processed orders/s (from the
// first request until every delivery is processed: answering and processing share one process) and the
// drain's own rate (deliveries processed after the last answer, over the time that took), at a given
// number of requests in flight.
//
//   tsx bench/ingestion.bench.ts sqlite|postgresql [orders=2000] [concurrency=8]
//
// Prints one JSON line. One provider per process: the app's database client is chosen at import.
import { createHmac, randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { orderPayload } from "../test/support/order-webhooks";
import { BENCH_APP, openBenchDatabase, parseProvider } from "./bench-database";

const shop = "bench.myshopify.com";

export interface IngestionResult {
  provider: string;
  orders: number;
  concurrency: number;
  answeredPerSecond: number;
  processedPerSecond: number;
  drainPerSecond: number;
  processed: number;
}

/**
 * A delivery as it reaches the app: signed by Shopify (before the clock starts: the sender's work), with
 * Shopify's headers and those HTTP and a proxy add.
 */
function signedDelivery(body: string) {
  const webhookId = randomUUID();
  return {
    body,
    headers: {
      "Content-Type": "application/json",
      "Content-Length": String(Buffer.byteLength(body)),
      "X-Shopify-Topic": "orders/create",
      "X-Shopify-Shop-Domain": shop,
      "X-Shopify-Hmac-Sha256": createHmac("sha256", BENCH_APP.apiSecret).update(body, "utf8").digest("base64"),
      "X-Shopify-Webhook-Id": webhookId,
      "X-Shopify-Event-Id": webhookId,
      "X-Shopify-Triggered-At": new Date().toISOString(),
      "X-Shopify-API-Version": "2026-04",
      Host: "attach.bench",
      "User-Agent": "Shopify-Captain-Hook",
      Accept: "*/*",
      "Accept-Encoding": "gzip;q=1.0,deflate;q=0.6,identity;q=0.3",
      Connection: "keep-alive",
      "X-Forwarded-For": "203.0.113.7",
      "X-Forwarded-Proto": "https",
      "X-Request-Id": randomUUID(),
    },
  };
}

/** Realistic orders: 1–4 lines, a third of them with a bundle line (property and our discount). */
function orderBodies(count: number, bundleId: string): string[] {
  return Array.from({ length: count }, (_, i) => {
    const lines = Array.from({ length: 1 + (i % 4) }, (_, j) => ({
      id: i * 10 + j + 1,
      productId: 1 + ((i + j) % 40),
      quantity: 1 + (j % 2),
      price: 1999 + j * 500,
      ...(i % 3 === 0 && j === 0
        ? {
            properties: [{ name: "_attach_offer", value: `bundle:${bundleId}` }],
            discounts: [{ amount: 200, title: "Bundle: Laptop Essentials — 10% off" }],
          }
        : {}),
    }));
    const processedAt = new Date(Date.UTC(2026, 2, 1 + (i % 28), 12)).toISOString().replace(/\.\d{3}Z$/, "Z");
    return JSON.stringify(orderPayload({ id: 1_000_000 + i, customerId: 1 + (i % 500), processedAt, lines }));
  });
}

export async function benchIngestion(provider: string, orders: number, concurrency: number): Promise<IngestionResult> {
  const [{ default: db }, { action }, { backgroundWorkSettled }] = await Promise.all([
    import("../app/db.server"),
    import("../app/routes/webhooks.inbox"),
    import("../app/services/jobs.server"),
  ]);
  const bundle = await db.bundle.create({
    data: {
      shop,
      title: "Laptop Essentials",
      status: "active",
      discountKind: "percentage",
      discountValue: 10,
      currencyCode: "USD",
      parts: { create: [{ shop, productId: "gid://shopify/Product/1", quantity: 1, position: 0 }] },
    },
  });
  const deliveries = orderBodies(orders, bundle.id).map(signedDelivery);
  const start = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < deliveries.length) {
      const request = new Request("https://attach.bench/webhooks/inbox", { method: "POST", ...deliveries[next++]! });
      const response = await action({ request, params: {}, context: {} });
      if (response.status !== 200) throw new Error(`The inbox answered ${response.status}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const answered = performance.now();
  const processedWhileAnswering = await db.webhookDelivery.count({ where: { shop, status: "processed" } });
  await backgroundWorkSettled();
  const done = performance.now();
  const processed = await db.webhookDelivery.count({ where: { shop, status: "processed" } });
  await db.$disconnect();
  return {
    provider,
    orders,
    concurrency,
    answeredPerSecond: Math.round((orders * 1000) / (answered - start)),
    processedPerSecond: Math.round((orders * 1000) / (done - start)),
    drainPerSecond: Math.round(((processed - processedWhileAnswering) * 1000) / (done - answered)),
    processed,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const [providerArg, ordersArg = "2000", concurrencyArg = "8"] = process.argv.slice(2);
  const provider = parseProvider(providerArg);
  const database = await openBenchDatabase(provider);
  try {
    console.log(JSON.stringify(await benchIngestion(provider, Number(ordersArg), Number(concurrencyArg))));
  } finally {
    await database.drop();
  }
}
