// Co-purchase mining: which products customers buy together, from order history.
// Semantics (the same as R's arules apriori; see the module's tests):
//   N        = number of orders (transactions); an order is a set: a product twice in one order counts once
//   count(X) = number of orders containing every product of X
//   support(X) = count(X) / N; X qualifies when count(X) >= ceil(minSupport × N) (inclusive)
//   confidence(A → B) = count(A ∪ B) / count(A);  lift(A → B) = confidence / support(B)
//
// Rules are exactly those of
//   apriori(trans, parameter = list(supp = minSupport, conf = minConfidence, minlen = 2, maxlen = 2 | 3,
//                                   target = "rules"))
// - size 2: A → B and B → A for every qualifying pair {A, B};
// - size 3 (maxSize 3, in addition): {A, B} → C for every qualifying triple, each of its products as C;
// - a rule is kept when its confidence reaches minConfidence (inclusive);
// - no rules with an empty antecedent (arules' minlen = 2; minlen = 1 would add "{} → B" for frequent B);
// - a rule's support and count are those of A ∪ B (arules' default, "original support").
// Thresholds are compared exactly as arules' C code does, in floating point, so the rule sets agree even at
// ties: minSupport and minConfidence are first moved one unit in the last place towards 0 (arules'
// `nextafter(x, 0.0)`, so that 0.07 × 100 = 7.000000000000001 still asks for 7 orders, not 8), the minimum
// count is ceil(N × minSupport) (at least 1), and confidence passes when count(A ∪ B) / count(A) >=
// minConfidence − 1e-12. Comparing `count >= minConfidence × count(A)` in integers would not do: 0.07 × 100
// is 7.000000000000001, so a rule at exactly 7% would be dropped.
//
// Counting never allocates products × products: products get integer ids, and a pair of ids a < b is one
// number a × P + b in a Map, so only pairs that occur together take memory. Pairs are counted only among
// products that reach the minimum count themselves, and triples only when their three pairs do (apriori
// pruning: a set is never more frequent than its subsets).
import { compareBytes } from "./co-purchase-counts";

export interface RuleMetrics {
  support: number;
  confidence: number;
  lift: number;
}

/** Support, confidence and lift of A → B from counts: orders with A and B, with A, with B, and in all. */
export function ruleMetrics(together: number, antecedentOrders: number, consequentOrders: number, orders: number) {
  const support = together / orders;
  const confidence = together / antecedentOrders;
  // confidence / (consequentOrders / orders), computed in arules' order of operations, so equal to the bit.
  const lift = (confidence * orders) / consequentOrders;
  return { support, confidence, lift } satisfies RuleMetrics;
}

export const RULE_SORTS = ["lift", "confidence", "support"] as const;
export type RuleSort = (typeof RULE_SORTS)[number];

export interface RuleOptions {
  /** In (0, 1]. */
  minSupport: number;
  /** In [0, 1]. */
  minConfidence: number;
  /** Default "lift". */
  sort?: RuleSort;
  /** Keep only the N best rules of each antecedent (after sorting). */
  top?: number;
}

export interface MiningOptions extends RuleOptions {
  /** Largest itemset: 2 (A → B) or 3 (also {A, B} → C). Default 2. */
  maxSize?: 2 | 3;
}

export interface CoPurchaseRule extends RuleMetrics {
  /** One or two products, in byte order. */
  antecedent: readonly string[];
  consequent: string;
  /** Orders containing the antecedent and the consequent. */
  count: number;
  antecedentOrders: number;
  consequentOrders: number;
}

/** Orders as sets of product ids: order i holds items[offsets[i]] … items[offsets[i + 1] - 1], ascending. */
export interface Transactions {
  /** Product of each id. */
  products: readonly string[];
  /** orders + 1 entries. */
  offsets: Int32Array;
  items: Int32Array;
}

export interface TripleCount {
  /** Product ids, ascending. */
  items: readonly [number, number, number];
  orders: number;
}

/** What rules are made from: orders per product and per pair (and per triple for two-product antecedents). */
export interface CoPurchaseCounts {
  /** N. */
  orders: number;
  /** Product of each id. */
  products: readonly string[];
  /** Orders containing each product, by id. */
  productOrders: ArrayLike<number>;
  /** Orders containing both products, keyed by `pairId(a, b, products.length)`; only pairs seen together. */
  pairOrders: ReadonlyMap<number, number>;
  /** Triples that reach the minimum count they were counted for (empty unless counted with maxSize 3). */
  triples: readonly TripleCount[];
}

/** The Map key of the pair of product ids a and b (any order) among `productCount` products. */
export function pairId(a: number, b: number, productCount: number): number {
  return a < b ? a * productCount + b : b * productCount + a;
}

/** arules' `nextafter(x, 0.0)` for x >= 0: the next double towards 0 (0 stays 0). */
function towardsZero(x: number): number {
  if (x <= 0) return x;
  const bits = new BigInt64Array(new Float64Array([x]).buffer);
  bits[0]! -= 1n;
  return new Float64Array(bits.buffer)[0]!;
}

/** The fewest orders an itemset needs to qualify: ceil(minSupport × N) as arules computes it, at least 1. */
export function minimumCount(minSupport: number, orders: number): number {
  return Math.max(1, Math.ceil(orders * towardsZero(minSupport)));
}

/** The lowest confidence arules accepts at minConfidence: `c >= nextafter(minConfidence, 0) - 1e-12`. */
function lowestConfidence(minConfidence: number): number {
  return towardsZero(minConfidence) - 1e-12;
}

/** Whether together / antecedentOrders reaches minConfidence, as arules decides it. */
export function reachesConfidence(together: number, antecedentOrders: number, minConfidence: number): boolean {
  return together / antecedentOrders >= lowestConfidence(minConfidence);
}

/** Collects order lines (order, product) in any order into Transactions. */
export class TransactionsBuilder {
  private readonly productIds = new Map<string, number>();
  private readonly products: string[] = [];
  private readonly orderIds = new Map<string, number>();
  private readonly lineOrders: number[] = [];
  private readonly lineProducts: number[] = [];
  private lastOrder: string | undefined;
  private lastOrderId = -1;

  add(order: string, product: string): void {
    // Exports list an order's lines together: the last order saves most lookups.
    if (order !== this.lastOrder) {
      let orderId = this.orderIds.get(order);
      if (orderId === undefined) {
        orderId = this.orderIds.size;
        this.orderIds.set(order, orderId);
      }
      this.lastOrder = order;
      this.lastOrderId = orderId;
    }
    this.lineOrders.push(this.lastOrderId);
    this.lineProducts.push(this.productId(product));
  }

  get orderCount(): number {
    return this.orderIds.size;
  }

  build(): Transactions {
    const orders = this.orderIds.size;
    const offsets = new Int32Array(orders + 1);
    for (const order of this.lineOrders) offsets[order + 1]!++;
    for (let i = 0; i < orders; i++) offsets[i + 1]! += offsets[i]!;
    const next = offsets.slice(0, orders);
    const items = new Int32Array(this.lineProducts.length);
    for (let line = 0; line < this.lineOrders.length; line++) {
      items[next[this.lineOrders[line]!]!++] = this.lineProducts[line]!;
    }
    return asSets(this.products, offsets, items);
  }

  private productId(product: string): number {
    let id = this.productIds.get(product);
    if (id === undefined) {
      id = this.products.length;
      this.productIds.set(product, id);
      this.products.push(product);
    }
    return id;
  }

  /** One order per element (an empty order still counts in N). */
  static fromOrders(orders: Iterable<Iterable<string>>): Transactions {
    const builder = new TransactionsBuilder();
    const offsets: number[] = [0];
    const items: number[] = [];
    for (const order of orders) {
      for (const product of order) items.push(builder.productId(product));
      offsets.push(items.length);
    }
    return asSets(builder.products, Int32Array.from(offsets), Int32Array.from(items));
  }
}

/** Sorts each order's ids and drops repeats, compacting `items` in place. */
function asSets(products: readonly string[], offsets: Int32Array, items: Int32Array): Transactions {
  let write = 0;
  for (let order = 0; order + 1 < offsets.length; order++) {
    const start = offsets[order]!;
    const end = offsets[order + 1]!;
    items.subarray(start, end).sort();
    offsets[order] = write;
    for (let i = start; i < end; i++) if (i === start || items[i] !== items[i - 1]) items[write++] = items[i]!;
  }
  offsets[offsets.length - 1] = write;
  return { products, offsets, items: items.slice(0, write) };
}

/**
 * Counts orders per product, per pair of products that reach `minCount`, and (maxSize 3) per triple whose
 * three pairs reach it. `minCount` 1 (the default) counts every pair that occurs, as the database keeps them.
 */
export function countCoPurchases(
  transactions: Transactions,
  { maxSize = 2, minCount = 1 }: { maxSize?: 2 | 3; minCount?: number } = {},
): CoPurchaseCounts {
  const { products, offsets, items } = transactions;
  const productCount = products.length;
  const orders = offsets.length - 1;
  const productOrders = new Int32Array(productCount);
  for (const item of items) productOrders[item]!++;

  // Each order's products that reach minCount, ascending.
  let longest = 0;
  for (let order = 0; order < orders; order++) longest = Math.max(longest, offsets[order + 1]! - offsets[order]!);
  const basket = new Int32Array(longest);
  const frequentOf = (order: number) => {
    let size = 0;
    for (let i = offsets[order]!; i < offsets[order + 1]!; i++) {
      if (productOrders[items[i]!]! >= minCount) basket[size++] = items[i]!;
    }
    return size;
  };

  const pairOrders = new Map<number, number>();
  for (let order = 0; order < orders; order++) {
    const size = frequentOf(order);
    for (let i = 0; i < size; i++) {
      const base = basket[i]! * productCount;
      for (let j = i + 1; j < size; j++) {
        const key = base + basket[j]!;
        pairOrders.set(key, (pairOrders.get(key) ?? 0) + 1);
      }
    }
  }

  const triples: TripleCount[] = [];
  if (maxSize === 3) {
    // A triple a < b < c is keyed by the index of its qualifying pair (a, b) and c.
    const pairIndex = new Map<number, number>();
    const firstOfPair: number[] = [];
    const secondOfPair: number[] = [];
    for (const [key, count] of pairOrders) {
      if (count < minCount) continue;
      pairIndex.set(key, firstOfPair.length);
      firstOfPair.push(Math.floor(key / productCount));
      secondOfPair.push(key % productCount);
    }
    if (pairIndex.size * productCount > Number.MAX_SAFE_INTEGER) {
      throw new RangeError(`too many qualifying pairs (${pairIndex.size}) to count triples`);
    }
    const tripleOrders = new Map<number, number>();
    for (let order = 0; order < orders; order++) {
      const size = frequentOf(order);
      for (let i = 0; i < size; i++) {
        const a = basket[i]!;
        for (let j = i + 1; j < size; j++) {
          const index = pairIndex.get(a * productCount + basket[j]!);
          if (index === undefined) continue;
          for (let k = j + 1; k < size; k++) {
            const c = basket[k]!;
            if (!pairIndex.has(a * productCount + c) || !pairIndex.has(basket[j]! * productCount + c)) continue;
            const key = index * productCount + c;
            tripleOrders.set(key, (tripleOrders.get(key) ?? 0) + 1);
          }
        }
      }
    }
    for (const [key, count] of tripleOrders) {
      if (count < minCount) continue;
      const index = Math.floor(key / productCount);
      triples.push({ items: [firstOfPair[index]!, secondOfPair[index]!, key % productCount], orders: count });
    }
  }
  return { orders, products, productOrders, pairOrders, triples };
}

/** Rules from transactions: count, then `rulesFromCounts`. */
export function mineRules(transactions: Transactions, options: MiningOptions): CoPurchaseRule[] {
  const orders = transactions.offsets.length - 1;
  const counts = countCoPurchases(transactions, {
    maxSize: options.maxSize ?? 2,
    minCount: minimumCount(options.minSupport, orders),
  });
  return rulesFromCounts(counts, options);
}

/**
 * Rules of size 2 from counts kept elsewhere, e.g. the database's CoPurchaseProduct and CoPurchasePair rows
 * (`orders` of each) and the number of counted orders. The same rule code as `mineRules`.
 */
export function pairRules(
  productCounts: Iterable<{ productId: string; orders: number }>,
  pairCounts: Iterable<{ productA: string; productB: string; orders: number }>,
  orders: number,
  options: RuleOptions,
): CoPurchaseRule[] {
  const ids = new Map<string, number>();
  const products: string[] = [];
  const productOrders: number[] = [];
  for (const { productId, orders: count } of productCounts) {
    if (ids.has(productId)) throw new Error(`product ${productId} is counted twice`);
    ids.set(productId, products.length);
    products.push(productId);
    productOrders.push(count);
  }
  const pairOrders = new Map<number, number>();
  for (const { productA, productB, orders: count } of pairCounts) {
    const a = ids.get(productA);
    const b = ids.get(productB);
    if (a === undefined || b === undefined) {
      throw new Error(`pair (${productA}, ${productB}) names a product without a product count`);
    }
    if (a === b) throw new Error(`pair (${productA}, ${productB}) pairs a product with itself`);
    const key = pairId(a, b, products.length);
    if (pairOrders.has(key)) throw new Error(`pair (${productA}, ${productB}) is counted twice`);
    pairOrders.set(key, count);
  }
  return rulesFromCounts({ orders, products, productOrders, pairOrders, triples: [] }, options);
}

interface Candidate {
  /** The antecedent's product ids, the first in byte order; second is -1 for a one-product antecedent. */
  first: number;
  second: number;
  consequent: number;
  count: number;
  antecedentOrders: number;
  consequentOrders: number;
}

/**
 * Every rule the counts support at these thresholds, sorted by the chosen metric (highest first), then by
 * support (highest first), then by antecedent and consequent in byte order (an antecedent's products
 * compared one by one, a single product before a pair starting with it); metrics are compared exactly, as
 * fractions of counts. With `top`, only the first N rules of each antecedent are kept.
 */
export function rulesFromCounts(counts: CoPurchaseCounts, options: RuleOptions): CoPurchaseRule[] {
  const { orders, products, productOrders, pairOrders, triples } = counts;
  const productCount = products.length;
  const minCount = minimumCount(options.minSupport, orders);
  const rank = byteOrderRanks(products);
  const lowest = lowestConfidence(options.minConfidence);
  const candidates: Candidate[] = [];
  const consider = (first: number, second: number, consequent: number, count: number, antecedentOrders: number) => {
    if (count / antecedentOrders < lowest) return;
    candidates.push({
      first,
      second,
      consequent,
      count,
      antecedentOrders,
      consequentOrders: productOrders[consequent]!,
    });
  };

  for (const [key, count] of pairOrders) {
    if (count < minCount) continue;
    const a = Math.floor(key / productCount);
    const b = key % productCount;
    consider(a, -1, b, count, productOrders[a]!);
    consider(b, -1, a, count, productOrders[b]!);
  }
  for (const { items, orders: count } of triples) {
    if (count < minCount) continue;
    for (let c = 0; c < 3; c++) {
      const [x, y] = items.filter((_, i) => i !== c) as [number, number];
      const together = pairOrders.get(pairId(x, y, productCount))!;
      if (rank[x]! < rank[y]!) consider(x, y, items[c]!, count, together);
      else consider(y, x, items[c]!, count, together);
    }
  }

  const metric = compareMetric[options.sort ?? "lift"];
  candidates.sort(
    (left, right) =>
      metric(right, left) ||
      right.count - left.count ||
      rank[left.first]! - rank[right.first]! ||
      // a one-product antecedent (-1) before a pair starting with the same product
      (left.second < 0 ? -1 : rank[left.second]!) - (right.second < 0 ? -1 : rank[right.second]!) ||
      rank[left.consequent]! - rank[right.consequent]!,
  );

  const kept = options.top === undefined ? candidates : firstPerAntecedent(candidates, options.top, productCount);
  return kept.map(({ first, second, consequent, count, antecedentOrders, consequentOrders }) => ({
    antecedent: second < 0 ? [products[first]!] : [products[first]!, products[second]!],
    consequent: products[consequent]!,
    count,
    antecedentOrders,
    consequentOrders,
    ...ruleMetrics(count, antecedentOrders, consequentOrders, orders),
  }));
}

function firstPerAntecedent(sorted: readonly Candidate[], top: number, products: number): Candidate[] {
  const taken = new Map<number, number>();
  return sorted.filter((rule) => {
    const key = rule.first * (products + 1) + rule.second + 1;
    const count = taken.get(key) ?? 0;
    taken.set(key, count + 1);
    return count < top;
  });
}

/** Each product's position in byte order, by id. */
function byteOrderRanks(products: readonly string[]): Int32Array {
  const ids = Array.from(products.keys()).sort((a, b) => compareBytes(products[a]!, products[b]!));
  const rank = new Int32Array(products.length);
  ids.forEach((id, position) => (rank[id] = position));
  return rank;
}

/** Sign of x1 × x2 × x3 − y1 × y2 × y3 for counts, exactly (in BigInt past 2^53). */
function compareProducts(x1: number, x2: number, x3: number, y1: number, y2: number, y3: number): number {
  const left = x1 * x2 * x3;
  const right = y1 * y2 * y3;
  if (left <= Number.MAX_SAFE_INTEGER && right <= Number.MAX_SAFE_INTEGER) return Math.sign(left - right);
  const difference = BigInt(x1) * BigInt(x2) * BigInt(x3) - BigInt(y1) * BigInt(y2) * BigInt(y3);
  return difference > 0n ? 1 : difference < 0n ? -1 : 0;
}

// Each compares two rules' metric exactly (N is common to both): support by count; confidence
// count / antecedentOrders; lift count / (antecedentOrders × consequentOrders), by cross-multiplying.
const compareMetric: Record<RuleSort, (left: Candidate, right: Candidate) => number> = {
  support: (l, r) => l.count - r.count,
  confidence: (l, r) => compareProducts(l.count, r.antecedentOrders, 1, r.count, l.antecedentOrders, 1),
  lift: (l, r) =>
    compareProducts(l.count, r.antecedentOrders, r.consequentOrders, r.count, l.antecedentOrders, l.consequentOrders),
};
