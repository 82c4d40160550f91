import { afterAll, beforeEach, describe, expect, it } from "vitest";
import db from "../../app/db.server";
import { shopData } from "../../app/services/shop-scope.server";
import { insertStatement, queryBeside } from "../../app/services/sql.server";
import { recordDelivery } from "../../app/services/webhook-inbox.server";
import { resetDatabase } from "./support/reset";

const shop = "transactions.myshopify.com";
const settled = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// On SQLite the app has one connection: a statement made outside a transaction must not run inside the
// transaction that happens to be open on it (app/database-adapter.ts; PostgreSQL's pool gives each its own
// connection). The inbox stores deliveries beside Prisma (queryBeside), on the same connection.
describe(`statements beside an open transaction on ${process.env.ATTACH_TEST_PROVIDER}`, () => {
  beforeEach(resetDatabase);
  afterAll(() => db.$disconnect());

  it("keeps a webhook delivery stored while another transaction is open and then rolled back", async () => {
    const rolledBack = shopData(shop)
      .$transaction(async (tx) => {
        await tx.webhookDelivery.create({
          data: { shop, webhookId: "inside", topic: "ORDERS_CREATE", payload: "{}", status: "received" },
        });
        await settled(50);
        throw new Error("a passing failure");
      })
      .catch((error: Error) => error.message);
    await settled(10);
    await recordDelivery({ shop, topic: "ORDERS_CREATE", webhookId: "outside", payload: { id: 1 } });
    expect(await rolledBack).toBe("a passing failure");

    const stored = await shopData(shop).webhookDelivery.findMany({ select: { webhookId: true } });
    expect(stored.map((row) => row.webhookId)).toEqual(["outside"]);
  });

  it("never shows a reader the rows of a transaction that is rolled back", async () => {
    let inserted!: () => void;
    const insertedYet = new Promise<void>((resolve) => (inserted = resolve));
    const rolledBack = shopData(shop)
      .$transaction(async (tx) => {
        await tx.webhookDelivery.create({
          data: { shop, webhookId: "never-committed", topic: "ORDERS_CREATE", payload: "{}", status: "received" },
        });
        inserted();
        await settled(50);
        throw new Error("a passing failure");
      })
      .catch((error: Error) => error.message);
    await insertedYet;
    const seenMeanwhile = await shopData(shop).webhookDelivery.count();

    expect(await rolledBack).toBe("a passing failure");
    expect(seenMeanwhile).toBe(0);
  });
});

describe(`statements run beside Prisma on ${process.env.ATTACH_TEST_PROVIDER}`, () => {
  beforeEach(resetDatabase);
  afterAll(() => db.$disconnect());

  it("store dates, numbers, text and nulls exactly as Prisma reads and writes them", async () => {
    const receivedAt = new Date("2026-03-01T12:34:56.789Z");
    const processedAt = new Date("2026-03-01T12:35:00.001Z");
    const row = { id: "beside", shop, webhookId: "beside", topic: "ORDERS_CREATE", payload: '{"é":"✓"}' };
    const { sql, values } = insertStatement("WebhookDelivery", [
      { ...row, status: "failed", attempts: 3, lastError: null, receivedAt, processedAt },
    ]);
    expect(await queryBeside(`${sql} RETURNING "id"`, values)).toEqual([["beside"]]);
    await shopData(shop).webhookDelivery.create({
      data: { ...row, id: "prisma", webhookId: "prisma", status: "failed", attempts: 3, receivedAt, processedAt },
    });

    const [beside, prisma] = await Promise.all(
      ["beside", "prisma"].map((id) => shopData(shop).webhookDelivery.findFirstOrThrow({ where: { id } })),
    );
    expect({ ...beside, id: "", webhookId: "" }).toEqual({ ...prisma, id: "", webhookId: "" });
    expect(beside?.receivedAt).toEqual(receivedAt);
    // Both rows compare as the same instant in SQL too (the inbox is processed in receivedAt order).
    const sameInstant = await shopData(shop).webhookDelivery.count({ where: { receivedAt } });
    expect(sameInstant).toBe(2);
  });

  it("refuses a value it cannot bind", async () => {
    await expect(queryBeside("SELECT 1", [{ an: "object" }])).rejects.toThrow(/cannot bind/);
  });
});

describe(`deliveries stored together on ${process.env.ATTACH_TEST_PROVIDER}`, () => {
  beforeEach(resetDatabase);
  afterAll(() => db.$disconnect());

  it("stores deliveries arriving at once each once, and answers every redelivery with the first one's id", async () => {
    // 30 deliveries in one turn of the event loop (one statement), 10 webhooks each delivered three times,
    // then the same 10 again later (their own statement).
    const deliver = (webhookId: string, n: number) =>
      recordDelivery({ shop, topic: "ORDERS_CREATE", webhookId, payload: { id: n } });
    const ids = Array.from({ length: 10 }, (_, n) => `webhook-${n}`);
    const atOnce = await Promise.all([...ids, ...ids, ...ids].map(deliver));
    const later = await Promise.all(ids.map(deliver));

    const rows = await shopData(shop).webhookDelivery.findMany({
      select: { id: true, webhookId: true, payload: true },
    });
    expect(rows).toHaveLength(10);
    for (const [n, webhookId] of ids.entries()) {
      const row = rows.find((stored) => stored.webhookId === webhookId)!;
      expect(JSON.parse(row.payload)).toEqual({ id: n }); // the first delivery's payload
      const answers = [atOnce[n], atOnce[n + 10], atOnce[n + 20], later[n]];
      expect(answers).toEqual([
        { id: row.id, duplicate: false },
        { id: row.id, duplicate: true },
        { id: row.id, duplicate: true },
        { id: row.id, duplicate: true },
      ]);
    }
  });
});
