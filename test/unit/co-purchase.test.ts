import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  countCoPurchases,
  mineRules,
  minimumCount,
  pairId,
  pairRules,
  reachesConfidence,
  ruleMetrics,
  TransactionsBuilder,
  type CoPurchaseRule,
  type MiningOptions,
} from "../../app/domain/co-purchase";
import { referenceRules, type Fraction, type ReferenceRule } from "../support/co-purchase-reference";

const mine = (orders: string[][], options: MiningOptions) => mineRules(TransactionsBuilder.fromOrders(orders), options);

/** Rules as "A|B → C count support confidence lift" lines, metrics to 6 decimals. */
const lines = (rules: readonly CoPurchaseRule[]) =>
  rules.map(
    (r) =>
      `${r.antecedent.join("|")} → ${r.consequent} ${r.count} ` +
      [r.support, r.confidence, r.lift].map((x) => x.toFixed(6)).join(" "),
  );

/** `copies` orders of `basket`. */
const repeat = (copies: number, basket: string[]) => Array.from({ length: copies }, () => [...basket]);

describe("ruleMetrics", () => {
  it("gives support, confidence and lift from the four counts", () => {
    // 2 orders with A and B, 4 with A, 3 with B, 8 in all.
    expect(ruleMetrics(2, 4, 3, 8)).toEqual({ support: 0.25, confidence: 0.5, lift: (0.5 * 8) / 3 });
  });

  it("computes lift as arules does, confidence × N / count(B), so the figures agree to the last bit", () => {
    // 3 of 5 orders with A and B, 5 with A, 4 with B: confidence 0.6; arules' lift (0.6 × 5) / 4 is 0.75,
    // where 0.6 / (4 / 5) would give 0.7499999999999999.
    expect(ruleMetrics(3, 5, 4, 5).lift).toBe(0.75);
    expect(0.6 / (4 / 5)).toBe(0.7499999999999999);
  });
});

describe("mineRules: pairs", () => {
  // 4 orders: tea in 3, mug in 3, card in 1; tea+mug in 2, tea+card in 1.
  const orders = [["mug", "tea"], ["card", "tea"], ["tea", "mug"], ["mug"]];

  it("lists A → B and B → A for every qualifying pair, with hand-computed figures", () => {
    expect(lines(mine(orders, { minSupport: 0.25, minConfidence: 0 }))).toEqual([
      // lift = confidence / support(B): (1 / 1) / (3 / 4) and (1 / 3) / (1 / 4)
      "card → tea 1 0.250000 1.000000 1.333333",
      "tea → card 1 0.250000 0.333333 1.333333",
      // (2 / 3) / (3 / 4)
      "mug → tea 2 0.500000 0.666667 0.888889",
      "tea → mug 2 0.500000 0.666667 0.888889",
    ]);
  });

  it("counts a product once per order, however many lines name it", () => {
    const rules = mine([["tea", "tea", "mug"], ["tea"], ["mug", "mug"]], { minSupport: 0.1, minConfidence: 0 });
    expect(lines(rules)).toEqual(["mug → tea 1 0.333333 0.500000 0.750000", "tea → mug 1 0.333333 0.500000 0.750000"]);
  });

  it("counts an order without products in N", () => {
    const [rule] = mine([["tea", "mug"], []], { minSupport: 0.5, minConfidence: 0 });
    expect(rule).toMatchObject({ count: 1, support: 0.5, lift: 2 });
  });

  it("never makes a rule with an empty antecedent (arules' minlen = 2)", () => {
    // tea is in every order, but has no partner often enough: no "{} → tea".
    expect(mine([["tea"], ["tea", "mug"], ["tea"]], { minSupport: 0.5, minConfidence: 0 })).toEqual([]);
  });

  it("carries the counts a rule was computed from", () => {
    const [rule] = mine(orders, { minSupport: 0.25, minConfidence: 0 });
    expect(rule).toMatchObject({ antecedent: ["card"], consequent: "tea", antecedentOrders: 1, consequentOrders: 3 });
  });
});

describe("mineRules: thresholds, inclusive and exact", () => {
  it("keeps a pair whose count is exactly ceil(minSupport × N) and drops one just below it", () => {
    // N = 10, minSupport 0.25 → at least ceil(2.5) = 3 orders.
    const orders = [...repeat(3, ["a", "b"]), ...repeat(2, ["c", "d"]), ...repeat(5, ["e"])];
    const rules = mine(orders, { minSupport: 0.25, minConfidence: 0 });
    expect(rules.map((r) => `${r.antecedent[0]}→${r.consequent}`).sort()).toEqual(["a→b", "b→a"]);
    expect(minimumCount(0.25, 10)).toBe(3);
    // At 0.3, exactly 3 of 10 qualifies.
    expect(mine(orders, { minSupport: 0.3, minConfidence: 0 })).toHaveLength(2);
    expect(mine(orders, { minSupport: 0.31, minConfidence: 0 })).toEqual([]);
  });

  it("asks for 7 of 100 orders at 7% support, although 0.07 × 100 = 7.000000000000001 in floating point", () => {
    expect(Math.ceil(0.07 * 100)).toBe(8); // the trap
    expect(minimumCount(0.07, 100)).toBe(7);
    expect(minimumCount(0.14, 100)).toBe(14); // 0.14 × 100 = 14.000000000000002
    expect(minimumCount(0.001, 1_000_000)).toBe(1000);
    expect(minimumCount(0.0001, 1_000_000)).toBe(100);
    const orders = [...repeat(7, ["a", "b"]), ...repeat(93, ["c"])];
    expect(mine(orders, { minSupport: 0.07, minConfidence: 0 })).toHaveLength(2);
    expect(mine(orders, { minSupport: 0.0701, minConfidence: 0 })).toEqual([]);
  });

  it("needs at least one order, whatever the support", () => {
    expect(minimumCount(1e-12, 5)).toBe(1);
    expect(minimumCount(0.5, 0)).toBe(1);
  });

  it("keeps a rule whose confidence equals minConfidence exactly, also where minConfidence × count(A) rounds up", () => {
    expect(0.07 * 100 > 7).toBe(true); // so `count >= minConfidence × count(A)` would drop 7 of 100
    expect(reachesConfidence(7, 100, 0.07)).toBe(true);
    expect(reachesConfidence(6, 100, 0.07)).toBe(false);
    expect(reachesConfidence(1, 3, 1 / 3)).toBe(true);
    // a in 100 orders, with b in 7 of them: a → b has confidence exactly 0.07; b → a has 1.
    const orders = [...repeat(7, ["a", "b"]), ...repeat(93, ["a"])];
    const rules = mine(orders, { minSupport: 0.01, minConfidence: 0.07 });
    expect(lines(rules)).toEqual(["a → b 7 0.070000 0.070000 1.000000", "b → a 7 0.070000 1.000000 1.000000"]);
    expect(lines(mine(orders, { minSupport: 0.01, minConfidence: 0.0701 }))).toEqual([
      "b → a 7 0.070000 1.000000 1.000000",
    ]);
  });
});

describe("mineRules: two-product antecedents (maxSize 3)", () => {
  // tee+tote+pin, tee+tote, pin, tee+pin
  const orders = [
    ["tee", "tote", "pin"],
    ["tee", "tote"],
    ["pin", "pin"],
    ["pin", "tee"],
  ];

  it("adds {A, B} → C for each qualifying triple, each product as C, with hand-computed figures", () => {
    const triples = mine(orders, { minSupport: 0.25, minConfidence: 0, maxSize: 3 }).filter(
      (r) => r.antecedent.length === 2,
    );
    expect(lines(triples)).toEqual([
      // count(pin, tote) = 1: confidence 1/1; lift 1 / (3/4)
      "pin|tote → tee 1 0.250000 1.000000 1.333333",
      // count(pin, tee) = 2: confidence 1/2; lift (1/2) / (2/4)
      "pin|tee → tote 1 0.250000 0.500000 1.000000",
      // count(tee, tote) = 2: confidence 1/2; lift (1/2) / (3/4)
      "tee|tote → pin 1 0.250000 0.500000 0.666667",
    ]);
  });

  it("keeps the pair rules alongside, and makes no triple rules with maxSize 2", () => {
    const withTriples = mine(orders, { minSupport: 0.25, minConfidence: 0, maxSize: 3 });
    const pairsOnly = mine(orders, { minSupport: 0.25, minConfidence: 0, maxSize: 2 });
    expect(pairsOnly.every((r) => r.antecedent.length === 1)).toBe(true);
    expect(withTriples.filter((r) => r.antecedent.length === 1)).toEqual(pairsOnly);
  });

  it("drops a triple below the minimum count even when its pairs qualify", () => {
    // min count 2: every pair of tee, tote, pin is in 2 orders, the triple in 1.
    const rules = mine(
      [
        ["tee", "tote", "pin"],
        ["tee", "tote"],
        ["tote", "pin"],
        ["pin", "tee"],
      ],
      { minSupport: 0.5, minConfidence: 0, maxSize: 3 },
    );
    expect(rules).toHaveLength(6);
    expect(rules.every((r) => r.antecedent.length === 1)).toBe(true);
  });

  it("applies minConfidence to two-product antecedents too", () => {
    const rules = mine(orders, { minSupport: 0.25, minConfidence: 0.75, maxSize: 3 });
    expect(rules.filter((r) => r.antecedent.length === 2).map((r) => r.consequent)).toEqual(["tee"]);
  });
});

describe("mineRules: order", () => {
  it("sorts by lift, then support, then antecedent and consequent in byte order", () => {
    // N = 8. x → y and y → x (2 orders) and w → z and z → w (1 order) all have lift 4: x+y first by support,
    // then by antecedent.
    const orders = [...repeat(2, ["x", "y"]), ["z", "w"], ["w"], ...repeat(4, ["v"])];
    const rules = mine(orders, { minSupport: 0.1, minConfidence: 0 });
    expect(rules.map((r) => [`${r.antecedent}→${r.consequent}`, r.lift])).toEqual([
      ["x→y", 4],
      ["y→x", 4],
      ["w→z", 4],
      ["z→w", 4],
    ]);
  });

  it("compares lifts exactly, not by their rounding", () => {
    // b → a: (4/5 × 6) / 4 = 1.2000000000000002 in floating point; a → b: (4/4 × 6) / 5 = 1.2. Equal lifts,
    // equal support: a → b comes first by name, although its floating-point lift is the smaller.
    const orders = [["b", "a", "c"], ["b", "a"], ["b", "c"], ["a", "b", "c"], ["d"], ["b", "b", "a"]];
    const rules = mine(orders, { minSupport: 0.5, minConfidence: 0 }).filter((r) => r.count === 4);
    expect(rules.map((r) => [`${r.antecedent}→${r.consequent}`, r.lift])).toEqual([
      ["a→b", 1.2],
      ["b→a", 1.2000000000000002],
    ]);
  });

  it("orders names by UTF-8 bytes: capitals before small letters, é after z, astral characters last", () => {
    // Every rule has the same lift and support; only the names decide. JavaScript's own string order would
    // put "\u{1F375}" (a surrogate pair) before "\uFF5E".
    const names = ["é", "z", "\u{1F375}", "\uFF5E", "Zed", "apple"];
    const orders = names.map((name) => [name, `${name}+`]);
    const antecedents = mine(orders, { minSupport: 0.1, minConfidence: 0 }).map((r) => r.antecedent[0]);
    expect(antecedents).toEqual([
      "Zed",
      "Zed+",
      "apple",
      "apple+",
      "z",
      "z+",
      "é",
      "é+",
      "\uFF5E",
      "\uFF5E+",
      "\u{1F375}",
      "\u{1F375}+",
    ]);
  });

  it("writes a two-product antecedent in byte order and puts a single product before a pair starting with it", () => {
    const orders = [["b", "B", "c"], ["b", "B", "c"], ["b", "c"], ["B"]];
    const rules = mine(orders, { minSupport: 0.5, minConfidence: 0, maxSize: 3, sort: "support" });
    const toC = rules.filter((r) => r.consequent === "c").map((r) => r.antecedent.join("|"));
    expect(toC).toEqual(["b", "B", "B|b"]);
    const all = rules.map((r) => `${r.antecedent.join("|")}→${r.consequent}`);
    expect(all).toEqual(["b→c", "c→b", "B→b", "B→c", "B|b→c", "B|c→b", "b→B", "b|c→B", "c→B"]);
  });

  it("sorts by confidence or by support when asked", () => {
    const orders = [["mug", "tea"], ["card", "tea"], ["tea", "mug"], ["mug"]];
    const order = (sort: "confidence" | "support") =>
      mine(orders, { minSupport: 0.25, minConfidence: 0, sort }).map((r) => `${r.antecedent}→${r.consequent}`);
    expect(order("confidence")).toEqual(["card→tea", "mug→tea", "tea→mug", "tea→card"]);
    expect(order("support")).toEqual(["mug→tea", "tea→mug", "card→tea", "tea→card"]);
  });

  it("keeps the N best rules of each antecedent with top", () => {
    const orders = [["a", "b", "c", "d"], ["a", "b", "c"], ["a", "b"], ["c", "d"], ["d"]];
    const all = mine(orders, { minSupport: 0.2, minConfidence: 0, sort: "support" });
    const top = mine(orders, { minSupport: 0.2, minConfidence: 0, sort: "support", top: 1 });
    // support: a+b 3; a+c, b+c, c+d 2; a+d, b+d 1
    expect(top.map((r) => `${r.antecedent}→${r.consequent}`)).toEqual(["a→b", "b→a", "c→a", "d→c"]);
    const firstOf = (antecedent: string) => all.find((r) => r.antecedent.join() === antecedent);
    expect(top).toEqual(["a", "b", "c", "d"].map(firstOf));
  });
});

describe("countCoPurchases", () => {
  it("stores only pairs that occur together, keyed by one number per pair", () => {
    const products = Array.from({ length: 1000 }, (_, i) => `p${i}`);
    const orders = products.map((p, i) => [p, products[(i + 1) % 1000]!]);
    const counts = countCoPurchases(TransactionsBuilder.fromOrders(orders));
    expect(counts.pairOrders.size).toBe(1000); // not 1000 × 999 / 2
    expect(counts.pairOrders.get(pairId(0, 1, 1000))).toBe(1);
    expect(counts.pairOrders.get(pairId(1, 0, 1000))).toBe(1);
  });

  it("counts pairs only among products that reach the minimum count, and keeps triples that reach it", () => {
    const transactions = TransactionsBuilder.fromOrders([
      ["a", "b", "c"],
      ["a", "b", "c"],
      ["a", "b", "d"],
      ["a", "d"],
      ["b", "d"],
      ["a", "rare"],
    ]);
    const counts = countCoPurchases(transactions, { minCount: 2, maxSize: 3 });
    const [a, b, c, d, products] = [0, 1, 2, 3, 5];
    expect(Array.from(counts.productOrders)).toEqual([5, 4, 2, 3, 1]);
    // "rare" is in 1 order: none of its pairs is counted.
    expect(new Map(counts.pairOrders)).toEqual(
      new Map([
        [pairId(a, b, products), 3],
        [pairId(a, c, products), 2],
        [pairId(b, c, products), 2],
        [pairId(a, d, products), 2],
        [pairId(b, d, products), 2],
      ]),
    );
    // a+b+d: its three pairs qualify, but it is in 1 order only.
    expect(counts.triples).toEqual([{ items: [a, b, c], orders: 2 }]);
  });
});

describe("pairRules: rules from counts kept elsewhere", () => {
  const orders = [["mug", "tea"], ["card", "tea"], ["tea", "mug"], ["mug"], ["card", "mug", "tea"]];

  it("gives the same rules as mining the orders, from rows shaped like the database's", () => {
    const products = [
      { id: "1", shop: "s", productId: "tea", orders: 4 },
      { id: "2", shop: "s", productId: "mug", orders: 4 },
      { id: "3", shop: "s", productId: "card", orders: 2 },
    ];
    const pairs = [
      { productA: "mug", productB: "tea", orders: 3 },
      { productA: "card", productB: "tea", orders: 2 },
      { productA: "card", productB: "mug", orders: 1 },
    ];
    for (const options of [
      { minSupport: 0.2, minConfidence: 0 },
      { minSupport: 0.4, minConfidence: 0.6, sort: "confidence" as const, top: 1 },
    ]) {
      expect(pairRules(products, pairs, 5, options)).toEqual(mine(orders, options));
    }
  });

  it("refuses counts that do not fit together", () => {
    const products = [{ productId: "tea", orders: 1 }];
    const options = { minSupport: 0.1, minConfidence: 0 };
    expect(() => pairRules(products, [{ productA: "mug", productB: "tea", orders: 1 }], 1, options)).toThrow(
      "pair (mug, tea) names a product without a product count",
    );
    expect(() => pairRules(products, [{ productA: "tea", productB: "tea", orders: 1 }], 1, options)).toThrow(
      "pair (tea, tea) pairs a product with itself",
    );
    expect(() => pairRules([...products, ...products], [], 1, options)).toThrow("product tea is counted twice");
  });
});

// --- against the definition -------------------------------------------------------------------------------

const key = (r: { antecedent: readonly string[]; consequent: string }) =>
  `${[...r.antecedent].sort().join("|")} → ${r.consequent}`;

function expectSameRules(mined: readonly CoPurchaseRule[], reference: readonly ReferenceRule[]) {
  expect(mined.map(key).sort()).toEqual(reference.map(key).sort());
  const byKey = new Map(reference.map((r) => [key(r), r]));
  for (const rule of mined) {
    const expected = byKey.get(key(rule))!;
    expect(rule.count).toBe(expected.count);
    for (const metric of ["support", "confidence", "lift"] as const) {
      expect(Math.abs(rule[metric] - expected[metric])).toBeLessThanOrEqual(1e-12 * expected[metric]);
    }
  }
}

/** The sort is total: each rule's lift ≥ the next's (exactly), then support, then names. */
function expectSortedByLift(rules: readonly CoPurchaseRule[]) {
  const bytes = (s: string) => [...new TextEncoder().encode(s)];
  const compareNames = (x: readonly string[], y: readonly string[]) => {
    const a = x.flatMap((s) => [...bytes(s), -1]);
    const b = y.flatMap((s) => [...bytes(s), -1]);
    for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
    return a.length - b.length;
  };
  for (let i = 0; i + 1 < rules.length; i++) {
    const [r, s] = [rules[i]!, rules[i + 1]!];
    // lift(r) vs lift(s): count / (antecedentOrders × consequentOrders), cross-multiplied
    const lr = BigInt(r.count) * BigInt(s.antecedentOrders) * BigInt(s.consequentOrders);
    const ls = BigInt(s.count) * BigInt(r.antecedentOrders) * BigInt(r.consequentOrders);
    expect(lr >= ls).toBe(true);
    if (lr !== ls) continue;
    expect(r.count).toBeGreaterThanOrEqual(s.count);
    if (r.count !== s.count) continue;
    const names = compareNames(r.antecedent, s.antecedent) || compareNames([r.consequent], [s.consequent]);
    expect(names).toBeLessThan(0);
  }
}

const ordersArbitrary = fc.array(
  fc.array(fc.constantFrom("a", "b", "c", "d", "e", "é", "Z", "\u{1F375}"), { maxLength: 6 }),
  { minLength: 1, maxLength: 30 },
);
// Thresholds as exact fractions: ties k / n, round percentages, and any fraction in between.
const fractionArbitrary = (n: number): fc.Arbitrary<Fraction> =>
  fc.oneof(
    fc.integer({ min: 1, max: n }).map((k) => [k, n] as const),
    fc.integer({ min: 1, max: 100 }).map((k) => [k, 100] as const),
    fc.integer({ min: 1, max: 1000 }).chain((d) => fc.integer({ min: 1, max: d }).map((k) => [k, d] as const)),
  );
const caseArbitrary = ordersArbitrary.chain((orders) =>
  fc.record({
    orders: fc.constant(orders),
    minSupport: fractionArbitrary(orders.length),
    minConfidence: fc.oneof(fc.constant([0, 1] as const), fractionArbitrary(6)),
    maxSize: fc.constantFrom(2 as const, 3 as const),
  }),
);
const value = ([numerator, denominator]: Fraction) => numerator / denominator;

describe("mineRules against the definition (brute force over every itemset of up to three products)", () => {
  it("finds exactly the rules, counts and metrics the definition gives, in the documented order", () => {
    fc.assert(
      fc.property(caseArbitrary, ({ orders, minSupport, minConfidence, maxSize }) => {
        const mined = mine(orders, { minSupport: value(minSupport), minConfidence: value(minConfidence), maxSize });
        expectSameRules(mined, referenceRules(orders, minSupport, minConfidence, maxSize));
        expectSortedByLift(mined);
      }),
      { numRuns: 400 },
    );
  });

  it("keeps, with top N, the first N rules of each antecedent of the full list", () => {
    fc.assert(
      fc.property(
        caseArbitrary,
        fc.integer({ min: 1, max: 3 }),
        ({ orders, minSupport, minConfidence, maxSize }, top) => {
          const options = {
            minSupport: value(minSupport),
            minConfidence: value(minConfidence),
            maxSize,
            sort: "confidence" as const,
          };
          const all = mine(orders, options);
          const seen = new Map<string, number>();
          const expected = all.filter((r) => {
            const n = (seen.get(r.antecedent.join("|")) ?? 0) + 1;
            seen.set(r.antecedent.join("|"), n);
            return n <= top;
          });
          expect(mine(orders, { ...options, top })).toEqual(expected);
        },
      ),
      { numRuns: 200 },
    );
  });
});
