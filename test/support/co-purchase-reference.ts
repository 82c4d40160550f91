// Association rules by their definition, with no shortcuts, to check the miner against: every set of one to
// three products that exist is counted by scanning every order (no pruning, no pair keys), thresholds are
// exact fractions compared in integer arithmetic (support k / N asks for exactly k orders), and every rule A → B (|A| = 1 or 2, |B| = 1) whose itemset qualifies is listed with textbook metrics.
// What arules' apriori(trans, parameter = list(supp, conf, minlen = 2, maxlen, target = "rules")) returns.

export interface ReferenceRule {
  antecedent: string[];
  consequent: string;
  count: number;
  support: number;
  confidence: number;
  lift: number;
}

/** A threshold as an exact fraction: [numerator, denominator]. */
export type Fraction = readonly [numerator: number, denominator: number];

/** part / whole >= threshold, in exact integer arithmetic. */
function atLeast(part: number, whole: number, [numerator, denominator]: Fraction): boolean {
  return BigInt(part) * BigInt(denominator) >= BigInt(numerator) * BigInt(whole);
}

function subsets<T>(items: readonly T[], size: number): T[][] {
  if (size === 0) return [[]];
  return items.flatMap((item, i) => subsets(items.slice(i + 1), size - 1).map((rest) => [item, ...rest]));
}

export function referenceRules(
  orders: readonly (readonly string[])[],
  minSupport: Fraction,
  minConfidence: Fraction,
  maxSize: 2 | 3,
): ReferenceRule[] {
  const n = orders.length;
  const sets = orders.map((order) => new Set(order));
  const products = [...new Set(orders.flat())].sort();
  const count = (itemset: readonly string[]) => sets.filter((set) => itemset.every((p) => set.has(p))).length;
  const rules: ReferenceRule[] = [];
  for (let size = 2; size <= maxSize; size++) {
    for (const itemset of subsets(products, size)) {
      const together = count(itemset);
      if (together === 0 || !atLeast(together, n, minSupport)) continue;
      for (const consequent of itemset) {
        const antecedent = itemset.filter((p) => p !== consequent);
        const antecedentOrders = count(antecedent);
        if (!atLeast(together, antecedentOrders, minConfidence)) continue;
        const support = together / n;
        const confidence = together / antecedentOrders;
        rules.push({
          antecedent,
          consequent,
          count: together,
          support,
          confidence,
          lift: confidence / (count([consequent]) / n),
        });
      }
    }
  }
  return rules;
}
