// Shopify's Liquid objects (drops) over the emulated shop: shop, product, variant, image, collection,
// customer, cart and line items, metafields, request, routes, localization, app. Money is in
// Shopify's storefront cents (see money-format.ts). Drops resolve lazily, so a product that
// references another product through a metafield costs nothing until a template reads it; within
// one request every product has one drop. `toJSON` gives the shapes of Shopify's Ajax Product API, which
// is also what Liquid's `json` filter prints for a product.

import { Drop } from "liquidjs";
import type {
  EmulatedCollection,
  EmulatedCustomer,
  EmulatedMetafield,
  EmulatedProduct,
  EmulatedShop,
  EmulatedVariant,
} from "../shop/types";
import type { PricedCart, PricedLine } from "./cart";
import { toShopifyCents } from "./money-format";

export interface ObjectScope {
  shop: EmulatedShop;
  /** The app's API client id: `$app:attach` is `app--<id>--attach` in Liquid. */
  apiClientId: string;
  /** The request's locale ("en", "fr") and its URL prefix ("" for the primary locale, "/fr" otherwise). */
  locale: string;
  localePrefix: string;
  /** "http://localhost:3000": the storefront's origin. */
  origin: string;
  /** The `?variant=` of a product page. */
  selectedVariantId?: number | null;
}

/** A metafield namespace as Liquid names it: "$app:attach" → "app--<client id>--attach", "$app" → "app--<id>". */
export function liquidNamespace(namespace: string, apiClientId: string): string {
  if (namespace === "$app") return `app--${apiClientId}`;
  if (namespace.startsWith("$app:")) return `app--${apiClientId}--${namespace.slice("$app:".length)}`;
  return namespace;
}

const GID = /^gid:\/\/shopify\/(\w+)\/(\d+)$/;

export function isVisibleProduct(product: EmulatedProduct): boolean {
  return product.status === "ACTIVE";
}

export function isVariantAvailable(variant: EmulatedVariant): boolean {
  return variant.inventoryPolicy === "continue" || variant.inventoryQuantity > 0;
}

export function hasOnlyDefaultVariant(product: EmulatedProduct): boolean {
  return (
    product.optionNames.length === 0 ||
    (product.variants.length === 1 && product.variants[0]!.title === "Default Title")
  );
}

/** "Laptop - Space Grey / 14-inch", or the product title alone for a default variant (Shopify's line title). */
export function variantFullTitle(product: EmulatedProduct, variant: EmulatedVariant): string {
  return hasOnlyDefaultVariant(product) ? product.title : `${product.title} - ${variant.title}`;
}

/** The drops of one request. */
export class StorefrontObjects {
  private readonly products = new Map<number, ProductDrop>();
  private readonly collections = new Map<number, CollectionDrop>();

  constructor(readonly scope: ObjectScope) {}

  get currency(): string {
    return this.scope.shop.currencyCode;
  }

  cents(minorUnits: number): number {
    return toShopifyCents(minorUnits, this.currency);
  }

  url(path: string): string {
    return `${this.scope.localePrefix}${path}`;
  }

  product(product: EmulatedProduct): ProductDrop {
    let drop = this.products.get(product.id);
    if (!drop) {
      drop = new ProductDrop(this, product);
      this.products.set(product.id, drop);
    }
    return drop;
  }

  /** A published product's drop, or null (drafts and archived products are not on the storefront). */
  productById(id: number): ProductDrop | null {
    const product = this.scope.shop.products.find((p) => p.id === id);
    return product && isVisibleProduct(product) ? this.product(product) : null;
  }

  productByHandle(handle: string): ProductDrop | null {
    const product = this.scope.shop.products.find((p) => p.handle === handle);
    return product && isVisibleProduct(product) ? this.product(product) : null;
  }

  variantById(id: number): VariantDrop | null {
    for (const product of this.scope.shop.products) {
      if (!isVisibleProduct(product)) continue;
      const variant = product.variants.find((v) => v.id === id);
      if (variant) return this.product(product)[VARIANT](variant);
    }
    return null;
  }

  collection(collection: EmulatedCollection): CollectionDrop {
    let drop = this.collections.get(collection.id);
    if (!drop) {
      drop = new CollectionDrop(this, collection);
      this.collections.set(collection.id, drop);
    }
    return drop;
  }

  collectionById(id: number): CollectionDrop | null {
    const collection = this.scope.shop.collections.find((c) => c.id === id);
    return collection ? this.collection(collection) : null;
  }

  collectionByHandle(handle: string): CollectionDrop | null {
    const collection = this.scope.shop.collections.find((c) => c.handle === handle);
    return collection ? this.collection(collection) : null;
  }

  metafields(list: readonly EmulatedMetafield[]): MetafieldsDrop {
    return new MetafieldsDrop(this, list);
  }

  /** Resolves a metafield reference gid to its drop; null for anything not on the storefront. */
  reference(gid: unknown): unknown {
    if (typeof gid !== "string") return null;
    const match = GID.exec(gid);
    if (!match) return null;
    const id = Number(match[2]);
    switch (match[1]) {
      case "Product":
        return this.productById(id);
      case "ProductVariant":
        return this.variantById(id);
      case "Collection":
        return this.collectionById(id);
      default:
        return gid; // files, pages, metaobjects: not emulated, the gid is kept
    }
  }

  shopDrop(): ShopDrop {
    return new ShopDrop(this);
  }

  customer(customer: EmulatedCustomer | null): CustomerDrop | null {
    return customer ? new CustomerDrop(this, customer) : null;
  }

  cart(priced: PricedCart): CartDrop {
    return new CartDrop(this, priced);
  }
}

/** Internal accessors of drops: symbol keys, so templates cannot reach them. */
export const RAW = Symbol("raw");
export const VARIANT = Symbol("variant");
const ADD = Symbol("add");

// ---------------------------------------------------------------------------------------------
// Metafields

export class MetafieldsDrop extends Drop {
  readonly #namespaces = new Map<string, MetafieldNamespaceDrop>();
  readonly #objects: StorefrontObjects;

  constructor(objects: StorefrontObjects, list: readonly EmulatedMetafield[]) {
    super();
    this.#objects = objects;
    for (const metafield of list) {
      const namespace = liquidNamespace(metafield.namespace, objects.scope.apiClientId);
      let drop = this.#namespaces.get(namespace);
      if (!drop) {
        drop = new MetafieldNamespaceDrop();
        this.#namespaces.set(namespace, drop);
      }
      drop[ADD](metafield.key, new MetafieldDrop(objects, metafield));
    }
  }

  /** `metafields["$app:attach"]`, `metafields["app--<id>--attach"]` and `metafields.custom` all resolve here. */
  override liquidMethodMissing(key: string | number): MetafieldNamespaceDrop | undefined {
    return this.#namespaces.get(liquidNamespace(String(key), this.#objects.scope.apiClientId));
  }

  /**
   * What Liquid reads properties from: a prototype-less map of namespaces (so `metafields.constructor`
   * is nil, not a function), where `$app:<ns>` is an alias of `app--<client id>--<ns>`.
   */
  toLiquid(): Record<string, MetafieldNamespaceDrop> {
    const map = Object.create(null) as Record<string, MetafieldNamespaceDrop>;
    const prefix = `app--${this.#objects.scope.apiClientId}`;
    for (const [namespace, drop] of this.#namespaces) {
      map[namespace] = drop;
      if (namespace === prefix) map.$app = drop;
      else if (namespace.startsWith(`${prefix}--`)) map[`$app:${namespace.slice(prefix.length + 2)}`] = drop;
    }
    return map;
  }

  toJSON(): Record<string, unknown> {
    return Object.fromEntries([...this.#namespaces].map(([namespace, drop]) => [namespace, drop.toJSON()]));
  }
}

export class MetafieldNamespaceDrop extends Drop {
  readonly #fields = new Map<string, MetafieldDrop>();

  [ADD](key: string, drop: MetafieldDrop): void {
    this.#fields.set(key, drop);
  }

  override liquidMethodMissing(key: string | number): MetafieldDrop | undefined {
    return this.#fields.get(String(key));
  }

  toLiquid(): Record<string, MetafieldDrop> {
    return Object.assign(Object.create(null) as Record<string, MetafieldDrop>, Object.fromEntries(this.#fields));
  }

  toJSON(): Record<string, unknown> {
    return Object.fromEntries([...this.#fields].map(([key, drop]) => [key, drop.toJSON()]));
  }
}

export class MetafieldDrop extends Drop {
  #parsed: { value: unknown } | null = null;
  readonly #objects: StorefrontObjects;
  readonly #metafield: EmulatedMetafield;

  constructor(objects: StorefrontObjects, metafield: EmulatedMetafield) {
    super();
    this.#objects = objects;
    this.#metafield = metafield;
  }

  get type(): string {
    return this.#metafield.type;
  }

  get namespace(): string {
    return liquidNamespace(this.#metafield.namespace, this.#objects.scope.apiClientId);
  }

  get key(): string {
    return this.#metafield.key;
  }

  get "list?"(): boolean {
    return this.#metafield.type.startsWith("list.");
  }

  /** The typed value: json → object, list.product_reference → product drops, number_integer → number… */
  get value(): unknown {
    if (!this.#parsed) this.#parsed = { value: parseMetafieldValue(this.#metafield, this.#objects) };
    return this.#parsed.value;
  }

  /** `{{ product.metafields.ns.key }}` prints the stored value, as Shopify does. */
  override valueOf(): string {
    return this.#metafield.value;
  }

  override toString(): string {
    return this.#metafield.value;
  }

  toJSON(): unknown {
    return this.value;
  }
}

/** Parses a stored metafield value by its type; malformed values read as nil, as on Shopify. */
export function parseMetafieldValue(metafield: EmulatedMetafield, objects: StorefrontObjects): unknown {
  const { type, value } = metafield;
  try {
    if (type.startsWith("list.")) {
      const items = JSON.parse(value) as unknown;
      if (!Array.isArray(items)) return null;
      const itemType = type.slice("list.".length);
      return items.map((item) => parseScalar(itemType, item, objects)).filter((item) => item !== null);
    }
    switch (type) {
      case "json":
      case "money":
      case "rating":
      case "dimension":
      case "weight":
      case "volume":
      case "link":
      case "rich_text_field":
        return JSON.parse(value) as unknown;
      default:
        return parseScalar(type, value, objects);
    }
  } catch {
    return null;
  }
}

function parseScalar(type: string, raw: unknown, objects: StorefrontObjects): unknown {
  if (type.endsWith("_reference")) return objects.reference(raw);
  switch (type) {
    case "boolean":
      return raw === true || raw === "true";
    case "number_integer": {
      const n = typeof raw === "number" ? raw : Number.parseInt(String(raw), 10);
      return Number.isFinite(n) ? n : null;
    }
    case "number_decimal": {
      const n = Number(raw);
      return Number.isFinite(n) ? n : null;
    }
    case "dimension":
    case "weight":
    case "volume":
    case "rating":
    case "money":
    case "link":
      return typeof raw === "string" ? (JSON.parse(raw) as unknown) : raw;
    default:
      return raw;
  }
}

// ---------------------------------------------------------------------------------------------
// Products

export class ImageDrop extends Drop {
  readonly #productId: number | null;

  constructor(
    readonly src: string,
    readonly alt: string,
    productId: number | null,
    readonly position = 1,
  ) {
    super();
    this.#productId = productId;
  }

  get id(): number | null {
    return this.#productId;
  }

  get url(): string {
    return this.src;
  }

  get product_id(): number | null {
    return this.#productId;
  }

  get width(): null {
    return null;
  }

  get height(): null {
    return null;
  }

  get aspect_ratio(): number {
    return 1;
  }

  get media_type(): string {
    return "image";
  }

  get preview_image(): ImageDrop {
    return this;
  }

  get variants(): unknown[] {
    return [];
  }

  get "attached_to_variant?"(): boolean {
    return false;
  }

  override valueOf(): string {
    return this.src;
  }

  override toString(): string {
    return this.src;
  }

  toJSON(): Record<string, unknown> {
    return {
      id: this.#productId,
      alt: this.alt,
      position: this.position,
      product_id: this.#productId,
      src: this.src,
      width: null,
      height: null,
      aspect_ratio: 1,
      variant_ids: [],
    };
  }
}

export class ProductDrop extends Drop {
  readonly #variantDrops = new Map<number, VariantDrop>();
  readonly #objects: StorefrontObjects;
  readonly #product: EmulatedProduct;

  constructor(objects: StorefrontObjects, product: EmulatedProduct) {
    super();
    this.#objects = objects;
    this.#product = product;
  }

  /** The emulated product behind the drop. */
  get [RAW](): EmulatedProduct {
    return this.#product;
  }

  [VARIANT](variant: EmulatedVariant): VariantDrop {
    let drop = this.#variantDrops.get(variant.id);
    if (!drop) {
      drop = new VariantDrop(this.#objects, this, variant);
      this.#variantDrops.set(variant.id, drop);
    }
    return drop;
  }

  #prices(pick: (v: EmulatedVariant) => number | null): number[] {
    return this.#product.variants.map(pick).filter((p): p is number => p !== null);
  }

  get id(): number {
    return this.#product.id;
  }
  get handle(): string {
    return this.#product.handle;
  }
  get title(): string {
    return this.#product.title;
  }
  get description(): string {
    return this.#product.descriptionHtml;
  }
  get content(): string {
    return this.#product.descriptionHtml;
  }
  get vendor(): string {
    return this.#product.vendor;
  }
  get type(): string {
    return this.#product.productType;
  }
  get tags(): string[] {
    return [...this.#product.tags];
  }
  get url(): string {
    return this.#objects.url(`/products/${this.#product.handle}`);
  }
  get created_at(): string {
    return this.#product.createdAt;
  }
  get published_at(): string {
    return this.#product.createdAt;
  }
  get template_suffix(): null {
    return null;
  }
  get price(): number {
    const prices = this.#prices((v) => v.price);
    return prices.length ? this.#objects.cents(Math.min(...prices)) : 0;
  }
  get price_min(): number {
    return this.price;
  }
  get price_max(): number {
    const prices = this.#prices((v) => v.price);
    return prices.length ? this.#objects.cents(Math.max(...prices)) : 0;
  }
  get price_varies(): boolean {
    return this.price_min !== this.price_max;
  }
  get compare_at_price(): number | null {
    const prices = this.#prices((v) => v.compareAtPrice);
    return prices.length ? this.#objects.cents(Math.min(...prices)) : null;
  }
  get compare_at_price_min(): number {
    return this.compare_at_price ?? 0;
  }
  get compare_at_price_max(): number {
    const prices = this.#prices((v) => v.compareAtPrice);
    return prices.length ? this.#objects.cents(Math.max(...prices)) : 0;
  }
  get compare_at_price_varies(): boolean {
    return this.compare_at_price_min !== this.compare_at_price_max;
  }
  get available(): boolean {
    return this.#product.variants.some(isVariantAvailable);
  }
  get "gift_card?"(): boolean {
    return this.#product.isGiftCard;
  }
  get gift_card(): boolean {
    return this.#product.isGiftCard;
  }
  get requires_selling_plan(): boolean {
    return this.#product.variants.length > 0 && this.#product.variants.every((v) => v.requiresSellingPlan);
  }
  get selling_plan_groups(): unknown[] {
    return [];
  }
  get "quantity_price_breaks_configured?"(): boolean {
    return false;
  }
  get has_only_default_variant(): boolean {
    return hasOnlyDefaultVariant(this.#product);
  }
  get variants(): VariantDrop[] {
    return this.#product.variants.map((v) => this[VARIANT](v));
  }
  get first_available_variant(): VariantDrop | null {
    const variant = this.#product.variants.find(isVariantAvailable);
    return variant ? this[VARIANT](variant) : null;
  }
  get selected_variant(): VariantDrop | null {
    const id = this.#objects.scope.selectedVariantId;
    const variant = id ? this.#product.variants.find((v) => v.id === id) : undefined;
    return variant ? this[VARIANT](variant) : null;
  }
  get selected_or_first_available_variant(): VariantDrop | null {
    const first = this.#product.variants[0];
    return this.selected_variant ?? this.first_available_variant ?? (first ? this[VARIANT](first) : null);
  }
  get options(): string[] {
    return this.#product.optionNames.length ? [...this.#product.optionNames] : ["Title"];
  }
  get options_with_values(): Array<Record<string, unknown>> {
    const selected = this.selected_or_first_available_variant;
    return this.options.map((name, index) => {
      const values = this.has_only_default_variant
        ? ["Default Title"]
        : [...new Set(this.#product.variants.map((v) => v.options[index]).filter((v): v is string => v !== undefined))];
      return {
        name,
        position: index + 1,
        values,
        selected_value: selected ? (selected.options[index] ?? null) : null,
      };
    });
  }
  get featured_image(): ImageDrop | null {
    return this.#product.imageUrl ? new ImageDrop(this.#product.imageUrl, this.#product.title, this.#product.id) : null;
  }
  get images(): ImageDrop[] {
    const image = this.featured_image;
    return image ? [image] : [];
  }
  get media(): ImageDrop[] {
    return this.images;
  }
  get featured_media(): ImageDrop | null {
    return this.featured_image;
  }
  get collections(): CollectionDrop[] {
    return this.#objects.scope.shop.collections
      .filter((c) => c.productIds.includes(this.#product.id))
      .map((c) => this.#objects.collection(c));
  }
  get metafields(): MetafieldsDrop {
    return this.#objects.metafields(this.#product.metafields);
  }

  /** Shopify's Ajax Product API shape (/products/<handle>.js), which Liquid's `json` also prints. */
  toJSON(): Record<string, unknown> {
    const image = this.featured_image;
    return {
      id: this.id,
      title: this.title,
      handle: this.handle,
      description: this.description,
      published_at: this.published_at,
      created_at: this.created_at,
      vendor: this.vendor,
      type: this.type,
      tags: this.tags,
      price: this.price,
      price_min: this.price_min,
      price_max: this.price_max,
      available: this.available,
      price_varies: this.price_varies,
      compare_at_price: this.compare_at_price,
      compare_at_price_min: this.compare_at_price_min,
      compare_at_price_max: this.compare_at_price_max,
      compare_at_price_varies: this.compare_at_price_varies,
      variants: this.variants.map((v) => v.toJSON()),
      images: image ? [image.src] : [],
      featured_image: image ? image.src : null,
      options: this.options_with_values.map(({ name, position, values }) => ({ name, position, values })),
      url: this.url,
      media: image ? [{ ...image.toJSON(), media_type: "image", preview_image: image.toJSON() }] : [],
      requires_selling_plan: this.requires_selling_plan,
      selling_plan_groups: [],
    };
  }
}

export class VariantDrop extends Drop {
  readonly #objects: StorefrontObjects;
  readonly #productDrop: ProductDrop;
  readonly #variant: EmulatedVariant;

  constructor(objects: StorefrontObjects, productDrop: ProductDrop, variant: EmulatedVariant) {
    super();
    this.#objects = objects;
    this.#productDrop = productDrop;
    this.#variant = variant;
  }

  get id(): number {
    return this.#variant.id;
  }
  get product(): ProductDrop {
    return this.#productDrop;
  }
  get title(): string {
    return this.#variant.title;
  }
  get name(): string {
    return variantFullTitle(this.#productDrop[RAW], this.#variant);
  }
  get public_title(): string | null {
    return this.#productDrop.has_only_default_variant ? null : this.#variant.title;
  }
  get sku(): string {
    return this.#variant.sku;
  }
  get barcode(): null {
    return null;
  }
  get price(): number {
    return this.#objects.cents(this.#variant.price);
  }
  get compare_at_price(): number | null {
    return this.#variant.compareAtPrice === null ? null : this.#objects.cents(this.#variant.compareAtPrice);
  }
  get available(): boolean {
    return isVariantAvailable(this.#variant);
  }
  get inventory_quantity(): number {
    return this.#variant.inventoryQuantity;
  }
  get inventory_policy(): string {
    return this.#variant.inventoryPolicy;
  }
  get inventory_management(): string {
    return "shopify";
  }
  get options(): string[] {
    return this.#productDrop.has_only_default_variant ? ["Default Title"] : [...this.#variant.options];
  }
  get option1(): string | null {
    return this.options[0] ?? null;
  }
  get option2(): string | null {
    return this.options[1] ?? null;
  }
  get option3(): string | null {
    return this.options[2] ?? null;
  }
  get url(): string {
    return `${this.#productDrop.url}?variant=${this.#variant.id}`;
  }
  get selected(): boolean {
    return this.#objects.scope.selectedVariantId === this.#variant.id;
  }
  get image(): ImageDrop | null {
    return this.#productDrop.featured_image;
  }
  get featured_image(): ImageDrop | null {
    return this.#productDrop.featured_image;
  }
  get featured_media(): ImageDrop | null {
    return this.#productDrop.featured_image;
  }
  get requires_selling_plan(): boolean {
    return this.#variant.requiresSellingPlan;
  }
  get selling_plan_allocations(): unknown[] {
    return [];
  }
  get requires_shipping(): boolean {
    return !this.#productDrop[RAW].isGiftCard;
  }
  get taxable(): boolean {
    return true;
  }
  get weight(): number {
    return 0;
  }
  get weight_unit(): string {
    return "kg";
  }
  get incoming(): boolean {
    return false;
  }
  get matched(): boolean {
    return true;
  }
  get quantity_rule(): Record<string, unknown> {
    return { min: 1, max: null, increment: 1 };
  }
  get store_availabilities(): unknown[] {
    return [];
  }
  get metafields(): MetafieldsDrop {
    return this.#objects.metafields([]);
  }

  toJSON(): Record<string, unknown> {
    return {
      id: this.id,
      title: this.title,
      option1: this.option1,
      option2: this.option2,
      option3: this.option3,
      sku: this.sku,
      requires_shipping: this.requires_shipping,
      taxable: true,
      featured_image: null,
      available: this.available,
      name: this.name,
      public_title: this.public_title,
      options: this.options,
      price: this.price,
      weight: 0,
      compare_at_price: this.compare_at_price,
      inventory_management: "shopify",
      barcode: null,
      requires_selling_plan: this.requires_selling_plan,
      selling_plan_allocations: [],
      quantity_rule: this.quantity_rule,
    };
  }
}

// ---------------------------------------------------------------------------------------------
// Collections, customers, shop

export class CollectionDrop extends Drop {
  readonly #objects: StorefrontObjects;
  readonly #collection: EmulatedCollection;

  constructor(objects: StorefrontObjects, collection: EmulatedCollection) {
    super();
    this.#objects = objects;
    this.#collection = collection;
  }

  get id(): number {
    return this.#collection.id;
  }
  get handle(): string {
    return this.#collection.handle;
  }
  get title(): string {
    return this.#collection.title;
  }
  get description(): string {
    return "";
  }
  get url(): string {
    return this.#objects.url(`/collections/${this.#collection.handle}`);
  }
  get products(): ProductDrop[] {
    return this.#collection.productIds
      .map((id) => this.#objects.productById(id))
      .filter((p): p is ProductDrop => p !== null);
  }
  get products_count(): number {
    return this.products.length;
  }
  get all_products_count(): number {
    return this.products.length;
  }
  get image(): null {
    return null;
  }
  get metafields(): MetafieldsDrop {
    return this.#objects.metafields([]);
  }

  toJSON(): Record<string, unknown> {
    return {
      id: this.id,
      handle: this.handle,
      title: this.title,
      description: "",
      products_count: this.products_count,
    };
  }
}

export class CustomerDrop extends Drop {
  readonly #objects: StorefrontObjects;
  readonly #customer: EmulatedCustomer;

  constructor(objects: StorefrontObjects, customer: EmulatedCustomer) {
    super();
    this.#objects = objects;
    this.#customer = customer;
  }

  #orders() {
    return this.#objects.scope.shop.orders.filter((o) => o.customerId === this.#customer.id && o.cancelledAt === null);
  }

  get id(): number {
    return this.#customer.id;
  }
  get email(): string {
    return this.#customer.email;
  }
  get first_name(): string {
    return this.#customer.firstName;
  }
  get last_name(): string {
    return this.#customer.lastName;
  }
  get name(): string {
    return `${this.#customer.firstName} ${this.#customer.lastName}`.trim();
  }
  get tags(): string[] {
    return [...this.#customer.tags];
  }
  get has_account(): boolean {
    return true;
  }
  get accepts_marketing(): boolean {
    return false;
  }
  get phone(): null {
    return null;
  }
  get orders_count(): number {
    return this.#orders().length;
  }
  get total_spent(): number {
    const minor = this.#orders().reduce(
      (sum, order) =>
        sum +
        order.lineItems.reduce(
          (s, line) => s + line.price * line.quantity - line.discountAllocations.reduce((d, a) => d + a.amount, 0),
          0,
        ),
      0,
    );
    return this.#objects.cents(minor);
  }
  get metafields(): MetafieldsDrop {
    return this.#objects.metafields(this.#customer.metafields);
  }

  toJSON(): Record<string, unknown> {
    return {
      id: this.id,
      email: this.email,
      first_name: this.first_name,
      last_name: this.last_name,
      name: this.name,
      tags: this.tags,
    };
  }
}

export class ShopDrop extends Drop {
  readonly #objects: StorefrontObjects;

  constructor(objects: StorefrontObjects) {
    super();
    this.#objects = objects;
  }

  get #shop(): EmulatedShop {
    return this.#objects.scope.shop;
  }

  get id(): number {
    return this.#shop.id;
  }
  get name(): string {
    return this.#shop.name;
  }
  get email(): string {
    return this.#shop.email;
  }
  get currency(): string {
    return this.#shop.currencyCode;
  }
  get money_format(): string {
    return this.#shop.moneyFormat;
  }
  get money_with_currency_format(): string {
    return this.#shop.moneyWithCurrencyFormat;
  }
  /** Deprecated on Shopify in favour of request.locale; it is the request's locale. */
  get locale(): string {
    return this.#objects.scope.locale;
  }
  get permanent_domain(): string {
    return this.#shop.domain;
  }
  get domain(): string {
    return new URL(this.#objects.scope.origin).host;
  }
  get url(): string {
    return this.#objects.scope.origin;
  }
  get secure_url(): string {
    return this.#objects.scope.origin;
  }
  get description(): string {
    return "";
  }
  get enabled_currencies(): Array<Record<string, string>> {
    return [{ iso_code: this.#shop.currencyCode }];
  }
  get products_count(): number {
    return this.#shop.products.filter(isVisibleProduct).length;
  }
  get collections_count(): number {
    return this.#shop.collections.length;
  }
  get types(): string[] {
    return [...new Set(this.#shop.products.filter(isVisibleProduct).map((p) => p.productType))].filter(Boolean);
  }
  get vendors(): string[] {
    return [...new Set(this.#shop.products.filter(isVisibleProduct).map((p) => p.vendor))].filter(Boolean);
  }
  get customer_accounts_enabled(): boolean {
    return true;
  }
  get customer_accounts_optional(): boolean {
    return true;
  }
  /** Shop-owned metafields (`shop.metafields['$app:attach'].widget_settings`), as the Admin API wrote them. */
  get metafields(): MetafieldsDrop {
    return this.#objects.metafields(this.#shop.metafields ?? []);
  }

  toJSON(): Record<string, unknown> {
    return { id: this.id, name: this.name, currency: this.currency, permanent_domain: this.permanent_domain };
  }
}

// ---------------------------------------------------------------------------------------------
// Cart

export class LineItemDrop extends Drop {
  readonly #objects: StorefrontObjects;
  readonly #priced: PricedLine;

  constructor(objects: StorefrontObjects, priced: PricedLine) {
    super();
    this.#objects = objects;
    this.#priced = priced;
  }

  get key(): string {
    return this.#priced.line.key;
  }
  /** On Shopify a line item's id is its variant's id. */
  get id(): number {
    return this.#priced.variant.id;
  }
  get variant_id(): number {
    return this.#priced.variant.id;
  }
  get product_id(): number {
    return this.#priced.product.id;
  }
  get product(): ProductDrop {
    return this.#objects.product(this.#priced.product);
  }
  get variant(): VariantDrop {
    return this.product[VARIANT](this.#priced.variant);
  }
  get title(): string {
    return this.#priced.title;
  }
  get quantity(): number {
    return this.#priced.line.quantity;
  }
  get price(): number {
    return this.#objects.cents(this.#priced.unitPrice);
  }
  get original_price(): number {
    return this.price;
  }
  get line_price(): number {
    return this.#objects.cents(this.#priced.linePrice);
  }
  get original_line_price(): number {
    return this.line_price;
  }
  get final_line_price(): number {
    return this.#objects.cents(this.#priced.finalLinePrice);
  }
  get final_price(): number {
    return Math.round(this.final_line_price / this.#priced.line.quantity);
  }
  get total_discount(): number {
    return this.#objects.cents(this.#priced.totalDiscount);
  }
  get line_level_total_discount(): number {
    return this.total_discount;
  }
  get discounts(): Array<Record<string, unknown>> {
    return this.#priced.discounts.map((d) => ({ title: d.title, amount: this.#objects.cents(d.amount) }));
  }
  get line_level_discount_allocations(): Array<Record<string, unknown>> {
    return this.#priced.discounts.map((d) => discountAllocation(this.#objects, d));
  }
  get discount_allocations(): Array<Record<string, unknown>> {
    return this.line_level_discount_allocations;
  }
  get properties(): Record<string, string> {
    return { ...this.#priced.line.properties };
  }
  get url(): string {
    return this.variant.url;
  }
  get image(): ImageDrop | null {
    return this.product.featured_image;
  }
  get sku(): string {
    return this.#priced.variant.sku;
  }
  get vendor(): string {
    return this.#priced.product.vendor;
  }
  get gift_card(): boolean {
    return this.#priced.product.isGiftCard;
  }
  get requires_shipping(): boolean {
    return !this.#priced.product.isGiftCard;
  }
  get taxable(): boolean {
    return true;
  }
  get options_with_values(): Array<{ name: string; value: string }> {
    return optionsWithValues(this.#priced);
  }
  get selling_plan_allocation(): null {
    return null;
  }
  get item_components(): unknown[] {
    return [];
  }
  get message(): string {
    return "";
  }
  get unit_price_measurement(): null {
    return null;
  }
}

export function optionsWithValues(
  priced: Pick<PricedLine, "product" | "variant">,
): Array<{ name: string; value: string }> {
  if (hasOnlyDefaultVariant(priced.product)) return [{ name: "Title", value: "Default Title" }];
  return priced.product.optionNames.map((name, index) => ({ name, value: priced.variant.options[index] ?? "" }));
}

function discountAllocation(objects: StorefrontObjects, discount: { amount: number; title: string }) {
  const amount = objects.cents(discount.amount);
  return {
    amount,
    discount_application: {
      type: "automatic",
      title: discount.title,
      description: null,
      value: String(amount / 100),
      value_type: "fixed_amount",
      allocation_method: "each",
      target_selection: "entitled",
      target_type: "line_item",
      total_allocated_amount: amount,
    },
  };
}

export class CartDrop extends Drop {
  readonly #objects: StorefrontObjects;
  readonly #priced: PricedCart;

  constructor(objects: StorefrontObjects, priced: PricedCart) {
    super();
    this.#objects = objects;
    this.#priced = priced;
  }

  get token(): string {
    return this.#priced.cart.token;
  }
  get items(): LineItemDrop[] {
    return this.#priced.lines.map((line) => new LineItemDrop(this.#objects, line));
  }
  get item_count(): number {
    return this.#priced.itemCount;
  }
  get "empty?"(): boolean {
    return this.#priced.lines.length === 0;
  }
  get original_total_price(): number {
    return this.#objects.cents(this.#priced.originalTotal);
  }
  get items_subtotal_price(): number {
    return this.#objects.cents(this.#priced.total);
  }
  get total_price(): number {
    return this.#objects.cents(this.#priced.total);
  }
  get checkout_charge_amount(): number {
    return this.total_price;
  }
  get total_discount(): number {
    return this.#objects.cents(this.#priced.totalDiscount);
  }
  get total_weight(): number {
    return 0;
  }
  get currency(): { iso_code: string } {
    return { iso_code: this.#priced.currency };
  }
  get note(): string | null {
    return this.#priced.cart.note;
  }
  get attributes(): Record<string, string> {
    return { ...this.#priced.cart.attributes };
  }
  get requires_shipping(): boolean {
    return this.#priced.lines.some((l) => !l.product.isGiftCard);
  }
  get cart_level_discount_applications(): unknown[] {
    return [];
  }
  /** Every discount applied to the cart, once per title, with the total it took off. */
  get discount_applications(): Array<Record<string, unknown>> {
    const totals = new Map<string, number>();
    for (const line of this.#priced.lines) {
      for (const d of line.discounts) totals.set(d.title, (totals.get(d.title) ?? 0) + d.amount);
    }
    return [...totals].map(
      ([title, amount]) => discountAllocation(this.#objects, { title, amount }).discount_application,
    );
  }
  get taxes_included(): boolean {
    return false;
  }
  get duties_included(): boolean {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// Catch-all lookups: all_products['handle'], collections['handle']

export class AllProductsDrop extends Drop {
  readonly #objects: StorefrontObjects;

  constructor(objects: StorefrontObjects) {
    super();
    this.#objects = objects;
  }
  override liquidMethodMissing(handle: string | number): ProductDrop | null {
    return this.#objects.productByHandle(String(handle));
  }
}

export class CollectionsDrop extends Drop {
  readonly #objects: StorefrontObjects;

  constructor(objects: StorefrontObjects) {
    super();
    this.#objects = objects;
  }
  override liquidMethodMissing(handle: string | number): CollectionDrop | null {
    if (handle === "all") return null;
    return this.#objects.collectionByHandle(String(handle));
  }
}

/** `{{ template }}` prints "product"; `template.name` is "product". */
export class TemplateDrop extends Drop {
  constructor(readonly name: string) {
    super();
  }
  get suffix(): null {
    return null;
  }
  get directory(): string | null {
    return this.name.includes("/") ? this.name.split("/")[0]! : null;
  }
  override valueOf(): string {
    return this.name;
  }
  override toString(): string {
    return this.name;
  }
}
