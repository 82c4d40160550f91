// The emulated Shopify shop: the data Shopify would hold for the demo store. Used only by the local
// Shopify emulator (local/) and tests; the app never imports it. Money is integer minor units in the
// shop's currency; ids are numeric (GIDs are built from them: gid://shopify/Product/<id>).

export interface EmulatedMetafield {
  /** As the Admin API sees it: "$app:attach" for app-owned metafields, or a merchant namespace. */
  namespace: string;
  key: string;
  /** Shopify metafield type, e.g. "json", "single_line_text_field", "list.product_reference". */
  type: string;
  /** Serialised value, exactly as Shopify stores it (JSON text for json and list types). */
  value: string;
  updatedAt: string;
}

export interface EmulatedVariant {
  id: number;
  productId: number;
  title: string; // "Default Title" for single-variant products
  sku: string;
  /** Option values, in the product's option order, e.g. ["Space Grey", "14-inch"]. */
  options: string[];
  price: number; // minor units
  compareAtPrice: number | null;
  /** InventoryItem.unitCost in minor units; null when the merchant has not entered a cost. */
  unitCost: number | null;
  inventoryQuantity: number;
  /** "deny" stops selling at 0; "continue" allows overselling. */
  inventoryPolicy: "deny" | "continue";
  requiresSellingPlan: boolean;
}

export interface EmulatedProduct {
  id: number;
  handle: string;
  title: string;
  descriptionHtml: string;
  vendor: string;
  productType: string;
  tags: string[];
  status: "ACTIVE" | "DRAFT" | "ARCHIVED";
  isGiftCard: boolean;
  /** Option names, e.g. ["Color", "Size"]; [] for single-variant products ("Title" / "Default Title"). */
  optionNames: string[];
  /** Path of the featured image on the storefront (served by the emulator under /cdn/), or null. */
  imageUrl: string | null;
  createdAt: string;
  updatedAt: string;
  variants: EmulatedVariant[];
  metafields: EmulatedMetafield[];
}

export interface EmulatedCollection {
  id: number;
  handle: string;
  title: string;
  productIds: number[];
}

export interface EmulatedCustomer {
  id: number;
  email: string;
  firstName: string;
  lastName: string;
  tags: string[];
  createdAt: string;
  metafields: EmulatedMetafield[];
}

export interface EmulatedLineItem {
  id: number;
  productId: number;
  variantId: number;
  title: string;
  variantTitle: string;
  sku: string;
  quantity: number;
  price: number; // unit price, minor units
  /** Line item properties; names starting with "_" are hidden from the shopper (e.g. "_attach_offer"). */
  properties: Array<{ name: string; value: string }>;
  /** Discounts allocated to this line: amount in minor units and the title of the discount. */
  discountAllocations: Array<{ amount: number; title: string }>;
  isGiftCard: boolean;
}

export interface EmulatedRefund {
  id: number;
  createdAt: string;
  note: string | null;
  lines: Array<{ lineItemId: number; quantity: number; subtotal: number; restockType: "return" | "no_restock" }>;
}

export interface EmulatedOrder {
  id: number;
  name: string; // "#1001"
  customerId: number | null;
  email: string | null;
  createdAt: string;
  processedAt: string;
  cancelledAt: string | null;
  currency: string;
  lineItems: EmulatedLineItem[];
  refunds: EmulatedRefund[];
  /** Discount applications (automatic app discounts by title). */
  discountApplications: Array<{ title: string; type: "automatic"; value: number }>;
  tags: string[];
}

export interface EmulatedAutomaticAppDiscount {
  id: number;
  title: string;
  functionId: string;
  startsAt: string;
  endsAt: string | null;
  status: "ACTIVE" | "EXPIRED" | "SCHEDULED";
  discountClasses: Array<"PRODUCT" | "ORDER" | "SHIPPING">;
  combinesWith: { orderDiscounts: boolean; productDiscounts: boolean; shippingDiscounts: boolean };
  metafields: EmulatedMetafield[];
  createdAt: string;
  updatedAt: string;
}

/** A basic code discount (discountCodeBasicCreate): percentage off some products, for some customers. */
export interface EmulatedCodeDiscount {
  id: number;
  title: string;
  code: string;
  /** 0 < percentage ≤ 1, as the Admin API takes it. */
  percentage: number;
  /** Product ids it applies to; empty: all products. */
  productIds: number[];
  /** Customer ids who may use it; empty: everyone. */
  customerIds: number[];
  usageLimit: number | null;
  appliesOncePerCustomer: boolean;
  startsAt: string;
  endsAt: string | null;
  createdAt: string;
}

/** A flowTriggerReceive call: the trigger's handle and its payload. */
export interface EmulatedFlowTrigger {
  handle: string;
  payload: unknown;
  receivedAt: string;
}

export interface EmulatedBulkOperation {
  id: number;
  query: string;
  status: "CREATED" | "RUNNING" | "COMPLETED" | "FAILED" | "CANCELED";
  type: "QUERY" | "MUTATION";
  createdAt: string;
  completedAt: string | null;
  objectCount: number;
  errorCode: string | null;
  /** JSONL result, served by the emulator at /bulk/<id>.jsonl when completed. */
  resultJsonl: string | null;
}

export interface EmulatedShop {
  /** The shop's myshopify domain, e.g. "attach-demo.myshopify.com". */
  domain: string;
  id: number;
  name: string;
  email: string;
  currencyCode: string;
  /** Liquid money formats, as in Shopify's settings: "${{amount}}" and "${{amount}} USD". */
  moneyFormat: string;
  moneyWithCurrencyFormat: string;
  primaryLocale: string;
  ianaTimezone: string;
  products: EmulatedProduct[];
  collections: EmulatedCollection[];
  customers: EmulatedCustomer[];
  orders: EmulatedOrder[];
  automaticAppDiscounts: EmulatedAutomaticAppDiscount[];
  /** Code discounts; may be absent until the first one is created. */
  codeDiscounts?: EmulatedCodeDiscount[];
  /** Flow triggers the app fired, oldest first; may be absent until the first. */
  flowTriggers?: EmulatedFlowTrigger[];
  bulkOperations: EmulatedBulkOperation[];
  /** App-installation metafields (app data metafields, Liquid's `app.metafields`). */
  appMetafields: EmulatedMetafield[];
  /** Shop-owned metafields (Liquid's `shop.metafields`); may be absent until the first one is set. */
  metafields?: EmulatedMetafield[];
  /** The next id to hand out for any new object (one counter, like Shopify's ids: unique per shop). */
  nextId: number;
  nextOrderNumber: number;
}
