// Order and refund webhook payloads for tests, in Shopify's webhook (REST) format. Orders go through the
// local emulator's own serializer (local/webhooks.ts), so tests read exactly what local mode delivers.
import type { OrderView } from "../../local/admin-api/store";
import { orderWebhookPayload } from "../../local/webhooks";
import { formatDecimalAmount } from "../../app/domain/money";

export interface LineSpec {
  id: number;
  productId: number;
  variantId?: number;
  quantity: number;
  /** Unit price, minor units. */
  price: number;
  properties?: Array<{ name: string; value: string }>;
  /** Discounts allocated to the line: minor units and the discount application's title. */
  discounts?: Array<{ amount: number; title: string }>;
}

export interface OrderSpec {
  id: number;
  customerId?: number | null;
  processedAt: string;
  cancelledAt?: string | null;
  currency?: string;
  lines: LineSpec[];
}

export const productGid = (id: number) => `gid://shopify/Product/${id}`;

export function orderPayload(spec: OrderSpec) {
  const currency = spec.currency ?? "USD";
  const order: OrderView = {
    id: spec.id,
    name: `#${spec.id}`,
    customerId: spec.customerId ?? null,
    email: null,
    createdAt: spec.processedAt,
    processedAt: spec.processedAt,
    cancelledAt: spec.cancelledAt ?? null,
    currency,
    refunds: [],
    tags: [],
    discountApplications: [],
    lineItems: spec.lines.map((line) => ({
      id: line.id,
      productId: line.productId,
      variantId: line.variantId ?? line.productId + 1_000_000,
      title: `Product ${line.productId}`,
      variantTitle: "Default Title",
      sku: "",
      quantity: line.quantity,
      price: line.price,
      properties: line.properties ?? [],
      discountAllocations: line.discounts ?? [],
      isGiftCard: false,
    })),
  };
  return orderWebhookPayload(order, currency);
}

/** A refunds/create payload: per refunded line, the quantity and the amount refunded (minor units). */
export function refundPayload({
  id,
  orderId,
  currency = "USD",
  lines,
}: {
  id: number;
  orderId: number;
  currency?: string;
  lines: Array<{ lineItemId: number; quantity: number; subtotal: number }>;
}) {
  const amount = (minor: number) => formatDecimalAmount({ amount: minor, currency });
  return {
    id,
    admin_graphql_api_id: `gid://shopify/Refund/${id}`,
    order_id: orderId,
    created_at: "2026-03-02T10:00:00Z",
    note: null,
    restock: true,
    refund_line_items: lines.map((line, i) => ({
      id: id * 100 + i,
      line_item_id: line.lineItemId,
      quantity: line.quantity,
      restock_type: "return",
      subtotal: amount(line.subtotal),
      subtotal_set: {
        shop_money: { amount: amount(line.subtotal), currency_code: currency },
        presentment_money: { amount: amount(line.subtotal), currency_code: currency },
      },
      total_tax: "0.00",
    })),
    transactions: [],
    order_adjustments: [],
  };
}
