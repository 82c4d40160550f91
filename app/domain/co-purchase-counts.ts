// The co-purchase counts behind mining and suggestions (app/domain/co-purchase.ts gives their meaning):
// per product, how many counted orders contain it; per pair of products, how many contain both. They are
// kept by difference as orders change, like the daily rollups, and can be rebuilt from the order facts.
//
// Definitions:
// - An order is counted while it is not cancelled, not wholly refunded (every line's refunded quantity
//   reaches its quantity) and has at least one product. A partial refund leaves the order and its
//   basket as they are.
// - Its basket is the distinct products of its lines; lines without a product (custom items, products
//   deleted since) are left out. Gift cards are in it: order facts do not tell them apart, so
//   suggestions leave them out using Shopify's product data.
// - A pair is stored once, its products in byte order (productA < productB).

export interface BasketOrder {
  order: { cancelledAt: Date | null };
  lines: ReadonlyArray<{ productId: string | null; quantity: number; refundedQuantity: number }>;
}

/** Byte order of the UTF-8 encodings, which is code point order (not JavaScript's UTF-16 order). */
export function compareBytes(a: string, b: string): number {
  const left = [...a];
  const right = [...b];
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const difference = left[i]!.codePointAt(0)! - right[i]!.codePointAt(0)!;
    if (difference !== 0) return difference;
  }
  return left.length - right.length;
}

/** The order's distinct products in byte order, or [] when the order is not counted. */
export function coPurchaseBasket(facts: BasketOrder): string[] {
  if (facts.order.cancelledAt !== null) return [];
  if (facts.lines.every((line) => line.refundedQuantity >= line.quantity)) return [];
  const products = new Set(facts.lines.flatMap((line) => (line.productId ? [line.productId] : [])));
  return [...products].sort(compareBytes);
}

/** Every pair of a basket (sorted, distinct products), each in byte order. */
export function basketPairs(basket: readonly string[]): Array<[productA: string, productB: string]> {
  const pairs: Array<[string, string]> = [];
  for (let i = 0; i < basket.length; i++) {
    for (let j = i + 1; j < basket.length; j++) pairs.push([basket[i]!, basket[j]!]);
  }
  return pairs;
}

export interface CoPurchaseDelta {
  /** +1 or -1 per product, in byte order. */
  products: Array<{ productId: string; change: number }>;
  /** +1 or -1 per pair, in byte order of (productA, productB). */
  pairs: Array<{ productA: string; productB: string; change: number }>;
}

const PAIR_SEPARATOR = "\u0000";
export const pairKey = (productA: string, productB: string) => `${productA}${PAIR_SEPARATOR}${productB}`;
export const splitPairKey = (key: string) => key.split(PAIR_SEPARATOR) as [productA: string, productB: string];

/**
 * What moving an order's counted basket from `before` to `after` changes ([] = not counted). Sorted, so
 * concurrent transactions update rows in one order and cannot deadlock on them.
 */
export function coPurchaseDelta(before: readonly string[], after: readonly string[]): CoPurchaseDelta {
  const changes = (old: readonly string[], next: readonly string[]) => {
    const oldSet = new Set(old);
    const nextSet = new Set(next);
    const moved = new Map<string, number>();
    for (const key of nextSet) if (!oldSet.has(key)) moved.set(key, 1);
    for (const key of oldSet) if (!nextSet.has(key)) moved.set(key, -1);
    return [...moved].sort(([a], [b]) => compareBytes(a, b));
  };
  const pairKeys = (basket: readonly string[]) => basketPairs(basket).map(([a, b]) => pairKey(a, b));
  return {
    products: changes(before, after).map(([productId, change]) => ({ productId, change })),
    pairs: changes(pairKeys(before), pairKeys(after)).map(([key, change]) => {
      const [productA, productB] = splitPairKey(key);
      return { productA, productB, change };
    }),
  };
}

export interface CoPurchaseTotals {
  /** N: the counted orders. */
  orders: number;
  products: Map<string, number>;
  /** Keyed by `pairKey(productA, productB)`. */
  pairs: Map<string, number>;
}

export const emptyTotals = (): CoPurchaseTotals => ({ orders: 0, products: new Map(), pairs: new Map() });

/** Adds one counted basket to running totals (a full recount from the facts). */
export function addBasket(totals: CoPurchaseTotals, basket: readonly string[]) {
  if (basket.length === 0) return;
  totals.orders += 1;
  for (const product of basket) totals.products.set(product, (totals.products.get(product) ?? 0) + 1);
  for (const [a, b] of basketPairs(basket)) {
    const key = pairKey(a, b);
    totals.pairs.set(key, (totals.pairs.get(key) ?? 0) + 1);
  }
}
