// The emulated shop's one owner: every change to the EmulatedShop goes through a ShopStore method, which
// then tells the change listeners (the caller persists the shop from there). Readers get a deeply
// read-only view, so TypeScript stops anyone else from mutating it.
import { createHash } from "node:crypto";
import type {
  EmulatedAutomaticAppDiscount,
  EmulatedBulkOperation,
  EmulatedCodeDiscount,
  EmulatedCollection,
  EmulatedCustomer,
  EmulatedMetafield,
  EmulatedOrder,
  EmulatedProduct,
  EmulatedShop,
  EmulatedVariant,
} from "../shop/types";

export type DeepReadonly<T> = T extends (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

export type ShopView = DeepReadonly<EmulatedShop>;
export type ProductView = DeepReadonly<EmulatedProduct>;
export type VariantView = DeepReadonly<EmulatedVariant>;
export type CollectionView = DeepReadonly<EmulatedCollection>;
export type CustomerView = DeepReadonly<EmulatedCustomer>;
export type OrderView = DeepReadonly<EmulatedOrder>;
export type MetafieldView = DeepReadonly<EmulatedMetafield>;
export type AutomaticAppDiscountView = DeepReadonly<EmulatedAutomaticAppDiscount>;
export type BulkOperationView = DeepReadonly<EmulatedBulkOperation>;
export type CodeDiscountView = DeepReadonly<EmulatedCodeDiscount>;

/** "gid://shopify/Product/123". */
export function gid(type: string, id: number | string): string {
  return `gid://shopify/${type}/${id}`;
}

const GID = /^gid:\/\/shopify\/([A-Za-z]+)\/([1-9][0-9]{0,15})(?:\?.*)?$/;

/** Splits a Shopify GID into its type and numeric id; null when it is not one (or the id is not a safe integer). */
export function parseGid(value: string): { type: string; id: number } | null {
  const match = GID.exec(value);
  if (!match?.[1] || !match[2]) return null;
  const id = Number(match[2]);
  return Number.isSafeInteger(id) ? { type: match[1], id } : null;
}

/** Shopify writes timestamps without milliseconds: "2026-01-01T09:30:00Z". */
export function isoTimestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** An object the store can find by GID. */
export type StoreNode =
  | { type: "Shop"; shop: ShopView }
  | { type: "AppInstallation"; shop: ShopView }
  | { type: "Product"; product: ProductView }
  | { type: "ProductVariant"; product: ProductView; variant: VariantView }
  | { type: "Collection"; collection: CollectionView }
  | { type: "Customer"; customer: CustomerView }
  | { type: "Order"; order: OrderView }
  | { type: "DiscountAutomaticNode"; discount: AutomaticAppDiscountView }
  | { type: "BulkOperation"; operation: BulkOperationView };

/** The owner types whose metafields the emulator keeps. */
export type MetafieldOwnerKind = "Product" | "Shop" | "AppInstallation" | "Customer" | "DiscountAutomaticNode";

export interface MetafieldWrite {
  ownerGid: string;
  namespace: string;
  key: string;
  type: string;
  value: string;
}

export interface MetafieldKey {
  ownerGid: string;
  namespace: string;
  key: string;
}

export type NewAutomaticAppDiscount = Omit<EmulatedAutomaticAppDiscount, "id" | "status" | "createdAt" | "updatedAt">;
export type AutomaticAppDiscountChanges = Partial<Omit<NewAutomaticAppDiscount, "metafields">> & {
  metafields?: EmulatedMetafield[];
};

export type BulkOperationResult = Pick<
  EmulatedBulkOperation,
  "status" | "errorCode" | "objectCount" | "resultJsonl" | "completedAt"
>;

export interface ShopStoreOptions {
  /** The clock (tests pin it). Defaults to the system clock. */
  now?: () => Date;
}

type Listener<T> = (value: T) => void;

export class ShopStore {
  readonly #shop: EmulatedShop;
  readonly #now: () => Date;
  readonly #changeListeners = new Set<Listener<ShopView>>();
  readonly #bulkFinishedListeners = new Set<Listener<BulkOperationView>>();
  readonly #pending = new Set<Promise<unknown>>();

  constructor(shop: EmulatedShop, options: ShopStoreOptions = {}) {
    this.#shop = structuredClone(shop);
    this.#now = options.now ?? (() => new Date());
  }

  /** The shop, read-only: change it only through this store's methods. */
  get shop(): ShopView {
    return this.#shop;
  }

  now(): Date {
    return this.#now();
  }

  timestamp(): string {
    return isoTimestamp(this.#now());
  }

  /** Hands out the next id (one counter per shop, like Shopify's ids). */
  nextId(): number {
    const id = this.#shop.nextId;
    this.#shop.nextId += 1;
    return id;
  }

  gid(type: string, id: number | string): string {
    return gid(type, id);
  }

  parseGid(value: string): { type: string; id: number } | null {
    return parseGid(value);
  }

  /** The app's installation on this shop has no id of its own in EmulatedShop: it reuses the shop's. */
  get appInstallationId(): number {
    return this.#shop.id;
  }

  // ---- orders (checkout) -------------------------------------------------------------------------------

  /**
   * Places an order as Shopify's checkout does: numbers it, stamps ids on its lines and takes the units
   * out of stock (variants that track inventory). Returns the stored order.
   */
  placeOrder(order: Omit<EmulatedOrder, "id" | "name" | "createdAt" | "processedAt">): OrderView {
    const placedAt = this.timestamp();
    const placed: EmulatedOrder = {
      ...structuredClone(order),
      id: this.nextId(),
      name: `#${this.#shop.nextOrderNumber++}`,
      createdAt: placedAt,
      processedAt: placedAt,
      lineItems: order.lineItems.map((line) => ({ ...structuredClone(line), id: this.nextId() })),
    };
    for (const line of placed.lineItems) {
      const variant = this.#shop.products.flatMap((p) => p.variants).find((v) => v.id === line.variantId);
      if (variant && !line.isGiftCard) variant.inventoryQuantity -= line.quantity;
    }
    this.#shop.orders.push(placed);
    this.#changed();
    return placed;
  }

  /** Cancels an open order (Shopify admin's "Cancel order"). Undefined when missing or already cancelled. */
  cancelOrder(id: number): OrderView | undefined {
    const order = this.#order(id);
    if (!order || order.cancelledAt !== null) return undefined;
    order.cancelledAt = this.timestamp();
    this.#changed();
    return order;
  }

  /**
   * Refunds every unit not yet refunded, returned to stock (Shopify admin's "Refund" with all items): each
   * line's share of its discounted total. Returns the order and the refund; undefined when nothing is left.
   */
  refundOrder(
    id: number,
    note: string | null = null,
  ): { order: OrderView; refund: OrderView["refunds"][number] } | undefined {
    const order = this.#order(id);
    if (!order) return undefined;
    const lines = order.lineItems.flatMap((line) => {
      const refunded = order.refunds.flatMap((r) => r.lines).filter((l) => l.lineItemId === line.id);
      const quantity = line.quantity - refunded.reduce((sum, l) => sum + l.quantity, 0);
      if (quantity <= 0) return [];
      const discounted = line.price * line.quantity - line.discountAllocations.reduce((sum, a) => sum + a.amount, 0);
      const subtotal = discounted - refunded.reduce((sum, l) => sum + l.subtotal, 0);
      return [
        {
          lineItemId: line.id,
          quantity,
          subtotal,
          restockType: line.isGiftCard ? ("no_restock" as const) : ("return" as const),
        },
      ];
    });
    if (lines.length === 0) return undefined;
    const refund = { id: this.nextId(), createdAt: this.timestamp(), note, lines };
    order.refunds.push(refund);
    for (const line of lines) {
      const item = order.lineItems.find((l) => l.id === line.lineItemId)!;
      const variant = this.#shop.products.flatMap((p) => p.variants).find((v) => v.id === item.variantId);
      if (variant && line.restockType === "return") variant.inventoryQuantity += line.quantity;
    }
    this.#changed();
    return { order, refund };
  }

  // ---- products (Shopify admin's product page) -----------------------------------------------------

  /** Sets a product's status (Shopify admin's "Archive product", "Set as draft", "Set as active"). */
  setProductStatus(id: number, status: EmulatedProduct["status"]): ProductView | undefined {
    const product = this.#product(id);
    if (!product) return undefined;
    product.status = status;
    product.updatedAt = this.timestamp();
    this.#changed();
    return product;
  }

  /** Deletes a product with its variants and metafields (Shopify admin's "Delete product"); false when missing. */
  deleteProduct(id: number): boolean {
    const index = this.#shop.products.findIndex((p) => p.id === id);
    if (index < 0) return false;
    this.#shop.products.splice(index, 1);
    for (const collection of this.#shop.collections) {
      collection.productIds = collection.productIds.filter((productId) => productId !== id);
    }
    this.#changed();
    return true;
  }

  // ---- lookups ------------------------------------------------------------------------------------

  product(id: number): ProductView | undefined {
    return this.#product(id);
  }

  variant(id: number): { product: ProductView; variant: VariantView } | undefined {
    for (const product of this.#shop.products) {
      const variant = product.variants.find((v) => v.id === id);
      if (variant) return { product, variant };
    }
    return undefined;
  }

  collection(id: number): CollectionView | undefined {
    return this.#shop.collections.find((c) => c.id === id);
  }

  customer(id: number): CustomerView | undefined {
    return this.#customer(id);
  }

  order(id: number): OrderView | undefined {
    return this.#order(id);
  }

  automaticAppDiscount(id: number): AutomaticAppDiscountView | undefined {
    return this.#discount(id);
  }

  bulkOperation(id: number): BulkOperationView | undefined {
    return this.#shop.bulkOperations.find((op) => op.id === id);
  }

  /** Finds what a GID points at; undefined for unknown types and missing objects. */
  resolveGid(value: string): StoreNode | undefined {
    const parsed = parseGid(value);
    if (!parsed) return undefined;
    const { type, id } = parsed;
    switch (type) {
      case "Shop":
        return id === this.#shop.id ? { type, shop: this.#shop } : undefined;
      case "AppInstallation":
        return id === this.appInstallationId ? { type, shop: this.#shop } : undefined;
      case "Product": {
        const product = this.#product(id);
        return product && { type, product };
      }
      case "ProductVariant": {
        const found = this.variant(id);
        return found && { type, ...found };
      }
      case "Collection": {
        const collection = this.collection(id);
        return collection && { type, collection };
      }
      case "Customer": {
        const customer = this.#customer(id);
        return customer && { type, customer };
      }
      case "Order": {
        const order = this.#order(id);
        return order && { type, order };
      }
      // Shopify hands out DiscountAutomaticNode GIDs for automatic discounts; accept DiscountNode too.
      case "DiscountAutomaticNode":
      case "DiscountNode": {
        const discount = this.#discount(id);
        return discount && { type: "DiscountAutomaticNode", discount };
      }
      case "BulkOperation": {
        const operation = this.bulkOperation(id);
        return operation && { type, operation };
      }
      default:
        return undefined;
    }
  }

  // ---- metafields ---------------------------------------------------------------------------------

  /** The metafields of an owner, or undefined when the owner is missing or cannot hold metafields here. */
  metafieldsOf(ownerGid: string): readonly MetafieldView[] | undefined {
    return this.#metafieldList(ownerGid, false);
  }

  /** The kind of metafield owner a GID names (whether or not it exists), or undefined if unsupported. */
  metafieldOwnerKind(ownerGid: string): MetafieldOwnerKind | undefined {
    const type = parseGid(ownerGid)?.type;
    if (type === "DiscountNode") return "DiscountAutomaticNode";
    const kinds: readonly string[] = ["Product", "Shop", "AppInstallation", "Customer", "DiscountAutomaticNode"];
    return type && kinds.includes(type) ? (type as MetafieldOwnerKind) : undefined;
  }

  /** Writes validated metafields, all or none (callers validate first); returns them as stored. */
  setMetafields(writes: readonly MetafieldWrite[]): MetafieldView[] {
    const lists = writes.map((write) => {
      const list = this.#metafieldList(write.ownerGid, true);
      if (!list) throw new Error(`No metafield owner ${write.ownerGid}`);
      return list;
    });
    const updatedAt = this.timestamp();
    const stored = writes.map((write, index) => {
      const list = lists[index] as EmulatedMetafield[];
      const metafield: EmulatedMetafield = {
        namespace: write.namespace,
        key: write.key,
        type: write.type,
        value: write.value,
        updatedAt,
      };
      const at = list.findIndex((m) => m.namespace === write.namespace && m.key === write.key);
      if (at === -1) list.push(metafield);
      else list[at] = metafield;
      this.#touchOwner(write.ownerGid, updatedAt);
      return metafield;
    });
    this.#changed();
    return stored;
  }

  /** Deletes metafields; returns, for each key, whether it existed. */
  deleteMetafields(keys: readonly MetafieldKey[]): boolean[] {
    const deleted = keys.map(({ ownerGid, namespace, key }) => {
      const list = this.#metafieldList(ownerGid, false);
      const at = list?.findIndex((m) => m.namespace === namespace && m.key === key) ?? -1;
      if (!list || at === -1) return false;
      list.splice(at, 1);
      return true;
    });
    if (deleted.some(Boolean)) this.#changed();
    return deleted;
  }

  // ---- tags ---------------------------------------------------------------------------------------

  /** Adds tags (case-insensitively unique) to a product, customer or order; false if there is none. */
  addTags(ownerGid: string, tags: readonly string[]): boolean {
    const owner = this.#taggable(ownerGid);
    if (!owner) return false;
    const known = new Set(owner.tags.map((t) => t.toLowerCase()));
    for (const tag of tags) {
      if (known.has(tag.toLowerCase())) continue;
      known.add(tag.toLowerCase());
      owner.tags.push(tag);
    }
    this.#touchOwner(ownerGid, this.timestamp());
    this.#changed();
    return true;
  }

  /** Removes tags (case-insensitively) from a product, customer or order; false if there is none. */
  removeTags(ownerGid: string, tags: readonly string[]): boolean {
    const owner = this.#taggable(ownerGid);
    if (!owner) return false;
    const removed = new Set(tags.map((t) => t.toLowerCase()));
    owner.tags = owner.tags.filter((t) => !removed.has(t.toLowerCase()));
    this.#touchOwner(ownerGid, this.timestamp());
    this.#changed();
    return true;
  }

  // ---- automatic app discounts -------------------------------------------------------------------

  /** Status from the dates, as Shopify computes it: SCHEDULED before startsAt, EXPIRED from endsAt. */
  discountStatus(
    discount: Pick<EmulatedAutomaticAppDiscount, "startsAt" | "endsAt">,
  ): EmulatedAutomaticAppDiscount["status"] {
    const now = this.#now().getTime();
    if (Date.parse(discount.startsAt) > now) return "SCHEDULED";
    if (discount.endsAt !== null && Date.parse(discount.endsAt) <= now) return "EXPIRED";
    return "ACTIVE";
  }

  createAutomaticAppDiscount(input: NewAutomaticAppDiscount): AutomaticAppDiscountView {
    const createdAt = this.timestamp();
    const discount: EmulatedAutomaticAppDiscount = {
      ...structuredClone(input),
      id: this.nextId(),
      status: this.discountStatus(input),
      createdAt,
      updatedAt: createdAt,
    };
    this.#shop.automaticAppDiscounts.push(discount);
    this.#changed();
    return discount;
  }

  updateAutomaticAppDiscount(id: number, changes: AutomaticAppDiscountChanges): AutomaticAppDiscountView | undefined {
    const discount = this.#discount(id);
    if (!discount) return undefined;
    const defined = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
    Object.assign(discount, structuredClone(defined));
    discount.status = this.discountStatus(discount);
    discount.updatedAt = this.timestamp();
    this.#changed();
    return discount;
  }

  deleteAutomaticAppDiscount(id: number): boolean {
    const at = this.#shop.automaticAppDiscounts.findIndex((d) => d.id === id);
    if (at === -1) return false;
    this.#shop.automaticAppDiscounts.splice(at, 1);
    this.#changed();
    return true;
  }

  // ---- code discounts and Flow triggers -----------------------------------------------------------

  codeDiscounts(): readonly CodeDiscountView[] {
    return this.#shop.codeDiscounts ?? [];
  }

  /** Shopify's codes ignore case. */
  codeDiscountByCode(code: string): CodeDiscountView | undefined {
    const wanted = code.toUpperCase();
    return this.codeDiscounts().find((d) => d.code.toUpperCase() === wanted);
  }

  createCodeDiscount(input: Omit<EmulatedCodeDiscount, "id" | "createdAt">): CodeDiscountView {
    const discount: EmulatedCodeDiscount = {
      ...structuredClone(input),
      id: this.nextId(),
      createdAt: this.timestamp(),
    };
    (this.#shop.codeDiscounts ??= []).push(discount);
    this.#changed();
    return discount;
  }

  deleteCodeDiscount(id: number): boolean {
    const at = (this.#shop.codeDiscounts ?? []).findIndex((d) => d.id === id);
    if (at === -1) return false;
    this.#shop.codeDiscounts!.splice(at, 1);
    this.#changed();
    return true;
  }

  recordFlowTrigger(handle: string, payload: unknown): void {
    (this.#shop.flowTriggers ??= []).push({ handle, payload: structuredClone(payload), receivedAt: this.timestamp() });
    this.#changed();
  }

  // ---- bulk operations ----------------------------------------------------------------------------

  createBulkOperation(query: string, type: EmulatedBulkOperation["type"]): BulkOperationView {
    const operation: EmulatedBulkOperation = {
      id: this.nextId(),
      query,
      status: "RUNNING",
      type,
      createdAt: this.timestamp(),
      completedAt: null,
      objectCount: 0,
      errorCode: null,
      resultJsonl: null,
    };
    this.#shop.bulkOperations.push(operation);
    this.#changed();
    return operation;
  }

  /**
   * Ends a running bulk operation (COMPLETED, FAILED or CANCELED) and tells the
   * onBulkOperationFinished listeners, which deliver the bulk_operations/finish webhook.
   * Returns undefined when the operation is missing or no longer running.
   */
  finishBulkOperation(id: number, result: BulkOperationResult): BulkOperationView | undefined {
    const operation = this.#shop.bulkOperations.find((op) => op.id === id);
    if (!operation || operation.status !== "RUNNING") return undefined;
    Object.assign(operation, result);
    this.#changed();
    for (const listener of this.#bulkFinishedListeners) listener(operation);
    return operation;
  }

  // ---- listeners and background work ------------------------------------------------------------

  /** Calls `listener` after every change (e.g. to persist the shop); returns the unsubscribe function. */
  onChange(listener: Listener<ShopView>): () => void {
    this.#changeListeners.add(listener);
    return () => this.#changeListeners.delete(listener);
  }

  /** Calls `listener` when a bulk operation completes, fails or is canceled (the bulk_operations/finish webhook). */
  onBulkOperationFinished(listener: Listener<BulkOperationView>): () => void {
    this.#bulkFinishedListeners.add(listener);
    return () => this.#bulkFinishedListeners.delete(listener);
  }

  /** Registers background work (a running bulk operation) so whenIdle() can wait for it. */
  track(work: Promise<unknown>): void {
    // The work reports its own failures (a failed bulk operation); here it only needs to settle.
    const settled: Promise<void> = work.then(
      () => undefined,
      () => undefined,
    );
    this.#pending.add(settled);
    void settled.then(() => this.#pending.delete(settled));
  }

  /** Resolves once all background work has settled (tests and graceful shutdown). */
  async whenIdle(): Promise<void> {
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
  }

  /** A deep copy of the shop, ready to serialise. */
  toJSON(): EmulatedShop {
    return structuredClone(this.#shop);
  }

  // ---- internals ------------------------------------------------------------------------------------

  #product(id: number): EmulatedProduct | undefined {
    return this.#shop.products.find((p) => p.id === id);
  }

  #customer(id: number): EmulatedCustomer | undefined {
    return this.#shop.customers.find((c) => c.id === id);
  }

  #order(id: number): EmulatedOrder | undefined {
    return this.#shop.orders.find((o) => o.id === id);
  }

  #discount(id: number): EmulatedAutomaticAppDiscount | undefined {
    return this.#shop.automaticAppDiscounts.find((d) => d.id === id);
  }

  #metafieldList(ownerGid: string, create: boolean): EmulatedMetafield[] | undefined {
    const parsed = parseGid(ownerGid);
    if (!parsed) return undefined;
    switch (this.metafieldOwnerKind(ownerGid)) {
      case "Product":
        return this.#product(parsed.id)?.metafields;
      case "Customer":
        return this.#customer(parsed.id)?.metafields;
      case "DiscountAutomaticNode":
        return this.#discount(parsed.id)?.metafields;
      case "AppInstallation":
        return parsed.id === this.appInstallationId ? this.#shop.appMetafields : undefined;
      case "Shop":
        if (parsed.id !== this.#shop.id) return undefined;
        if (!this.#shop.metafields && create) this.#shop.metafields = [];
        return this.#shop.metafields ?? [];
      default:
        return undefined;
    }
  }

  #taggable(ownerGid: string): { tags: string[] } | undefined {
    const parsed = parseGid(ownerGid);
    if (parsed?.type === "Product") return this.#product(parsed.id);
    if (parsed?.type === "Customer") return this.#customer(parsed.id);
    if (parsed?.type === "Order") return this.#order(parsed.id);
    return undefined;
  }

  /** Products and discounts carry updatedAt; Shopify bumps it when their metafields or tags change. */
  #touchOwner(ownerGid: string, updatedAt: string): void {
    const parsed = parseGid(ownerGid);
    if (parsed?.type === "Product") {
      const product = this.#product(parsed.id);
      if (product) product.updatedAt = updatedAt;
    }
    if (parsed?.type === "DiscountAutomaticNode" || parsed?.type === "DiscountNode") {
      const discount = this.#discount(parsed.id);
      if (discount) discount.updatedAt = updatedAt;
    }
  }

  #changed(): void {
    for (const listener of this.#changeListeners) listener(this.#shop);
  }
}

/** A stable numeric id for a metafield (EmulatedMetafield has none): derived from owner, namespace and key. */
export function metafieldId(ownerGid: string, namespace: string, key: string): number {
  const digest = createHash("sha256").update(`${ownerGid}\n${namespace}\n${key}`).digest("hex");
  // 13 hex digits = 52 bits: always a safe integer; +1 keeps it positive.
  return Number.parseInt(digest.slice(0, 13), 16) + 1;
}
