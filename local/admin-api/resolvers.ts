// Resolvers of the Admin API emulator: one map per schema type, backed by the ShopStore.
//
// Every object an entity field returns is a small "source" tagged with its __typename (which resolves
// the Node, HasMetafields and union types). Types listed in `resolvers` are strict: a field without a
// resolver there is an explicit "not implemented" error. Other types (MoneyV2, PageInfo, payloads…) are
// plain objects whose own properties are the fields; a missing property is the same error. So a query
// never gets a silent null for something the emulator does not model.
import { GraphQLError } from "graphql";
import { formatDecimalAmount } from "../../app/domain/money";
import { rootObjectCount } from "./bulk";
import { APP_NAMESPACE, metafieldDigest, metafieldJsonValue, referencedGids } from "./metafields";
import {
  bulkOperationCancel,
  bulkOperationRunQuery,
  changeTags,
  discountAutomaticAppCreate,
  discountCodeBasicCreate,
  type DiscountCodeBasicInput,
  discountCodeDelete,
  flowTriggerReceive,
  type DiscountAutomaticAppInput,
  discountAutomaticAppUpdate,
  findDiscount,
  metafieldsDelete,
  metafieldsSet,
  type MetafieldsSetInput,
  missingDiscount,
} from "./mutations";
import {
  filterBySearch,
  matchBoolean,
  matchDate,
  matchExact,
  matchId,
  matchNumber,
  matchText,
  type SearchSpec,
} from "./search";
import {
  type AdminContext,
  type AppInstallationSource,
  appInstallationSource,
  type Args,
  availableForSale,
  type BulkOperationSource,
  bulkOperationSource,
  type CollectionSource,
  collectionSource,
  count,
  type CustomerSource,
  customerSource,
  type DiscountAppSource,
  discountAppSource,
  type DiscountNodeSource,
  discountNodeSource,
  divideRounded,
  firstOf,
  inventoryItem,
  type LineItemSource,
  lineItemSource,
  type LineItemView,
  lookup,
  lower,
  type MetafieldSource,
  metafieldSource,
  moneyBag,
  moneyV2,
  nodeSource,
  type OrderSource,
  orderSource,
  page,
  type ProductSource,
  productSource,
  type RefundSource,
  refundSource,
  type RefundView,
  requireGid,
  type ShopSource,
  shopSource,
  sortItems,
  type SortValue,
  str,
  stripHtml,
  sum,
  time,
  tracked,
  type TypeResolvers,
  typeResolvers,
  type VariantSource,
  variantSource,
} from "./sources";
import {
  type AutomaticAppDiscountView,
  type BulkOperationView,
  type CollectionView,
  type CustomerView,
  gid,
  metafieldId,
  type OrderView,
  parseGid,
  type ProductView,
  type ShopStore,
  type VariantView,
} from "./store";

// ---- metafields on owners ------------------------------------------------------------------------

function metafieldResolvers<S>(ownerOf: (source: S, context: AdminContext) => string) {
  return {
    metafield: (source: S, args: Args, context: AdminContext) => {
      const ownerGid = ownerOf(source, context);
      const namespace = str(args.namespace) ?? APP_NAMESPACE;
      const found = (context.store.metafieldsOf(ownerGid) ?? []).find(
        (m) => m.namespace === namespace && m.key === args.key,
      );
      return found ? metafieldSource(ownerGid, found) : null;
    },
    metafields: (source: S, args: Args, context: AdminContext) => {
      const ownerGid = ownerOf(source, context);
      const namespace = str(args.namespace);
      const keys = Array.isArray(args.keys) ? (args.keys as string[]) : null;
      const list = (context.store.metafieldsOf(ownerGid) ?? []).filter(
        (m) =>
          (namespace === undefined || m.namespace === namespace) &&
          (keys === null || keys.includes(`${m.namespace}.${m.key}`)),
      );
      return page(
        context,
        list,
        args,
        (m) => metafieldId(ownerGid, m.namespace, m.key),
        (m) => metafieldSource(ownerGid, m),
      );
    },
  };
}

const OWNER_TYPES: Record<string, string> = {
  Product: "PRODUCT",
  Shop: "SHOP",
  Customer: "CUSTOMER",
  AppInstallation: "API_PERMISSION",
  DiscountAutomaticNode: "DISCOUNT",
};

// ---- products ------------------------------------------------------------------------------------

const DEFAULT_OPTION = "Title";
const DEFAULT_VALUE = "Default Title";

function productOptions(product: ProductView) {
  const names = product.optionNames.length > 0 ? product.optionNames : [DEFAULT_OPTION];
  return names.map((name, index) => {
    const values: string[] = [];
    for (const variant of product.variants) {
      const value = product.optionNames.length > 0 ? variant.options[index] : DEFAULT_VALUE;
      if (value !== undefined && !values.includes(value)) values.push(value);
    }
    return {
      __typename: "ProductOption",
      // Synthetic ids: EmulatedProduct keeps no option ids.
      id: gid("ProductOption", product.id * 100 + index + 1),
      name,
      position: index + 1,
      values,
      optionValues: values.map((value, valueIndex) => ({
        __typename: "ProductOptionValue",
        id: gid("ProductOptionValue", (product.id * 100 + index + 1) * 1000 + valueIndex + 1),
        name: value,
        hasVariants: true,
      })),
    };
  });
}

function productImage(product: ProductView) {
  if (product.imageUrl === null) return null;
  return {
    __typename: "Image",
    id: gid("ProductImage", product.id),
    url: product.imageUrl,
    altText: null,
    width: null,
    height: null,
  };
}

function productMedia(product: ProductView) {
  const image = productImage(product);
  if (!image) return null;
  return {
    __typename: "MediaImage",
    id: gid("MediaImage", product.id),
    alt: null,
    mediaContentType: "IMAGE",
    status: "READY",
    image,
    preview: { image, status: "READY" },
  };
}

function priceRange(store: ShopStore, product: ProductView) {
  const prices = product.variants.map((v) => v.price);
  const currency = store.shop.currencyCode;
  const min = prices.length > 0 ? Math.min(...prices) : 0;
  const max = prices.length > 0 ? Math.max(...prices) : 0;
  return { minVariantPrice: moneyV2(min, currency), maxVariantPrice: moneyV2(max, currency) };
}

function onlineStoreUrl(store: ShopStore, product: ProductView): string | null {
  return product.status === "ACTIVE" ? `https://${store.shop.domain}/products/${product.handle}` : null;
}

const variantDisplayName = (product: ProductView, variant: VariantView): string =>
  variant.title === DEFAULT_VALUE ? product.title : `${product.title} - ${variant.title}`;

function productSearch(store: ShopStore): SearchSpec<ProductView> {
  const tz = store.shop.ianaTimezone;
  return {
    resource: "products",
    text: (p, term) => matchText(p.title, term),
    fields: {
      id: (p, term) => matchId(p.id, term),
      title: (p, term) => matchText(p.title, term),
      handle: (p, term) => matchExact(p.handle, term),
      status: (p, term) => matchExact(p.status, term),
      product_type: (p, term) => matchExact(p.productType, term),
      vendor: (p, term) => matchExact(p.vendor, term),
      tag: (p, term) => matchExact(p.tags, term),
      tag_not: (p, term) => !matchExact(p.tags, term),
      gift_card: (p, term) => matchBoolean(p.isGiftCard, term),
      sku: (p, term) =>
        matchExact(
          p.variants.map((v) => v.sku),
          term,
        ),
      created_at: (p, term) => matchDate(p.createdAt, term, tz),
      updated_at: (p, term) => matchDate(p.updatedAt, term, tz),
    },
  };
}

const PRODUCT_SORT: Record<string, (p: ProductView) => SortValue> = {
  ID: (p) => p.id,
  RELEVANCE: (p) => p.id,
  TITLE: (p) => lower(p.title),
  CREATED_AT: (p) => time(p.createdAt),
  UPDATED_AT: (p) => time(p.updatedAt),
  PUBLISHED_AT: (p) => time(p.createdAt),
  PRODUCT_TYPE: (p) => lower(p.productType),
  VENDOR: (p) => lower(p.vendor),
  INVENTORY_TOTAL: (p) => sum(p.variants.map((v) => v.inventoryQuantity)),
};

function searchProducts(context: AdminContext, args: Args): ProductView[] {
  const { store } = context;
  const found = filterBySearch(store.shop.products, str(args.query), productSearch(store));
  return sortItems(found, args.sortKey, PRODUCT_SORT, (p) => p.id, "products");
}

type VariantPair = { product: ProductView; variant: VariantView };

function variantSearch(store: ShopStore): SearchSpec<VariantPair> {
  const tz = store.shop.ianaTimezone;
  return {
    resource: "productVariants",
    text: ({ product, variant }, term) =>
      matchText(variantDisplayName(product, variant), term) || matchText(variant.sku, term),
    fields: {
      id: ({ variant }, term) => matchId(variant.id, term),
      product_id: ({ product }, term) => matchId(product.id, term),
      sku: ({ variant }, term) => matchExact(variant.sku, term),
      title: ({ variant }, term) => matchText(variant.title, term),
      product_status: ({ product }, term) => matchExact(product.status, term),
      product_type: ({ product }, term) => matchExact(product.productType, term),
      vendor: ({ product }, term) => matchExact(product.vendor, term),
      tag: ({ product }, term) => matchExact(product.tags, term),
      gift_card: ({ product }, term) => matchBoolean(product.isGiftCard, term),
      inventory_quantity: ({ variant }, term) => matchNumber(variant.inventoryQuantity, term),
      updated_at: ({ product }, term) => matchDate(product.updatedAt, term, tz),
    },
  };
}

const VARIANT_SORT: Record<string, (pair: VariantPair) => SortValue> = {
  ID: ({ variant }) => variant.id,
  RELEVANCE: ({ variant }) => variant.id,
  SKU: ({ variant }) => variant.sku,
  TITLE: ({ variant }) => lower(variant.title),
  NAME: ({ product, variant }) => lower(variantDisplayName(product, variant)),
  FULL_TITLE: ({ product, variant }) => lower(variantDisplayName(product, variant)),
  INVENTORY_QUANTITY: ({ variant }) => variant.inventoryQuantity,
  POSITION: ({ product, variant }) => product.variants.indexOf(variant),
};

function allVariants(store: ShopStore): VariantPair[] {
  return store.shop.products.flatMap((product) => product.variants.map((variant) => ({ product, variant })));
}

// ---- collections, customers, orders ---------------------------------------------------------------

function collectionSearch(): SearchSpec<CollectionView> {
  return {
    resource: "collections",
    text: (c, term) => matchText(c.title, term),
    fields: {
      id: (c, term) => matchId(c.id, term),
      title: (c, term) => matchText(c.title, term),
      handle: (c, term) => matchExact(c.handle, term),
      product_id: (c, term) => c.productIds.some((id) => matchId(id, term)),
    },
  };
}

const COLLECTION_SORT: Record<string, (c: CollectionView) => SortValue> = {
  ID: (c) => c.id,
  RELEVANCE: (c) => c.id,
  TITLE: (c) => lower(c.title),
};

function customerOrders(store: ShopStore, customer: CustomerView): OrderView[] {
  return store.shop.orders.filter((o) => o.customerId === customer.id);
}

function customerSearch(store: ShopStore): SearchSpec<CustomerView> {
  const tz = store.shop.ianaTimezone;
  return {
    resource: "customers",
    text: (c, term) => matchText(`${c.firstName} ${c.lastName}`, term) || matchText(c.email, term),
    fields: {
      id: (c, term) => matchId(c.id, term),
      email: (c, term) => matchExact(c.email, term),
      first_name: (c, term) => matchExact(c.firstName, term),
      last_name: (c, term) => matchExact(c.lastName, term),
      tag: (c, term) => matchExact(c.tags, term),
      tag_not: (c, term) => !matchExact(c.tags, term),
      orders_count: (c, term) => matchNumber(customerOrders(store, c).length, term),
      created_at: (c, term) => matchDate(c.createdAt, term, tz),
      updated_at: (c, term) => matchDate(c.createdAt, term, tz),
    },
  };
}

const CUSTOMER_SORT: Record<string, (c: CustomerView) => SortValue> = {
  ID: (c) => c.id,
  RELEVANCE: (c) => c.id,
  CREATED_AT: (c) => time(c.createdAt),
  UPDATED_AT: (c) => time(c.createdAt),
  NAME: (c) => lower(`${c.firstName} ${c.lastName}`),
};

const lineOriginal = (line: LineItemView): number => line.price * line.quantity;
const lineDiscount = (line: LineItemView): number => sum(line.discountAllocations.map((a) => a.amount));
const orderSubtotal = (order: OrderView): number => sum(order.lineItems.map((l) => lineOriginal(l) - lineDiscount(l)));
const orderDiscounts = (order: OrderView): number => sum(order.lineItems.map(lineDiscount));
const refundTotal = (refund: RefundView): number => sum(refund.lines.map((l) => l.subtotal));
const orderRefunded = (order: OrderView): number => sum(order.refunds.map(refundTotal));

function refundedQuantity(order: OrderView, lineItemId: number): number {
  return sum(order.refunds.flatMap((r) => r.lines.filter((l) => l.lineItemId === lineItemId).map((l) => l.quantity)));
}

/** EmulatedOrder has no updatedAt: the latest of its own timestamps. */
function orderUpdatedAt(order: OrderView): string {
  const stamps = [order.createdAt, order.processedAt, order.cancelledAt, ...order.refunds.map((r) => r.createdAt)];
  return stamps.filter((s): s is string => s !== null).reduce((a, b) => (time(b) > time(a) ? b : a));
}

function financialStatus(order: OrderView): string {
  const refunded = orderRefunded(order);
  if (refunded === 0) return "paid";
  return refunded >= orderSubtotal(order) ? "refunded" : "partially_refunded";
}

function orderSearch(store: ShopStore): SearchSpec<OrderView> {
  const tz = store.shop.ianaTimezone;
  return {
    resource: "orders",
    text: (o, term) => matchText(o.name, term) || matchText(o.email, term),
    fields: {
      id: (o, term) => matchId(o.id, term),
      name: (o, term) => matchExact([o.name, o.name.replace(/^#/, "")], term),
      email: (o, term) => matchExact(o.email, term),
      customer_id: (o, term) => o.customerId !== null && matchId(o.customerId, term),
      tag: (o, term) => matchExact(o.tags, term),
      tag_not: (o, term) => !matchExact(o.tags, term),
      sku: (o, term) =>
        matchExact(
          o.lineItems.map((l) => l.sku),
          term,
        ),
      status: (o, term) => matchExact(o.cancelledAt === null ? ["open", "any"] : ["cancelled", "any"], term),
      financial_status: (o, term) => matchExact([financialStatus(o), "any"], term),
      created_at: (o, term) => matchDate(o.createdAt, term, tz),
      processed_at: (o, term) => matchDate(o.processedAt, term, tz),
      updated_at: (o, term) => matchDate(orderUpdatedAt(o), term, tz),
    },
  };
}

const ORDER_SORT: Record<string, (o: OrderView) => SortValue> = {
  ID: (o) => o.id,
  RELEVANCE: (o) => o.id,
  CREATED_AT: (o) => time(o.createdAt),
  PROCESSED_AT: (o) => time(o.processedAt),
  UPDATED_AT: (o) => time(orderUpdatedAt(o)),
  ORDER_NUMBER: (o) => Number(o.name.replace(/\D/g, "")),
  TOTAL_PRICE: (o) => orderSubtotal(o),
};

function searchOrders(context: AdminContext, args: Args, orders: readonly OrderView[]): OrderView[] {
  const found = filterBySearch(orders, str(args.query), orderSearch(context.store));
  return sortItems(found, args.sortKey, ORDER_SORT, (o) => o.id, "orders");
}

// ---- discounts -------------------------------------------------------------------------------------

function discountSearch(store: ShopStore): SearchSpec<AutomaticAppDiscountView> {
  const tz = store.shop.ianaTimezone;
  return {
    resource: "discounts",
    text: (d, term) => matchText(d.title, term),
    fields: {
      id: (d, term) => matchId(d.id, term),
      title: (d, term) => matchText(d.title, term),
      status: (d, term) => matchExact(store.discountStatus(d), term),
      type: (_d, term) => matchExact(["app", "all"], term),
      discount_type: (_d, term) => matchExact(["app", "all"], term),
      method: (_d, term) => matchExact(["automatic", "all"], term),
      discount_class: (d, term) => matchExact(d.discountClasses, term),
      starts_at: (d, term) => matchDate(d.startsAt, term, tz),
      ends_at: (d, term) => matchDate(d.endsAt, term, tz),
      created_at: (d, term) => matchDate(d.createdAt, term, tz),
      updated_at: (d, term) => matchDate(d.updatedAt, term, tz),
    },
  };
}

const DISCOUNT_SORT: Record<string, (d: AutomaticAppDiscountView) => SortValue> = {
  ID: (d) => d.id,
  RELEVANCE: (d) => d.id,
  CREATED_AT: (d) => time(d.createdAt),
  UPDATED_AT: (d) => time(d.updatedAt),
  STARTS_AT: (d) => time(d.startsAt),
  ENDS_AT: (d) => (d.endsAt === null ? Number.POSITIVE_INFINITY : time(d.endsAt)),
  TITLE: (d) => lower(d.title),
};

function searchDiscounts(context: AdminContext, args: Args): AutomaticAppDiscountView[] {
  const { store } = context;
  const found = filterBySearch(store.shop.automaticAppDiscounts, str(args.query), discountSearch(store));
  return sortItems(found, args.sortKey, DISCOUNT_SORT, (d) => d.id, "discounts");
}

const discountResolvers = typeResolvers<DiscountNodeSource>({
  id: ({ discount }) => gid("DiscountAutomaticNode", discount.id),
  ...metafieldResolvers<DiscountNodeSource>(({ discount }) => gid("DiscountAutomaticNode", discount.id)),
});

// ---- the resolver maps ---------------------------------------------------------------------------

const shopGid = (context: AdminContext) => gid("Shop", context.store.shop.id);
const appInstallationGid = (context: AdminContext) => gid("AppInstallation", context.store.appInstallationId);

export const resolvers: Record<string, TypeResolvers> = {
  QueryRoot: typeResolvers<unknown>({
    shop: () => shopSource,
    currentAppInstallation: () => appInstallationSource,
    appInstallation: (_root, args, context) => {
      if (args.id === undefined || args.id === null) return appInstallationSource;
      const parsed = requireGid(args.id);
      const current = parsed.type === "AppInstallation" && parsed.id === context.store.appInstallationId;
      return current ? appInstallationSource : null;
    },
    node: (_root, args, context) => nodeSource(context.store, args.id),
    nodes: (_root, args, context) => (args.ids as string[]).map((id) => nodeSource(context.store, id)),

    product: (_root, args, context) => {
      const product = lookup(args.id, "Product", (id) => context.store.product(id));
      return product && productSource(product);
    },
    products: (_root, args, context) => page(context, searchProducts(context, args), args, (p) => p.id, productSource),
    productsCount: (_root, args, context) => count(searchProducts(context, args).length),

    productVariant: (_root, args, context) => {
      const found = lookup(args.id, "ProductVariant", (id) => context.store.variant(id));
      return found && variantSource(found.product, found.variant);
    },
    productVariants: (_root, args, context) => {
      const found = filterBySearch(allVariants(context.store), str(args.query), variantSearch(context.store));
      const sorted = sortItems(found, args.sortKey, VARIANT_SORT, ({ variant }) => variant.id, "productVariants");
      return page(
        context,
        sorted,
        args,
        ({ variant }) => variant.id,
        ({ product, variant }) => variantSource(product, variant),
      );
    },
    productVariantsCount: (_root, args, context) =>
      count(filterBySearch(allVariants(context.store), str(args.query), variantSearch(context.store)).length),

    collection: (_root, args, context) => {
      const collection = lookup(args.id, "Collection", (id) => context.store.collection(id));
      return collection && collectionSource(collection);
    },
    collections: (_root, args, context) => {
      const found = filterBySearch(context.store.shop.collections, str(args.query), collectionSearch());
      const sorted = sortItems(found, args.sortKey, COLLECTION_SORT, (c) => c.id, "collections");
      return page(context, sorted, args, (c) => c.id, collectionSource);
    },
    collectionsCount: (_root, args, context) =>
      count(filterBySearch(context.store.shop.collections, str(args.query), collectionSearch()).length),

    customer: (_root, args, context) => {
      const customer = lookup(args.id, "Customer", (id) => context.store.customer(id));
      return customer && customerSource(customer);
    },
    customers: (_root, args, context) => {
      const found = filterBySearch(context.store.shop.customers, str(args.query), customerSearch(context.store));
      const sorted = sortItems(found, args.sortKey, CUSTOMER_SORT, (c) => c.id, "customers");
      return page(context, sorted, args, (c) => c.id, customerSource);
    },
    customersCount: (_root, args, context) =>
      count(filterBySearch(context.store.shop.customers, str(args.query), customerSearch(context.store)).length),

    order: (_root, args, context) => {
      const order = lookup(args.id, "Order", (id) => context.store.order(id));
      return order && orderSource(order);
    },
    orders: (_root, args, context) =>
      page(context, searchOrders(context, args, context.store.shop.orders), args, (o) => o.id, orderSource),
    ordersCount: (_root, args, context) => {
      const total = filterBySearch(context.store.shop.orders, str(args.query), orderSearch(context.store)).length;
      const limit = typeof args.limit === "number" ? args.limit : 10_000;
      return total > limit ? { count: limit, precision: "AT_LEAST" } : count(total);
    },

    discountNodes: (_root, args, context) =>
      page(
        context,
        searchDiscounts(context, args),
        args,
        (d) => d.id,
        (d) => discountNodeSource(d, "DiscountNode"),
      ),
    discountNodesCount: (_root, args, context) => count(searchDiscounts(context, args).length),
    automaticDiscountNodes: (_root, args, context) =>
      page(
        context,
        searchDiscounts(context, args),
        args,
        (d) => d.id,
        (d) => discountNodeSource(d),
      ),
    discountNode: (_root, args, context) => {
      const discount = findDiscount(context, args.id);
      return discount ? discountNodeSource(discount, "DiscountNode") : null;
    },
    automaticDiscountNode: (_root, args, context) => {
      const discount = findDiscount(context, args.id);
      return discount ? discountNodeSource(discount) : null;
    },

    currentBulkOperation: (_root, args, context) => {
      const type = str(args.type) ?? "QUERY";
      const latest = context.store.shop.bulkOperations
        .filter((op) => op.type === type)
        .reduce<BulkOperationView | null>((a, b) => (a === null || b.id > a.id ? b : a), null);
      return latest && bulkOperationSource(latest);
    },
  }),

  Mutation: typeResolvers<unknown>({
    metafieldsSet: (_root, args, context) => metafieldsSet(context, args.metafields as MetafieldsSetInput[]),
    metafieldsDelete: (_root, args, context) =>
      metafieldsDelete(context, args.metafields as Array<{ ownerId: string; namespace: string; key: string }>),
    discountAutomaticAppCreate: (_root, args, context) =>
      discountAutomaticAppCreate(context, args.automaticAppDiscount as DiscountAutomaticAppInput),
    discountAutomaticAppUpdate: (_root, args, context) =>
      discountAutomaticAppUpdate(context, args.id, args.automaticAppDiscount as DiscountAutomaticAppInput),
    discountAutomaticDelete: (_root, args, context) => {
      const discount = findDiscount(context, args.id);
      if (!discount) return { deletedAutomaticDiscountId: null, userErrors: missingDiscount() };
      context.store.deleteAutomaticAppDiscount(discount.id);
      return { deletedAutomaticDiscountId: gid("DiscountAutomaticNode", discount.id), userErrors: [] };
    },
    discountCodeBasicCreate: (_root, args, context) =>
      discountCodeBasicCreate(context, args.basicCodeDiscount as DiscountCodeBasicInput),
    discountCodeDelete: (_root, args, context) => discountCodeDelete(context, args.id),
    flowTriggerReceive: (_root, args, context) => flowTriggerReceive(context, args.handle, args.payload),
    tagsAdd: (_root, args, context) => changeTags(context, args.id, args.tags as string[], true),
    tagsRemove: (_root, args, context) => changeTags(context, args.id, args.tags as string[], false),
    bulkOperationRunQuery: (_root, args, context) => bulkOperationRunQuery(context, args.query as string),
    bulkOperationCancel: (_root, args, context) => bulkOperationCancel(context, args.id),
  }),

  Shop: typeResolvers<ShopSource>({
    id: (_s, _a, context) => shopGid(context),
    name: (_s, _a, { store }) => store.shop.name,
    email: (_s, _a, { store }) => store.shop.email,
    contactEmail: (_s, _a, { store }) => store.shop.email,
    myshopifyDomain: (_s, _a, { store }) => store.shop.domain,
    url: (_s, _a, { store }) => `https://${store.shop.domain}`,
    currencyCode: (_s, _a, { store }) => store.shop.currencyCode,
    enabledPresentmentCurrencies: (_s, _a, { store }) => [store.shop.currencyCode],
    currencyFormats: (_s, _a, { store }) => ({
      moneyFormat: store.shop.moneyFormat,
      moneyWithCurrencyFormat: store.shop.moneyWithCurrencyFormat,
      moneyInEmailsFormat: store.shop.moneyFormat,
      moneyWithCurrencyInEmailsFormat: store.shop.moneyWithCurrencyFormat,
    }),
    ianaTimezone: (_s, _a, { store }) => store.shop.ianaTimezone,
    primaryDomain: (_s, _a, { store }) => ({
      __typename: "Domain",
      // The emulated shop's only domain is its myshopify domain.
      id: gid("Domain", store.shop.id),
      host: store.shop.domain,
      url: `https://${store.shop.domain}`,
      sslEnabled: true,
    }),
    ...metafieldResolvers<ShopSource>((_s, context) => shopGid(context)),
  }),

  AppInstallation: typeResolvers<AppInstallationSource>({
    id: (_s, _a, context) => appInstallationGid(context),
    ...metafieldResolvers<AppInstallationSource>((_s, context) => appInstallationGid(context)),
  }),

  Metafield: typeResolvers<MetafieldSource>({
    id: ({ ownerGid, metafield: m }) => gid("Metafield", metafieldId(ownerGid, m.namespace, m.key)),
    legacyResourceId: ({ ownerGid, metafield: m }) => String(metafieldId(ownerGid, m.namespace, m.key)),
    namespace: ({ metafield }) => metafield.namespace,
    key: ({ metafield }) => metafield.key,
    type: ({ metafield }) => metafield.type,
    value: ({ metafield }) => metafield.value,
    jsonValue: ({ metafield }) => metafieldJsonValue(metafield.type, metafield.value),
    compareDigest: ({ metafield }) => metafieldDigest(metafield.type, metafield.value),
    // EmulatedMetafield keeps one timestamp.
    createdAt: ({ metafield }) => metafield.updatedAt,
    updatedAt: ({ metafield }) => metafield.updatedAt,
    ownerType: ({ ownerGid }) => OWNER_TYPES[parseGid(ownerGid)?.type ?? ""] ?? null,
    owner: ({ ownerGid }, _a, { store }) => nodeSource(store, ownerGid),
    // The emulator has no metafield definitions.
    definition: () => null,
    reference: ({ metafield }, _a, { store }) => {
      const [target] = referencedGids(metafield.type, metafield.value);
      return metafield.type.startsWith("list.") || target === undefined ? null : nodeSource(store, target);
    },
    references: ({ metafield }, args, context) => {
      if (!metafield.type.startsWith("list.")) return null;
      const targets = referencedGids(metafield.type, metafield.value);
      return page(
        context,
        targets,
        args,
        (target) => target,
        (target) => nodeSource(context.store, target),
      );
    },
  }),

  Product: typeResolvers<ProductSource>({
    id: ({ product }) => gid("Product", product.id),
    legacyResourceId: ({ product }) => String(product.id),
    handle: ({ product }) => product.handle,
    title: ({ product }) => product.title,
    descriptionHtml: ({ product }) => product.descriptionHtml,
    description: ({ product }, args) => {
      const text = stripHtml(product.descriptionHtml);
      return typeof args.truncateAt === "number" && text.length > args.truncateAt
        ? `${text.slice(0, args.truncateAt)}…`
        : text;
    },
    vendor: ({ product }) => product.vendor,
    productType: ({ product }) => product.productType,
    tags: ({ product }) => product.tags,
    status: ({ product }) => product.status,
    isGiftCard: ({ product }) => product.isGiftCard,
    totalInventory: ({ product }) => sum(product.variants.map((v) => v.inventoryQuantity)),
    tracksInventory: ({ product }) => tracked(product),
    hasOnlyDefaultVariant: ({ product }) => product.optionNames.length === 0 && product.variants.length === 1,
    hasOutOfStockVariants: ({ product }) => tracked(product) && product.variants.some((v) => v.inventoryQuantity <= 0),
    requiresSellingPlan: ({ product }) => product.variants.some((v) => v.requiresSellingPlan),
    featuredImage: ({ product }) => productImage(product),
    featuredMedia: ({ product }) => productMedia(product),
    media: ({ product }, args, context) => {
      const media = productMedia(product);
      return page(
        context,
        media ? [media] : [],
        args,
        (m) => m.id,
        (m) => m,
      );
    },
    onlineStoreUrl: ({ product }, _a, { store }) => onlineStoreUrl(store, product),
    onlineStorePreviewUrl: ({ product }, _a, { store }) => `https://${store.shop.domain}/products/${product.handle}`,
    options: ({ product }, args) => firstOf(productOptions(product), args.first),
    variants: ({ product }, args, context) => {
      const sorted = sortItems(
        product.variants,
        args.sortKey,
        {
          POSITION: (v) => product.variants.indexOf(v),
          ID: (v) => v.id,
          SKU: (v) => v.sku,
          TITLE: (v) => lower(v.title),
          INVENTORY_QUANTITY: (v) => v.inventoryQuantity,
        },
        (v) => v.id,
        "Product.variants",
      );
      return page(
        context,
        sorted,
        args,
        (v) => v.id,
        (v) => variantSource(product, v),
      );
    },
    variantsCount: ({ product }) => count(product.variants.length),
    totalVariants: ({ product }) => product.variants.length,
    sellingPlanGroupsCount: () => count(0),
    collections: ({ product }, args, context) => {
      const containing = context.store.shop.collections.filter((c) => c.productIds.includes(product.id));
      const found = filterBySearch(containing, str(args.query), collectionSearch());
      const sorted = sortItems(found, args.sortKey, COLLECTION_SORT, (c) => c.id, "Product.collections");
      return page(context, sorted, args, (c) => c.id, collectionSource);
    },
    inCollection: ({ product }, args, context) =>
      lookup(args.id, "Collection", (id) => context.store.collection(id))?.productIds.includes(product.id) ?? false,
    createdAt: ({ product }) => product.createdAt,
    updatedAt: ({ product }) => product.updatedAt,
    publishedAt: ({ product }) => (product.status === "ACTIVE" ? product.createdAt : null),
    priceRangeV2: ({ product }, _a, { store }) => priceRange(store, product),
    priceRange: ({ product }, _a, { store }) => priceRange(store, product),
    ...metafieldResolvers<ProductSource>(({ product }) => gid("Product", product.id)),
  }),

  ProductVariant: typeResolvers<VariantSource>({
    id: ({ variant }) => gid("ProductVariant", variant.id),
    legacyResourceId: ({ variant }) => String(variant.id),
    title: ({ variant }) => variant.title,
    displayName: ({ product, variant }) => variantDisplayName(product, variant),
    sku: ({ variant }) => variant.sku,
    price: ({ variant }, _a, { store }) =>
      formatDecimalAmount({ amount: variant.price, currency: store.shop.currencyCode }),
    compareAtPrice: ({ variant }, _a, { store }) =>
      variant.compareAtPrice === null
        ? null
        : formatDecimalAmount({ amount: variant.compareAtPrice, currency: store.shop.currencyCode }),
    inventoryQuantity: ({ variant }) => variant.inventoryQuantity,
    availableForSale: ({ product, variant }) => availableForSale(product, variant),
    inventoryPolicy: ({ variant }) => variant.inventoryPolicy.toUpperCase(),
    selectedOptions: ({ product, variant }) =>
      product.optionNames.length === 0
        ? [{ name: DEFAULT_OPTION, value: DEFAULT_VALUE }]
        : product.optionNames.map((name, index) => ({ name, value: variant.options[index] ?? "" })),
    position: ({ product, variant }) => product.variants.indexOf(variant) + 1,
    product: ({ product }) => productSource(product),
    // EmulatedVariant has no image of its own (Shopify answers null then too).
    image: () => null,
    requiresComponents: () => false,
    sellingPlanGroupsCount: () => count(0),
    inventoryItem: ({ product, variant }, _a, { store }) => inventoryItem(store, product, variant),
    createdAt: ({ product }) => product.createdAt,
    updatedAt: ({ product }) => product.updatedAt,
  }),

  Collection: typeResolvers<CollectionSource>({
    id: ({ collection }) => gid("Collection", collection.id),
    legacyResourceId: ({ collection }) => String(collection.id),
    handle: ({ collection }) => collection.handle,
    title: ({ collection }) => collection.title,
    products: ({ collection }, args, context) => {
      const products = collection.productIds
        .map((id) => context.store.product(id))
        .filter((p): p is ProductView => p !== undefined);
      const sorted = sortItems(
        products,
        args.sortKey,
        {
          COLLECTION_DEFAULT: (p) => collection.productIds.indexOf(p.id),
          MANUAL: (p) => collection.productIds.indexOf(p.id),
          ID: (p) => p.id,
          TITLE: (p) => lower(p.title),
          CREATED: (p) => time(p.createdAt),
          PRICE: (p) => Math.min(...p.variants.map((v) => v.price)),
        },
        (p) => p.id,
        "Collection.products",
      );
      return page(context, sorted, args, (p) => p.id, productSource);
    },
    productsCount: ({ collection }, _a, { store }) =>
      count(collection.productIds.filter((id) => store.product(id) !== undefined).length),
    hasProduct: ({ collection }, args) => {
      const parsed = requireGid(args.id);
      return parsed.type === "Product" && collection.productIds.includes(parsed.id);
    },
  }),

  Customer: typeResolvers<CustomerSource>({
    id: ({ customer }) => gid("Customer", customer.id),
    legacyResourceId: ({ customer }) => String(customer.id),
    email: ({ customer }) => customer.email,
    defaultEmailAddress: ({ customer }) => (customer.email ? { emailAddress: customer.email } : null),
    firstName: ({ customer }) => customer.firstName,
    lastName: ({ customer }) => customer.lastName,
    displayName: ({ customer }) => `${customer.firstName} ${customer.lastName}`.trim() || customer.email,
    tags: ({ customer }) => customer.tags,
    createdAt: ({ customer }) => customer.createdAt,
    // EmulatedCustomer keeps no updatedAt.
    updatedAt: ({ customer }) => customer.createdAt,
    numberOfOrders: ({ customer }, _a, { store }) => String(customerOrders(store, customer).length),
    amountSpent: ({ customer }, _a, { store }) => {
      const spent = customerOrders(store, customer)
        .filter((o) => o.cancelledAt === null)
        .map((o) => orderSubtotal(o) - orderRefunded(o));
      return moneyV2(sum(spent), store.shop.currencyCode);
    },
    orders: ({ customer }, args, context) =>
      page(
        context,
        searchOrders(context, args, customerOrders(context.store, customer)),
        args,
        (o) => o.id,
        orderSource,
      ),
    lastOrder: ({ customer }, _a, { store }) => {
      const orders = customerOrders(store, customer);
      const last = orders.reduce<OrderView | null>(
        (a, b) => (a === null || time(b.createdAt) > time(a.createdAt) ? b : a),
        null,
      );
      return last && orderSource(last);
    },
    ...metafieldResolvers<CustomerSource>(({ customer }) => gid("Customer", customer.id)),
  }),

  Order: typeResolvers<OrderSource>({
    id: ({ order }) => gid("Order", order.id),
    legacyResourceId: ({ order }) => String(order.id),
    name: ({ order }) => order.name,
    createdAt: ({ order }) => order.createdAt,
    processedAt: ({ order }) => order.processedAt,
    updatedAt: ({ order }) => orderUpdatedAt(order),
    cancelledAt: ({ order }) => order.cancelledAt,
    // One currency per emulated order: shop and presentment amounts are the same.
    currencyCode: ({ order }) => order.currency,
    presentmentCurrencyCode: ({ order }) => order.currency,
    customer: ({ order }, _a, { store }) => {
      const customer = order.customerId === null ? undefined : store.customer(order.customerId);
      return customer ? customerSource(customer) : null;
    },
    email: ({ order }) => order.email,
    tags: ({ order }) => order.tags,
    test: () => false,
    lineItems: ({ order }, args, context) =>
      page(
        context,
        order.lineItems,
        args,
        (l) => l.id,
        (l) => lineItemSource(order, l),
      ),
    subtotalLineItemsQuantity: ({ order }) => sum(order.lineItems.map((l) => l.quantity)),
    currentSubtotalLineItemsQuantity: ({ order }) =>
      sum(order.lineItems.map((l) => l.quantity - refundedQuantity(order, l.id))),
    // No shipping, taxes or duties in the emulator: the total is the discounted subtotal.
    subtotalPriceSet: ({ order }) => moneyBag(orderSubtotal(order), order.currency),
    totalPriceSet: ({ order }) => moneyBag(orderSubtotal(order), order.currency),
    currentSubtotalPriceSet: ({ order }) => moneyBag(orderSubtotal(order) - orderRefunded(order), order.currency),
    currentTotalPriceSet: ({ order }) => moneyBag(orderSubtotal(order) - orderRefunded(order), order.currency),
    totalDiscountsSet: ({ order }) => moneyBag(orderDiscounts(order), order.currency),
    currentTotalDiscountsSet: ({ order }) => moneyBag(orderDiscounts(order), order.currency),
    totalRefundedSet: ({ order }) => moneyBag(orderRefunded(order), order.currency),
    displayFinancialStatus: ({ order }) => financialStatus(order).toUpperCase(),
    refunds: ({ order }, args) => firstOf(order.refunds, args.first).map((r) => refundSource(order, r)),
    discountApplications: ({ order }, args, context) =>
      page(
        context,
        order.discountApplications.map((application, index) => ({ application, index })),
        args,
        ({ index }) => index,
        ({ application, index }) => ({ __typename: "AutomaticDiscountApplication", title: application.title, index }),
      ),
  }),

  LineItem: typeResolvers<LineItemSource>({
    id: ({ line }) => gid("LineItem", line.id),
    title: ({ line }) => line.title,
    name: ({ line }) =>
      line.variantTitle && line.variantTitle !== DEFAULT_VALUE ? `${line.title} - ${line.variantTitle}` : line.title,
    variantTitle: ({ line }) => (line.variantTitle && line.variantTitle !== DEFAULT_VALUE ? line.variantTitle : null),
    sku: ({ line }) => line.sku,
    vendor: ({ line }, _a, { store }) => store.product(line.productId)?.vendor ?? null,
    quantity: ({ line }) => line.quantity,
    currentQuantity: ({ order, line }) => line.quantity - refundedQuantity(order, line.id),
    refundableQuantity: ({ order, line }) => line.quantity - refundedQuantity(order, line.id),
    isGiftCard: ({ line }) => line.isGiftCard,
    requiresShipping: ({ line }) => !line.isGiftCard,
    customAttributes: ({ line }) => line.properties.map((p) => ({ key: p.name, value: p.value })),
    originalUnitPriceSet: ({ order, line }) => moneyBag(line.price, order.currency),
    discountedUnitPriceSet: ({ order, line }) =>
      moneyBag(divideRounded(lineOriginal(line) - lineDiscount(line), line.quantity), order.currency),
    discountedUnitPriceAfterAllDiscountsSet: ({ order, line }) =>
      moneyBag(divideRounded(lineOriginal(line) - lineDiscount(line), line.quantity), order.currency),
    originalTotalSet: ({ order, line }) => moneyBag(lineOriginal(line), order.currency),
    discountedTotalSet: ({ order, line }) => moneyBag(lineOriginal(line) - lineDiscount(line), order.currency),
    totalDiscountSet: ({ order, line }) => moneyBag(lineDiscount(line), order.currency),
    discountAllocations: ({ order, line }) =>
      line.discountAllocations.map((allocation) => {
        const index = order.discountApplications.findIndex((a) => a.title === allocation.title);
        return {
          allocatedAmountSet: moneyBag(allocation.amount, order.currency),
          discountApplication: {
            __typename: "AutomaticDiscountApplication",
            title: allocation.title,
            index: index === -1 ? order.discountApplications.length : index,
          },
        };
      }),
    variant: ({ line }, _a, { store }) => {
      const found = store.variant(line.variantId);
      return found ? variantSource(found.product, found.variant) : null;
    },
    product: ({ line }, _a, { store }) => {
      const product = store.product(line.productId);
      return product ? productSource(product) : null;
    },
  }),

  Refund: typeResolvers<RefundSource>({
    id: ({ refund }) => gid("Refund", refund.id),
    legacyResourceId: ({ refund }) => String(refund.id),
    createdAt: ({ refund }) => refund.createdAt,
    updatedAt: ({ refund }) => refund.createdAt,
    note: ({ refund }) => refund.note,
    order: ({ order }) => orderSource(order),
    totalRefundedSet: ({ order, refund }) => moneyBag(refundTotal(refund), order.currency),
    refundLineItems: ({ order, refund }, args, context) =>
      page(
        context,
        refund.lines,
        args,
        (l) => l.lineItemId,
        (l) => {
          const line = order.lineItems.find((item) => item.id === l.lineItemId);
          if (!line) throw new GraphQLError(`Refund ${refund.id} refers to a missing line item ${l.lineItemId}`);
          return {
            lineItem: lineItemSource(order, line),
            quantity: l.quantity,
            restockType: l.restockType === "return" ? "RETURN" : "NO_RESTOCK",
            restocked: l.restockType === "return",
            subtotalSet: moneyBag(l.subtotal, order.currency),
            priceSet: moneyBag(line.price, order.currency),
          };
        },
      ),
  }),

  DiscountAutomaticNode: typeResolvers<DiscountNodeSource>({
    ...discountResolvers,
    automaticDiscount: ({ discount }) => discountAppSource(discount),
  }),

  DiscountNode: typeResolvers<DiscountNodeSource>({
    ...discountResolvers,
    discount: ({ discount }) => discountAppSource(discount),
  }),

  DiscountAutomaticApp: typeResolvers<DiscountAppSource>({
    discountId: ({ discount }) => gid("DiscountAutomaticNode", discount.id),
    title: ({ discount }) => discount.title,
    status: ({ discount }, _a, { store }) => store.discountStatus(discount),
    startsAt: ({ discount }) => discount.startsAt,
    endsAt: ({ discount }) => discount.endsAt,
    createdAt: ({ discount }) => discount.createdAt,
    updatedAt: ({ discount }) => discount.updatedAt,
    discountClasses: ({ discount }) => discount.discountClasses,
    discountClass: ({ discount }) => discount.discountClasses[0] ?? "PRODUCT",
    combinesWith: ({ discount }) => ({ ...discount.combinesWith }),
    appliesOnOneTimePurchase: () => true,
    appliesOnSubscription: () => false,
    asyncUsageCount: () => 0,
    // Only the function id is known: the emulator does not model the app's functions.
    appDiscountType: ({ discount }) => ({
      __typename: "AppDiscountType",
      functionId: discount.functionId,
      discountClasses: discount.discountClasses,
    }),
  }),

  BulkOperation: typeResolvers<BulkOperationSource>({
    id: ({ operation }) => gid("BulkOperation", operation.id),
    status: ({ operation }) => operation.status,
    type: ({ operation }) => operation.type,
    query: ({ operation }) => operation.query,
    errorCode: ({ operation }) => operation.errorCode,
    objectCount: ({ operation }) => String(operation.objectCount),
    rootObjectCount: ({ operation }) => String(rootObjectCount(operation.resultJsonl)),
    fileSize: ({ operation }) =>
      operation.resultJsonl === null ? null : String(Buffer.byteLength(operation.resultJsonl, "utf8")),
    // Shopify gives no URL when a completed operation found nothing.
    url: ({ operation }, _a, { baseUrl }) =>
      operation.status === "COMPLETED" && operation.objectCount > 0 ? `${baseUrl}/bulk/${operation.id}.jsonl` : null,
    partialDataUrl: () => null,
    createdAt: ({ operation }) => operation.createdAt,
    completedAt: ({ operation }) => operation.completedAt,
  }),
};
