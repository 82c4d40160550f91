import { afterAll, beforeEach, describe, expect, it } from "vitest";
import db from "../../app/db.server";
import { customerData, handlePrivacyRequest, redactShop } from "../../app/services/privacy.server";
import { forgetShopSessions } from "../../app/services/shop-lifecycle.server";
import { modelDelegate } from "../../app/services/shop-scope.server";
import { recordDelivery } from "../../app/services/webhook-inbox.server";
import { resetDatabase } from "./support/reset";
import { SEEDED_CUSTOMER, seedEveryTable, SHOP_TABLES } from "./support/shop-rows";

const leaving = "leaving.myshopify.com";
const staying = "staying.myshopify.com";
const customer = SEEDED_CUSTOMER;

async function seedShop(shop: string) {
  await db.session.create({ data: { id: `offline_${shop}`, shop, state: "s", accessToken: "shpat" } });
  await seedEveryTable(shop);
}

async function rowsPerTable(shop: string) {
  const counts: Record<string, number> = {};
  for (const model of SHOP_TABLES) {
    counts[model] = await modelDelegate(db, model).count({ where: { shop } });
  }
  return counts;
}

describe(`shop lifecycle and privacy on ${process.env.ATTACH_TEST_PROVIDER}`, () => {
  beforeEach(async () => {
    await resetDatabase();
    await seedShop(leaving);
    await seedShop(staying);
  });
  afterAll(() => db.$disconnect());

  it("app/uninstalled removes the shop's sessions at once and keeps its data for shop/redact", async () => {
    await forgetShopSessions(leaving);
    const counts = await rowsPerTable(leaving);
    expect(counts.Session).toBe(0);
    expect(Object.entries(counts).filter(([model, n]) => model !== "Session" && n === 0)).toEqual([]);
    expect((await db.shopSettings.findUniqueOrThrow({ where: { shop: leaving } })).uninstalledAt).toBeInstanceOf(Date);
    expect((await rowsPerTable(staying)).Session).toBe(1);
  });

  it("shop/redact deletes every row of the shop in every table and nothing of another shop", async () => {
    await handlePrivacyRequest(leaving, "SHOP_REDACT", { shop_domain: leaving });
    expect(Object.values(await rowsPerTable(leaving)).every((n) => n === 0)).toBe(true);
    expect(Object.values(await rowsPerTable(staying)).every((n) => n >= 1)).toBe(true);
  });

  it("customers/redact deletes the customer's signals and unlinks their orders, in that shop only", async () => {
    await handlePrivacyRequest(leaving, "CUSTOMERS_REDACT", { customer: { id: 7 }, orders_to_redact: [1] });
    expect(await db.customerSignal.count({ where: { shop: leaving } })).toBe(0);
    expect(await db.orderFact.count({ where: { shop: leaving, customerId: customer } })).toBe(0);
    expect(await db.orderFact.count({ where: { shop: leaving } })).toBe(1);
    expect(await db.customerSignal.count({ where: { shop: staying, customerId: customer } })).toBe(1);
  });

  it("customers/data_request gathers what the shop holds on the customer", async () => {
    const data = await customerData(leaving, customer);
    expect(data.signals).toHaveLength(1);
    expect(data.orders.map((order) => order.lines.length)).toEqual([1]);
    await redactShop(leaving);
    expect((await customerData(leaving, customer)).orders).toEqual([]);
  });
});

describe(`the webhook inbox on ${process.env.ATTACH_TEST_PROVIDER}`, () => {
  beforeEach(resetDatabase);

  it("stores a delivery once, however often Shopify redelivers it", async () => {
    const delivery = { shop: leaving, topic: "ORDERS_CREATE", webhookId: "b6f1-42", payload: { id: 1 } };
    const first = await recordDelivery(delivery);
    expect(first).toEqual({ id: expect.any(String), duplicate: false });
    expect(await recordDelivery(delivery)).toEqual({ id: first.id, duplicate: true });
    const rows = await db.webhookDelivery.findMany();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.id).toBe(first.id);
    expect(JSON.parse(rows[0]!.payload)).toEqual({ id: 1 });
    expect(rows[0]!.status).toBe("received");
  });

  it("keys idempotency by shop: the same id from another shop is another delivery", async () => {
    await recordDelivery({ shop: leaving, topic: "ORDERS_CREATE", webhookId: "same", payload: {} });
    expect(await recordDelivery({ shop: staying, topic: "ORDERS_CREATE", webhookId: "same", payload: {} })).toEqual({
      id: expect.any(String),
      duplicate: false,
    });
  });
});
