// The storefront cart, as Shopify's Ajax Cart API sees it: carts keyed by the `cart` cookie's token,
// held in memory (a Map the caller may inject); lines keyed "<variant id>:<hash of properties>", so
// adding the same variant with the same properties merges into one line. Errors carry Shopify's status
// and description. Prices come from the shop, line discounts from a pluggable pricing function (the
// integrator plugs the discount Function in), and `cartJson` writes Shopify's /cart.js shape.

import crypto from "node:crypto";
import type { EmulatedCustomer, EmulatedProduct, EmulatedShop, EmulatedVariant } from "../shop/types";
import { toShopifyCents } from "./money-format";
import { isVisibleProduct, optionsWithValues, variantFullTitle } from "./objects";

export interface CartLine {
  /** "<variant id>:<32 hex digits of the properties' hash>", as on Shopify. */
  key: string;
  variantId: number;
  productId: number;
  quantity: number;
  /** Line item properties; names starting with "_" are hidden from the shopper. */
  properties: Record<string, string>;
}

export interface Cart {
  token: string;
  lines: CartLine[];
  note: string | null;
  attributes: Record<string, string>;
  createdAt: string;
  updatedAt: string;
}

export type CartStore = Map<string, Cart>;

/** A discount on one cart line: the amount off the whole line, in the shop's minor units. */
export interface LineDiscount {
  amount: number;
  title: string;
}

export interface CartPricingInput {
  token: string;
  currency: string;
  customer: EmulatedCustomer | null;
  attributes: Record<string, string>;
  lines: Array<{
    key: string;
    variantId: number;
    productId: number;
    quantity: number;
    /** Unit price in the shop's minor units. */
    unitPrice: number;
    properties: Record<string, string>;
    product: EmulatedProduct;
    variant: EmulatedVariant;
  }>;
}

export interface CartPricing {
  /** Discounts by line key; lines not in the map have none. */
  lineDiscounts: Map<string, LineDiscount[]>;
}

/** Prices a cart's lines: the seam where the integrator plugs in the discount Function. */
export type PriceCart = (cart: CartPricingInput) => CartPricing | Promise<CartPricing>;

export const noDiscounts: PriceCart = () => ({ lineDiscounts: new Map() });

export interface PricedLine {
  line: CartLine;
  product: EmulatedProduct;
  variant: EmulatedVariant;
  /** "Product - Variant", or the product title for a default variant. */
  title: string;
  /** Minor units. */
  unitPrice: number;
  linePrice: number;
  discounts: LineDiscount[];
  totalDiscount: number;
  finalLinePrice: number;
}

export interface PricedCart {
  cart: Cart;
  currency: string;
  lines: PricedLine[];
  itemCount: number;
  /** Minor units: before discounts, discounts, after discounts. */
  originalTotal: number;
  totalDiscount: number;
  total: number;
}

/** An Ajax Cart API error: `{status, message: "Cart Error", description}` with that HTTP status. */
export class CartError extends Error {
  readonly status: number;
  readonly description: string;

  constructor(status: number, description: string) {
    super(description);
    this.name = "CartError";
    this.status = status;
    this.description = description;
  }

  toJSON(): { status: number; message: string; description: string } {
    return { status: this.status, message: "Cart Error", description: this.description };
  }
}

export function newCartToken(): string {
  return crypto.randomBytes(16).toString("hex");
}

export function emptyCart(token = newCartToken(), now = new Date()): Cart {
  const at = now.toISOString();
  return { token, lines: [], note: null, attributes: {}, createdAt: at, updatedAt: at };
}

/** Shopify's line key: the variant id and a hash of the line's properties (order-independent). */
export function lineKey(variantId: number, properties: Record<string, string>): string {
  const canonical = JSON.stringify(Object.entries(properties).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return `${variantId}:${crypto.createHash("md5").update(canonical).digest("hex")}`;
}

interface VariantRef {
  product: EmulatedProduct;
  variant: EmulatedVariant;
}

/** The variant with this id on a published product, or null. */
export function findVariant(shop: EmulatedShop, variantId: number): VariantRef | null {
  for (const product of shop.products) {
    if (!isVisibleProduct(product)) continue;
    const variant = product.variants.find((v) => v.id === variantId);
    if (variant) return { product, variant };
  }
  return null;
}

function quantityInCart(cart: Cart, variantId: number, exceptKey?: string): number {
  return cart.lines.filter((l) => l.variantId === variantId && l.key !== exceptKey).reduce((s, l) => s + l.quantity, 0);
}

/** How many more of this variant may go in the cart; Infinity when overselling is allowed. */
function remainingStock(cart: Cart, ref: VariantRef, exceptKey?: string): number {
  if (ref.variant.inventoryPolicy === "continue") return Number.POSITIVE_INFINITY;
  return Math.max(0, ref.variant.inventoryQuantity - quantityInCart(cart, ref.variant.id, exceptKey));
}

export function normalizeProperties(input: unknown): Record<string, string> {
  const properties: Record<string, string> = {};
  if (!input || typeof input !== "object" || Array.isArray(input)) return properties;
  for (const [name, value] of Object.entries(input as Record<string, unknown>)) {
    // Shopify drops properties with blank values.
    if (value === null || value === undefined || value === "") continue;
    properties[name] = typeof value === "string" ? value : JSON.stringify(value);
  }
  return properties;
}

function parseQuantity(value: unknown, fallback: number): number {
  if (value === undefined || value === null || value === "") return fallback;
  const n = typeof value === "number" ? value : Number(value);
  if (!Number.isInteger(n)) throw new CartError(422, "Quantity must be a whole number.");
  return n;
}

function parseVariantId(value: unknown): number {
  const n = typeof value === "number" ? value : Number(value);
  if (!Number.isSafeInteger(n) || n <= 0) throw new CartError(404, "Cannot find variant");
  return n;
}

export interface AddItem {
  id: unknown;
  quantity?: unknown;
  properties?: unknown;
}

/**
 * POST /cart/add: adds every item or none. Returns the lines as they are after the add (merged lines
 * carry their new total quantity), in the order of the items.
 */
export function addToCart(shop: EmulatedShop, cart: Cart, items: readonly AddItem[], now = new Date()): CartLine[] {
  if (items.length === 0) throw new CartError(422, "Cannot find variant");
  const draft = structuredClone(cart);
  const touched: CartLine[] = [];
  for (const item of items) {
    const ref = findVariant(shop, parseVariantId(item.id));
    if (!ref) throw new CartError(404, "Cannot find variant");
    const quantity = parseQuantity(item.quantity, 1);
    if (quantity < 0) throw new CartError(422, "Quantity must be 0 or more.");
    if (quantity === 0) continue;
    const title = variantFullTitle(ref.product, ref.variant);
    if (ref.variant.requiresSellingPlan) {
      throw new CartError(422, "Variant can only be purchased with a selling plan.");
    }
    if (ref.variant.inventoryQuantity <= 0 && ref.variant.inventoryPolicy === "deny") {
      throw new CartError(422, `The product '${title}' is already sold out.`);
    }
    const remaining = remainingStock(draft, ref);
    if (quantity > remaining) {
      throw new CartError(
        422,
        remaining === 0
          ? `All ${ref.variant.inventoryQuantity} ${title} are in your cart.`
          : `You can only add ${remaining} ${title} to the cart.`,
      );
    }
    const properties = normalizeProperties(item.properties);
    const key = lineKey(ref.variant.id, properties);
    let line = draft.lines.find((l) => l.key === key);
    if (line) line.quantity += quantity;
    else {
      line = { key, variantId: ref.variant.id, productId: ref.product.id, quantity, properties };
      draft.lines.push(line);
    }
    touched.push(line);
  }
  commit(cart, draft, now);
  return touched;
}

export interface ChangeRequest {
  /** A line key ("123:abc…") or a variant id (the first line with that variant). */
  id?: unknown;
  /** 1-based line number. */
  line?: unknown;
  quantity?: unknown;
  properties?: unknown;
}

/**
 * POST /cart/change: sets one line's quantity (0 removes it) and optionally replaces its properties.
 * A quantity above the stock is lowered to the stock, as Shopify does.
 */
export function changeCartLine(shop: EmulatedShop, cart: Cart, change: ChangeRequest, now = new Date()): void {
  const draft = structuredClone(cart);
  let index = -1;
  if (change.line !== undefined && change.line !== null && change.line !== "") {
    const n = Number(change.line);
    if (Number.isInteger(n) && n >= 1) index = n - 1;
  } else if (typeof change.id === "string" && change.id.includes(":")) {
    index = draft.lines.findIndex((l) => l.key === change.id);
  } else if (change.id !== undefined && change.id !== null && change.id !== "") {
    const variantId = Number(change.id);
    index = draft.lines.findIndex((l) => l.variantId === variantId);
  } else {
    throw new CartError(400, "Required parameter missing or invalid: id or line");
  }
  const line = draft.lines[index];
  if (!line) throw new CartError(400, "Cannot find line item with the given id or line.");
  const hasQuantity = change.quantity !== undefined && change.quantity !== null && change.quantity !== "";
  const requested = hasQuantity ? parseQuantity(change.quantity, 0) : null;
  if (requested !== null && requested < 0) throw new CartError(422, "Quantity must be 0 or more.");
  if (change.properties !== undefined) {
    line.properties = normalizeProperties(change.properties);
    const newKey = lineKey(line.variantId, line.properties);
    const twin = draft.lines.find((l) => l.key === newKey && l !== line);
    line.key = newKey;
    if (twin) {
      line.quantity += twin.quantity;
      draft.lines.splice(draft.lines.indexOf(twin), 1);
    }
  }
  // Without a quantity the line keeps its own (after any merge).
  setQuantity(shop, draft, line, requested ?? line.quantity);
  commit(cart, draft, now);
}

export interface UpdateRequest {
  /** `{key_or_variant_id: quantity}` or quantities by line position. */
  updates?: unknown;
  note?: unknown;
  attributes?: unknown;
}

/** POST /cart/update: many quantities at once (unknown variants with a quantity are added), note, attributes. */
export function updateCart(shop: EmulatedShop, cart: Cart, update: UpdateRequest, now = new Date()): void {
  const draft = structuredClone(cart);
  const { updates } = update;
  if (Array.isArray(updates)) {
    const lines = [...draft.lines];
    updates.forEach((qty, index) => {
      const line = lines[index];
      if (line) setQuantity(shop, draft, line, parseQuantity(qty, line.quantity));
    });
  } else if (updates && typeof updates === "object") {
    for (const [id, qty] of Object.entries(updates as Record<string, unknown>)) {
      const quantity = parseQuantity(qty, 0);
      const line = id.includes(":")
        ? draft.lines.find((l) => l.key === id)
        : draft.lines.find((l) => l.variantId === Number(id));
      if (line) setQuantity(shop, draft, line, quantity);
      else if (!id.includes(":") && quantity > 0) {
        const variantId = parseVariantId(id);
        const ref = findVariant(shop, variantId);
        if (!ref) throw new CartError(404, "Cannot find variant");
        const properties = {};
        const newLine = {
          key: lineKey(variantId, properties),
          variantId,
          productId: ref.product.id,
          quantity: 0,
          properties,
        };
        draft.lines.push(newLine);
        setQuantity(shop, draft, newLine, quantity);
      }
    }
  }
  if (typeof update.note === "string") draft.note = update.note;
  if (update.attributes && typeof update.attributes === "object" && !Array.isArray(update.attributes)) {
    for (const [name, value] of Object.entries(update.attributes as Record<string, unknown>)) {
      if (value === null || value === "") delete draft.attributes[name];
      else draft.attributes[name] = String(value);
    }
  }
  commit(cart, draft, now);
}

/** POST /cart/clear: removes every line (the note and attributes stay, as on Shopify). */
export function clearCart(cart: Cart, now = new Date()): void {
  cart.lines = [];
  cart.updatedAt = now.toISOString();
}

function setQuantity(shop: EmulatedShop, draft: Cart, line: CartLine, quantity: number): void {
  if (quantity < 0) throw new CartError(422, "Quantity must be 0 or more.");
  if (quantity === 0) {
    draft.lines.splice(draft.lines.indexOf(line), 1);
    return;
  }
  const ref = findVariant(shop, line.variantId);
  if (!ref) {
    draft.lines.splice(draft.lines.indexOf(line), 1);
    return;
  }
  const allowed = remainingStock(draft, ref, line.key);
  line.quantity = Math.min(quantity, allowed);
  if (line.quantity === 0) draft.lines.splice(draft.lines.indexOf(line), 1);
}

function commit(cart: Cart, draft: Cart, now: Date): void {
  cart.lines = draft.lines;
  cart.note = draft.note;
  cart.attributes = draft.attributes;
  cart.updatedAt = now.toISOString();
}

/** Prices the cart's lines against the shop and the pricing function; lines whose variant is gone are left out. */
export async function priceCart(
  shop: EmulatedShop,
  cart: Cart,
  pricing: PriceCart,
  customer: EmulatedCustomer | null,
): Promise<PricedCart> {
  const resolved = cart.lines
    .map((line) => ({ line, ref: findVariant(shop, line.variantId) }))
    .filter((entry): entry is { line: CartLine; ref: VariantRef } => entry.ref !== null);
  const input: CartPricingInput = {
    token: cart.token,
    currency: shop.currencyCode,
    customer,
    attributes: { ...cart.attributes },
    lines: resolved.map(({ line, ref }) => ({
      key: line.key,
      variantId: line.variantId,
      productId: ref.product.id,
      quantity: line.quantity,
      unitPrice: ref.variant.price,
      properties: { ...line.properties },
      product: ref.product,
      variant: ref.variant,
    })),
  };
  const { lineDiscounts } = await pricing(input);
  const lines = resolved.map(({ line, ref }): PricedLine => {
    const linePrice = ref.variant.price * line.quantity;
    // A discount never takes a line below zero.
    let left = linePrice;
    const discounts: LineDiscount[] = [];
    for (const d of lineDiscounts.get(line.key) ?? []) {
      const amount = Math.min(Math.max(0, Math.round(d.amount)), left);
      if (amount === 0) continue;
      left -= amount;
      discounts.push({ amount, title: d.title });
    }
    const totalDiscount = linePrice - left;
    return {
      line,
      product: ref.product,
      variant: ref.variant,
      title: variantFullTitle(ref.product, ref.variant),
      unitPrice: ref.variant.price,
      linePrice,
      discounts,
      totalDiscount,
      finalLinePrice: left,
    };
  });
  const originalTotal = lines.reduce((s, l) => s + l.linePrice, 0);
  const totalDiscount = lines.reduce((s, l) => s + l.totalDiscount, 0);
  return {
    cart,
    currency: shop.currencyCode,
    lines,
    itemCount: lines.reduce((s, l) => s + l.line.quantity, 0),
    originalTotal,
    totalDiscount,
    total: originalTotal - totalDiscount,
  };
}

// ---------------------------------------------------------------------------------------------
// Shopify's /cart.js JSON

export interface UrlContext {
  /** "" or "/fr": the locale's URL prefix. */
  localePrefix: string;
}

/** One line as /cart.js and /cart/add.js write it; money in Shopify's storefront cents. */
export function lineItemJson(priced: PricedLine, currency: string, urls: UrlContext): Record<string, unknown> {
  const cents = (minor: number) => toShopifyCents(minor, currency);
  const { line, product, variant } = priced;
  const price = cents(priced.unitPrice);
  const linePrice = cents(priced.linePrice);
  const finalLinePrice = cents(priced.finalLinePrice);
  const finalPrice = Math.round(finalLinePrice / line.quantity);
  const totalDiscount = cents(priced.totalDiscount);
  const defaultVariant = product.optionNames.length === 0;
  const url = `${urls.localePrefix}/products/${product.handle}?variant=${variant.id}`;
  return {
    id: variant.id,
    properties: { ...line.properties },
    quantity: line.quantity,
    variant_id: variant.id,
    key: line.key,
    title: priced.title,
    price,
    original_price: price,
    presentment_price: price / 100,
    discounted_price: finalPrice,
    line_price: linePrice,
    original_line_price: linePrice,
    total_discount: totalDiscount,
    discounts: priced.discounts.map((d) => ({ amount: cents(d.amount), title: d.title })),
    sku: variant.sku,
    grams: 0,
    vendor: product.vendor,
    taxable: true,
    product_id: product.id,
    product_has_only_default_variant: defaultVariant,
    gift_card: product.isGiftCard,
    final_price: finalPrice,
    final_line_price: finalLinePrice,
    url,
    featured_image: product.imageUrl
      ? { aspect_ratio: 1, alt: product.title, height: null, url: product.imageUrl, width: null }
      : null,
    image: product.imageUrl,
    handle: product.handle,
    requires_shipping: !product.isGiftCard,
    product_type: product.productType,
    product_title: product.title,
    product_description: product.descriptionHtml,
    variant_title: defaultVariant ? null : variant.title,
    variant_options: defaultVariant ? ["Default Title"] : [...variant.options],
    options_with_values: optionsWithValues(priced),
    line_level_discount_allocations: priced.discounts.map((d) => ({
      amount: cents(d.amount),
      discount_application: {
        type: "automatic",
        key: `automatic:${d.title}`,
        title: d.title,
        description: null,
        value: String(cents(d.amount) / 100),
        value_type: "fixed_amount",
        allocation_method: "each",
        target_selection: "entitled",
        target_type: "line_item",
        total_allocated_amount: cents(d.amount),
      },
    })),
    line_level_total_discount: totalDiscount,
    has_components: false,
  };
}

/** GET /cart.js. */
export function cartJson(priced: PricedCart, urls: UrlContext): Record<string, unknown> {
  const cents = (minor: number) => toShopifyCents(minor, priced.currency);
  return {
    token: priced.cart.token,
    note: priced.cart.note,
    attributes: { ...priced.cart.attributes },
    original_total_price: cents(priced.originalTotal),
    total_price: cents(priced.total),
    total_discount: cents(priced.totalDiscount),
    total_weight: 0,
    item_count: priced.itemCount,
    items: priced.lines.map((line) => lineItemJson(line, priced.currency, urls)),
    requires_shipping: priced.lines.some((l) => !l.product.isGiftCard),
    currency: priced.currency,
    items_subtotal_price: cents(priced.total),
    cart_level_discount_applications: [],
    discount_codes: [],
  };
}
