import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  buildAnchorPairings,
  buildProductOfferValues,
  decodeDiscountConfig,
  decodeDiscountRules,
  decodeOffersMetafield,
  DISCOUNT_CONFIG_METAFIELD_KEY,
  DISCOUNT_RULES_METAFIELD_KEY,
  discountRulesJsonSchema,
  encodeDiscountConfig,
  encodeDiscountRules,
  encodeProductOfferValues,
  EXCLUDED_CUSTOMER_TAG,
  MAX_OFFER_METAFIELD_BYTES,
  OFFER_LINE_PROPERTY,
  OFFER_METAFIELD_NAMESPACE,
  OFFER_METAFIELD_TYPE,
  offerLineProperty,
  OfferMetafieldTooLargeError,
  offerMetafieldWrites,
  OFFERS_METAFIELD_KEY,
  offersMetafieldSchema,
  MAX_OFFER_PRODUCTS,
  OFFER_PRODUCTS_METAFIELD_KEY,
  OFFER_PRODUCTS_METAFIELD_TYPE,
  offerProductIds,
  PAIRING_METAFIELD_KEY,
  pairingMetafieldSchema,
  planProductOfferMetafields,
  PRODUCT_OFFER_METAFIELDS,
  parseOfferLineProperty,
  shopLocalDate,
  utf8ByteLength,
  type RuleBundle,
  type SyncBundle,
  type SyncPairing,
} from "../../app/domain/offer-metafields";

const P = (n: number) => `gid://shopify/Product/${n}`;
const V = (n: number) => `gid://shopify/ProductVariant/${n}`;
const NOW = new Date("2026-05-01T12:00:00Z");

const bundle = (overrides: Partial<SyncBundle> = {}): SyncBundle => ({
  id: "clbundle00000000000000001",
  title: "Laptop Essentials",
  status: "active",
  currencyCode: "USD",
  discount: { kind: "percentage", value: 10 },
  parts: [
    { productId: P(1), variantId: null, quantity: 1 },
    { productId: P(2), variantId: V(22), quantity: 2 },
  ],
  match: "any",
  startsAt: null,
  endsAt: null,
  ...overrides,
});

const pairing = (overrides: Partial<SyncPairing> = {}): SyncPairing => ({
  id: "clpairing0000000000000001",
  status: "active",
  title: "Laptop + Sleeve",
  anchorProductIds: [P(1)],
  complements: [P(3), P(4)],
  discountPercent: 15,
  ...overrides,
});

const build = (bundles: SyncBundle[], pairings: SyncPairing[] = [], timeZone = "UTC") =>
  buildProductOfferValues({ bundles, pairings, now: NOW, timeZone });

describe("the metafield contract", () => {
  it("names the app-reserved namespace, the keys, the line property and the exclusion tag", () => {
    expect(OFFER_METAFIELD_NAMESPACE).toBe("$app:attach");
    expect([OFFERS_METAFIELD_KEY, DISCOUNT_RULES_METAFIELD_KEY, DISCOUNT_CONFIG_METAFIELD_KEY]).toEqual([
      "offers",
      "discount_rules",
      "config",
    ]);
    expect(OFFER_METAFIELD_TYPE).toBe("json");
    expect(OFFER_LINE_PROPERTY).toBe("_attach_offer");
    expect(EXCLUDED_CUSTOMER_TAG).toBe("attach-excluded");
    expect(MAX_OFFER_METAFIELD_BYTES).toBe(10_000);
  });
});

describe("buildProductOfferValues", () => {
  it("writes the readable offers on every part and complement, and the bundle's terms on its first part only", () => {
    const values = build([bundle()], [pairing()]);
    expect([...values.keys()]).toEqual([P(1), P(2), P(3), P(4)]);
    expect(values.get(P(1))).toEqual({
      offers: {
        v: 1,
        bundles: [
          {
            id: "clbundle00000000000000001",
            title: "Laptop Essentials",
            kind: "percentage",
            value: 10,
            currency: "USD",
            parts: [
              { product: P(1), variant: null, quantity: 1 },
              { product: P(2), variant: V(22), quantity: 2 },
            ],
            match: "any",
            startsAt: null,
            endsAt: null,
          },
        ],
        pairings: [],
      },
      rules: {
        v: 1,
        b: [{ i: "clbundle00000000000000001", t: "Laptop Essentials", k: "pct", x: 10, p: ["1", "2/22x2"] }],
      },
    });
    expect(values.get(P(2))?.rules).toBeNull();
    expect(values.get(P(2))?.offers.bundles).toHaveLength(1);
    expect(values.get(P(3))).toEqual({
      offers: {
        v: 1,
        bundles: [],
        pairings: [{ id: "clpairing0000000000000001", anchor: P(1), percent: 15, title: "Laptop + Sleeve" }],
      },
      rules: { v: 1, p: [{ i: "clpairing0000000000000001", a: "1", x: 15, t: "Laptop + Sleeve" }] },
    });
  });

  it("leaves out draft, paused and ended bundles, and pairings that are paused or have no discount", () => {
    const values = build(
      [
        bundle({ id: "draft", status: "draft" }),
        bundle({ id: "paused", status: "paused" }),
        bundle({ id: "ended", endsAt: new Date("2026-05-01T12:00:00Z") }),
        bundle({ id: "upcoming", startsAt: new Date("2026-06-01T00:00:00Z") }),
      ],
      [pairing({ id: "off", status: "paused" }), pairing({ id: "none", discountPercent: null })],
    );
    expect(values.get(P(1))?.offers.bundles.map((b) => b.id)).toEqual(["upcoming"]);
    expect(values.has(P(3))).toBe(false);
  });

  it("lists a pairing once per anchor when a collection anchor was expanded, never on the anchor itself", () => {
    const values = build([], [pairing({ anchorProductIds: [P(1), P(3), P(5)], complements: [P(3)] })]);
    expect(values.get(P(3))?.offers.pairings.map((p) => p.anchor)).toEqual([P(1), P(5)]);
  });

  it("turns the schedule into the first and last shop-local days the bundle is live", () => {
    const scheduled = bundle({
      startsAt: new Date("2026-06-01T03:00:00Z"), // 23:00 on May 31 in New York
      endsAt: new Date("2026-07-01T04:00:00Z"), // midnight in New York: June 30 is the last day
    });
    const rules = build([scheduled], [], "America/New_York").get(P(1))?.rules;
    expect(rules?.b?.[0]).toMatchObject({ s: "2026-05-31", e: "2026-06-30" });
    expect(build([scheduled], [], "UTC").get(P(1))?.rules?.b?.[0]).toMatchObject({ s: "2026-06-01", e: "2026-07-01" });
    expect(shopLocalDate(new Date("2026-03-01T03:00:00Z"), "Asia/Tokyo")).toBe("2026-03-01");
  });

  it("keeps fixed amounts in the shop currency and marks widget-only bundles", () => {
    const values = build([bundle({ discount: { kind: "fixed_price", value: 9900 }, match: "widget" })]);
    expect(values.get(P(1))?.rules?.b?.[0]).toMatchObject({ k: "fix", x: 9900, c: "USD", w: 1 });
  });
});

describe("the zod schemas", () => {
  it("accept what the builder writes", () => {
    for (const value of build(
      [bundle(), bundle({ id: "b2", discount: { kind: "fixed_amount_off", value: 500 } })],
      [pairing()],
    ).values()) {
      expect(offersMetafieldSchema.safeParse(value.offers).success).toBe(true);
      if (value.rules) expect(discountRulesJsonSchema.safeParse(value.rules).success).toBe(true);
    }
  });

  it("reject unknown keys, foreign ids and percentages above the business cap", () => {
    const offers = build([bundle()]).get(P(1))!.offers;
    expect(offersMetafieldSchema.safeParse({ ...offers, extra: 1 }).success).toBe(false);
    const badPart = {
      ...offers.bundles[0]!,
      parts: [{ product: "gid://shopify/Collection/1", variant: null, quantity: 1 }],
    };
    expect(offersMetafieldSchema.safeParse({ ...offers, bundles: [badPart] }).success).toBe(false);
    expect(
      offersMetafieldSchema.safeParse({ ...offers, bundles: [{ ...offers.bundles[0]!, value: 95 }] }).success,
    ).toBe(false);
    expect(
      discountRulesJsonSchema.safeParse({ v: 1, b: [{ i: "x", t: "T", k: "off", x: 5, p: ["1", "2"] }] }).success,
    ).toBe(false);
  });
});

describe("decoders (the Function's side, without zod)", () => {
  it("decode the compact rules into the bundle and pairing terms", () => {
    const terms: RuleBundle = {
      id: "b1",
      title: "Tea Set",
      kind: "fixed_amount_off",
      value: 500,
      currency: "JPY",
      parts: [
        { product: P(11), variant: null, quantity: 1 },
        { product: P(12), variant: V(1201), quantity: 2 },
      ],
      match: "widget",
      startDate: "2026-05-01",
      endDate: null,
    };
    const pairingTerms = { id: "p1", anchor: P(9), percent: 10, title: "Laptop + Sleeve" };
    const json = encodeDiscountRules({ bundles: [terms], pairings: [pairingTerms] });
    expect(json.b?.[0]?.p).toEqual(["11", "12/1201x2"]);
    expect(decodeDiscountRules(json)).toEqual({ bundles: [terms], pairings: [pairingTerms] });
    expect(decodeDiscountRules(JSON.stringify(json))).toEqual({ bundles: [terms], pairings: [pairingTerms] });
  });

  it("skip malformed entries one by one and ignore other versions", () => {
    const good = { i: "ok", t: "Good", k: "pct", x: 10, p: ["1", "2"] };
    const bad = [
      { ...good, i: "" },
      { ...good, k: "bogo" },
      { ...good, x: 0 },
      { ...good, p: ["1"] },
      { ...good, p: ["1", "1"] },
      { ...good, p: ["1", "gid://shopify/Product/2"] },
      { ...good, k: "off" }, // a fixed amount needs its currency
      { ...good, s: "May 1" },
    ];
    expect(decodeDiscountRules({ v: 1, b: [...bad, good], p: [{ i: "p", a: "x", x: 10, t: "T" }] })).toEqual({
      bundles: [expect.objectContaining({ id: "ok" })],
      pairings: [],
    });
    expect(decodeDiscountRules({ v: 2, b: [good] })).toBeNull();
    expect(decodeDiscountRules("{not json")).toBeNull();
  });

  it("never throw, whatever the metafield holds", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(() => decodeDiscountRules(value)).not.toThrow();
        expect(() => decodeOffersMetafield(value)).not.toThrow();
        expect(() => decodeDiscountConfig(value)).not.toThrow();
      }),
    );
  });

  it("decode the readable offers as written, skipping malformed entries", () => {
    const offers = build([bundle()], [pairing({ complements: [P(1)], anchorProductIds: [P(9)] })]).get(P(1))!.offers;
    expect(decodeOffersMetafield(offers)).toEqual(offers);
    expect(decodeOffersMetafield(JSON.stringify(offers))).toEqual(offers);
    const broken = { ...offers, bundles: [{ ...offers.bundles[0], kind: "bogo" }, offers.bundles[0]] };
    expect(decodeOffersMetafield(broken)?.bundles).toHaveLength(1);
    expect(decodeOffersMetafield({ ...offers, v: 2 })).toBeNull();
  });

  it("read the discount config: missing means running, unreadable means paused", () => {
    expect(decodeDiscountConfig(null)).toEqual({ paused: false });
    expect(decodeDiscountConfig({ v: 1, paused: true })).toEqual({ paused: true });
    expect(decodeDiscountConfig('{"v":1,"paused":false}')).toEqual({ paused: false });
    expect(decodeDiscountConfig({ v: 1 })).toEqual({ paused: true });
    expect(decodeDiscountConfig({ v: 2, paused: false })).toEqual({ paused: true });
    expect(encodeDiscountConfig({ paused: true })).toBe('{"v":1,"paused":true}');
  });
});

describe("encodeProductOfferValues", () => {
  const crowded = () => {
    const bundles = Array.from({ length: 60 }, (_, i) =>
      bundle({ id: `bundle-${String(i).padStart(3, "0")}`, title: `Bundle — number ${i} with a fairly long title` }),
    );
    const pairings = Array.from({ length: 20 }, (_, i) =>
      pairing({ id: `pairing-${i}`, anchorProductIds: [P(100 + i)], complements: [P(1)] }),
    );
    return build(bundles, pairings).get(P(1))!;
  };

  it("returns the JSON text and its size in UTF-8 bytes", () => {
    const encoded = encodeProductOfferValues(P(1), build([bundle({ title: "Café — set" })]).get(P(1))!);
    expect(JSON.parse(encoded.offers.value)).toMatchObject({ v: 1 });
    expect(encoded.offers.bytes).toBe(Buffer.byteLength(encoded.offers.value, "utf8"));
    expect(encoded.rules?.key).toBe("discount_rules");
    expect(encoded.offers.dropped).toEqual([]);
  });

  it("refuses a value over 10,000 bytes with an error that names the product and what to do", () => {
    const error = (() => {
      try {
        encodeProductOfferValues(P(1), crowded());
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(OfferMetafieldTooLargeError);
    expect((error as OfferMetafieldTooLargeError).productId).toBe(P(1));
    expect((error as Error).message).toMatch(
      /^The offers metafield for gid:\/\/shopify\/Product\/1 would be [\d,]+ bytes, but Shopify Functions only receive metafield values up to 10,000 bytes\. The product is in 60 bundle\(s\) and 20 pairing\(s\); take it out of some of them\.$/,
    );
  });

  it("trims on request: pairings from the end first, then bundles from the end, until it fits", () => {
    const encoded = encodeProductOfferValues(P(1), crowded(), { onOverflow: "trim" });
    for (const m of [encoded.offers, encoded.rules!]) {
      expect(m.bytes).toBeLessThanOrEqual(MAX_OFFER_METAFIELD_BYTES);
      expect(Buffer.byteLength(m.value, "utf8")).toBe(m.bytes);
    }
    expect(encoded.offers.dropped.slice(0, 20)).toEqual(
      Array.from({ length: 20 }, (_, i) => `pairing:pairing-${19 - i}`),
    );
    expect(encoded.offers.dropped.at(-1)).toMatch(/^bundle:bundle-0\d\d$/);
    const kept = decodeOffersMetafield(encoded.offers.value)!;
    expect(kept.pairings).toEqual([]);
    expect(kept.bundles.map((b) => b.id)).toEqual(
      Array.from({ length: kept.bundles.length }, (_, i) => `bundle-${String(i).padStart(3, "0")}`),
    );
  });

  it("counts bytes, not characters", () => {
    const emoji = "🎁".repeat(20); // 4 bytes each in UTF-8, 2 UTF-16 units
    const values = build([bundle({ title: emoji })]).get(P(1))!;
    const encoded = encodeProductOfferValues(P(1), values, { maxBytes: 400, onOverflow: "trim" });
    expect(JSON.stringify(values.offers).length).toBeLessThan(400);
    expect(Buffer.byteLength(JSON.stringify(values.offers), "utf8")).toBeGreaterThan(400);
    expect(encoded.offers.dropped).toEqual(["bundle:clbundle00000000000000001"]);
  });
});

describe("offerMetafieldWrites", () => {
  it("sets both values, or deletes discount_rules when the product carries no terms", () => {
    const values = build([bundle()]);
    const first = offerMetafieldWrites(P(1), encodeProductOfferValues(P(1), values.get(P(1))!));
    expect(first.set.map((m) => [m.ownerId, m.namespace, m.key, m.type])).toEqual([
      [P(1), "$app:attach", "offers", "json"],
      [P(1), "$app:attach", "discount_rules", "json"],
    ]);
    expect(first.delete).toEqual([]);
    const second = offerMetafieldWrites(P(2), encodeProductOfferValues(P(2), values.get(P(2))!));
    expect(second.set.map((m) => m.key)).toEqual(["offers"]);
    expect(second.delete).toEqual([{ ownerId: P(2), namespace: "$app:attach", key: "discount_rules" }]);
  });
});

describe("the _attach_offer line property", () => {
  it("is bundle:<id> or pairing:<id> and parses back", () => {
    expect(offerLineProperty({ kind: "bundle", id: "abc" })).toBe("bundle:abc");
    expect(parseOfferLineProperty("pairing:xyz")).toEqual({ kind: "pairing", id: "xyz" });
    for (const bad of ["bundle:", "abc", "coupon:1", null, 3]) expect(parseOfferLineProperty(bad)).toBeNull();
    expect(() => offerLineProperty({ kind: "bundle", id: "" })).toThrow(/1 to 64 characters/);
  });
});

describe("utf8ByteLength", () => {
  it("agrees with Node's UTF-8 encoder on any text", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (text) => {
        expect(utf8ByteLength(text)).toBe(Buffer.byteLength(text, "utf8"));
      }),
    );
    expect(utf8ByteLength("\ud800x")).toBe(Buffer.byteLength("\ud800x", "utf8"));
  });
});

describe("the storefront keys (pairing and offer_products)", () => {
  it("are named as the widget reads them, with the types Liquid needs", () => {
    expect([PAIRING_METAFIELD_KEY, OFFER_PRODUCTS_METAFIELD_KEY, OFFER_PRODUCTS_METAFIELD_TYPE]).toEqual([
      "pairing",
      "offer_products",
      "list.product_reference",
    ]);
    expect(PRODUCT_OFFER_METAFIELDS.map((m) => `${m.key}:${m.type}`)).toEqual([
      "offers:json",
      "discount_rules:json",
      "pairing:json",
      "offer_products:list.product_reference",
    ]);
  });
});

describe("buildAnchorPairings", () => {
  it("gives each anchor its pairing: id, heading, percent and the complements in order", () => {
    const anchors = buildAnchorPairings([pairing({ heading: "Finish your desk", complements: [P(4), P(3)] })]);
    expect([...anchors.entries()]).toEqual([
      [
        P(1),
        {
          v: 1,
          id: "clpairing0000000000000001",
          heading: "Finish your desk",
          percent: 15,
          complements: [P(4), P(3)],
        },
      ],
    ]);
    expect(pairingMetafieldSchema.safeParse(anchors.get(P(1))).success).toBe(true);
  });

  it("writes a collection's pairing on every product of the collection, without the product itself", () => {
    const anchors = buildAnchorPairings([pairing({ anchorProductIds: [P(1), P(3)], complements: [P(3), P(4)] })]);
    expect(anchors.get(P(1))?.complements).toEqual([P(3), P(4)]);
    expect(anchors.get(P(3))?.complements).toEqual([P(4)]);
  });

  it("keeps pairings without a discount (percent null, default heading) and leaves out paused ones", () => {
    const anchors = buildAnchorPairings([
      pairing({ id: "paused", status: "paused", anchorProductIds: [P(7)] }),
      pairing({ id: "plain", discountPercent: null, heading: "" }),
    ]);
    expect(anchors.has(P(7))).toBe(false);
    expect(anchors.get(P(1))).toMatchObject({ id: "plain", percent: null, heading: null });
  });

  it("lets the first pairing listed win when a product anchors two (its own before its collection's)", () => {
    const anchors = buildAnchorPairings([
      pairing({ id: "own", anchorProductIds: [P(1)] }),
      pairing({ id: "collection", anchorProductIds: [P(1), P(2)] }),
    ]);
    expect([anchors.get(P(1))?.id, anchors.get(P(2))?.id]).toEqual(["own", "collection"]);
  });

  it("gives nothing to an anchor whose only complement is itself", () => {
    expect(buildAnchorPairings([pairing({ complements: [P(1)] })]).size).toBe(0);
  });
});

describe("offerProductIds", () => {
  it("lists the pairing's complements first, then the bundle parts, each once, never the product itself", () => {
    const offers = build([
      bundle(),
      bundle({
        id: "b2",
        parts: [
          { productId: P(1), variantId: null, quantity: 1 },
          { productId: P(5), variantId: null, quantity: 1 },
          { productId: P(3), variantId: null, quantity: 1 },
        ],
      }),
    ]).get(P(1))!.offers;
    const anchored = buildAnchorPairings([pairing({ complements: [P(3), P(4)] })]).get(P(1))!;
    expect(offerProductIds(P(1), offers, anchored)).toEqual([P(3), P(4), P(2), P(5)]);
    expect(offerProductIds(P(2), offers, null)).toEqual([P(1), P(5), P(3)]);
    expect(offerProductIds(P(9), null, null)).toEqual([]);
  });

  it("stops at Shopify's 128 items per list metafield", () => {
    const bundles = Array.from({ length: 70 }, (_, i) =>
      bundle({
        id: `b${i}`,
        parts: [
          { productId: P(1), variantId: null, quantity: 1 },
          { productId: P(1000 + 2 * i), variantId: null, quantity: 1 },
          { productId: P(1001 + 2 * i), variantId: null, quantity: 1 },
        ],
      }),
    );
    const ids = offerProductIds(P(1), build(bundles).get(P(1))!.offers, null);
    expect(ids).toHaveLength(MAX_OFFER_PRODUCTS);
    expect(ids[0]).toBe(P(1000));
  });
});

describe("planProductOfferMetafields", () => {
  it("sets the four keys of a product with bundles and a pairing of its own", () => {
    const values = build([bundle()]);
    const anchored = buildAnchorPairings([pairing()]);
    const plan = planProductOfferMetafields(P(1), { values: values.get(P(1)), pairing: anchored.get(P(1)) });
    expect(plan.set.map((m) => [m.ownerId, m.namespace, m.key, m.type])).toEqual([
      [P(1), "$app:attach", "offers", "json"],
      [P(1), "$app:attach", "discount_rules", "json"],
      [P(1), "$app:attach", "pairing", "json"],
      [P(1), "$app:attach", "offer_products", "list.product_reference"],
    ]);
    expect(JSON.parse(plan.set[3]!.value)).toEqual([P(3), P(4), P(2)]);
    expect(JSON.parse(plan.set[2]!.value)).toEqual(anchored.get(P(1)));
    expect(plan.delete).toEqual([]);
  });

  it("deletes the keys a product no longer needs, all four when it is in no offer", () => {
    const values = build([bundle()]);
    expect(planProductOfferMetafields(P(2), { values: values.get(P(2)) }).delete.map((m) => m.key)).toEqual([
      "discount_rules",
      "pairing",
    ]);
    const none = planProductOfferMetafields(P(9), {});
    expect(none.set).toEqual([]);
    expect(none.delete).toEqual([
      { ownerId: P(9), namespace: "$app:attach", key: "offers" },
      { ownerId: P(9), namespace: "$app:attach", key: "discount_rules" },
      { ownerId: P(9), namespace: "$app:attach", key: "pairing" },
      { ownerId: P(9), namespace: "$app:attach", key: "offer_products" },
    ]);
  });

  it("keeps a product in 50 bundles under 10,000 bytes per value, with every bundle's terms at checkout", () => {
    const fifty = Array.from({ length: 50 }, (_, i) =>
      bundle({
        id: `clbundle${String(i).padStart(17, "0")}`,
        title: `Creator Laptop Kit no. ${i}`,
        discount: { kind: "fixed_price", value: 149_900 + i },
        parts: [
          { productId: "gid://shopify/Product/8001234567890", variantId: null, quantity: 1 },
          {
            productId: `gid://shopify/Product/80012345${String(i).padStart(5, "0")}`,
            variantId: `gid://shopify/ProductVariant/45012345${String(i).padStart(5, "0")}`,
            quantity: 2,
          },
        ],
        match: "widget",
        startsAt: new Date("2026-06-01T00:00:00Z"),
        endsAt: new Date("2026-12-31T00:00:00Z"),
      }),
    );
    const product = "gid://shopify/Product/8001234567890";
    const plan = planProductOfferMetafields(product, { values: build(fifty).get(product) }, { onOverflow: "trim" });
    for (const m of plan.set) expect(Buffer.byteLength(m.value, "utf8")).toBeLessThanOrEqual(MAX_OFFER_METAFIELD_BYTES);
    expect(plan.droppedFromRules).toEqual([]);
    expect(decodeDiscountRules(plan.set.find((m) => m.key === "discount_rules")!.value)?.bundles).toHaveLength(50);
    const shown = decodeOffersMetafield(plan.set.find((m) => m.key === "offers")!.value)!.bundles;
    expect(shown.length + plan.droppedFromOffers.length).toBe(50);
    expect(plan.droppedFromOffers.length).toBeGreaterThan(0);
    const listed = JSON.parse(plan.set.find((m) => m.key === "offer_products")!.value) as string[];
    expect(listed).toEqual(offerProductIds(product, { v: 1, bundles: shown, pairings: [] }, null));
  });

  it("throws instead of trimming unless asked to trim", () => {
    const many = Array.from({ length: 60 }, (_, i) =>
      bundle({ id: `b-${i}`, title: `A rather long bundle title ${i}` }),
    );
    expect(() => planProductOfferMetafields(P(1), { values: build(many).get(P(1)) })).toThrow(
      OfferMetafieldTooLargeError,
    );
  });
});
