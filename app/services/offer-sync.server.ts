// The offer sync: after a bundle or pairing changes, writes what the storefront widget and the discount
// Function read into app-owned metafields on every product the change touches, and makes sure the app's
// automatic discount exists with the shop's combination settings. Each product's values are recomputed
// from every live bundle and pairing touching it, so running the sync twice changes nothing (values
// already in Shopify are not written again). An offer using a product Shopify no longer sells (deleted,
// archived, draft, nothing available) is kept off the storefront and marked failed with the reason
// (app/domain/product-availability.ts); the products/* webhooks re-run it when a product changes.
//
// It runs synchronously in the request that changed the offer. Shopify's cost throttle is waited out
// per request (admin-graphql.server.ts). The plan for larger shops: enqueue the changed product ids
// instead (a job table or the Redis queue), let one worker per shop drain it in batches of 25 products
// with the same code, retry failed products with backoff, and rewrite scheduled bundles' products at
// their start and end times (the Function only sees shop-local days).
import {
  APP_DISCOUNT_QUERY,
  APP_DISCOUNTS_QUERY,
  DISCOUNT_AUTOMATIC_APP_CREATE_MUTATION,
  DISCOUNT_AUTOMATIC_APP_UPDATE_MUTATION,
  type AppDiscount,
  type AppDiscountData,
  type AppDiscountNode,
  type AppDiscountsData,
  type DiscountCreateData,
  type DiscountUpdateData,
} from "../graphql/discounts";
import { COLLECTION_PRODUCTS_QUERY, type CollectionProductsData } from "../graphql/collections";
import {
  METAFIELDS_DELETE_MUTATION,
  METAFIELDS_SET_MUTATION,
  type MetafieldsDeleteData,
  type MetafieldsSetData,
} from "../graphql/metafields";
import {
  ANCHOR_TITLES_QUERY,
  PRODUCT_OFFER_STATE_QUERY,
  type AnchorTitlesData,
  type OfferStateProductNode,
  type ProductOfferStateData,
} from "../graphql/products";
import { MAX_TITLE_LENGTH, type DiscountKind } from "../domain/bundle";
import {
  bundleAttention,
  pairingAttention,
  productProblem,
  type ProblemProduct,
  type ProductProblem,
} from "../domain/product-availability";
import {
  buildAnchorPairings,
  buildProductOfferValues,
  DISCOUNT_CONFIG_METAFIELD_KEY,
  encodeDiscountConfig,
  MAX_OFFER_METAFIELD_BYTES,
  OFFER_METAFIELD_NAMESPACE,
  OFFER_METAFIELD_TYPE,
  planProductOfferMetafields,
  type MetafieldIdentifier,
  type MetafieldSetInput,
  type OfferMatchMode,
  type SyncBundle,
  type SyncPairing,
} from "../domain/offer-metafields";
import { adminRequest, describeUserErrors, ShopifyRequestError, type AdminGraphql } from "./admin-graphql.server";
import { fetchShopLocale } from "./catalog.server";
import { shopSettings } from "./shop-lifecycle.server";
import { shopData } from "./shop-scope.server";
import { lastKnownProductTitles } from "./webhook-inbox.server";

export const APP_DISCOUNT_TITLE = "Attach bundles";
/** metafieldsSet takes at most 25 metafields per call. */
const MAX_METAFIELDS_PER_CALL = 25;
const MAX_NODES_PER_QUERY = 100;

export interface OfferSyncContext {
  shop: string;
  admin: AdminGraphql;
  now?: () => Date;
}

export interface OfferSyncChange {
  /** Every product the change touches: old and new parts, anchors (collections expanded) and complements. */
  productIds: readonly string[];
  /** Bundles whose sync state to record. */
  bundleIds?: readonly string[];
  /** Pairings whose sync state to record. */
  pairingIds?: readonly string[];
}

export type SyncState = { status: "live"; error: null } | { status: "failed"; error: string };

export interface OfferSyncResult {
  bundles: Record<string, SyncState>;
  pairings: Record<string, SyncState>;
  /** Products whose metafields were written or deleted, and products that failed (with why). */
  productsChanged: string[];
  productsFailed: Record<string, string>;
  discountId: string | null;
}

interface ProductState {
  title: string;
  /** Why the product cannot be sold (archived, draft, nothing available), or null. */
  problem: ProductProblem | null;
  collections: string[];
  metafields: Map<string, { type: string; value: string }>;
}

const unique = <T>(items: Iterable<T>) => [...new Set(items)];

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function errorText(error: unknown): string {
  if (error instanceof ShopifyRequestError) return error.message;
  return `Something went wrong while talking to Shopify (${(error as Error)?.message ?? String(error)})`;
}

export async function syncOffers(ctx: OfferSyncContext, change: OfferSyncChange): Promise<OfferSyncResult> {
  const result: OfferSyncResult = {
    bundles: {},
    pairings: {},
    productsChanged: [],
    productsFailed: {},
    discountId: null,
  };
  try {
    await runSync(ctx, change, result);
  } catch (error) {
    // The database change is already saved: record that Shopify does not have it yet.
    const message = `Not published to Shopify: ${errorText(error)}. Retry to publish it.`;
    for (const id of change.bundleIds ?? []) result.bundles[id] = { status: "failed", error: message };
    for (const id of change.pairingIds ?? []) result.pairings[id] = { status: "failed", error: message };
    await recordStates(ctx, result);
  }
  return result;
}

async function runSync(ctx: OfferSyncContext, change: OfferSyncChange, result: OfferSyncResult) {
  const now = ctx.now?.() ?? new Date();
  const scoped = shopData(ctx.shop);
  const settings = await shopSettings(ctx.shop);
  const locale = await fetchShopLocale(ctx.admin);
  const productIds = unique(change.productIds);
  const state = await readProductState(ctx.admin, productIds);
  const problems = await productProblems(ctx.shop, productIds, state);

  // Every live bundle touching these products, oldest first: when a product has more than Shopify
  // passes to the Function, the newest bundles are the ones left out (and marked failed).
  const touching = await scoped.bundlePart.findMany({
    where: { productId: { in: productIds } },
    select: { bundleId: true },
  });
  const bundles = await scoped.bundle.findMany({
    where: { id: { in: unique(touching.map((p) => p.bundleId)) }, status: "active" },
    include: { parts: { orderBy: { position: "asc" } } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  const failedBundles = new Map<string, string>();
  const syncBundles: SyncBundle[] = [];
  for (const bundle of bundles) {
    // A part Shopify can no longer sell: the bundle is left out rather than offered without it.
    const attention = bundleProblem(bundle.parts, problems);
    if (attention) {
      failedBundles.set(bundle.id, attention);
      continue;
    }
    syncBundles.push({
      id: bundle.id,
      title: bundle.title,
      status: bundle.status,
      currencyCode: bundle.currencyCode,
      discount: { kind: bundle.discountKind as DiscountKind, value: bundle.discountValue },
      parts: bundle.parts.map((p) => ({ productId: p.productId, variantId: p.variantId, quantity: p.quantity })),
      match: bundle.matchMode as OfferMatchMode,
      startsAt: bundle.startsAt,
      endsAt: bundle.endsAt,
    });
  }

  const failedPairings = new Map<string, string>();
  const syncPairings = await livePairings(ctx, productIds, state, problems, failedPairings);
  const values = buildProductOfferValues({
    bundles: syncBundles,
    pairings: syncPairings,
    now,
    timeZone: locale.timeZone,
  });
  const anchors = buildAnchorPairings(syncPairings);

  const sets = new Map<string, MetafieldSetInput[]>();
  const deletes: MetafieldIdentifier[] = [];
  for (const productId of productIds) {
    const product = state.get(productId);
    if (!product) continue;
    const plan = planProductOfferMetafields(
      productId,
      { values: values.get(productId), pairing: anchors.get(productId) },
      { onOverflow: "trim" },
    );
    for (const dropped of plan.droppedFromRules) {
      const [kind, id] = dropped.split(":") as ["bundle" | "pairing", string];
      const message =
        `${product.title} carries more bundle terms than Shopify's checkout reads (${MAX_OFFER_METAFIELD_BYTES.toLocaleString("en-US")} bytes per product), ` +
        `so this ${kind} was left out. Take ${product.title} out of some bundles, or make another product this bundle's first product.`;
      (kind === "bundle" ? failedBundles : failedPairings).set(id, message);
    }
    const changed = plan.set.filter((m) => {
      const current = product.metafields.get(m.key);
      return current?.value !== m.value || current.type !== m.type;
    });
    if (changed.length > 0) sets.set(productId, changed);
    deletes.push(...plan.delete.filter((m) => product.metafields.has(m.key)));
  }

  await writeMetafields(ctx.admin, sets, deletes, state, result);
  let discountError: string | null = null;
  try {
    result.discountId = await ensureAppDiscount(ctx, settings, now);
  } catch (error) {
    discountError = `The bundle discount could not be set up in Shopify, so checkout would not apply it: ${errorText(error)}`;
  }

  const changedBundles = await scoped.bundle.findMany({
    where: { id: { in: unique(change.bundleIds ?? []) } },
    include: { parts: true },
  });
  for (const bundle of changedBundles) {
    const productError = bundle.parts.map((p) => result.productsFailed[p.productId]).find(Boolean);
    const error =
      failedBundles.get(bundle.id) ??
      bundleProblem(bundle.parts, problems) ??
      (productError ? `Not published to Shopify: ${productError}` : undefined) ??
      (bundle.status === "active" ? (discountError ?? undefined) : undefined);
    result.bundles[bundle.id] = error ? { status: "failed", error } : { status: "live", error: null };
  }
  // Bundles left out to keep a product under the limit are not applied, whichever change caused it.
  for (const [id, error] of failedBundles) result.bundles[id] = { status: "failed", error };
  const changedPairings = await scoped.pairing.findMany({
    where: { id: { in: unique(change.pairingIds ?? []) } },
    include: { complements: { orderBy: { position: "asc" } } },
  });
  const pairingProblems = new Map(changedPairings.map((p) => [p.id, pairingProblem(p, problems)]));
  for (const id of change.pairingIds ?? []) {
    const error = failedPairings.get(id) ?? pairingProblems.get(id) ?? discountError;
    result.pairings[id] = error ? { status: "failed", error } : { status: "live", error: null };
  }
  for (const [id, error] of failedPairings) result.pairings[id] = { status: "failed", error };
  await recordStates(ctx, result, now);
}

async function recordStates(ctx: OfferSyncContext, result: OfferSyncResult, now = new Date()) {
  const scoped = shopData(ctx.shop);
  for (const [model, states] of [
    ["bundle", result.bundles],
    ["pairing", result.pairings],
  ] as const) {
    const live = Object.entries(states)
      .filter(([, s]) => s.status === "live")
      .map(([id]) => id);
    const data = { syncStatus: "live", syncError: null, syncedAt: now };
    if (model === "bundle") await scoped.bundle.updateMany({ where: { id: { in: live } }, data });
    else await scoped.pairing.updateMany({ where: { id: { in: live } }, data });
    for (const [id, state] of Object.entries(states)) {
      if (state.status !== "failed") continue;
      const failed = { syncStatus: "failed", syncError: state.error };
      if (model === "bundle") await scoped.bundle.updateMany({ where: { id }, data: failed });
      else await scoped.pairing.updateMany({ where: { id }, data: failed });
    }
  }
}

/**
 * Why each of `productIds` cannot be sold, with its title — for a deleted product, the last one a
 * products/update webhook gave (Shopify no longer knows it, and products/delete sends only the id).
 */
async function productProblems(
  shop: string,
  productIds: readonly string[],
  state: ReadonlyMap<string, ProductState>,
): Promise<Map<string, ProblemProduct>> {
  const deleted = productIds.filter((id) => !state.has(id));
  const lastTitles = deleted.length > 0 ? await lastKnownProductTitles(shop, deleted) : new Map<string, string>();
  const problems = new Map<string, ProblemProduct>();
  for (const productId of productIds) {
    const product = state.get(productId);
    const problem = product ? product.problem : "deleted";
    if (problem)
      problems.set(productId, { productId, title: product?.title ?? lastTitles.get(productId) ?? null, problem });
  }
  return problems;
}

/** The attention message of a bundle with a part Shopify cannot sell, or null. */
function bundleProblem(parts: ReadonlyArray<{ productId: string }>, problems: ReadonlyMap<string, ProblemProduct>) {
  const part = parts.map((p) => problems.get(p.productId)).find(Boolean);
  return part ? bundleAttention(part) : null;
}

/** The attention message of a pairing whose anchor product or a complement Shopify cannot sell, or null. */
function pairingProblem(
  pairing: { anchorType: string; anchorId: string; complements: ReadonlyArray<{ productId: string }> },
  problems: ReadonlyMap<string, ProblemProduct>,
) {
  const anchor = pairing.anchorType === "product" ? problems.get(pairing.anchorId) : undefined;
  if (anchor) return pairingAttention(anchor, "anchor");
  const complement = pairing.complements.map((c) => problems.get(c.productId)).find(Boolean);
  return complement ? pairingAttention(complement, "complement") : null;
}

/** Existing products among `productIds`, with whether they can be sold, their collections and app metafields. */
async function readProductState(admin: AdminGraphql, productIds: readonly string[]) {
  const state = new Map<string, ProductState>();
  for (const ids of chunks(productIds, MAX_NODES_PER_QUERY)) {
    const { nodes } = await adminRequest<ProductOfferStateData>(admin, PRODUCT_OFFER_STATE_QUERY, {
      ids,
      namespace: OFFER_METAFIELD_NAMESPACE,
    });
    for (const node of nodes) {
      if (node?.__typename !== "Product") continue;
      const product = node as OfferStateProductNode;
      const available = product.variants.nodes.some((v) => v.availableForSale);
      state.set(product.id, {
        title: product.title,
        // Past the variants read, one may be available: only a product known to have none counts as unavailable.
        problem: productProblem({
          status: product.status,
          anyVariantAvailable: available ? true : product.variants.pageInfo.hasNextPage ? null : false,
        }),
        collections: product.collections.nodes.map((c) => c.id),
        metafields: new Map(product.metafields.nodes.map((m) => [m.key, { type: m.type, value: m.value }])),
      });
    }
  }
  return state;
}

/**
 * Active pairings touching the products (as anchor, through an anchor collection, or as complement), with
 * collection anchors expanded to their products. Product anchors come first: they win over a collection's.
 * Complements Shopify cannot sell are dropped; a pairing whose anchor product cannot be sold, or with no
 * complement left, is left out. Either way the pairing goes into `attention` with the reason.
 */
async function livePairings(
  ctx: OfferSyncContext,
  productIds: readonly string[],
  state: ReadonlyMap<string, ProductState>,
  problems: ReadonlyMap<string, ProblemProduct>,
  attention: Map<string, string>,
): Promise<SyncPairing[]> {
  const scoped = shopData(ctx.shop);
  const complementOf = await scoped.pairingComplement.findMany({
    where: { productId: { in: [...productIds] } },
    select: { pairingId: true },
  });
  const collections = unique([...state.values()].flatMap((p) => p.collections));
  const pairings = await scoped.pairing.findMany({
    where: {
      status: "active",
      OR: [
        { id: { in: unique(complementOf.map((c) => c.pairingId)) } },
        { anchorType: "product", anchorId: { in: [...productIds] } },
        { anchorType: "collection", anchorId: { in: collections } },
      ],
    },
    include: { complements: { orderBy: { position: "asc" } } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  if (pairings.length === 0) return [];
  const titles = await anchorTitles(
    ctx.admin,
    pairings.filter((p) => p.discountPercent !== null && !p.heading).map((p) => p.anchorId),
  );
  const expanded = new Map<string, string[]>();
  const synced: SyncPairing[] = [];
  for (const pairing of [...pairings].sort(
    (a, b) => Number(a.anchorType !== "product") - Number(b.anchorType !== "product"),
  )) {
    const problem = pairingProblem(pairing, problems);
    if (problem) attention.set(pairing.id, problem);
    const complements = pairing.complements.map((c) => c.productId).filter((id) => !problems.has(id));
    if (complements.length === 0 || (pairing.anchorType === "product" && problems.has(pairing.anchorId))) continue;
    let anchorProductIds = [pairing.anchorId];
    if (pairing.anchorType === "collection") {
      anchorProductIds = expanded.get(pairing.anchorId) ?? (await collectionProducts(ctx.admin, pairing.anchorId));
      expanded.set(pairing.anchorId, anchorProductIds);
    }
    const title = pairing.heading || `Complete your ${titles.get(pairing.anchorId) ?? "order"}`;
    synced.push({
      id: pairing.id,
      status: pairing.status,
      title: title.slice(0, MAX_TITLE_LENGTH),
      anchorProductIds,
      complements,
      discountPercent: pairing.discountPercent,
      heading: pairing.heading,
    });
  }
  return synced;
}

async function anchorTitles(admin: AdminGraphql, ids: readonly string[]): Promise<Map<string, string>> {
  const titles = new Map<string, string>();
  for (const batch of chunks(unique(ids), MAX_NODES_PER_QUERY)) {
    const { nodes } = await adminRequest<AnchorTitlesData>(admin, ANCHOR_TITLES_QUERY, { ids: batch });
    for (const node of nodes) if (node?.id && node.title) titles.set(node.id, node.title);
  }
  return titles;
}

/** Every product in a collection (all pages). */
export async function collectionProducts(admin: AdminGraphql, collectionId: string): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  do {
    const data: CollectionProductsData = await adminRequest<CollectionProductsData>(admin, COLLECTION_PRODUCTS_QUERY, {
      id: collectionId,
      after,
    });
    if (!data.collection) return ids;
    ids.push(...data.collection.products.nodes.map((p) => p.id));
    after = data.collection.products.pageInfo.hasNextPage ? data.collection.products.pageInfo.endCursor : null;
  } while (after);
  return ids;
}

/**
 * metafieldsSet in calls of at most 25, never splitting one product's keys across calls (each call is
 * atomic). A refused call is retried product by product, so one bad product does not hold back the rest.
 */
async function writeMetafields(
  admin: AdminGraphql,
  sets: ReadonlyMap<string, MetafieldSetInput[]>,
  deletes: readonly MetafieldIdentifier[],
  state: ReadonlyMap<string, ProductState>,
  result: OfferSyncResult,
) {
  const fail = (productId: string, message: string) => {
    result.productsFailed[productId] =
      `Shopify refused the offer data for ${state.get(productId)?.title ?? productId}: ${message}`;
  };
  const batches: string[][] = [];
  let current: string[] = [];
  let size = 0;
  for (const [productId, inputs] of sets) {
    if (size + inputs.length > MAX_METAFIELDS_PER_CALL && current.length > 0) {
      batches.push(current);
      current = [];
      size = 0;
    }
    current.push(productId);
    size += inputs.length;
  }
  if (current.length > 0) batches.push(current);

  const setBatch = async (productIds: string[]): Promise<string | null> => {
    const metafields = productIds.flatMap((id) => sets.get(id) ?? []);
    try {
      const data = await adminRequest<MetafieldsSetData>(admin, METAFIELDS_SET_MUTATION, { metafields });
      return describeUserErrors(data.metafieldsSet?.userErrors) ?? (data.metafieldsSet ? null : "no answer");
    } catch (error) {
      return errorText(error);
    }
  };
  for (const batch of batches) {
    const problem = await setBatch(batch);
    if (problem === null) {
      result.productsChanged.push(...batch);
      continue;
    }
    if (batch.length === 1) {
      fail(batch[0]!, problem);
      continue;
    }
    for (const productId of batch) {
      const single = await setBatch([productId]);
      if (single === null) result.productsChanged.push(productId);
      else fail(productId, single);
    }
  }

  for (const batch of chunks(deletes, MAX_METAFIELDS_PER_CALL)) {
    const owners = unique(batch.map((m) => m.ownerId));
    try {
      const data = await adminRequest<MetafieldsDeleteData>(admin, METAFIELDS_DELETE_MUTATION, { metafields: batch });
      const problem = describeUserErrors(data.metafieldsDelete?.userErrors);
      if (problem) owners.forEach((id) => fail(id, problem));
      else result.productsChanged.push(...owners.filter((id) => !result.productsChanged.includes(id)));
    } catch (error) {
      owners.forEach((id) => fail(id, errorText(error)));
    }
  }
}

const isAppDiscount = (discount: AppDiscountNode["automaticDiscount"]): discount is AppDiscount =>
  discount.__typename === "DiscountAutomaticApp";

/**
 * Makes sure the app's automatic discount exists — created once, found again by its function if the app
 * lost its id — with the product discount class, the shop's combination settings and the config
 * metafield (the shop-wide pause). Writes only when something differs. Returns its id.
 */
export async function ensureAppDiscount(
  ctx: OfferSyncContext,
  settings: Awaited<ReturnType<typeof shopSettings>>,
  now: Date,
): Promise<string> {
  const functionId = process.env.SHOPIFY_BUNDLE_DISCOUNT_ID;
  if (!functionId) {
    throw new ShopifyRequestError(
      "the app's bundle discount function is not deployed (SHOPIFY_BUNDLE_DISCOUNT_ID is not set)",
    );
  }
  const metafieldKey = { namespace: OFFER_METAFIELD_NAMESPACE, key: DISCOUNT_CONFIG_METAFIELD_KEY };
  const combinesWith = {
    orderDiscounts: settings.combinesWithOrderDiscounts,
    productDiscounts: settings.combinesWithProductDiscounts,
    shippingDiscounts: settings.combinesWithShippingDiscounts,
  };
  const config = encodeDiscountConfig({ paused: settings.offersPaused });
  const input = {
    title: APP_DISCOUNT_TITLE,
    discountClasses: ["PRODUCT"],
    combinesWith,
    metafields: [{ ...metafieldKey, type: OFFER_METAFIELD_TYPE, value: config }],
  };

  let node: AppDiscountNode | null = null;
  if (settings.discountId) {
    const data = await adminRequest<AppDiscountData>(ctx.admin, APP_DISCOUNT_QUERY, {
      id: settings.discountId,
      ...metafieldKey,
    });
    node = data.automaticDiscountNode;
  }
  if (!node) {
    const data = await adminRequest<AppDiscountsData>(ctx.admin, APP_DISCOUNTS_QUERY, metafieldKey);
    node =
      data.automaticDiscountNodes.nodes.find(
        (n) => isAppDiscount(n.automaticDiscount) && n.automaticDiscount.appDiscountType.functionId === functionId,
      ) ?? null;
  }

  let discountId: string;
  if (!node) {
    const data = await adminRequest<DiscountCreateData>(ctx.admin, DISCOUNT_AUTOMATIC_APP_CREATE_MUTATION, {
      discount: { ...input, functionId, startsAt: now.toISOString() },
    });
    const created = data.discountAutomaticAppCreate;
    const problem = describeUserErrors(created?.userErrors);
    if (problem || !created?.automaticAppDiscount) throw new ShopifyRequestError(problem ?? "no discount was created");
    discountId = created.automaticAppDiscount.discountId;
  } else {
    discountId = node.id;
    const current = node.automaticDiscount;
    const upToDate =
      isAppDiscount(current) &&
      current.title === APP_DISCOUNT_TITLE &&
      current.discountClasses.length === 1 &&
      current.discountClasses[0] === "PRODUCT" &&
      current.combinesWith.orderDiscounts === combinesWith.orderDiscounts &&
      current.combinesWith.productDiscounts === combinesWith.productDiscounts &&
      current.combinesWith.shippingDiscounts === combinesWith.shippingDiscounts &&
      node.metafield?.value === config;
    if (!upToDate) {
      const data = await adminRequest<DiscountUpdateData>(ctx.admin, DISCOUNT_AUTOMATIC_APP_UPDATE_MUTATION, {
        id: discountId,
        discount: input,
      });
      const problem = describeUserErrors(data.discountAutomaticAppUpdate?.userErrors);
      if (problem) throw new ShopifyRequestError(problem);
    }
  }
  if (settings.discountId !== discountId) {
    await shopData(ctx.shop).shopSettings.updateMany({ data: { discountId } });
  }
  return discountId;
}
