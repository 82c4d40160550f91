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

export async function recordDelivery({ shop, topic, webhookId, payload }: WebhookDeliveryInput) {
  if (!webhookId) throw new Error("recordDelivery: a webhook id is required for idempotency");
  try {
    await shopData(shop).webhookDelivery.create({
      data: { shop, topic, webhookId, payload: JSON.stringify(payload ?? null) },
    });
    return { duplicate: false };
  } catch (error) {
    if (isUniqueViolation(error)) return { duplicate: true };
    throw error;
  }
}

// Both generated clients (SQLite, PostgreSQL) raise P2002 for a unique violation; they carry their
// own copies of Prisma's runtime, so the code is checked rather than the class.
function isUniqueViolation(error: unknown) {
  return (error as Prisma.PrismaClientKnownRequestError | undefined)?.code === "P2002";
}
