// The webhook inbox. Transport-agnostic: the HTTP route calls it today, and a Google Pub/Sub or
// Amazon EventBridge consumer can call it unchanged. A delivery is stored once per (shop, webhook id),
// so a redelivered or replayed webhook changes nothing; it is stored before Shopify gets its answer,
// so a crash before processing loses nothing (processing picks up `received` deliveries).
import { randomUUID } from "node:crypto";
import type { Prisma } from "@prisma/client";
import { insertStatement, queryBeside, rowsPerStatement } from "./sql.server";
import { shopData } from "./shop-scope.server";

export interface WebhookDeliveryInput {
  shop: string;
  topic: string;
  webhookId: string;
  payload: unknown;
}

let sequence = 0;

/**
 * A delivery's id, shaped like Prisma's cuid(): "c", the time, a counter, randomness. Deliveries are processed
 * in (receivedAt, id) order, and receivedAt has milliseconds: the counter keeps the deliveries this process
 * stores within one millisecond in the order they came.
 */
function deliveryId(now: Date) {
  sequence = (sequence + 1) % 36 ** 4;
  const time = now.getTime().toString(36).padStart(8, "0");
  return `c${time}${sequence.toString(36).padStart(4, "0")}${randomUUID().slice(0, 8)}`;
}

/**
 * Stores a delivery once; answers the stored row's id, and whether it had been stored before. This is the
 * write Shopify waits for: run beside Prisma (see queryBeside), and shared by the deliveries that arrive
 * together (`storeTogether`).
 */
export async function recordDelivery({ shop, topic, webhookId, payload }: WebhookDeliveryInput) {
  if (!webhookId) throw new Error("recordDelivery: a webhook id is required for idempotency");
  const receivedAt = new Date();
  const id = deliveryId(receivedAt);
  const row = { id, shop, webhookId, topic, payload: JSON.stringify(payload ?? null), receivedAt };
  if (await storeTogether({ ...row, status: "received", attempts: 0 })) return { id, duplicate: false };
  const stored = await shopData(shop).webhookDelivery.findFirstOrThrow({
    where: { webhookId },
    select: { id: true },
  });
  return { id: stored.id, duplicate: true };
}

type DeliveryRow = Record<string, unknown> & { id: string };
const waiting: Array<{ row: DeliveryRow; stored: (written: boolean) => void; failed: (error: unknown) => void }> = [];
let storing = false;

/**
 * Stores a delivery row unless its (shop, webhook id) is stored already; answers whether it wrote it. The
 * rows that arrive while a statement runs (or in the same turn of the event loop) go in the next statement
 * together (`INSERT … ON CONFLICT DO NOTHING RETURNING id`): a commit costs about what a row does, and on
 * SQLite a delivery waits anyway while the drain's transaction is open (one row a statement ~250 µs, four
 * ~100 µs a row, this machine). Each caller is answered once its row is committed. Rows are built from
 * verified headers and JSON text, so a statement fails only for a reason that would fail each of its rows
 * (the database); each caller then fails, and Shopify delivers again.
 */
function storeTogether(row: DeliveryRow): Promise<boolean> {
  return new Promise((stored, failed) => {
    waiting.push({ row, stored, failed });
    if (!storing) {
      storing = true;
      setImmediate(() => void storeWaiting());
    }
  });
}

async function storeWaiting() {
  while (waiting.length > 0) {
    const batch = waiting.splice(0, rowsPerStatement(waiting[0]!.row));
    try {
      const written = await insertNew(batch.map((entry) => entry.row));
      for (const entry of batch) entry.stored(written.has(entry.row.id));
    } catch (error) {
      for (const entry of batch) entry.failed(error);
    }
  }
  storing = false;
}

/** Inserts the rows whose (shop, webhook id) is new; answers the ids written. */
async function insertNew(rows: DeliveryRow[]): Promise<Set<unknown>> {
  const { sql, values } = insertStatement("WebhookDelivery", rows, 'ON CONFLICT ("shop", "webhookId") DO NOTHING');
  return new Set((await queryBeside(`${sql} RETURNING "id"`, values)).map(([id]) => id));
}

// Both generated clients (SQLite, PostgreSQL) raise P2002 for a unique violation; they carry their
// own copies of Prisma's runtime, so the code is checked rather than the class.
export function isUniqueViolation(error: unknown) {
  return (error as Prisma.PrismaClientKnownRequestError | undefined)?.code === "P2002";
}

/**
 * The titles the shop's latest stored products/update deliveries gave these products (gids). Once a product
 * is deleted Shopify no longer knows its title, and products/delete sends only the id.
 */
export async function lastKnownProductTitles(shop: string, productIds: readonly string[]) {
  const titles = new Map<string, string>();
  for (const productId of productIds) {
    // The stored payload is compact JSON; the product's own gid is its top-level admin_graphql_api_id.
    const delivery = await shopData(shop).webhookDelivery.findFirst({
      where: { topic: "PRODUCTS_UPDATE", payload: { contains: `"admin_graphql_api_id":${JSON.stringify(productId)}` } },
      orderBy: [{ receivedAt: "desc" }, { id: "desc" }],
      select: { payload: true },
    });
    const title = delivery ? (JSON.parse(delivery.payload) as { title?: unknown }).title : undefined;
    if (typeof title === "string" && title.trim()) titles.set(productId, title.trim());
  }
  return titles;
}
