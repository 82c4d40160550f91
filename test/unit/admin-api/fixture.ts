// A small hand-built emulated shop for the Admin API emulator tests: five products (one with two
// variants, one gift card, one archived), two collections, two customers and three orders (one with an
// Attach bundle discount, one partly refunded).
import type { ExecutionResult } from "graphql";
import { executeAdminGraphQL } from "../../../local/admin-api/execute";
import { adminSchema } from "../../../local/admin-api/schema";
import { ShopStore } from "../../../local/admin-api/store";
import type { EmulatedProduct, EmulatedShop, EmulatedVariant } from "../../../local/shop/types";

export const NOW = new Date("2026-03-01T12:00:00Z");

function variant(productId: number, id: number, fields: Partial<EmulatedVariant> = {}): EmulatedVariant {
  return {
    id,
    productId,
    title: "Default Title",
    sku: `SKU-${id}`,
    options: [],
    price: 1000,
    compareAtPrice: null,
    unitCost: null,
    inventoryQuantity: 10,
    inventoryPolicy: "deny",
    requiresSellingPlan: false,
    ...fields,
  };
}

function product(id: number, fields: Partial<EmulatedProduct> & Pick<EmulatedProduct, "title">): EmulatedProduct {
  return {
    id,
    handle: fields.title.toLowerCase().replace(/[^a-z0-9]+/g, "-"),
    descriptionHtml: `<p>The ${fields.title}.</p>`,
    vendor: "Acme",
    productType: "Accessories",
    tags: [],
    status: "ACTIVE",
    isGiftCard: false,
    optionNames: [],
    imageUrl: `http://localhost/cdn/products/${id}.png`,
    createdAt: `2025-06-0${id % 10}T10:00:00Z`,
    updatedAt: `2025-06-0${id % 10}T10:00:00Z`,
    variants: [variant(id, id * 10 + 1)],
    metafields: [],
    ...fields,
  };
}

export const LAPTOP_ID = 101;
export const SLEEVE_ID = 102;
export const MOUSE_ID = 103;
export const GIFT_CARD_ID = 104;
export const HEADPHONES_ID = 105;
export const ADA_ID = 301;
export const GRACE_ID = 302;

export function demoShop(): EmulatedShop {
  return {
    domain: "attach-demo.myshopify.com",
    id: 1,
    name: "Attach Demo",
    email: "owner@attach-demo.test",
    currencyCode: "USD",
    moneyFormat: "${{amount}}",
    moneyWithCurrencyFormat: "${{amount}} USD",
    primaryLocale: "en",
    ianaTimezone: "America/New_York",
    products: [
      product(LAPTOP_ID, {
        title: "Laptop 14",
        productType: "Laptops",
        tags: ["laptop", "featured"],
        optionNames: ["Color", "Size"],
        variants: [
          variant(LAPTOP_ID, 1011, {
            title: "Space Grey / 14-inch",
            options: ["Space Grey", "14-inch"],
            price: 129999,
            unitCost: 90000,
            inventoryQuantity: 5,
          }),
          variant(LAPTOP_ID, 1012, {
            title: "Silver / 14-inch",
            options: ["Silver", "14-inch"],
            price: 124999,
            unitCost: 88000,
            inventoryQuantity: 0,
          }),
        ],
      }),
      product(SLEEVE_ID, {
        title: "Laptop Sleeve",
        tags: ["accessory", "sleeve"],
        variants: [
          variant(SLEEVE_ID, 1021, { price: 1999, compareAtPrice: 2499, unitCost: 650, inventoryQuantity: 40 }),
        ],
      }),
      product(MOUSE_ID, {
        title: "Wireless Mouse",
        tags: ["accessory"],
        variants: [variant(MOUSE_ID, 1031, { price: 2999, inventoryQuantity: 15 })],
      }),
      product(GIFT_CARD_ID, {
        title: "Gift Card",
        productType: "Gift Cards",
        isGiftCard: true,
        imageUrl: null,
        variants: [variant(GIFT_CARD_ID, 1041, { price: 5000 })],
      }),
      product(HEADPHONES_ID, {
        title: "Studio Headphones",
        productType: "Audio",
        status: "ARCHIVED",
        tags: ["audio"],
        variants: [variant(HEADPHONES_ID, 1051, { price: 9900 })],
      }),
    ],
    collections: [
      { id: 201, handle: "accessories", title: "Accessories", productIds: [SLEEVE_ID, MOUSE_ID] },
      { id: 202, handle: "laptops", title: "Laptops", productIds: [LAPTOP_ID] },
    ],
    customers: [
      {
        id: ADA_ID,
        email: "ada@example.com",
        firstName: "Ada",
        lastName: "Lovelace",
        tags: ["vip"],
        createdAt: "2025-01-05T08:00:00Z",
        metafields: [],
      },
      {
        id: GRACE_ID,
        email: "grace@example.com",
        firstName: "Grace",
        lastName: "Hopper",
        tags: [],
        createdAt: "2025-02-05T08:00:00Z",
        metafields: [],
      },
    ],
    orders: [
      {
        id: 401,
        name: "#1001",
        customerId: ADA_ID,
        email: "ada@example.com",
        createdAt: "2025-12-15T10:00:00Z",
        processedAt: "2025-12-15T10:00:00Z",
        cancelledAt: null,
        currency: "USD",
        lineItems: [
          {
            id: 4011,
            productId: LAPTOP_ID,
            variantId: 1011,
            title: "Laptop 14",
            variantTitle: "Space Grey / 14-inch",
            sku: "SKU-1011",
            quantity: 1,
            price: 129999,
            properties: [],
            discountAllocations: [],
            isGiftCard: false,
          },
          {
            id: 4012,
            productId: SLEEVE_ID,
            variantId: 1021,
            title: "Laptop Sleeve",
            variantTitle: "Default Title",
            sku: "SKU-1021",
            quantity: 1,
            price: 1999,
            properties: [{ name: "_attach_offer", value: "bundle-1" }],
            discountAllocations: [{ amount: 200, title: "Attach bundle" }],
            isGiftCard: false,
          },
        ],
        refunds: [],
        discountApplications: [{ title: "Attach bundle", type: "automatic", value: 10 }],
        tags: [],
      },
      {
        id: 402,
        name: "#1002",
        customerId: GRACE_ID,
        email: "grace@example.com",
        createdAt: "2026-01-10T09:00:00Z",
        processedAt: "2026-01-10T09:00:00Z",
        cancelledAt: null,
        currency: "USD",
        lineItems: [
          {
            id: 4021,
            productId: MOUSE_ID,
            variantId: 1031,
            title: "Wireless Mouse",
            variantTitle: "Default Title",
            sku: "SKU-1031",
            quantity: 2,
            price: 2999,
            properties: [],
            discountAllocations: [],
            isGiftCard: false,
          },
        ],
        refunds: [
          {
            id: 4901,
            createdAt: "2026-01-12T15:00:00Z",
            note: "Too many mice",
            lines: [{ lineItemId: 4021, quantity: 1, subtotal: 2999, restockType: "return" }],
          },
        ],
        discountApplications: [],
        tags: [],
      },
      {
        id: 403,
        name: "#1003",
        customerId: ADA_ID,
        email: "ada@example.com",
        createdAt: "2026-02-01T12:00:00Z",
        processedAt: "2026-02-01T12:00:00Z",
        cancelledAt: null,
        currency: "USD",
        lineItems: [
          {
            id: 4031,
            productId: SLEEVE_ID,
            variantId: 1021,
            title: "Laptop Sleeve",
            variantTitle: "Default Title",
            sku: "SKU-1021",
            quantity: 1,
            price: 1999,
            properties: [],
            discountAllocations: [],
            isGiftCard: false,
          },
          {
            id: 4032,
            productId: MOUSE_ID,
            variantId: 1031,
            title: "Wireless Mouse",
            variantTitle: "Default Title",
            sku: "SKU-1031",
            quantity: 1,
            price: 2999,
            properties: [],
            discountAllocations: [],
            isGiftCard: false,
          },
        ],
        refunds: [],
        discountApplications: [],
        tags: ["wholesale"],
      },
    ],
    automaticAppDiscounts: [],
    bulkOperations: [],
    appMetafields: [],
    nextId: 10_000,
    nextOrderNumber: 1004,
  };
}

/** The same shop selling in yen (no minor unit): prices are whole yen. */
export function yenShop(): EmulatedShop {
  const shop = demoShop();
  shop.currencyCode = "JPY";
  shop.moneyFormat = "¥{{amount_no_decimals}}";
  shop.moneyWithCurrencyFormat = "¥{{amount_no_decimals}} JPY";
  const sleeve = shop.products.find((p) => p.id === SLEEVE_ID);
  const sleeveVariant = sleeve?.variants[0];
  if (sleeveVariant) {
    sleeveVariant.price = 1200;
    sleeveVariant.compareAtPrice = null;
    sleeveVariant.unitCost = 400;
  }
  return shop;
}

export function newStore(shop: EmulatedShop = demoShop()): ShopStore {
  return new ShopStore(shop, { now: () => NOW });
}

/** Builds the schema ahead of the first test (it takes about half a second). */
export function warmSchema(): void {
  adminSchema();
}

export interface Run {
  result: ExecutionResult;
  /** What the emulator logged (stderr in real use). */
  logs: string[];
  data: Record<string, unknown>;
}

/** Runs an operation with a capturing log; `data` is the result's data (or {}). */
export async function run(store: ShopStore, query: string, variables?: Record<string, unknown>): Promise<Run> {
  const logs: string[] = [];
  const result = await executeAdminGraphQL(
    store,
    { query, variables },
    { baseUrl: "http://emulator.test", log: (message) => logs.push(message) },
  );
  return { result, logs, data: (result.data ?? {}) as Record<string, unknown> };
}

/** Runs an operation that must succeed; throws with the errors otherwise. */
export async function query<T = Record<string, unknown>>(
  store: ShopStore,
  text: string,
  variables?: Record<string, unknown>,
): Promise<T> {
  const { result } = await run(store, text, variables);
  if (result.errors?.length) {
    throw new Error(`GraphQL errors: ${result.errors.map((e) => e.message).join("; ")}`);
  }
  return result.data as T;
}
