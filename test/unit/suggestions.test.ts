import { describe, expect, it } from "vitest";
import {
  evidenceSentence,
  isInStock,
  MIN_ORDERS_TOGETHER,
  suggestionGroups,
  suggestionRules,
  type SuggestionFilters,
  type SuggestionProduct,
} from "../../app/domain/suggestions";

const P = (name: string) => `gid://shopify/Product/${name}`;
const [LAPTOP, CASE, MOUSE, KEYBOARD, RARE, BEANS, GIFT, SLEEVE] = [
  "laptop",
  "case",
  "mouse",
  "keyboard",
  "rare",
  "beans",
  "gift",
  "sleeve",
].map(P) as [string, string, string, string, string, string, string, string];

// 100 orders. With the laptop (20 orders):
//   case      10 of 15 orders   confidence 50%  lift 3.33
//   keyboard   6 of 8           30%             3.75
//   mouse      8 of 30          40%             1.33
//   rare       4 of 4           20%             5.00  (too few orders together)
//   beans      6 of 50          30%             0.60  (less than chance)
//   gift card  5 of 10          25%             2.50
//   sleeve     6 of 10          30%             3.00
const counts = {
  orders: 100,
  products: [
    [LAPTOP, 20],
    [CASE, 15],
    [KEYBOARD, 8],
    [MOUSE, 30],
    [RARE, 4],
    [BEANS, 50],
    [GIFT, 10],
    [SLEEVE, 10],
  ].map(([productId, orders]) => ({ productId: productId as string, orders: orders as number })),
  pairs: [
    [CASE, LAPTOP, 10],
    [KEYBOARD, LAPTOP, 6],
    [LAPTOP, MOUSE, 8],
    [LAPTOP, RARE, 4],
    [BEANS, LAPTOP, 6],
    [GIFT, LAPTOP, 5],
    [LAPTOP, SLEEVE, 6],
  ].map(([productA, productB, orders]) => ({
    productA: productA as string,
    productB: productB as string,
    orders: orders as number,
  })),
};

const product = (id: string, title: string, fields: Partial<SuggestionProduct> = {}): SuggestionProduct => ({
  id,
  title,
  status: "ACTIVE",
  isGiftCard: false,
  inStock: true,
  ...fields,
});

const catalog = new Map(
  [
    product(LAPTOP, "Laptop"),
    product(CASE, "Case"),
    product(KEYBOARD, "Keyboard"),
    product(MOUSE, "Mouse"),
    product(RARE, "Rare"),
    product(BEANS, "Beans"),
    product(GIFT, "Gift Card", { isGiftCard: true }),
    product(SLEEVE, "Sleeve", { inStock: false }),
  ].map((p) => [p.id, p]),
);

const noFilters = (products = catalog): SuggestionFilters => ({ products, hidden: new Set(), paired: new Map() });

const complementsOf = (anchorId: string, groups: ReturnType<typeof suggestionGroups>) =>
  groups.find((g) => g.anchor.id === anchorId)?.suggestions.map((s) => s.complementTitle);

describe("suggestion ranking", () => {
  it("ranks a product's complements by lift, leaving out pairs under the minimum count and links weaker than chance", () => {
    const groups = suggestionGroups(suggestionRules(counts, "lift"), noFilters());
    // Rare (lift 5, only 4 orders together) and beans (lift 0.6) are not suggested.
    expect(complementsOf(LAPTOP, groups)).toEqual(["Keyboard", "Case", "Mouse"]);
    expect(MIN_ORDERS_TOGETHER).toBe(5);
  });

  it("sorts by confidence or by support when the merchant asks", () => {
    expect(complementsOf(LAPTOP, suggestionGroups(suggestionRules(counts, "confidence"), noFilters()))).toEqual([
      "Case",
      "Mouse",
      "Keyboard",
    ]);
    expect(complementsOf(LAPTOP, suggestionGroups(suggestionRules(counts, "support"), noFilters()))).toEqual([
      "Case",
      "Mouse",
      "Keyboard",
    ]);
  });

  it("suggests in both directions, each with its own evidence", () => {
    const groups = suggestionGroups(suggestionRules(counts, "lift"), noFilters());
    const caseGroup = groups.find((g) => g.anchor.id === CASE)!;
    expect(caseGroup.anchor).toEqual({ id: CASE, title: "Case", orders: 15 });
    expect(caseGroup.suggestions).toEqual([
      expect.objectContaining({
        complementId: LAPTOP,
        together: 10,
        anchorOrders: 15,
        complementOrders: 20,
        evidence: "Bought together in 10 of 15 Case orders — 66.7%, 3.3× more often than chance",
      }),
    ]);
    const laptopCase = groups.find((g) => g.anchor.id === LAPTOP)!.suggestions.find((s) => s.complementId === CASE)!;
    expect(laptopCase).toMatchObject({ support: 0.1, confidence: 0.5 });
    expect(laptopCase.lift).toBeCloseTo(10 / 3, 12);
    expect(laptopCase.evidence).toBe("Bought together in 10 of 20 Laptop orders — 50.0%, 3.3× more often than chance");
  });

  it("orders products by their best suggestion", () => {
    const groups = suggestionGroups(suggestionRules(counts, "lift"), noFilters());
    // Keyboard → laptop and laptop → keyboard share the best lift (3.75) and count: byte order decides.
    expect(groups.map((g) => g.anchor.title)).toEqual(["Keyboard", "Laptop", "Case", "Sleeve", "Mouse"]);
  });

  it("leaves out gift cards, products out of stock, hidden products, inactive or deleted products and existing pairings", () => {
    const rules = suggestionRules(counts, "lift");
    const groups = suggestionGroups(rules, noFilters());
    // Gift cards and the sold-out sleeve are never complements.
    expect(complementsOf(LAPTOP, groups)).not.toContain("Gift Card");
    expect(complementsOf(LAPTOP, groups)).not.toContain("Sleeve");
    // A product out of stock can still be an anchor: its complements are in stock.
    expect(complementsOf(SLEEVE, groups)).toEqual(["Laptop"]);
    // …but a gift card is never an anchor.
    expect(complementsOf(GIFT, groups)).toBeUndefined();

    const filtered = suggestionGroups(rules, {
      products: new Map([...catalog].filter(([id]) => id !== MOUSE)),
      hidden: new Set([KEYBOARD]),
      paired: new Map([[LAPTOP, new Set([CASE])]]),
    });
    expect(complementsOf(LAPTOP, filtered)).toBeUndefined();
    expect(complementsOf(KEYBOARD, filtered)).toBeUndefined();
    // Only the laptop's own pairing matters: the case still gets the laptop.
    expect(complementsOf(CASE, filtered)).toEqual(["Laptop"]);

    const drafts = new Map(catalog);
    drafts.set(CASE, product(CASE, "Case", { status: "DRAFT" }));
    drafts.set(MOUSE, product(MOUSE, "Mouse", { status: "ARCHIVED" }));
    expect(complementsOf(LAPTOP, suggestionGroups(rules, noFilters(drafts)))).toEqual(["Keyboard"]);
  });

  it("shows at most the asked number of suggestions per product", () => {
    const groups = suggestionGroups(suggestionRules(counts, "lift"), noFilters(), { perProduct: 2 });
    expect(complementsOf(LAPTOP, groups)).toEqual(["Keyboard", "Case"]);
  });

  it("suggests nothing without counted orders", () => {
    expect(suggestionRules({ orders: 0, products: [], pairs: [] }, "lift")).toEqual([]);
  });
});

describe("the evidence sentence", () => {
  it("says how many orders, out of how many, what share and how much more than chance", () => {
    expect(evidenceSentence({ count: 182, antecedentOrders: 1240, confidence: 182 / 1240, lift: 3.1 }, "Laptop")).toBe(
      "Bought together in 182 of 1,240 Laptop orders — 14.7%, 3.1× more often than chance",
    );
  });

  it("follows the locale's number format", () => {
    expect(
      evidenceSentence({ count: 1820, antecedentOrders: 12400, confidence: 0.146774, lift: 3.14 }, "Laptop", "de-DE"),
    ).toBe("Bought together in 1.820 of 12.400 Laptop orders — 14,7\u00a0%, 3,1× more often than chance");
  });
});

describe("whether a product is in stock", () => {
  const base = { tracksInventory: true, totalInventory: 0, variantsCount: 2 };
  it("is in stock when any variant can be bought (in stock, or sold when out of stock)", () => {
    expect(isInStock({ ...base, variantsAvailable: [false, true] })).toBe(true);
  });
  it("is out of stock when no variant can be bought", () => {
    expect(isInStock({ ...base, variantsAvailable: [false, false] })).toBe(false);
  });
  it("falls back on the inventory total when some variants were not fetched", () => {
    expect(isInStock({ ...base, variantsCount: 300, variantsAvailable: [false] })).toBe(false);
    expect(isInStock({ ...base, totalInventory: 4, variantsCount: 300, variantsAvailable: [false] })).toBe(true);
    expect(isInStock({ ...base, tracksInventory: false, variantsCount: 300, variantsAvailable: [false] })).toBe(true);
  });
});
