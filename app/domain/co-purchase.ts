// Co-purchase mining: which products customers buy together, from order history.
// Semantics (the same as R's arules apriori; see the module's tests):
//   N        = number of orders (transactions)
//   count(X) = number of orders containing every product of X
//   support(X) = count(X) / N; X qualifies when count(X) >= ceil(minSupport × N) (inclusive)
//   confidence(A → B) = count(A ∪ B) / count(A);  lift(A → B) = confidence / support(B)

export interface RuleMetrics {
  support: number;
  confidence: number;
  lift: number;
}

/** Support, confidence and lift of A → B from counts: orders with A and B, with A, with B, and in all. */
export function ruleMetrics(together: number, antecedentOrders: number, consequentOrders: number, orders: number) {
  const support = together / orders;
  const confidence = together / antecedentOrders;
  const lift = confidence / (consequentOrders / orders);
  return { support, confidence, lift } satisfies RuleMetrics;
}
