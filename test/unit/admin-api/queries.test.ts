import { beforeAll, describe, expect, it } from "vitest";
import { ADA_ID, GRACE_ID, LAPTOP_ID, MOUSE_ID, newStore, query, run, SLEEVE_ID, warmSchema, yenShop } from "./fixture";

beforeAll(warmSchema, 30_000);

type Nodes<T> = { nodes: T[] };

async function productTitles(search: string): Promise<string[]> {
  const data = await query<{ products: Nodes<{ title: string }> }>(
    newStore(),
    "query ($q: String) { products(first: 10, query: $q) { nodes { title } } }",
    { q: search },
  );
  return data.products.nodes.map((p) => p.title);
}

describe("shop", () => {
  it("answers the shop's identity, currency, time zone and primary domain", async () => {
    const data = await query(
      newStore(),
      "{ shop { id name email contactEmail myshopifyDomain currencyCode ianaTimezone primaryDomain { url host } } }",
    );
    expect(data.shop).toEqual({
      id: "gid://shopify/Shop/1",
      name: "Attach Demo",
      email: "owner@attach-demo.test",
      contactEmail: "owner@attach-demo.test",
      myshopifyDomain: "attach-demo.myshopify.com",
      currencyCode: "USD",
      ianaTimezone: "America/New_York",
      primaryDomain: { url: "https://attach-demo.myshopify.com", host: "attach-demo.myshopify.com" },
    });
  });
});

describe("products search", () => {
  it("matches free text against the title", async () => {
    expect(await productTitles("laptop")).toEqual(["Laptop 14", "Laptop Sleeve"]);
  });

  it("filters by tag", async () => {
    expect(await productTitles("tag:accessory")).toEqual(["Laptop Sleeve", "Wireless Mouse"]);
  });

  it("filters by status, leaving archived products out", async () => {
    const titles = await productTitles("status:active");
    expect(titles).toHaveLength(4);
    expect(titles).not.toContain("Studio Headphones");
  });

  it("finds products by several ids joined with OR", async () => {
    expect(await productTitles(`id:${SLEEVE_ID} OR id:${MOUSE_ID}`)).toEqual(["Laptop Sleeve", "Wireless Mouse"]);
  });

  it("filters by product type, gift card flag and title", async () => {
    expect(await productTitles("product_type:Laptops")).toEqual(["Laptop 14"]);
    expect(await productTitles("gift_card:false status:active")).toEqual([
      "Laptop 14",
      "Laptop Sleeve",
      "Wireless Mouse",
    ]);
    expect(await productTitles("title:mouse")).toEqual(["Wireless Mouse"]);
  });

  it("supports negation and grouping", async () => {
    expect(await productTitles("-tag:accessory status:active gift_card:false")).toEqual(["Laptop 14"]);
    expect(await productTitles("(tag:audio OR tag:sleeve) AND status:archived")).toEqual(["Studio Headphones"]);
  });
});

describe("pagination", () => {
  const PAGE = `query ($after: String) {
    products(first: 2, after: $after) { edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage endCursor startCursor } }
  }`;
  type Page = {
    products: {
      edges: Array<{ cursor: string; node: { id: string } }>;
      pageInfo: {
        hasNextPage: boolean;
        hasPreviousPage: boolean;
        endCursor: string | null;
        startCursor: string | null;
      };
    };
  };

  it("walks every product with cursors, two at a time", async () => {
    const store = newStore();
    const ids: string[] = [];
    let after: string | null = null;
    const pages: Page["products"]["pageInfo"][] = [];
    do {
      const data: Page = await query<Page>(store, PAGE, { after });
      ids.push(...data.products.edges.map((e) => e.node.id));
      pages.push(data.products.pageInfo);
      after = data.products.pageInfo.hasNextPage ? data.products.pageInfo.endCursor : null;
    } while (after);
    expect(ids).toEqual([101, 102, 103, 104, 105].map((id) => `gid://shopify/Product/${id}`));
    expect(pages.map((p) => [p.hasPreviousPage, p.hasNextPage])).toEqual([
      [false, true],
      [true, true],
      [true, false],
    ]);
    expect(pages[0]?.startCursor).not.toBeNull();
  });

  it("pages backwards with last and before, and sorts with sortKey and reverse", async () => {
    const store = newStore();
    const all = await query<Page>(
      store,
      "{ products(first: 5) { edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage endCursor startCursor } } }",
    );
    const fourth = all.products.edges[3]?.cursor;
    const before = await query<{ products: Nodes<{ id: string }> }>(
      store,
      "query ($before: String) { products(last: 2, before: $before) { nodes { id } } }",
      { before: fourth },
    );
    expect(before.products.nodes.map((n) => n.id)).toEqual(["gid://shopify/Product/102", "gid://shopify/Product/103"]);

    const sorted = await query<{ products: Nodes<{ title: string }> }>(
      store,
      "{ products(first: 3, sortKey: TITLE, reverse: true) { nodes { title } } }",
    );
    expect(sorted.products.nodes.map((n) => n.title)).toEqual(["Wireless Mouse", "Studio Headphones", "Laptop Sleeve"]);
  });
});

describe("money", () => {
  it("serialises prices as decimal strings in the shop's currency", async () => {
    const data = await query<{
      product: { priceRangeV2: unknown; variants: Nodes<{ price: string; compareAtPrice: string | null }> };
    }>(
      newStore(),
      `{ product(id: "gid://shopify/Product/${SLEEVE_ID}") {
          priceRangeV2 { minVariantPrice { amount currencyCode } maxVariantPrice { amount currencyCode } }
          variants(first: 1) { nodes { price compareAtPrice } } } }`,
    );
    expect(data.product.variants.nodes[0]).toEqual({ price: "19.99", compareAtPrice: "24.99" });
    expect(data.product.priceRangeV2).toEqual({
      minVariantPrice: { amount: "19.99", currencyCode: "USD" },
      maxVariantPrice: { amount: "19.99", currencyCode: "USD" },
    });
  });

  it("writes yen without decimals", async () => {
    const data = await query<{ productVariant: { price: string; inventoryItem: { unitCost: unknown } } }>(
      newStore(yenShop()),
      `{ productVariant(id: "gid://shopify/ProductVariant/1021") { price inventoryItem { unitCost { amount currencyCode } } } }`,
    );
    expect(data.productVariant).toEqual({
      price: "1200",
      inventoryItem: { unitCost: { amount: "400", currencyCode: "JPY" } },
    });
  });

  it("gives a variant's unit cost, or null when the merchant entered none", async () => {
    const data = await query<{ products: Nodes<{ variants: Nodes<{ sku: string; inventoryItem: unknown }> }> }>(
      newStore(),
      `{ products(first: 5, query: "id:${LAPTOP_ID} OR id:${MOUSE_ID}") { nodes { variants(first: 5) { nodes {
          sku inventoryItem { id tracked unitCost { amount currencyCode } } } } } } }`,
    );
    const variants = data.products.nodes.flatMap((p) => p.variants.nodes);
    expect(variants).toEqual([
      {
        sku: "SKU-1011",
        inventoryItem: {
          id: "gid://shopify/InventoryItem/1011",
          tracked: true,
          unitCost: { amount: "900.00", currencyCode: "USD" },
        },
      },
      {
        sku: "SKU-1012",
        inventoryItem: {
          id: "gid://shopify/InventoryItem/1012",
          tracked: true,
          unitCost: { amount: "880.00", currencyCode: "USD" },
        },
      },
      { sku: "SKU-1031", inventoryItem: { id: "gid://shopify/InventoryItem/1031", tracked: true, unitCost: null } },
    ]);
  });
});

describe("products, variants, collections and nodes", () => {
  it("answers product details, options and variants", async () => {
    const data = await query<{ product: Record<string, unknown> }>(
      newStore(),
      `{ product(id: "gid://shopify/Product/${LAPTOP_ID}") {
          legacyResourceId handle status tags totalInventory tracksInventory isGiftCard onlineStoreUrl
          options { name values } variantsCount { count }
          featuredMedia { preview { image { url altText } } }
          collections(first: 5) { nodes { handle } }
          variants(first: 5) { nodes { title availableForSale inventoryPolicy selectedOptions { name value } } } } }`,
    );
    expect(data.product).toEqual({
      legacyResourceId: "101",
      handle: "laptop-14",
      status: "ACTIVE",
      tags: ["laptop", "featured"],
      totalInventory: 5,
      tracksInventory: true,
      isGiftCard: false,
      onlineStoreUrl: "https://attach-demo.myshopify.com/products/laptop-14",
      options: [
        { name: "Color", values: ["Space Grey", "Silver"] },
        { name: "Size", values: ["14-inch"] },
      ],
      variantsCount: { count: 2 },
      featuredMedia: { preview: { image: { url: "http://localhost/cdn/products/101.png", altText: null } } },
      collections: { nodes: [{ handle: "laptops" }] },
      variants: {
        nodes: [
          {
            title: "Space Grey / 14-inch",
            availableForSale: true,
            inventoryPolicy: "DENY",
            selectedOptions: [
              { name: "Color", value: "Space Grey" },
              { name: "Size", value: "14-inch" },
            ],
          },
          {
            title: "Silver / 14-inch",
            availableForSale: false,
            inventoryPolicy: "DENY",
            selectedOptions: [
              { name: "Color", value: "Silver" },
              { name: "Size", value: "14-inch" },
            ],
          },
        ],
      },
    });
  });

  it("searches variants by sku and links each back to its product", async () => {
    const data = await query<{ productVariants: Nodes<unknown> }>(
      newStore(),
      '{ productVariants(first: 5, query: "sku:SKU-1021") { nodes { id displayName product { id } } } }',
    );
    expect(data.productVariants.nodes).toEqual([
      {
        id: "gid://shopify/ProductVariant/1021",
        displayName: "Laptop Sleeve",
        product: { id: "gid://shopify/Product/102" },
      },
    ]);
  });

  it("lists collections with their products and counts", async () => {
    const data = await query<{ collections: Nodes<unknown>; collection: unknown }>(
      newStore(),
      `{ collections(first: 5, query: "title:accessories") { nodes { title productsCount { count } products(first: 5) { nodes { title } } } }
         collection(id: "gid://shopify/Collection/202") { handle } }`,
    );
    expect(data.collections.nodes).toEqual([
      {
        title: "Accessories",
        productsCount: { count: 2 },
        products: { nodes: [{ title: "Laptop Sleeve" }, { title: "Wireless Mouse" }] },
      },
    ]);
    expect(data.collection).toEqual({ handle: "laptops" });
  });

  it("resolves nodes of several types by GID, and null for unknown ones", async () => {
    const data = await query<{ nodes: unknown[] }>(
      newStore(),
      `query ($ids: [ID!]!) { nodes(ids: $ids) {
          __typename id
          ... on Product { title }
          ... on ProductVariant { sku }
          ... on Collection { handle }
          ... on Customer { displayName } } }`,
      {
        ids: [
          `gid://shopify/Product/${MOUSE_ID}`,
          "gid://shopify/ProductVariant/1011",
          "gid://shopify/Collection/201",
          `gid://shopify/Customer/${GRACE_ID}`,
          "gid://shopify/Product/999",
        ],
      },
    );
    expect(data.nodes).toEqual([
      { __typename: "Product", id: "gid://shopify/Product/103", title: "Wireless Mouse" },
      { __typename: "ProductVariant", id: "gid://shopify/ProductVariant/1011", sku: "SKU-1011" },
      { __typename: "Collection", id: "gid://shopify/Collection/201", handle: "accessories" },
      { __typename: "Customer", id: "gid://shopify/Customer/302", displayName: "Grace Hopper" },
      null,
    ]);
  });
});

describe("customers", () => {
  it("filters by tag and email and sums what each customer spent", async () => {
    const store = newStore();
    const vip = await query<{ customers: Nodes<unknown> }>(
      store,
      '{ customers(first: 5, query: "tag:vip") { nodes { id email firstName lastName displayName tags numberOfOrders amountSpent { amount currencyCode } } } }',
    );
    expect(vip.customers.nodes).toEqual([
      {
        id: `gid://shopify/Customer/${ADA_ID}`,
        email: "ada@example.com",
        firstName: "Ada",
        lastName: "Lovelace",
        displayName: "Ada Lovelace",
        tags: ["vip"],
        numberOfOrders: "2",
        // #1001 (1299.99 + 19.99 − 2.00 bundle discount) + #1003 (19.99 + 29.99)
        amountSpent: { amount: "1367.96", currencyCode: "USD" },
      },
    ]);
    const byEmail = await query<{ customers: Nodes<{ id: string }> }>(
      store,
      '{ customers(first: 5, query: "email:grace@example.com") { nodes { id } } }',
    );
    expect(byEmail.customers.nodes).toEqual([{ id: `gid://shopify/Customer/${GRACE_ID}` }]);
  });
});

describe("orders", () => {
  it("filters by creation date in the shop's time zone and sorts", async () => {
    const store = newStore();
    const since = await query<{ orders: Nodes<{ name: string }> }>(
      store,
      '{ orders(first: 10, query: "created_at:>=2026-01-01") { nodes { name } } }',
    );
    expect(since.orders.nodes.map((o) => o.name)).toEqual(["#1002", "#1003"]);
    const updated = await query<{ orders: Nodes<{ name: string; updatedAt: string }> }>(
      store,
      "{ orders(first: 10, query: \"updated_at:>='2026-01-11T00:00:00Z'\", sortKey: CREATED_AT, reverse: true) { nodes { name updatedAt } } }",
    );
    expect(updated.orders.nodes).toEqual([
      { name: "#1003", updatedAt: "2026-02-01T12:00:00Z" },
      { name: "#1002", updatedAt: "2026-01-12T15:00:00Z" },
    ]);
  });

  it("answers totals, line items with attributes and discounts, and refunds", async () => {
    const { result } = await run(
      newStore(),
      `{ order(id: "gid://shopify/Order/401") {
          legacyResourceId name currencyCode presentmentCurrencyCode email customer { id } tags
          subtotalPriceSet { shopMoney { amount currencyCode } presentmentMoney { amount currencyCode } }
          totalPriceSet { shopMoney { amount } }
          totalDiscountsSet { shopMoney { amount } }
          totalRefundedSet { shopMoney { amount } }
          lineItems(first: 5) { nodes {
            id title quantity sku variant { id } product { id }
            originalUnitPriceSet { shopMoney { amount } }
            discountedUnitPriceSet { shopMoney { amount } }
            customAttributes { key value }
            discountAllocations { allocatedAmountSet { shopMoney { amount } }
              discountApplication { ... on AutomaticDiscountApplication { title } } } } } } }`,
    );
    expect(result.errors).toBeUndefined();
    const order = (result.data as { order: Record<string, unknown> }).order;
    expect(order).toMatchObject({
      legacyResourceId: "401",
      name: "#1001",
      currencyCode: "USD",
      presentmentCurrencyCode: "USD",
      customer: { id: `gid://shopify/Customer/${ADA_ID}` },
      subtotalPriceSet: {
        shopMoney: { amount: "1317.98", currencyCode: "USD" },
        presentmentMoney: { amount: "1317.98", currencyCode: "USD" },
      },
      totalPriceSet: { shopMoney: { amount: "1317.98" } },
      totalDiscountsSet: { shopMoney: { amount: "2.00" } },
      totalRefundedSet: { shopMoney: { amount: "0.00" } },
    });
    expect((order.lineItems as Nodes<unknown>).nodes[1]).toEqual({
      id: "gid://shopify/LineItem/4012",
      title: "Laptop Sleeve",
      quantity: 1,
      sku: "SKU-1021",
      variant: { id: "gid://shopify/ProductVariant/1021" },
      product: { id: "gid://shopify/Product/102" },
      originalUnitPriceSet: { shopMoney: { amount: "19.99" } },
      discountedUnitPriceSet: { shopMoney: { amount: "17.99" } },
      customAttributes: [{ key: "_attach_offer", value: "bundle-1" }],
      discountAllocations: [
        { allocatedAmountSet: { shopMoney: { amount: "2.00" } }, discountApplication: { title: "Attach bundle" } },
      ],
    });
  });

  it("answers refunds with their line items", async () => {
    const data = await query<{ order: unknown }>(
      newStore(),
      `{ order(id: "gid://shopify/Order/402") { totalRefundedSet { shopMoney { amount } }
          refunds { id createdAt refundLineItems(first: 5) { nodes { lineItem { id } quantity subtotalSet { shopMoney { amount } } restockType } } } } }`,
    );
    expect(data.order).toEqual({
      totalRefundedSet: { shopMoney: { amount: "29.99" } },
      refunds: [
        {
          id: "gid://shopify/Refund/4901",
          createdAt: "2026-01-12T15:00:00Z",
          refundLineItems: {
            nodes: [
              {
                lineItem: { id: "gid://shopify/LineItem/4021" },
                quantity: 1,
                subtotalSet: { shopMoney: { amount: "29.99" } },
                restockType: "RETURN",
              },
            ],
          },
        },
      ],
    });
  });
});
