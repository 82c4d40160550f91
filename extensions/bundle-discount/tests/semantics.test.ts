// The discount rules of README.md, one by one. Every input and output here is checked against
// Shopify's schema by run() (tests/support/run.ts).
import { describe, expect, it } from "vitest";
import { utf8ByteLength } from "../../../app/domain/offer-metafields-core";
import { measure } from "../../../bench/bundle-discount.bench";
import { OUTPUT_LIMIT_BYTES, outputLimitFor } from "../src/cart_lines_discounts_generate_run";
import { product, TODAY, type BundleSpec, type CartSpec, type LineSpec } from "./support/carts";
import { lineDiscounts, run } from "./support/run";

const part = (n: number, quantity = 1, variant: number | null = null) => ({
  productId: product(n),
  variantId: variant === null ? null : `gid://shopify/ProductVariant/${variant}`,
  quantity,
});

const laptop = (lines: LineSpec[], bundle: Partial<BundleSpec> = {}): CartSpec => ({
  lines,
  bundles: [
    {
      id: "laptop-essentials",
      title: "Laptop Essentials",
      parts: [part(1), part(2)],
      discount: { kind: "percentage", value: 10 },
      ...bundle,
    },
  ],
});

const line = (id: number) => `gid://shopify/CartLine/${id}`;

describe("complete sets", () => {
  it("applies a bundle once per complete set: three sets' worth get three discounts, leftover units none", () => {
    const ran = run(
      laptop(
        [
          { product: 1, quantity: 3, price: "999.00" },
          { product: 2, quantity: 4, price: "49.99" },
          { product: 3, quantity: 7, price: "19.99" },
        ],
        { parts: [part(1), part(2), part(3, 2)] },
      ),
    );
    // One set: 999.00 + 49.99 + 2 × 19.99 = 1088.97; 10% = 108.897 → 108.90; three sets = 326.70.
    expect(ran.byMessage).toEqual({ "Bundle: Laptop Essentials — 10% off": 32670 });
    expect(ran.unitsByLine).toEqual({ [line(1)]: 3, [line(2)]: 3, [line(3)]: 6 });
    expect(ran.plan?.applied[0]?.sets).toBe(3);
  });

  it("gives no discount when no set is complete", () => {
    const ran = run(laptop([{ product: 1, quantity: 5, price: "999.00" }]));
    expect(ran.result).toEqual({ operations: [] });
  });

  it("reports each bundle once, as one fixed amount over its lines, however many sets apply", () => {
    const ran = run(
      laptop([
        { product: 1, quantity: 2, price: "999.00" },
        { product: 2, quantity: 1, price: "49.99" },
        { product: 2, quantity: 1, price: "49.99", variant: 202 },
      ]),
    );
    expect(ran.candidates).toEqual([
      {
        message: "Bundle: Laptop Essentials — 10% off",
        targets: [
          { cartLine: { id: line(1), quantity: 2 } },
          { cartLine: { id: line(2), quantity: 1 } },
          { cartLine: { id: line(3), quantity: 1 } },
        ],
        value: { fixedAmount: { amount: "209.80", appliesToEachItem: false } },
      },
    ]);
  });

  it("fills a part from several lines of the same product, and needs a part's full quantity per set", () => {
    const ran = run(
      laptop(
        [
          { product: 1, quantity: 1, price: "10.00" },
          { product: 1, quantity: 1, price: "10.00", variant: 102 },
          { product: 2, quantity: 3, price: "5.00" },
        ],
        { parts: [part(1), part(2, 2)] },
      ),
    );
    expect(ran.plan?.applied[0]?.sets).toBe(1);
    expect(ran.total).toBe(200); // 10% of 10.00 + 2 × 5.00
  });

  it("counts only the chosen variant for a part with a variant, and any variant otherwise", () => {
    const spec = laptop(
      [
        { product: 1, quantity: 1, price: "999.00", variant: 111 },
        { product: 2, quantity: 1, price: "49.99", variant: 222 },
      ],
      { parts: [part(1, 1, 112), part(2)] },
    );
    expect(run(spec).total).toBe(0);
    spec.bundles![0]!.parts = [part(1, 1, 111), part(2)];
    expect(run(spec).total).toBe(10490);
  });
});

describe("discount kinds", () => {
  it("takes a percentage of each set's price, rounded half up to the currency's minor unit", () => {
    const ran = run(
      laptop(
        [
          { product: 1, quantity: 2, price: "24.99" },
          { product: 2, quantity: 2, price: "25.00" },
        ],
        { discount: { kind: "percentage", value: 15 } },
      ),
    );
    // 15% of 49.99 = 7.4985 → 7.50 per set.
    expect(ran.total).toBe(1500);
  });

  it("takes a fixed amount off each set, and never more than the set costs", () => {
    const lines = [
      { product: 1, quantity: 2, price: "30.00" },
      { product: 2, quantity: 2, price: "20.00" },
    ];
    expect(run(laptop(lines, { discount: { kind: "fixed_amount_off", value: 1250 } })).total).toBe(2500);
    expect(run(laptop(lines, { discount: { kind: "fixed_amount_off", value: 9000 } })).total).toBe(10000);
  });

  it("charges a fixed bundle price per set: the saving is the set's price minus it, never negative", () => {
    const lines = [
      { product: 1, quantity: 3, price: "30.00" },
      { product: 2, quantity: 3, price: "20.00" },
    ];
    expect(run(laptop(lines, { discount: { kind: "fixed_price", value: 3999 } })).total).toBe(3 * 1001);
    const tooDear = run(laptop(lines, { discount: { kind: "fixed_price", value: 6000 } }));
    expect(tooDear.result).toEqual({ operations: [] });
  });

  it("spreads a set's saving so that no line is discounted by more than it costs", () => {
    const ran = run(
      laptop(
        [
          { product: 1, quantity: 1, price: "0.01" },
          { product: 2, quantity: 1, price: "99.99" },
        ],
        { discount: { kind: "fixed_amount_off", value: 9999 } },
      ),
    );
    expect(ran.total).toBe(9999);
    const discounts = lineDiscounts(ran);
    expect(discounts[line(1)]).toBeLessThanOrEqual(1);
    expect(discounts[line(2)]).toBeLessThanOrEqual(9999);
  });
});

describe("currencies", () => {
  it("rounds to whole yen in JPY (no decimals)", () => {
    const ran = run({
      ...laptop(
        [
          { product: 1, quantity: 2, price: "4750.0" },
          { product: 2, quantity: 4, price: "1200.0" },
        ],
        { parts: [part(1), part(2, 2)], discount: { kind: "percentage", value: 7 } },
      ),
      currency: "JPY",
    });
    // 7% of ¥7,150 = ¥500.5 → ¥501 per set.
    expect(ran.candidates[0]?.value).toEqual({ fixedAmount: { amount: "1002", appliesToEachItem: false } });
  });

  it("takes a JPY fixed amount off in whole yen", () => {
    const ran = run({
      ...laptop(
        [
          { product: 1, quantity: 1, price: "4800" },
          { product: 2, quantity: 1, price: "1200" },
        ],
        { discount: { kind: "fixed_amount_off", value: 500 } },
      ),
      currency: "JPY",
    });
    expect(ran.candidates[0]?.message).toBe("Bundle: Laptop Essentials — 500 JPY off");
    expect(ran.candidates[0]?.value).toEqual({ fixedAmount: { amount: "500", appliesToEachItem: false } });
  });

  it("converts a fixed amount from the shop currency with presentmentCurrencyRate, rounding half up", () => {
    const lines = [
      { product: 1, quantity: 1, price: "80.00" },
      { product: 2, quantity: 1, price: "30.00" },
    ];
    const off = laptop(lines, { discount: { kind: "fixed_amount_off", value: 1500 } });
    // $15.00 × 0.9134 = €13.701 → €13.70
    const eur = run({ ...off, currency: "EUR", shopCurrency: "USD", rate: "0.9134" });
    expect(eur.candidates[0]?.message).toBe("Bundle: Laptop Essentials — 13.70 EUR off");
    expect(eur.total).toBe(1370);
    // $15.00 × 151.237 = ¥2,268.555 → ¥2,269
    const jpy = run({
      ...off,
      currency: "JPY",
      shopCurrency: "USD",
      rate: "151.237",
      lines: [
        { product: 1, quantity: 1, price: "12000" },
        { product: 2, quantity: 1, price: "4500" },
      ],
    });
    expect(jpy.total).toBe(2269);
    // $99.00 fixed price × 0.9134 = €90.4266 → €90.43; the set costs €110.00.
    const price = laptop(lines, { discount: { kind: "fixed_price", value: 9900 } });
    expect(run({ ...price, currency: "EUR", shopCurrency: "USD", rate: "0.9134" }).total).toBe(1957);
  });

  it("does not convert when the cart is in the shop's currency, whatever the rate says", () => {
    const spec = laptop(
      [
        { product: 1, quantity: 1, price: "80.00" },
        { product: 2, quantity: 1, price: "30.00" },
      ],
      { discount: { kind: "fixed_amount_off", value: 1500 } },
    );
    expect(run({ ...spec, rate: "1.37" }).total).toBe(1500);
  });

  it("needs no conversion for percentages, and skips only fixed amounts when the rate is unreadable", () => {
    const lines = [
      { product: 1, quantity: 1, price: "80.00" },
      { product: 2, quantity: 1, price: "30.00" },
    ];
    const percent = laptop(lines);
    expect(run({ ...percent, currency: "EUR", shopCurrency: "USD", rate: "0.9134" }).total).toBe(1100);
    const fixed = laptop(lines, { discount: { kind: "fixed_amount_off", value: 1500 } });
    expect(run({ ...fixed, currency: "EUR", shopCurrency: "USD", rate: "0" }).result).toEqual({ operations: [] });
  });

  it("formats three-decimal currencies with three decimals", () => {
    const ran = run({
      ...laptop([
        { product: 1, quantity: 1, price: "10.125" },
        { product: 2, quantity: 1, price: "2.000" },
      ]),
      currency: "KWD",
    });
    // 10% of 12.125 = 1.2125 → 1.213
    expect(ran.candidates[0]?.value).toEqual({ fixedAmount: { amount: "1.213", appliesToEachItem: false } });
  });
});

describe("overlapping bundles", () => {
  const shared = (lines: LineSpec[]): CartSpec => ({
    lines,
    bundles: [
      { id: "a", title: "Office", parts: [part(1), part(2)], discount: { kind: "percentage", value: 10 } },
      { id: "b", title: "Studio", parts: [part(1), part(3)], discount: { kind: "percentage", value: 20 } },
    ],
  });

  it("never discounts a unit twice: competing bundles get the assignment with the larger total saving", () => {
    const ran = run(
      shared([
        { product: 1, quantity: 1, price: "100.00" },
        { product: 2, quantity: 1, price: "50.00" },
        { product: 3, quantity: 1, price: "50.00" },
      ]),
    );
    expect(ran.byMessage).toEqual({ "Bundle: Studio — 20% off": 3000 });
    expect(ran.unitsByLine).toEqual({ [line(1)]: 1, [line(3)]: 1 });
  });

  it("gives leftover units of a shared product to the other bundle", () => {
    const ran = run(
      shared([
        { product: 1, quantity: 2, price: "100.00" },
        { product: 2, quantity: 1, price: "50.00" },
        { product: 3, quantity: 1, price: "50.00" },
      ]),
    );
    expect(ran.byMessage).toEqual({ "Bundle: Office — 10% off": 1500, "Bundle: Studio — 20% off": 3000 });
    expect(ran.unitsByLine[line(1)]).toBe(2);
  });

  it("finds the better combination where taking the biggest single saving first would not", () => {
    const ran = run({
      lines: [
        { product: 1, quantity: 1, price: "100.00" },
        { product: 2, quantity: 1, price: "100.00" },
        { product: 3, quantity: 1, price: "60.00" },
        { product: 4, quantity: 1, price: "60.00" },
      ],
      bundles: [
        { id: "pro", title: "Pro", parts: [part(1), part(2)], discount: { kind: "percentage", value: 20 } },
        { id: "x", title: "Travel X", parts: [part(1), part(3)], discount: { kind: "percentage", value: 15 } },
        { id: "y", title: "Travel Y", parts: [part(2), part(4)], discount: { kind: "percentage", value: 15 } },
      ],
    });
    // Pro alone saves 40.00; Travel X + Travel Y save 24.00 + 24.00.
    expect(ran.byMessage).toEqual({ "Bundle: Travel X — 15% off": 2400, "Bundle: Travel Y — 15% off": 2400 });
    const greedy = run(
      {
        lines: ran.input.cart.lines.map((_, i) => ({
          product: i + 1,
          quantity: 1,
          price: ["100.00", "100.00", "60.00", "60.00"][i]!,
        })),
        bundles: [
          { id: "pro", title: "Pro", parts: [part(1), part(2)], discount: { kind: "percentage", value: 20 } },
          { id: "x", title: "Travel X", parts: [part(1), part(3)], discount: { kind: "percentage", value: 15 } },
          { id: "y", title: "Travel Y", parts: [part(2), part(4)], discount: { kind: "percentage", value: 15 } },
        ],
      },
      { strategy: "greedy" },
    );
    expect(greedy.total).toBe(4000);
  });

  it("breaks ties the same way every time: the bundle whose terms appear first in the cart wins", () => {
    const tie = (first: number): CartSpec => ({
      lines: [
        { product: first, quantity: 1, price: "50.00" },
        { product: 1, quantity: 1, price: "100.00" },
        { product: 5 - first, quantity: 1, price: "50.00" },
      ],
      bundles: [
        { id: "left", title: "Left", parts: [part(2), part(1)], discount: { kind: "percentage", value: 10 } },
        { id: "right", title: "Right", parts: [part(3), part(1)], discount: { kind: "percentage", value: 10 } },
      ],
    });
    expect(Object.keys(run(tie(2)).byMessage)).toEqual(["Bundle: Left — 10% off"]);
    expect(Object.keys(run(tie(2)).byMessage)).toEqual(["Bundle: Left — 10% off"]);
    expect(Object.keys(run(tie(3)).byMessage)).toEqual(["Bundle: Right — 10% off"]);
  });
});

describe("pairings", () => {
  const pairing = (lines: LineSpec[]): CartSpec => ({
    lines,
    pairings: [
      {
        id: "laptop-sleeve",
        title: "Laptop + Sleeve",
        anchorProductIds: [product(1)],
        complements: [product(2)],
        discountPercent: 10,
      },
    ],
  });

  it("discounts the complement only when its anchor is in the cart", () => {
    expect(run(pairing([{ product: 2, quantity: 1, price: "49.99" }])).result).toEqual({ operations: [] });
    const ran = run(
      pairing([
        { product: 1, quantity: 1, price: "999.00" },
        { product: 2, quantity: 1, price: "49.99" },
      ]),
    );
    expect(ran.byMessage).toEqual({ "Pairing: Laptop + Sleeve — 10% off": 500 });
    expect(ran.unitsByLine).toEqual({ [line(2)]: 1 });
  });

  it("discounts one complement unit per anchor unit in the cart", () => {
    const ran = run(
      pairing([
        { product: 1, quantity: 2, price: "999.00" },
        { product: 2, quantity: 5, price: "40.00" },
      ]),
    );
    expect(ran.unitsByLine).toEqual({ [line(2)]: 2 });
    expect(ran.total).toBe(800);
  });

  it("does not discount a complement unit a bundle already discounted; the larger saving wins", () => {
    const spec: CartSpec = {
      ...pairing([
        { product: 1, quantity: 1, price: "999.00" },
        { product: 2, quantity: 1, price: "40.00" },
        { product: 3, quantity: 1, price: "40.00" },
      ]),
      bundles: [
        {
          id: "sleeve-mouse",
          title: "Desk Set",
          parts: [part(2), part(3)],
          discount: { kind: "percentage", value: 25 },
        },
      ],
    };
    const ran = run(spec);
    expect(ran.byMessage).toEqual({ "Bundle: Desk Set — 25% off": 2000 });
    expect(ran.unitsByLine[line(2)]).toBe(1);
  });
});

describe("only parts added through the widget, or any matching parts", () => {
  const skate = (match: "any" | "widget", lines: LineSpec[]): CartSpec => ({
    lines,
    bundles: [
      {
        id: "skate",
        title: "Skate Kit",
        parts: [part(1), part(2)],
        discount: { kind: "fixed_amount_off", value: 1000 },
        match,
      },
    ],
  });
  const lines: LineSpec[] = [
    { product: 1, quantity: 1, price: "40.00", offer: "bundle:skate" },
    { product: 1, quantity: 2, price: "40.00", variant: 102 },
    { product: 2, quantity: 3, price: "15.00", offer: "bundle:skate" },
  ];

  it('with match "widget", counts only lines the widget added for that bundle', () => {
    const ran = run(skate("widget", lines));
    expect(ran.plan?.applied[0]?.sets).toBe(1);
    expect(ran.unitsByLine).toEqual({ [line(1)]: 1, [line(3)]: 1 });
    expect(
      run(
        skate(
          "widget",
          lines.map((l) => ({ ...l, offer: "bundle:other" })),
        ),
      ).result,
    ).toEqual({ operations: [] });
  });

  it('with match "any" (the default), counts every matching line, whoever added it', () => {
    expect(run(skate("any", lines)).plan?.applied[0]?.sets).toBe(3);
  });

  it("lets an any-match bundle take untagged lines first, so a widget-only bundle keeps the lines added for it", () => {
    const ran = run({
      lines: [
        { product: 1, quantity: 1, price: "40.00", offer: "bundle:widget-kit" },
        { product: 1, quantity: 1, price: "40.00", variant: 102 },
        { product: 2, quantity: 1, price: "15.00", offer: "bundle:widget-kit" },
        { product: 3, quantity: 1, price: "15.00" },
      ],
      bundles: [
        { id: "any-kit", title: "Any Kit", parts: [part(1), part(3)], discount: { kind: "percentage", value: 10 } },
        {
          id: "widget-kit",
          title: "Widget Kit",
          parts: [part(1), part(2)],
          discount: { kind: "percentage", value: 10 },
          match: "widget",
        },
      ],
    });
    expect(Object.keys(ran.byMessage).sort()).toEqual(["Bundle: Any Kit — 10% off", "Bundle: Widget Kit — 10% off"]);
  });
});

describe("who and what is never discounted", () => {
  const cart = laptop([
    { product: 1, quantity: 1, price: "999.00" },
    { product: 2, quantity: 1, price: "49.99" },
  ]);

  it("gives an excluded customer (tagged attach-excluded) no discount", () => {
    const ran = run({ ...cart, excludedCustomer: true });
    expect(ran.result).toEqual({ operations: [] });
    expect(ran.skipped).toBe("excluded-customer");
  });

  it("gives other customers and guests the discount", () => {
    expect(run({ ...cart, excludedCustomer: false }).total).toBe(10490);
    expect(run({ ...cart, excludedCustomer: undefined }).total).toBe(10490);
  });

  it("never discounts a gift card, even when it is a bundle part", () => {
    const ran = run(
      laptop([
        { product: 1, quantity: 1, price: "999.00" },
        { product: 2, quantity: 1, price: "49.99", giftCard: true },
      ]),
    );
    expect(ran.result).toEqual({ operations: [] });
  });

  it("never discounts a line sold with a selling plan (subscription)", () => {
    const lines: LineSpec[] = [
      { product: 1, quantity: 1, price: "999.00", sellingPlan: true },
      { product: 2, quantity: 1, price: "49.99" },
    ];
    expect(run(laptop(lines)).result).toEqual({ operations: [] });
    const withOneTime = run(laptop([...lines, { product: 1, quantity: 1, price: "999.00", variant: 102 }]));
    expect(withOneTime.unitsByLine).toEqual({ [line(2)]: 1, [line(3)]: 1 });
  });

  it("ignores custom items, which have no product", () => {
    const ran = run(
      laptop([
        { product: 9, quantity: 1, price: "5.00", custom: true },
        { product: 1, quantity: 1, price: "999.00" },
        { product: 2, quantity: 1, price: "49.99" },
      ]),
    );
    expect(ran.unitsByLine).toEqual({ [line(2)]: 1, [line(3)]: 1 });
  });
});

describe("the discount's own settings", () => {
  const cart = laptop([
    { product: 1, quantity: 1, price: "999.00" },
    { product: 2, quantity: 1, price: "49.99" },
  ]);

  it("returns no discounts while the shop has paused them", () => {
    const ran = run({ ...cart, config: { v: 1, paused: true } });
    expect(ran.result).toEqual({ operations: [] });
    expect(ran.skipped).toBe("paused");
    expect(run({ ...cart, config: { v: 1, paused: false } }).total).toBe(10490);
  });

  it("treats a missing config as running and an unreadable one as paused", () => {
    expect(run({ ...cart, config: undefined }).total).toBe(10490);
    expect(run({ ...cart, config: { v: 2, paused: false } }).skipped).toBe("paused");
    expect(run({ ...cart, config: "not json" }).skipped).toBe("paused");
  });

  it("emits product discounts only when the discount has the PRODUCT class", () => {
    const ran = run({ ...cart, discountClasses: ["ORDER", "SHIPPING"] });
    expect(ran.result).toEqual({ operations: [] });
    expect(ran.skipped).toBe("no-product-class");
    expect(run({ ...cart, discountClasses: ["ORDER", "PRODUCT"] }).total).toBe(10490);
  });
});

describe("schedule", () => {
  it("applies a bundle from its first to its last shop-local day, inclusive", () => {
    const cart = laptop(
      [
        { product: 1, quantity: 1, price: "999.00" },
        { product: 2, quantity: 1, price: "49.99" },
      ],
      { startsAt: new Date("2026-05-01T00:00:00Z"), endsAt: new Date("2026-05-11T00:00:00Z") },
    );
    expect(TODAY).toBe("2026-05-01");
    expect(run({ ...cart, today: "2026-04-30" }).total).toBe(0);
    expect(run({ ...cart, today: "2026-05-01" }).total).toBe(10490);
    expect(run({ ...cart, today: "2026-05-10" }).total).toBe(10490);
    expect(run({ ...cart, today: "2026-05-11" }).total).toBe(0);
  });
});

describe("checkout messages", () => {
  it("name the bundle and its terms", () => {
    const lines = [
      { product: 1, quantity: 1, price: "80.00" },
      { product: 2, quantity: 1, price: "30.00" },
    ];
    const message = (discount: BundleSpec["discount"]) => run(laptop(lines, { discount })).candidates[0]?.message;
    expect(message({ kind: "percentage", value: 10 })).toBe("Bundle: Laptop Essentials — 10% off");
    expect(message({ kind: "fixed_amount_off", value: 1500 })).toBe("Bundle: Laptop Essentials — 15.00 USD off");
    expect(message({ kind: "fixed_price", value: 9900 })).toBe("Bundle: Laptop Essentials — 99.00 USD for the set");
  });
});

describe("the metafields the Function reads", () => {
  const lines: LineSpec[] = [
    { product: 1, quantity: 1, price: "999.00" },
    { product: 2, quantity: 1, price: "49.99" },
  ];

  it("takes a bundle's terms from its first part's product; the other parts need no metafield", () => {
    const ran = run({ ...laptop(lines), rules: { 2: null } });
    expect(ran.total).toBe(10490);
    expect(run({ ...laptop(lines), rules: { 1: null } }).total).toBe(0);
  });

  it("skips a malformed bundle but keeps the rest, and ignores rules of an unknown version", () => {
    const good = { i: "ok", t: "Good", k: "pct", x: 10, p: ["1", "2"] };
    const bad = { i: "bad", t: "Bad", k: "pct", x: 10, p: ["1"] };
    expect(run({ ...laptop(lines), rules: { 1: { v: 1, b: [bad, good] } } }).byMessage).toEqual({
      "Bundle: Good — 10% off": 10490,
    });
    expect(run({ ...laptop(lines), rules: { 1: { v: 2, b: [good] } } }).total).toBe(0);
  });
});

describe("the output limit", () => {
  const many = (count: number): CartSpec => ({
    lines: Array.from({ length: count * 2 }, (_, i) => ({ product: i + 1, quantity: 1, price: `${10 + i}.00` })),
    bundles: Array.from({ length: count }, (_, i) => ({
      id: `bundle-${i}`,
      title: `Bundle number ${i}`,
      parts: [part(2 * i + 1), part(2 * i + 2)],
      discount: { kind: "percentage" as const, value: 10 },
    })),
  });

  it("merges the smallest savings into one candidate when one per bundle would not fit, keeping the total exact", () => {
    const full = run(many(12));
    const limited = run(many(12), { outputLimit: 2000 });
    expect(full.candidates).toHaveLength(12);
    expect(utf8ByteLength(JSON.stringify(full.result))).toBeGreaterThan(2000);
    expect(utf8ByteLength(JSON.stringify(limited.result))).toBeLessThanOrEqual(2000);
    expect(limited.total).toBe(full.total);
    expect(limited.dropped).toEqual([]);
    // The two biggest savings keep their own candidate; the other ten share one.
    expect(limited.merged).toBe(10);
    expect(limited.candidates.map((c) => c.message)).toEqual([
      "Bundle: Bundle number 10 — 10% off",
      "Bundle: Bundle number 11 — 10% off",
      "Bundle savings: Bundle number 9, Bundle number 8 and 8 more",
    ]);
    expect(limited.candidates[2]?.targets).toHaveLength(20);
  });

  it("drops the smallest savings only when not even one merged candidate for everything fits", () => {
    const ran = run(many(12), { outputLimit: 700 });
    expect(utf8ByteLength(JSON.stringify(ran.result))).toBeLessThanOrEqual(700);
    // The three largest savings still fit, merged; the other nine are dropped.
    expect(ran.candidates.map((c) => c.message)).toEqual([
      "Bundle savings: Bundle number 11, Bundle number 10 and 1 more",
    ]);
    expect(ran.dropped).toHaveLength(9);
    expect(ran.total).toBe([11, 10, 9].reduce((sum, i) => sum + (21 + 4 * i) * 10, 0));
  });

  it("keeps a 200-line cart with every product in 5 bundles under 20,000 bytes", () => {
    const result = measure(200, 1);
    expect(result.outputBytes).toBeLessThanOrEqual(OUTPUT_LIMIT_BYTES);
    expect(result.dropped).toBe(0);
  });

  it("allows more output past 200 lines, as Shopify scales its limits (lines × 0.005)", () => {
    expect(outputLimitFor(1)).toBe(20_000);
    expect(outputLimitFor(200)).toBe(20_000);
    expect(outputLimitFor(400)).toBe(40_000);
    const result = measure(400, 1);
    expect(result.outputBytes).toBeGreaterThan(20_000);
    expect(result.outputBytes).toBeLessThanOrEqual(40_000);
  });
});
