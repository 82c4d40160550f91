// The objects resolvers pass around ("sources"), the resolver context, and the helpers shared by the
// query and mutation resolvers. Every entity source is tagged with its schema __typename, which
// resolves the Node, HasMetafields and union types.
import { type DocumentNode, type ExecutionResult, GraphQLError, type GraphQLResolveInfo } from "graphql";
import { formatDecimalAmount } from "../../app/domain/money";
import { type Connection, type ConnectionArgs, connection } from "./connection";
import {
  type AutomaticAppDiscountView,
  type BulkOperationView,
  type CollectionView,
  type CustomerView,
  gid,
  type MetafieldView,
  metafieldId,
  type OrderView,
  parseGid,
  type ProductView,
  type ShopStore,
  type StoreNode,
  type VariantView,
} from "./store";

export interface AdminContext {
  store: ShopStore;
  /** Origin of the emulator, for URLs it hands out (bulk operation results). */
  baseUrl: string;
  /** True while a bulk query runs: connections return every item and need no first/last. */
  bulk: boolean;
  /** Runs a planned bulk query (set up by execute.ts). */
  runBulkQuery: (document: DocumentNode) => Promise<ExecutionResult>;
  log: (message: string) => void;
}

export type Args = Record<string, unknown>;
export type FieldResolver<S> = (source: S, args: Args, context: AdminContext, info: GraphQLResolveInfo) => unknown;
export type TypeResolvers = Record<string, FieldResolver<never>>;

export function typeResolvers<S>(map: Record<string, FieldResolver<S>>): TypeResolvers {
  return map;
}

export function notImplemented(typeName: string, fieldName: string): GraphQLError {
  return new GraphQLError(`The local Shopify emulator does not implement ${typeName}.${fieldName}`);
}

// ---- sources ------------------------------------------------------------------------------------

export type LineItemView = OrderView["lineItems"][number];
export type RefundView = OrderView["refunds"][number];

export interface ProductSource {
  __typename: "Product";
  product: ProductView;
}
export interface VariantSource {
  __typename: "ProductVariant";
  product: ProductView;
  variant: VariantView;
}
export interface CollectionSource {
  __typename: "Collection";
  collection: CollectionView;
}
export interface CustomerSource {
  __typename: "Customer";
  customer: CustomerView;
}
export interface OrderSource {
  __typename: "Order";
  order: OrderView;
}
export interface LineItemSource {
  __typename: "LineItem";
  order: OrderView;
  line: LineItemView;
}
export interface RefundSource {
  __typename: "Refund";
  order: OrderView;
  refund: RefundView;
}
export interface MetafieldSource {
  __typename: "Metafield";
  ownerGid: string;
  metafield: MetafieldView;
}
export interface DiscountNodeSource {
  __typename: "DiscountAutomaticNode" | "DiscountNode";
  discount: AutomaticAppDiscountView;
}
export interface DiscountAppSource {
  __typename: "DiscountAutomaticApp";
  discount: AutomaticAppDiscountView;
}
export interface BulkOperationSource {
  __typename: "BulkOperation";
  operation: BulkOperationView;
}
export type ShopSource = { __typename: "Shop" };
export type AppInstallationSource = { __typename: "AppInstallation" };

export const productSource = (product: ProductView): ProductSource => ({ __typename: "Product", product });
export const variantSource = (product: ProductView, variant: VariantView): VariantSource => ({
  __typename: "ProductVariant",
  product,
  variant,
});
export const collectionSource = (collection: CollectionView): CollectionSource => ({
  __typename: "Collection",
  collection,
});
export const customerSource = (customer: CustomerView): CustomerSource => ({ __typename: "Customer", customer });
export const orderSource = (order: OrderView): OrderSource => ({ __typename: "Order", order });
export const lineItemSource = (order: OrderView, line: LineItemView): LineItemSource => ({
  __typename: "LineItem",
  order,
  line,
});
export const refundSource = (order: OrderView, refund: RefundView): RefundSource => ({
  __typename: "Refund",
  order,
  refund,
});
export const metafieldSource = (ownerGid: string, metafield: MetafieldView): MetafieldSource => ({
  __typename: "Metafield",
  ownerGid,
  metafield,
});
export const discountNodeSource = (
  discount: AutomaticAppDiscountView,
  typename: DiscountNodeSource["__typename"] = "DiscountAutomaticNode",
): DiscountNodeSource => ({ __typename: typename, discount });
export const discountAppSource = (discount: AutomaticAppDiscountView): DiscountAppSource => ({
  __typename: "DiscountAutomaticApp",
  discount,
});
export const bulkOperationSource = (operation: BulkOperationView): BulkOperationSource => ({
  __typename: "BulkOperation",
  operation,
});
export const shopSource: ShopSource = { __typename: "Shop" };
export const appInstallationSource: AppInstallationSource = { __typename: "AppInstallation" };

function storeNodeSource(node: StoreNode): object {
  switch (node.type) {
    case "Shop":
      return shopSource;
    case "AppInstallation":
      return appInstallationSource;
    case "Product":
      return productSource(node.product);
    case "ProductVariant":
      return variantSource(node.product, node.variant);
    case "Collection":
      return collectionSource(node.collection);
    case "Customer":
      return customerSource(node.customer);
    case "Order":
      return orderSource(node.order);
    case "DiscountAutomaticNode":
      return discountNodeSource(node.discount);
    case "BulkOperation":
      return bulkOperationSource(node.operation);
  }
}

/** Parses a GID argument; a malformed one is an error, as in Shopify. */
export function requireGid(value: unknown): { type: string; id: number } {
  const parsed = typeof value === "string" ? parseGid(value) : null;
  if (!parsed) throw new GraphQLError(`Invalid global id '${String(value)}'`);
  return parsed;
}

/** Anything the emulator can find by GID, as a source for the Node interface; null when missing. */
export function nodeSource(store: ShopStore, value: unknown): object | null {
  const { type, id } = requireGid(value);
  const found = store.resolveGid(value as string);
  if (found) return storeNodeSource(found);
  switch (type) {
    case "LineItem":
    case "Refund":
      for (const order of store.shop.orders) {
        if (type === "LineItem") {
          const line = order.lineItems.find((l) => l.id === id);
          if (line) return lineItemSource(order, line);
        } else {
          const refund = order.refunds.find((r) => r.id === id);
          if (refund) return refundSource(order, refund);
        }
      }
      return null;
    case "InventoryItem": {
      const found = store.variant(id);
      return found ? inventoryItem(store, found.product, found.variant) : null;
    }
    case "Metafield":
      return findMetafield(store, id);
    default:
      return null;
  }
}

function findMetafield(store: ShopStore, id: number): MetafieldSource | null {
  const { shop } = store;
  const owners: Array<[string, readonly MetafieldView[]]> = [
    [gid("Shop", shop.id), shop.metafields ?? []],
    [gid("AppInstallation", store.appInstallationId), shop.appMetafields],
    ...shop.products.map((p): [string, readonly MetafieldView[]] => [gid("Product", p.id), p.metafields]),
    ...shop.customers.map((c): [string, readonly MetafieldView[]] => [gid("Customer", c.id), c.metafields]),
    ...shop.automaticAppDiscounts.map((d): [string, readonly MetafieldView[]] => [
      gid("DiscountAutomaticNode", d.id),
      d.metafields,
    ]),
  ];
  for (const [ownerGid, list] of owners) {
    const metafield = list.find((m) => metafieldId(ownerGid, m.namespace, m.key) === id);
    if (metafield) return metafieldSource(ownerGid, metafield);
  }
  return null;
}

/** A store object of one type by GID, or null (missing, or a GID of another type). */
export function lookup<T>(value: unknown, type: string, find: (id: number) => T | undefined): T | null {
  const parsed = requireGid(value);
  return parsed.type === type ? (find(parsed.id) ?? null) : null;
}

// ---- small helpers -----------------------------------------------------------------------------

export const str = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

function pageArgs(args: Args): ConnectionArgs {
  return {
    first: args.first as number | null | undefined,
    last: args.last as number | null | undefined,
    after: args.after as string | null | undefined,
    before: args.before as string | null | undefined,
    reverse: args.reverse as boolean | null | undefined,
  };
}

export function page<T, N>(
  context: AdminContext,
  items: readonly T[],
  args: Args,
  keyOf: (item: T) => string | number,
  toNode: (item: T) => N,
): Connection<N> {
  return connection(items, pageArgs(args), keyOf, toNode, context.bulk);
}

/** Plain lists with a `first` argument (Product.options, Order.refunds). */
export function firstOf<T>(items: readonly T[], first: unknown): T[] {
  return typeof first === "number" ? items.slice(0, Math.max(0, first)) : [...items];
}

export type SortValue = string | number;

export function sortItems<T>(
  items: readonly T[],
  sortKey: unknown,
  keys: Record<string, (item: T) => SortValue>,
  idOf: (item: T) => number,
  resource: string,
): T[] {
  const key = typeof sortKey === "string" ? sortKey : "ID";
  const get = keys[key];
  if (!get) throw new GraphQLError(`The local Shopify emulator does not implement sortKey ${key} on ${resource}.`);
  return [...items].sort((a, b) => {
    const x = get(a);
    const y = get(b);
    if (x < y) return -1;
    if (x > y) return 1;
    return idOf(a) - idOf(b);
  });
}

export const time = (iso: string | null): number => (iso === null ? Number.NEGATIVE_INFINITY : Date.parse(iso));
export const lower = (text: string): string => text.toLowerCase();

export function moneyV2(amount: number, currency: string): { amount: string; currencyCode: string } {
  return { amount: formatDecimalAmount({ amount, currency }), currencyCode: currency };
}

export function moneyBag(amount: number, currency: string) {
  const money = moneyV2(amount, currency);
  return { shopMoney: money, presentmentMoney: money };
}

export const count = (n: number) => ({ count: n, precision: "EXACT" });

export function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

/** Rounds numerator / denominator half up, exactly (BigInt), for non-negative integers. */
export function divideRounded(numerator: number, denominator: number): number {
  if (denominator === 0) return 0;
  const n = BigInt(numerator);
  const d = BigInt(denominator);
  return Number((2n * n + d) / (2n * d));
}

export function stripHtml(html: string): string {
  return html
    .replace(/<[^>]*>/g, " ")
    .replace(/&nbsp;/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ")
    .trim();
}

/** Gift cards are never inventory-tracked; the emulator tracks every other variant. */
export const tracked = (product: ProductView): boolean => !product.isGiftCard;

export function availableForSale(product: ProductView, variant: VariantView): boolean {
  return !tracked(product) || variant.inventoryPolicy === "continue" || variant.inventoryQuantity > 0;
}

export function inventoryItem(store: ShopStore, product: ProductView, variant: VariantView) {
  return {
    __typename: "InventoryItem",
    id: gid("InventoryItem", variant.id),
    legacyResourceId: String(variant.id),
    sku: variant.sku,
    tracked: tracked(product),
    requiresShipping: !product.isGiftCard,
    unitCost: variant.unitCost === null ? null : moneyV2(variant.unitCost, store.shop.currencyCode),
    variant: variantSource(product, variant),
    createdAt: product.createdAt,
    updatedAt: product.updatedAt,
  };
}
