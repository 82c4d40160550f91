// Webhook delivery from the emulated shop to the app: the subscriptions come from shopify.app.toml, the
// payloads follow Shopify's webhook (REST) format, and each request is HMAC-signed with the app's secret,
// so the app's real webhook routes verify them as they would Shopify's.
import { createHmac, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { formatDecimalAmount } from "../app/domain/money";
import type { OrderView, ProductView } from "./admin-api/store";
import { parseToml, type TomlTable } from "./storefront/toml";

/** topic ("orders/create") → the path the app subscribed it to ("/webhooks/inbox"). */
export function webhookSubscriptions(projectRoot: string): Map<string, string> {
  const toml = parseToml(fs.readFileSync(path.join(projectRoot, "shopify.app.toml"), "utf8"));
  const webhooks = toml.webhooks as TomlTable | undefined;
  const subscriptions = new Map<string, string>();
  for (const entry of (webhooks?.subscriptions ?? []) as TomlTable[]) {
    for (const topic of [...((entry.topics ?? []) as string[]), ...((entry.compliance_topics ?? []) as string[])]) {
      subscriptions.set(topic, entry.uri as string);
    }
  }
  return subscriptions;
}

export interface WebhookDelivery {
  appUrl: string;
  apiSecret: string;
  apiVersion: string;
  shop: string;
  topic: string;
  path: string;
  payload: unknown;
  webhookId?: string;
}

/** Delivers one webhook; resolves to the app's HTTP status (Shopify retries on anything but 2xx). */
export async function deliverWebhook(delivery: WebhookDelivery): Promise<number> {
  const body = JSON.stringify(delivery.payload);
  const hmac = createHmac("sha256", delivery.apiSecret).update(body, "utf8").digest("base64");
  const webhookId = delivery.webhookId ?? randomUUID();
  const response = await fetch(new URL(delivery.path, delivery.appUrl), {
    method: "POST",
    body,
    headers: {
      "Content-Type": "application/json",
      "X-Shopify-Topic": delivery.topic,
      "X-Shopify-Shop-Domain": delivery.shop,
      "X-Shopify-Hmac-Sha256": hmac,
      "X-Shopify-Webhook-Id": webhookId,
      "X-Shopify-Event-Id": webhookId,
      "X-Shopify-Triggered-At": new Date().toISOString(),
      "X-Shopify-API-Version": delivery.apiVersion,
    },
  });
  return response.status;
}

/** An order as Shopify's orders/* webhooks send it (the fields Attach reads, in Shopify's REST shape). */
export function orderWebhookPayload(order: OrderView, currency: string) {
  const amount = (minor: number) => formatDecimalAmount({ amount: minor, currency });
  const set = (minor: number) => ({
    shop_money: { amount: amount(minor), currency_code: currency },
    presentment_money: { amount: amount(minor), currency_code: currency },
  });
  const titles = [...new Set(order.lineItems.flatMap((line) => line.discountAllocations.map((a) => a.title)))];
  const subtotal = order.lineItems.reduce(
    (sum, line) => sum + line.price * line.quantity - line.discountAllocations.reduce((s, a) => s + a.amount, 0),
    0,
  );
  const discounts = order.lineItems.reduce(
    (sum, line) => sum + line.discountAllocations.reduce((s, a) => s + a.amount, 0),
    0,
  );
  return {
    id: order.id,
    admin_graphql_api_id: `gid://shopify/Order/${order.id}`,
    name: order.name,
    email: order.email,
    created_at: order.createdAt,
    processed_at: order.processedAt,
    updated_at: order.processedAt,
    cancelled_at: order.cancelledAt,
    currency,
    presentment_currency: currency,
    subtotal_price: amount(subtotal),
    subtotal_price_set: set(subtotal),
    total_price: amount(subtotal),
    total_price_set: set(subtotal),
    total_discounts: amount(discounts),
    total_discounts_set: set(discounts),
    customer:
      order.customerId === null
        ? null
        : { id: order.customerId, admin_graphql_api_id: `gid://shopify/Customer/${order.customerId}` },
    tags: order.tags.join(", "),
    discount_applications: titles.map((title) => ({
      type: "automatic",
      title,
      description: title,
      value_type: "fixed_amount",
      allocation_method: "across",
      target_selection: "entitled",
      target_type: "line_item",
    })),
    line_items: order.lineItems.map((line) => ({
      id: line.id,
      admin_graphql_api_id: `gid://shopify/LineItem/${line.id}`,
      product_id: line.productId,
      variant_id: line.variantId,
      title: line.title,
      variant_title: line.variantTitle,
      sku: line.sku,
      quantity: line.quantity,
      price: amount(line.price),
      price_set: set(line.price),
      gift_card: line.isGiftCard,
      properties: line.properties.map((p) => ({ name: p.name, value: p.value })),
      total_discount: amount(line.discountAllocations.reduce((s, a) => s + a.amount, 0)),
      discount_allocations: line.discountAllocations.map((a) => ({
        amount: amount(a.amount),
        amount_set: set(a.amount),
        discount_application_index: titles.indexOf(a.title),
      })),
    })),
    refunds: [],
  };
}

/** A product as Shopify's products/update webhook sends it (the fields Attach reads, in Shopify's REST shape). */
export function productWebhookPayload(product: ProductView) {
  return {
    id: product.id,
    admin_graphql_api_id: `gid://shopify/Product/${product.id}`,
    title: product.title,
    handle: product.handle,
    status: product.status.toLowerCase(),
    updated_at: product.updatedAt,
    variants: product.variants.map((variant) => ({
      id: variant.id,
      admin_graphql_api_id: `gid://shopify/ProductVariant/${variant.id}`,
      product_id: product.id,
      title: variant.title,
      // The emulator tracks every variant but gift cards' (local/admin-api/sources.ts).
      inventory_management: product.isGiftCard ? null : "shopify",
      inventory_policy: variant.inventoryPolicy,
      inventory_quantity: variant.inventoryQuantity,
    })),
  };
}

/** A refund as Shopify's refunds/create webhook sends it (the fields Attach reads, in Shopify's REST shape). */
export function refundWebhookPayload(order: OrderView, refund: OrderView["refunds"][number], currency: string) {
  const set = (minor: number) => {
    const amount = formatDecimalAmount({ amount: minor, currency });
    return { shop_money: { amount, currency_code: currency }, presentment_money: { amount, currency_code: currency } };
  };
  return {
    id: refund.id,
    admin_graphql_api_id: `gid://shopify/Refund/${refund.id}`,
    order_id: order.id,
    created_at: refund.createdAt,
    processed_at: refund.createdAt,
    note: refund.note,
    restock: refund.lines.some((line) => line.restockType === "return"),
    refund_line_items: refund.lines.map((line, index) => ({
      id: refund.id * 1000 + index,
      line_item_id: line.lineItemId,
      quantity: line.quantity,
      restock_type: line.restockType,
      subtotal: formatDecimalAmount({ amount: line.subtotal, currency }),
      subtotal_set: set(line.subtotal),
    })),
  };
}

/** A fulfilment of every line as Shopify's fulfillments/create webhook sends it (the fields Attach reads). */
export function fulfillmentWebhookPayload(order: OrderView, fulfillmentId: number, createdAt: string) {
  return {
    id: fulfillmentId,
    admin_graphql_api_id: `gid://shopify/Fulfillment/${fulfillmentId}`,
    order_id: order.id,
    status: "success",
    created_at: createdAt,
    updated_at: createdAt,
    name: `${order.name}.1`,
    line_items: order.lineItems.map((line) => ({
      id: line.id,
      admin_graphql_api_id: `gid://shopify/LineItem/${line.id}`,
      product_id: line.productId,
      variant_id: line.variantId,
      quantity: line.quantity,
    })),
  };
}
