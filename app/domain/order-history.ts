// Order history from a bulk operation (the 12-month backfill): Shopify's JSONL result of
// ORDER_HISTORY_BULK_QUERY (app/graphql/orders.ts), read into the same OrderInput the webhooks give,
// plus how much of each line has been refunded so far.
//
// JSONL: one object per line; an order's line items follow it on their own lines with "__parentId" set to
// the order's id (https://shopify.dev/docs/api/usage/bulk-operations/queries#the-jsonl-data-format).
//
// Refunds: a bulk query cannot select the refund lines of an order's refunds (a connection inside a list),
// so the refunded part of a line is read from the line itself: quantity − currentQuantity units (Shopify:
// "excluding refunded and removed units"), worth that share of the line's discounted total, rounded to
// the minor unit. The webhook path records refund subtotals as Shopify sends them; the two agree whenever
// a refund returns whole units at the line's discounted unit price.
import { z } from "zod";
import { MoneyError, parseDecimalAmount, type CurrencyCode } from "./money";
import type { OrderInput } from "./order-payload";

export interface RefundedLine {
  lineId: string;
  quantity: number;
  amount: number;
}

export interface HistoricalOrder {
  order: OrderInput;
  /** What has been refunded of each line, in total (not a single refund). */
  refunded: RefundedLine[];
}

const gid = (type: string) => z.string().regex(new RegExp(`^gid://shopify/${type}/[0-9]+$`));
const moneyBag = z.object({
  shopMoney: z.object({ amount: z.string(), currencyCode: z.string().optional() }),
});
const orderLine = z.object({
  id: gid("Order"),
  name: z.string().nullish(),
  processedAt: z.string(),
  cancelledAt: z.string().nullish(),
  currencyCode: z.string(),
  customer: z.object({ id: gid("Customer") }).nullish(),
  subtotalPriceSet: moneyBag.nullish(),
  totalDiscountsSet: moneyBag.nullish(),
});
const lineItemLine = z.object({
  id: gid("LineItem"),
  quantity: z.number().int().nonnegative(),
  currentQuantity: z.number().int().nonnegative(),
  product: z.object({ id: gid("Product") }).nullish(),
  variant: z.object({ id: gid("ProductVariant") }).nullish(),
  originalUnitPriceSet: moneyBag,
  discountedTotalSet: moneyBag,
  customAttributes: z.array(z.object({ key: z.string(), value: z.string().nullish() })),
  discountAllocations: z.array(
    z.object({
      allocatedAmountSet: moneyBag,
      discountApplication: z.object({ title: z.string().nullish() }).passthrough(),
    }),
  ),
  __parentId: gid("Order"),
});

/** A line of the result that could not be read; `line` is 1-based. */
export class OrderHistoryError extends Error {
  constructor(
    readonly line: number,
    reason: string,
  ) {
    super(`Order history line ${line}: ${reason}`);
    this.name = "OrderHistoryError";
  }
}

type OrderLine = z.infer<typeof orderLine>;
type LineItemLine = z.infer<typeof lineItemLine>;

function amount(bag: z.infer<typeof moneyBag> | null | undefined, currency: CurrencyCode): number {
  if (!bag) return 0;
  return parseDecimalAmount(bag.shopMoney.amount, currency);
}

function toHistoricalOrder(head: OrderLine, items: LineItemLine[]): HistoricalOrder {
  const currency = head.currencyCode;
  const refunded: RefundedLine[] = [];
  const lines = items.map((item) => {
    const discounted = amount(item.discountedTotalSet, currency);
    const refundedUnits = item.quantity - Math.min(item.currentQuantity, item.quantity);
    if (refundedUnits > 0) {
      refunded.push({
        lineId: item.id,
        quantity: refundedUnits,
        amount: Math.round((discounted * refundedUnits) / item.quantity),
      });
    }
    return {
      lineId: item.id,
      productId: item.product?.id ?? null,
      variantId: item.variant?.id ?? null,
      quantity: item.quantity,
      unitPriceAmount: amount(item.originalUnitPriceSet, currency),
      properties: item.customAttributes.map(({ key, value }) => ({ name: key, value: value ?? "" })),
      discounts: item.discountAllocations.map((allocation) => ({
        amount: amount(allocation.allocatedAmountSet, currency),
        title: allocation.discountApplication.title ?? null,
      })),
    };
  });
  return {
    order: {
      orderId: head.id,
      orderName: head.name ?? null,
      customerId: head.customer?.id ?? null,
      currency,
      subtotalAmount: amount(head.subtotalPriceSet, currency),
      totalDiscountAmount: amount(head.totalDiscountsSet, currency),
      processedAt: new Date(head.processedAt),
      cancelledAt: head.cancelledAt ? new Date(head.cancelledAt) : null,
      lines,
    },
    refunded,
  };
}

/**
 * Reads the JSONL lines in order and yields each order once its line items have been read (when the
 * next order starts, and at the end). `lineNumber` is the 1-based number of each line, for errors.
 */
export async function* readOrderHistory(
  lines: AsyncIterable<string> | Iterable<string>,
): AsyncGenerator<HistoricalOrder & { lastLine: number }> {
  let head: OrderLine | null = null;
  let headLine = 0;
  let items: LineItemLine[] = [];
  let lineNumber = 0;
  const flush = (lastLine: number) => {
    if (!head) return null;
    try {
      return { ...toHistoricalOrder(head, items), lastLine };
    } catch (error) {
      if (error instanceof MoneyError) throw new OrderHistoryError(headLine, error.message);
      throw error;
    }
  };
  for await (const text of lines) {
    lineNumber += 1;
    if (text.trim() === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new OrderHistoryError(lineNumber, "not JSON");
    }
    const isChild = typeof value === "object" && value !== null && "__parentId" in value;
    if (!isChild) {
      const done = flush(lineNumber - 1);
      if (done) yield done;
      const parsed = orderLine.safeParse(value);
      if (!parsed.success) throw new OrderHistoryError(lineNumber, `not an order (${parsed.error.issues[0]?.message})`);
      head = parsed.data;
      headLine = lineNumber;
      items = [];
      continue;
    }
    const parsed = lineItemLine.safeParse(value);
    if (!parsed.success)
      throw new OrderHistoryError(lineNumber, `not a line item (${parsed.error.issues[0]?.message})`);
    if (!head || parsed.data.__parentId !== head.id) {
      throw new OrderHistoryError(lineNumber, "a line item that does not follow its order");
    }
    items.push(parsed.data);
  }
  const last = flush(lineNumber);
  if (last) yield last;
}
