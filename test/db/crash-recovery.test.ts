// Crash recovery of webhook ingestion: the app server (test/support/webhook-server.ts, a process of its
// own on this project's database) takes a stream of signed orders/create and orders/updated webhooks and
// is killed with SIGKILL in the middle of it — answers in flight, deliveries stored but not processed,
// transactions open. Restarted, it is sent what Shopify would send: every webhook that did not get a 200
// again, and some that did (Shopify retries on timeouts too). Once the inbox has drained, every order
// counts exactly once: one OrderFact each, and the shop's daily rollups add up to the number of orders.
// No timing is asserted: the kill comes after a number of answers, and waiting is polling to a deadline.
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import db from "../../app/db.server";
import { INGESTED_TOPICS } from "../../app/domain/order-payload";
import { orderPayload } from "../support/order-webhooks";
import { spawnWebhookServer, type WebhookServer } from "../support/webhook-server";
import { signedWebhook } from "../support/webhook-request";
import { resetDatabase } from "./support/reset";

const shop = "crash.myshopify.com";
const ORDERS = 150;
/** Answers received before the kill. */
const KILL_AFTER = 50;
const IN_FLIGHT = 6;
const DRAIN_DEADLINE_MS = 150_000;

interface Delivery {
  webhookId: string;
  topic: string;
  orderId: number;
  body: string;
}

/** Each order's orders/create; every fourth order also an orders/updated (another webhook id, same order). */
function deliveries(): Delivery[] {
  const list: Delivery[] = [];
  for (let i = 0; i < ORDERS; i++) {
    const orderId = 9_100_000 + i;
    const body = JSON.stringify(
      orderPayload({
        id: orderId,
        customerId: 1 + (i % 7),
        processedAt: `2026-03-${String(1 + (i % 28)).padStart(2, "0")}T12:00:00Z`,
        lines: Array.from({ length: 1 + (i % 3) }, (_, j) => ({
          id: orderId * 10 + j,
          productId: 1 + j,
          quantity: 1,
          price: 1500 + j * 250,
        })),
      }),
    );
    list.push({ webhookId: `create-${orderId}`, topic: "orders/create", orderId, body });
    if (i % 4 === 0) list.push({ webhookId: `update-${orderId}`, topic: "orders/updated", orderId, body });
  }
  return list;
}

async function send(server: WebhookServer, delivery: Delivery): Promise<number | "no answer"> {
  const { body, headers } = signedWebhook({
    topic: delivery.topic,
    shop,
    secret: process.env.SHOPIFY_API_SECRET!,
    webhookId: delivery.webhookId,
    rawBody: delivery.body,
  });
  try {
    const response = await fetch(`${server.url}/webhooks/inbox`, { method: "POST", body: body as BodyInit, headers });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return "no answer";
  }
}

async function pollUntil<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + DRAIN_DEADLINE_MS;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`Gave up waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe(`crash recovery of webhook ingestion on ${process.env.ATTACH_TEST_PROVIDER}`, () => {
  let server: WebhookServer | undefined;

  beforeEach(resetDatabase);
  afterEach(async () => {
    server?.child.kill("SIGKILL");
    await server?.exited;
  });
  afterAll(() => db.$disconnect());

  it("counts every order exactly once after a SIGKILL mid-stream, a restart and Shopify's retries", async () => {
    const all = deliveries();
    const answers = new Map<string, number | "no answer">();

    // 1. The stream, killed after KILL_AFTER answers with the rest in flight or not sent yet.
    server = await spawnWebhookServer();
    const first = server;
    let next = 0;
    let answered = 0;
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next < all.length) {
          const delivery = all[next++]!;
          const status = await send(first, delivery);
          answers.set(delivery.webhookId, status);
          if (status === 200 && ++answered === KILL_AFTER) first.child.kill("SIGKILL");
        }
      }),
    );
    await first.exited;
    const unanswered = all.filter((d) => answers.get(d.webhookId) !== 200);
    const answeredBeforeKill = all.length - unanswered.length;
    expect(answeredBeforeKill).toBeGreaterThanOrEqual(KILL_AFTER);
    expect(unanswered.length).toBeGreaterThan(0);
    const leftAtKill = await db.webhookDelivery.groupBy({ by: ["status"], where: { shop }, _count: true });

    // 2. Restarted: Shopify retries what got no 200, and sends some answered ones again.
    server = await spawnWebhookServer();
    const retries = [...unanswered, ...all.filter((d, i) => answers.get(d.webhookId) === 200 && i % 3 === 0)];
    for (const delivery of retries) {
      expect([delivery.webhookId, await send(server, delivery)]).toEqual([delivery.webhookId, 200]);
    }

    // 3. The inbox drains (the drain after the answers, and the sweep at startup for what the crash left).
    const ingested = { shop, topic: { in: [...INGESTED_TOPICS] } };
    const statuses = await pollUntil(
      "the inbox to drain",
      () => db.webhookDelivery.groupBy({ by: ["status"], where: ingested, _count: true }),
      (groups) => groups.length === 1 && groups[0]!.status === "processed" && groups[0]!._count === all.length,
    );
    expect(statuses).toEqual([{ status: "processed", _count: all.length }]);

    const lines = all
      .filter((d) => d.topic === "orders/create")
      .reduce((n, d) => n + (1 + ((d.orderId - 9_100_000) % 3)), 0);
    const orderFacts = await db.orderFact.count({ where: { shop } });
    const rollups = await db.dailyRollup.aggregate({ where: { shop, offerType: "shop" }, _sum: { orders: true } });
    expect(orderFacts).toBe(ORDERS);
    expect(await db.orderLineFact.count({ where: { shop } })).toBe(lines);
    expect(rollups._sum.orders).toBe(ORDERS);
    console.log(
      JSON.stringify({
        provider: process.env.ATTACH_TEST_PROVIDER,
        orders: ORDERS,
        webhooks: all.length,
        answeredBeforeKill,
        unansweredAtKill: unanswered.length,
        deliveriesAtKill: Object.fromEntries(leftAtKill.map((g) => [g.status, g._count])),
        retriesSent: retries.length,
        orderFacts,
        rollupOrders: rollups._sum.orders,
      }),
    );
  }, 300_000);
});
