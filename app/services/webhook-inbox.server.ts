// The webhook inbox. Transport-agnostic: the HTTP route calls it today, and a Google Pub/Sub or
// Amazon EventBridge consumer can call it unchanged. A delivery is stored once per (shop, webhook id),
// so a redelivered or replayed webhook changes nothing; it is stored before Shopify gets its answer,
// so a crash before processing loses nothing (processing picks up `received` deliveries).
import type { Prisma } from "@prisma/client";
import { shopData } from "./shop-scope.server";

export interface WebhookDeliveryInput {
  shop: string;
  topic: string;
  webhookId: string;
  payload: unknown;
}

/** Stores a delivery once; answers the stored row's id, and whether it had been stored before. */
export async function recordDelivery({ shop, topic, webhookId, payload }: WebhookDeliveryInput) {
  if (!webhookId) throw new Error("recordDelivery: a webhook id is required for idempotency");
  const scoped = shopData(shop);
  try {
    const { id } = await scoped.webhookDelivery.create({
      data: { shop, topic, webhookId, payload: JSON.stringify(payload ?? null) },
      select: { id: true },
    });
    return { id, duplicate: false };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const stored = await scoped.webhookDelivery.findFirstOrThrow({ where: { webhookId }, select: { id: true } });
    return { id: stored.id, duplicate: true };
  }
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
