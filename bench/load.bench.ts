// Load on the app's machine-facing routes over loopback HTTP: autocannon against the webhook inbox and
// the storefront event beacon, served by the app's route modules in a process of their own
// (test/support/webhook-server.ts) on a throw-away database. Every request is unique and signed the way
// Shopify signs it (webhook HMAC; the app proxy's query signature), built per request by autocannon's
// `setupRequest`. Bounded by a request count and a time limit.
//
//   tsx bench/load.bench.ts sqlite|postgresql [webhooks=2000] [beacons=2000] [connections=16] [seconds=60]
//
// Prints one JSON line per route: requests/s, p50/p99 latency, errors, non-2xx answers, and what was stored
// against what was accepted — webhook deliveries (and, once the inbox has drained, processed deliveries
// and order facts), beacon events. Exits 1 when they differ.
import { randomUUID } from "node:crypto";
import { pathToFileURL } from "node:url";
import autocannon from "autocannon";
import { appProxyUrl } from "../test/support/app-proxy-request";
import { orderPayload } from "../test/support/order-webhooks";
import { signedWebhook } from "../test/support/webhook-request";
import { spawnWebhookServer } from "../test/support/webhook-server";
import { BENCH_APP, openBenchDatabase, parseProvider } from "./bench-database";

const WEBHOOK_SHOP = "load.myshopify.com";
/** Beacons come from many shops (each has its own rate limit) and many shoppers (one address each). */
const BEACON_SHOPS = 10;
const EVENTS_PER_BEACON = 10;
const DRAIN_DEADLINE_MS = 600_000;

export interface LoadResult {
  provider: string;
  route: string;
  requests: number;
  stoppedByTimeLimit: boolean;
  connections: number;
  seconds: number;
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodes: Record<string, number>;
  /** Webhooks: deliveries answered 2xx; beacons: events in beacons answered 2xx. */
  sent: number;
  stored: number;
  processed?: number;
  orderFacts?: number;
  drainSeconds?: number;
  equal: boolean;
}

type Cannon = { url: string; connections: number; amount: number; seconds: number };

/**
 * Runs autocannon for `amount` requests, or until `seconds` have passed: then no new request starts and
 * those in flight finish, so that every request sent is also answered and counted. (autocannon's own
 * stop() drops the requests in flight, which the server may still have stored; instead each connection's
 * request cap — the counter autocannon ends a connection with when `amount` is reached — is lowered to
 * what it has sent.)
 */
function cannon(
  { url, connections, amount, seconds }: Cannon,
  request: () => { path: string; body: string; headers: Record<string, string> },
): Promise<autocannon.Result & { stoppedByTimeLimit: boolean }> {
  const clients: Array<{ reqsMade: number; responseMax: number }> = [];
  let stoppedByTimeLimit = false;
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url,
        connections,
        amount,
        timeout: 30,
        setupClient: (client) => clients.push(client as unknown as (typeof clients)[number]),
        requests: [{ method: "POST", setupRequest: (req) => ({ ...req, ...request() }) }],
      },
      (error, result) => {
        clearTimeout(timer);
        if (error) reject(error);
        else resolve({ ...result, stoppedByTimeLimit });
      },
    );
    const timer = setTimeout(() => {
      stoppedByTimeLimit = true;
      for (const client of clients) client.responseMax = Math.max(1, client.reqsMade);
    }, seconds * 1000);
  });
}

function summary(provider: string, route: string, result: autocannon.Result & { stoppedByTimeLimit: boolean }) {
  const statusCodes = Object.fromEntries(
    Object.entries(result.statusCodeStats ?? {}).map(([code, stats]) => [code, stats.count ?? 0]),
  );
  return {
    provider,
    route,
    requests: result.requests.total,
    stoppedByTimeLimit: result.stoppedByTimeLimit,
    connections: result.connections,
    seconds: Number(result.duration.toFixed(1)),
    requestsPerSecond: Math.round(result.requests.total / result.duration),
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    statusCodes,
  };
}

async function pollUntil(done: () => Promise<boolean>) {
  const deadline = Date.now() + DRAIN_DEADLINE_MS;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error("The inbox did not drain in time");
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** One webhook and one beacon of a shop not measured, so that start-up work (first queries) is not timed. */
async function warmUp(url: string) {
  const { body, headers } = signedWebhook({
    topic: "orders/create",
    shop: "warm-up.myshopify.com",
    secret: BENCH_APP.apiSecret,
    payload: orderPayload({
      id: 1,
      processedAt: "2026-03-01T12:00:00Z",
      lines: [{ id: 1, productId: 1, quantity: 1, price: 100 }],
    }),
  });
  const proxy = appProxyUrl("events", { shop: "warm-up.myshopify.com", secret: BENCH_APP.apiSecret });
  const answers = [
    await fetch(`${url}/webhooks/inbox`, { method: "POST", body: body as string, headers }),
    await fetch(`${url}${proxy.pathname}${proxy.search}`, { method: "POST", body: '{"v":1,"events":[]}' }),
  ];
  if (answers[0]!.status !== 200 || answers[1]!.status !== 400) {
    throw new Error(`Warm-up answered ${answers.map((a) => a.status).join(", ")}`);
  }
}

export async function benchLoad(
  provider: string,
  {
    webhooks,
    beacons,
    connections,
    seconds,
  }: { webhooks: number; beacons: number; connections: number; seconds: number },
): Promise<LoadResult[]> {
  const [{ default: db }, { INGESTED_TOPICS }] = await Promise.all([
    import("../app/db.server"),
    import("../app/domain/order-payload"),
  ]);
  const beaconShops = Array.from({ length: BEACON_SHOPS }, (_, i) => `load-${i}.myshopify.com`);
  const offers = new Map<string, string>();
  for (const shop of beaconShops) {
    const bundle = await db.bundle.create({
      data: {
        shop,
        title: "Desk kit",
        status: "active",
        discountKind: "percentage",
        discountValue: 10,
        currencyCode: "USD",
        parts: { create: [{ shop, productId: "gid://shopify/Product/1", quantity: 1, position: 0 }] },
      },
    });
    offers.set(shop, bundle.id);
  }

  const server = await spawnWebhookServer();
  const results: LoadResult[] = [];
  try {
    await warmUp(server.url);
    // The webhook inbox: one busy shop's orders/create, each a new order.
    let order = 0;
    const webhookRun = await cannon({ url: server.url, connections, amount: webhooks, seconds }, () => {
      const id = 2_000_000 + order++;
      const { body, headers } = signedWebhook({
        topic: "orders/create",
        shop: WEBHOOK_SHOP,
        secret: BENCH_APP.apiSecret,
        payload: orderPayload({
          id,
          customerId: 1 + (id % 300),
          processedAt: new Date(Date.UTC(2026, 2, 1 + (id % 28), 12)).toISOString().replace(/\.\d{3}Z$/, "Z"),
          lines: Array.from({ length: 1 + (id % 3) }, (_, j) => ({
            id: id * 10 + j,
            productId: 1 + ((id + j) % 40),
            quantity: 1,
            price: 1999 + j * 500,
          })),
        }),
      });
      return { path: "/webhooks/inbox", body: body as string, headers };
    });
    const accepted = webhookRun["2xx"];
    const drainStart = Date.now();
    const ingested = { shop: WEBHOOK_SHOP, topic: { in: [...INGESTED_TOPICS] } };
    await pollUntil(async () => (await db.webhookDelivery.count({ where: { ...ingested, status: "received" } })) === 0);
    const drainSeconds = Number(((Date.now() - drainStart) / 1000).toFixed(1));
    const stored = await db.webhookDelivery.count({ where: ingested });
    const processed = await db.webhookDelivery.count({ where: { ...ingested, status: "processed" } });
    const orderFacts = await db.orderFact.count({ where: { shop: WEBHOOK_SHOP } });
    results.push({
      ...summary(provider, "webhooks/inbox", webhookRun),
      sent: accepted,
      stored,
      processed,
      orderFacts,
      drainSeconds,
      equal: stored === accepted && processed === accepted && orderFacts === accepted,
    });

    // The beacon: batches of impressions from many shoppers of several shops, each event new.
    let beacon = 0;
    const beaconRun = await cannon({ url: server.url, connections, amount: beacons, seconds }, () => {
      const n = beacon++;
      const shop = beaconShops[n % BEACON_SHOPS]!;
      const url = appProxyUrl("events", { shop, secret: BENCH_APP.apiSecret });
      const page = randomUUID().replaceAll("-", "");
      const events = Array.from({ length: EVENTS_PER_BEACON }, (_, i) => ({
        key: `${page}.${i}`,
        type: i === 0 ? "click" : "impression",
        offer: `bundle:${offers.get(shop)}`,
        page: "product",
        product: 1,
        at: Date.now(),
      }));
      return {
        path: `${url.pathname}${url.search}`,
        body: JSON.stringify({ v: 1, events }),
        headers: {
          "Content-Type": "text/plain;charset=UTF-8",
          "X-Forwarded-For": `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`,
        },
      };
    });
    const sentEvents = beaconRun["2xx"] * EVENTS_PER_BEACON;
    const storedEvents = await db.offerEvent.count({ where: { shop: { in: beaconShops } } });
    results.push({
      ...summary(provider, "proxy/events", beaconRun),
      sent: sentEvents,
      stored: storedEvents,
      equal: sentEvents === storedEvents,
    });
  } finally {
    server.child.kill("SIGTERM");
    await server.exited;
    await db.$disconnect();
  }
  return results;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const [providerArg, webhooks = "2000", beacons = "2000", connections = "16", seconds = "60"] = process.argv.slice(2);
  const provider = parseProvider(providerArg);
  const database = await openBenchDatabase(provider);
  let equal = true;
  try {
    const results = await benchLoad(provider, {
      webhooks: Number(webhooks),
      beacons: Number(beacons),
      connections: Number(connections),
      seconds: Number(seconds),
    });
    for (const result of results) {
      console.log(JSON.stringify(result));
      equal &&= result.equal;
    }
  } finally {
    await database.drop();
  }
  if (!equal) {
    console.error("Stored and accepted differ: see the figures above");
    process.exit(1);
  }
}
