// The order and refund webhooks Attach ingests, in Shopify's webhook (REST) format: zod schemas for
// the fields we read, and their normalised form (Shopify gids, integer minor units, Dates).
// Everything else in a payload is ignored. Amounts come from the `*_set.shop_money` fields when
// present and from the plain decimal fields otherwise; both are in the shop's currency.
import { z } from "zod";
import { isCurrencyCode, MoneyError, parseDecimalAmount, type CurrencyCode } from "./money";
import { fail, fieldName, fieldErrorsFromZod, isRecord, ok, type FieldError, type Result } from "./validation";

/** Webhook topics as @shopify/shopify-api reports them ("orders/create" → "ORDERS_CREATE"). */
export const ORDER_TOPICS = ["ORDERS_CREATE", "ORDERS_UPDATED", "ORDERS_CANCELLED"] as const;
export const REFUND_TOPICS = ["REFUNDS_CREATE"] as const;
/** A customer's tags, for responsible targeting's helpdesk tags (app/domain/customer-signals.ts). */
export const CUSTOMER_TOPICS = ["CUSTOMERS_UPDATE"] as const;
/** Fulfilments schedule follow-up offers (app/domain/follow-up.ts). */
export const FULFILLMENT_TOPICS = ["FULFILLMENTS_CREATE"] as const;
/** Products deleted or made unavailable put the offers using them in need of attention (app/services/product-webhooks.server.ts). */
export const PRODUCT_TOPICS = ["PRODUCTS_UPDATE", "PRODUCTS_DELETE"] as const;
/** The inbox topics order ingestion processes; other inbox topics are left for their own handlers. */
export const INGESTED_TOPICS = [
  ...ORDER_TOPICS,
  ...REFUND_TOPICS,
  ...CUSTOMER_TOPICS,
  ...FULFILLMENT_TOPICS,
  ...PRODUCT_TOPICS,
] as const;
export type IngestedTopic = (typeof INGESTED_TOPICS)[number];

/**
 * "orders/create", "ORDERS_CREATE" → "ORDERS_CREATE". The HTTP route gets the second form from the
 * library; Pub/Sub and EventBridge carry the first in their `X-Shopify-Topic` attribute.
 */
export function canonicalTopic(topic: string): string {
  return topic.trim().toUpperCase().replace(/[/.]/g, "_");
}

export function isIngestedTopic(topic: string): topic is IngestedTopic {
  return (INGESTED_TOPICS as readonly string[]).includes(topic);
}

// ---------------------------------------------------------------------------------------------
// Schemas

const DECIMAL = /^-?\d{1,20}(\.\d{1,12})?$/;
const decimal = z.string().regex(DECIMAL, { error: "Expected an amount like 12.34" });
const currencyCode = z.string().refine(isCurrencyCode, { error: "Expected a 3-letter currency code" });
const moneySet = z.object({ shop_money: z.object({ amount: decimal, currency_code: currencyCode }) });
/**
 * REST ids: JSON numbers, or digit strings when a client keeps 64-bit ids exact. Numbers past 2^53 are
 * accepted here (JSON.parse has already rounded them); gidOf then insists on admin_graphql_api_id.
 */
const restId = z.union([
  z.number().positive().refine(Number.isInteger, { error: "Expected a whole number" }),
  z.string().regex(/^[1-9]\d{0,19}$/),
]);
const timestamp = z.iso.datetime({ offset: true, error: "Expected an ISO 8601 timestamp" });

const lineItemSchema = z.object({
  id: restId,
  admin_graphql_api_id: z.string().optional(),
  product_id: restId.nullish(),
  variant_id: restId.nullish(),
  quantity: z.number().int().min(0),
  price: decimal,
  price_set: moneySet.optional(),
  properties: z
    .array(z.object({ name: z.string(), value: z.unknown() }))
    .nullish()
    .transform((list) => list ?? []),
  discount_allocations: z
    .array(
      z.object({
        amount: decimal,
        amount_set: moneySet.optional(),
        discount_application_index: z.number().int().min(0),
      }),
    )
    .nullish()
    .transform((list) => list ?? []),
});

export const orderPayloadSchema = z.object({
  id: restId,
  admin_graphql_api_id: z.string().optional(),
  name: z.string().nullish(),
  currency: currencyCode,
  created_at: timestamp,
  processed_at: timestamp.nullish(),
  cancelled_at: timestamp.nullish(),
  customer: z.object({ id: restId, admin_graphql_api_id: z.string().optional() }).nullish(),
  subtotal_price: decimal.optional(),
  subtotal_price_set: moneySet.optional(),
  total_discounts: decimal.optional(),
  total_discounts_set: moneySet.optional(),
  discount_applications: z
    .array(z.object({ title: z.string().nullish(), code: z.string().nullish() }))
    .nullish()
    .transform((list) => list ?? []),
  // The codes the customer entered (follow-up offers are redeemed by code); absent in older payloads.
  discount_codes: z
    .array(z.object({ code: z.string() }))
    .nullish()
    .transform((list) => list ?? []),
  line_items: z.array(lineItemSchema),
});

export const refundPayloadSchema = z.object({
  id: restId,
  admin_graphql_api_id: z.string().optional(),
  order_id: restId,
  refund_line_items: z
    .array(
      z.object({
        line_item_id: restId,
        quantity: z.number().int().min(0),
        subtotal: decimal.optional(),
        subtotal_set: moneySet.optional(),
      }),
    )
    .nullish()
    .transform((list) => list ?? []),
});

/**
 * fulfillments/create: the order, when, what shipped. Shopify's fulfilment statuses: pending, open, success,
 * cancelled, error, failure — only a fulfilment that is not cancelled or failed counts as shipped.
 */
export const fulfillmentPayloadSchema = z.object({
  id: restId,
  admin_graphql_api_id: z.string().optional(),
  order_id: restId,
  status: z.string().nullish(),
  created_at: timestamp,
  line_items: z
    .array(z.object({ product_id: restId.nullish() }))
    .nullish()
    .transform((list) => list ?? []),
});

/** customers/update: only the id and the tags (one comma-separated string in webhooks) are read. */
export const customerPayloadSchema = z.object({
  id: restId,
  admin_graphql_api_id: z.string().optional(),
  tags: z.string().nullish(),
});

/**
 * products/update: the id, title, status and what decides whether a variant is available for sale (an
 * untracked variant always is; a tracked one while in stock or set to keep selling). products/delete
 * sends only the id.
 */
export const productPayloadSchema = z.object({
  id: restId,
  admin_graphql_api_id: z.string().optional(),
  title: z.string().nullish(),
  status: z.enum(["active", "archived", "draft"]).nullish(),
  variants: z
    .array(
      z.object({
        inventory_management: z.string().nullish(),
        inventory_policy: z.string().nullish(),
        inventory_quantity: z.number().int().nullish(),
      }),
    )
    .nullish(),
});

type OrderPayload = z.infer<typeof orderPayloadSchema>;
type RefundPayload = z.infer<typeof refundPayloadSchema>;

// ---------------------------------------------------------------------------------------------
// Normalised form

export interface OrderLineInput {
  /** gid://shopify/LineItem/… */
  lineId: string;
  productId: string | null;
  variantId: string | null;
  quantity: number;
  /** Price of one unit before discounts, minor units of the order's currency. */
  unitPriceAmount: number;
  /** Line item properties as name → text (non-text values are turned into text). */
  properties: Array<{ name: string; value: string }>;
  /** Each discount allocated to the line, with the title of the discount application it comes from. */
  discounts: Array<{ amount: number; title: string | null }>;
}

export interface OrderInput {
  /** gid://shopify/Order/… */
  orderId: string;
  orderName: string | null;
  customerId: string | null;
  currency: CurrencyCode;
  /** After line and order discounts, before shipping and taxes (Shopify's subtotal_price). */
  subtotalAmount: number;
  /** Every discount on the order (Shopify's total_discounts). */
  totalDiscountAmount: number;
  processedAt: Date;
  cancelledAt: Date | null;
  lines: OrderLineInput[];
  /** Discount codes used on the order (webhooks only; the backfill does not read them). */
  discountCodes?: string[];
}

export interface FulfillmentInput {
  fulfillmentId: string;
  orderId: string;
  /** False for a cancelled or failed fulfilment. */
  shipped: boolean;
  fulfilledAt: Date;
  /** Products in the fulfilment; null when the payload listed no lines. */
  productIds: string[] | null;
}

export interface RefundInput {
  refundId: string;
  orderId: string;
  lines: Array<{ lineId: string; quantity: number; amount: RefundAmount | null }>;
}

export interface CustomerInput {
  /** gid://shopify/Customer/… */
  customerId: string;
  /** The customer's tags; null when the payload did not say (the stored ones are kept). */
  tags: string[] | null;
}

export interface ProductInput {
  /** gid://shopify/Product/… */
  productId: string;
  title: string | null;
  /** Active with a variant available for sale, per the payload; null when the payload does not say. */
  sellable: boolean | null;
}

/** A refund line's amount: in minor units when the payload named its currency, else the decimal text. */
export type RefundAmount = { amount: number; currency: CurrencyCode } | { decimal: string };

/** A Shopify gid from the payload's admin_graphql_api_id, or built from the REST id. */
function gidOf(type: string, id: number | string, adminGid: string | undefined, path: PropertyKey[]): string {
  const pattern = new RegExp(`^gid://shopify/${type}/[1-9][0-9]{0,19}$`);
  if (adminGid !== undefined && pattern.test(adminGid)) return adminGid;
  if (typeof id === "string" || Number.isSafeInteger(id)) return `gid://shopify/${type}/${id}`;
  throw new PayloadFieldError(`${type} id ${id} is too large to read exactly; send admin_graphql_api_id`, path);
}

class PayloadFieldError extends Error {
  constructor(
    message: string,
    readonly path: PropertyKey[],
  ) {
    super(message);
  }
}

function amountOf(
  text: string | undefined,
  set: z.infer<typeof moneySet> | undefined,
  currency: CurrencyCode,
  path: PropertyKey[],
): number {
  try {
    if (set) {
      if (set.shop_money.currency_code !== currency) {
        throw new PayloadFieldError(
          `Amount is in ${set.shop_money.currency_code}, the order in ${currency}`,
          path.concat("shop_money"),
        );
      }
      return parseDecimalAmount(set.shop_money.amount, currency);
    }
    if (text === undefined) throw new PayloadFieldError("Amount missing", path);
    return parseDecimalAmount(text, currency);
  } catch (error) {
    if (error instanceof MoneyError) throw new PayloadFieldError(error.message, path);
    throw error;
  }
}

function propertyText(value: unknown): string | null {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return null;
}

function normaliseOrder(order: OrderPayload): OrderInput {
  const currency = order.currency;
  const titles = order.discount_applications.map((application) => application.title ?? null);
  return {
    orderId: gidOf("Order", order.id, order.admin_graphql_api_id, ["id"]),
    orderName: order.name ?? null,
    customerId: order.customer
      ? gidOf("Customer", order.customer.id, order.customer.admin_graphql_api_id, ["customer", "id"])
      : null,
    currency,
    subtotalAmount: amountOf(order.subtotal_price, order.subtotal_price_set, currency, ["subtotal_price"]),
    totalDiscountAmount:
      order.total_discounts === undefined && order.total_discounts_set === undefined
        ? 0
        : amountOf(order.total_discounts, order.total_discounts_set, currency, ["total_discounts"]),
    processedAt: new Date(order.processed_at ?? order.created_at),
    cancelledAt: order.cancelled_at ? new Date(order.cancelled_at) : null,
    discountCodes: order.discount_codes.map((discount) => discount.code),
    lines: order.line_items.map((line, i) => {
      const at = ["line_items", i];
      return {
        lineId: gidOf("LineItem", line.id, line.admin_graphql_api_id, [...at, "id"]),
        productId: line.product_id == null ? null : gidOf("Product", line.product_id, undefined, [...at, "product_id"]),
        variantId:
          line.variant_id == null ? null : gidOf("ProductVariant", line.variant_id, undefined, [...at, "variant_id"]),
        quantity: line.quantity,
        unitPriceAmount: amountOf(line.price, line.price_set, currency, [...at, "price"]),
        properties: line.properties.flatMap(({ name, value }) => {
          const text = propertyText(value);
          return text === null ? [] : [{ name, value: text }];
        }),
        discounts: line.discount_allocations.map((allocation, j) => {
          const allocationPath = [...at, "discount_allocations", j];
          if (allocation.discount_application_index >= titles.length) {
            throw new PayloadFieldError("Points at no discount application", [
              ...allocationPath,
              "discount_application_index",
            ]);
          }
          return {
            amount: amountOf(allocation.amount, allocation.amount_set, currency, [...allocationPath, "amount"]),
            title: titles[allocation.discount_application_index] ?? null,
          };
        }),
      };
    }),
  };
}

function normaliseRefund(refund: RefundPayload): RefundInput {
  return {
    refundId: gidOf("Refund", refund.id, refund.admin_graphql_api_id, ["id"]),
    orderId: gidOf("Order", refund.order_id, undefined, ["order_id"]),
    lines: refund.refund_line_items.map((line, i) => {
      const at = ["refund_line_items", i];
      let amount: RefundAmount | null = null;
      if (line.subtotal_set) {
        const { currency_code } = line.subtotal_set.shop_money;
        amount = {
          amount: amountOf(undefined, line.subtotal_set, currency_code, [...at, "subtotal_set"]),
          currency: currency_code,
        };
      } else if (line.subtotal !== undefined) {
        amount = { decimal: line.subtotal };
      }
      return {
        lineId: gidOf("LineItem", line.line_item_id, undefined, [...at, "line_item_id"]),
        quantity: line.quantity,
        amount,
      };
    }),
  };
}

function normaliseFulfillment(fulfillment: z.infer<typeof fulfillmentPayloadSchema>): FulfillmentInput {
  const productIds = fulfillment.line_items.flatMap((line, i) =>
    line.product_id == null ? [] : [gidOf("Product", line.product_id, undefined, ["line_items", i, "product_id"])],
  );
  return {
    fulfillmentId: gidOf("Fulfillment", fulfillment.id, fulfillment.admin_graphql_api_id, ["id"]),
    orderId: gidOf("Order", fulfillment.order_id, undefined, ["order_id"]),
    shipped: !["cancelled", "error", "failure"].includes((fulfillment.status ?? "success").toLowerCase()),
    fulfilledAt: new Date(fulfillment.created_at),
    productIds: fulfillment.line_items.length === 0 ? null : productIds,
  };
}

function normaliseCustomer(customer: z.infer<typeof customerPayloadSchema>): CustomerInput {
  return {
    customerId: gidOf("Customer", customer.id, customer.admin_graphql_api_id, ["id"]),
    tags:
      customer.tags == null
        ? null
        : customer.tags
            .split(",")
            .map((tag) => tag.trim())
            .filter(Boolean),
  };
}

function normaliseProduct(product: z.infer<typeof productPayloadSchema>): ProductInput {
  const { status, variants } = product;
  const known = status != null && variants != null && variants.every((v) => v.inventory_quantity != null);
  return {
    productId: gidOf("Product", product.id, product.admin_graphql_api_id, ["id"]),
    title: product.title?.trim() || null,
    sellable: !known
      ? null
      : status === "active" &&
        variants.some(
          (v) => v.inventory_management !== "shopify" || v.inventory_policy === "continue" || v.inventory_quantity! > 0,
        ),
  };
}

function parseNormalised<P, T>(schema: z.ZodType<P>, normalise: (payload: P) => T, input: unknown): Result<T> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) return fail(fieldErrorsFromZod(parsed.error));
  try {
    return ok(normalise(parsed.data));
  } catch (error) {
    if (error instanceof PayloadFieldError) return fail([{ field: fieldName(error.path), message: error.message }]);
    throw error;
  }
}

/** An orders/create, orders/updated or orders/cancelled payload, normalised; field errors when malformed. */
export function parseOrderPayload(input: unknown): Result<OrderInput> {
  return parseNormalised(orderPayloadSchema, normaliseOrder, input);
}

/** A refunds/create payload, normalised; field errors when malformed. */
export function parseRefundPayload(input: unknown): Result<RefundInput> {
  return parseNormalised(refundPayloadSchema, normaliseRefund, input);
}

/** A customers/update payload, normalised; field errors when malformed. */
export function parseCustomerPayload(input: unknown): Result<CustomerInput> {
  return parseNormalised(customerPayloadSchema, normaliseCustomer, input);
}

/** A fulfillments/create payload, normalised; field errors when malformed. */
export function parseFulfillmentPayload(input: unknown): Result<FulfillmentInput> {
  return parseNormalised(fulfillmentPayloadSchema, normaliseFulfillment, input);
}

/** A products/update or products/delete payload, normalised; field errors when malformed. */
export function parseProductPayload(input: unknown): Result<ProductInput> {
  return parseNormalised(productPayloadSchema, normaliseProduct, input);
}

/** A refund line's amount in minor units of the order's currency (a MoneyError when it cannot be). */
export function refundLineAmount(amount: RefundAmount | null, currency: CurrencyCode): number {
  if (amount === null) return 0;
  if ("decimal" in amount) return parseDecimalAmount(amount.decimal, currency);
  if (amount.currency !== currency) {
    throw new MoneyError(`The refund is in ${amount.currency}, the order in ${currency}`, "currency");
  }
  return amount.amount;
}

/**
 * Whether a delivery on an inbox topic is worth storing: a JSON object, and for the topics order
 * ingestion processes, a payload it can read. The HTTP route answers 400 otherwise and stores nothing.
 */
export function validateWebhookPayload(topic: string, payload: unknown): Result<true> {
  if (!isRecord(payload)) return fail([{ field: "form", message: "The payload must be a JSON object" }]);
  const canonical = canonicalTopic(topic);
  let errors: FieldError[] = [];
  if ((ORDER_TOPICS as readonly string[]).includes(canonical)) {
    const parsed = parseOrderPayload(payload);
    if (!parsed.ok) errors = parsed.errors;
  } else if ((REFUND_TOPICS as readonly string[]).includes(canonical)) {
    const parsed = parseRefundPayload(payload);
    if (!parsed.ok) errors = parsed.errors;
  } else if ((CUSTOMER_TOPICS as readonly string[]).includes(canonical)) {
    const parsed = parseCustomerPayload(payload);
    if (!parsed.ok) errors = parsed.errors;
  } else if ((FULFILLMENT_TOPICS as readonly string[]).includes(canonical)) {
    const parsed = parseFulfillmentPayload(payload);
    if (!parsed.ok) errors = parsed.errors;
  } else if ((PRODUCT_TOPICS as readonly string[]).includes(canonical)) {
    const parsed = parseProductPayload(payload);
    if (!parsed.ok) errors = parsed.errors;
  }
  return errors.length === 0 ? ok(true) : fail(errors);
}
