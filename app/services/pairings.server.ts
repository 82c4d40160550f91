// Pairings ("complete the solution"): list, read, create, edit, delete, pause and activate, and add one
// complement to an anchor's pairing (how an accepted suggestion lands) — every query through
// shopData(shop). Merchant input is validated by the pairing domain (parsePairing) and against Shopify
// (the anchor and the complements must exist); nothing is stored when anything is wrong, and every change
// is published to Shopify by the offer sync.
//
// Which pairing a product shows: a shop has at most one pairing per anchor (product or collection), but a
// product can be the anchor of its own pairing and also sit in collections that anchor pairings. Its own
// pairing wins; otherwise the oldest of its collections' pairings (the sync lists product anchors first,
// then by creation, and buildAnchorPairings in app/domain/offer-metafields.ts keeps the first per product).
import type { Prisma } from "@prisma/client";
import {
  describePairingDiscount,
  emptyPairingForm,
  pairingFormFromPairing,
  type PairingFormValues,
} from "../domain/pairing-form";
import { parsePairing, type AnchorType, type PairingDraft, type PairingInput } from "../domain/pairing";
import { FORM_FIELD, isRecord, type FieldError } from "../domain/validation";
import {
  PAIRING_ANCHOR_SEARCH_QUERY,
  PAIRING_RESOURCES_QUERY,
  type PairingAnchorSearchData,
  type PairingResourceCollectionNode,
  type PairingResourceProductNode,
  type PairingResourcesData,
} from "../graphql/pairings";
import { adminRequest, ShopifyRequestError, type AdminGraphql } from "./admin-graphql.server";
import { syncLabel, titleContains, type SyncLabel } from "./bundles.server";
import { collectionProducts, syncOffers, type OfferSyncResult } from "./offer-sync.server";
import { shopData } from "./shop-scope.server";
import { isUniqueViolation } from "./webhook-inbox.server";

export interface PairingServiceContext {
  shop: string;
  admin: AdminGraphql;
  now?: () => Date;
}

export const PAIRING_SERVICE_MESSAGES = {
  stale:
    "This pairing was changed somewhere else (another tab or another staff member) since you opened it, so nothing " +
    "was saved. Reload the page to see the latest version, then make your changes again.",
  productMissing: "This product no longer exists in Shopify: remove it, or pick it again",
  anchorProductMissing: "This product no longer exists in Shopify: choose another one",
  anchorCollectionMissing: "This collection no longer exists in Shopify: choose another one",
  anchorTaken: (title: string) => `${title} already has a pairing: edit that pairing instead of creating another`,
  shopifyUnreachable: (reason: string) =>
    `Nothing was changed, because Shopify could not be reached (${reason}). Try again.`,
} as const;

type PairingWithComplements = Prisma.PairingGetPayload<{ include: { complements: true } }>;

// ---------------------------------------------------------------------------------------------
// Products and collections as the admin shows them

export interface PairingResource {
  id: string;
  kind: AnchorType;
  title: string;
  imageUrl: string | null;
}

const MAX_NODES_PER_QUERY = 100;

/** The products and collections among `ids` that exist in Shopify, by id. */
export async function fetchPairingResources(
  admin: AdminGraphql,
  ids: readonly string[],
): Promise<Map<string, PairingResource>> {
  const unique = [...new Set(ids)].filter((id) => /^gid:\/\/shopify\/(Product|Collection)\/\d+$/.test(id));
  const found = new Map<string, PairingResource>();
  for (let i = 0; i < unique.length; i += MAX_NODES_PER_QUERY) {
    const { nodes } = await adminRequest<PairingResourcesData>(admin, PAIRING_RESOURCES_QUERY, {
      ids: unique.slice(i, i + MAX_NODES_PER_QUERY),
    });
    for (const node of nodes) {
      if (node?.__typename === "Product") {
        const product = node as PairingResourceProductNode;
        found.set(product.id, {
          id: product.id,
          kind: "product",
          title: product.title,
          imageUrl: product.featuredMedia?.preview?.image?.url ?? null,
        });
      } else if (node?.__typename === "Collection") {
        const collection = node as PairingResourceCollectionNode;
        found.set(collection.id, {
          id: collection.id,
          kind: "collection",
          title: collection.title,
          imageUrl: null,
        });
      }
    }
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// Listing

export const PAIRING_SORTS = ["updated-desc", "updated-asc", "created-desc", "created-asc"] as const;
export type PairingSort = (typeof PAIRING_SORTS)[number];
export const PAIRING_PAGE_SIZE = 20;
/** How many matching products and collections a search looks at (Shopify pages connections at 250). */
const SEARCH_LIMIT = 250;

export interface PairingListQuery {
  /** Matches the anchor's title (searched in Shopify) or the heading. */
  search?: string;
  statuses?: readonly string[];
  sort?: PairingSort;
  /** 1-based. */
  page?: number;
  pageSize?: number;
}

export interface PairingSummary {
  id: string;
  anchorType: string;
  anchorId: string;
  /** The anchor's title in Shopify; null when it no longer exists there. */
  anchorTitle: string | null;
  anchorImageUrl: string | null;
  complementIds: string[];
  complementCount: number;
  status: string;
  source: string;
  heading: string | null;
  discountPercent: number | null;
  discount: string;
  syncStatus: string;
  syncError: string | null;
  sync: SyncLabel;
  updatedAt: string;
}

function summary(
  pairing: PairingWithComplements,
  resources: ReadonlyMap<string, PairingResource>,
  now: Date,
): PairingSummary {
  const anchor = resources.get(pairing.anchorId);
  const complements = [...pairing.complements].sort((a, b) => a.position - b.position);
  return {
    id: pairing.id,
    anchorType: pairing.anchorType,
    anchorId: pairing.anchorId,
    anchorTitle: anchor?.title ?? null,
    anchorImageUrl: anchor?.imageUrl ?? null,
    complementIds: complements.map((c) => c.productId),
    complementCount: complements.length,
    status: pairing.status,
    source: pairing.source,
    heading: pairing.heading,
    discountPercent: pairing.discountPercent,
    discount: describePairingDiscount(pairing.discountPercent),
    syncStatus: pairing.syncStatus,
    syncError: pairing.syncError,
    // A pairing has no schedule: live when active and Shopify agrees.
    sync: syncLabel({ status: pairing.status, syncStatus: pairing.syncStatus, startsAt: null, endsAt: null }, now),
    updatedAt: pairing.updatedAt.toISOString(),
  };
}

const ORDER_BY: Record<PairingSort, Prisma.PairingOrderByWithRelationInput[]> = {
  "updated-desc": [{ updatedAt: "desc" }, { id: "asc" }],
  "updated-asc": [{ updatedAt: "asc" }, { id: "asc" }],
  "created-desc": [{ createdAt: "desc" }, { id: "asc" }],
  "created-asc": [{ createdAt: "asc" }, { id: "asc" }],
};

/** Shopify search for titles starting with each word of the text ("desk lam" finds "Desk Lamp"). */
export function titleSearchQuery(text: string): string | null {
  const words = text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  return words.length === 0 ? null : words.map((word) => `title:${word}*`).join(" ");
}

async function anchorsMatching(admin: AdminGraphql, text: string): Promise<string[]> {
  const query = titleSearchQuery(text);
  if (!query) return [];
  const data = await adminRequest<PairingAnchorSearchData>(admin, PAIRING_ANCHOR_SEARCH_QUERY, {
    query,
    first: SEARCH_LIMIT,
  });
  return [...data.products.nodes, ...data.collections.nodes].map((n) => n.id);
}

export async function listPairings(ctx: PairingServiceContext, query: PairingListQuery = {}) {
  const scoped = shopData(ctx.shop);
  const pageSize = query.pageSize ?? PAIRING_PAGE_SIZE;
  const where: Prisma.PairingWhereInput = {};
  const search = query.search?.trim();
  if (search) {
    where.OR = [{ heading: titleContains(search) }, { anchorId: { in: await anchorsMatching(ctx.admin, search) } }];
  }
  if (query.statuses?.length) where.status = { in: [...query.statuses] };
  const [total, any] = await Promise.all([scoped.pairing.count({ where }), scoped.pairing.count()]);
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(1, query.page ?? 1), pageCount);
  const rows = await scoped.pairing.findMany({
    where,
    include: { complements: { orderBy: { position: "asc" } } },
    orderBy: ORDER_BY[query.sort ?? "updated-desc"],
    skip: (page - 1) * pageSize,
    take: pageSize,
  });
  const resources = await fetchPairingResources(
    ctx.admin,
    rows.map((r) => r.anchorId),
  );
  const now = ctx.now?.() ?? new Date();
  return {
    pairings: rows.map((row) => summary(row, resources, now)),
    total,
    page,
    pageCount,
    hasPairings: any > 0,
  };
}

// ---------------------------------------------------------------------------------------------
// Reading

export async function findPairing(shop: string, id: string): Promise<PairingWithComplements | null> {
  return shopData(shop).pairing.findUnique({
    where: { id },
    include: { complements: { orderBy: { position: "asc" } } },
  });
}

/** The shop's pairing anchored on a product or collection, if any. */
export async function findPairingByAnchor(shop: string, anchorId: string): Promise<PairingWithComplements | null> {
  return shopData(shop).pairing.findFirst({
    where: { anchorId },
    include: { complements: { orderBy: { position: "asc" } } },
  });
}

export interface PairingEditorData {
  pairing: PairingSummary | null;
  form: PairingFormValues;
  /** Titles and images of the anchor and complements, by id; ids missing here no longer exist in Shopify. */
  resources: Record<string, PairingResource>;
}

/** The editor's data for a pairing ("new" when id is null), or null when the shop has no pairing with this id. */
export async function pairingEditorData(
  ctx: PairingServiceContext,
  id: string | null,
): Promise<PairingEditorData | null> {
  if (id === null) return { pairing: null, form: emptyPairingForm(), resources: {} };
  const pairing = await findPairing(ctx.shop, id);
  if (!pairing) return null;
  const resources = await fetchPairingResources(ctx.admin, [
    pairing.anchorId,
    ...pairing.complements.map((c) => c.productId),
  ]);
  return {
    pairing: summary(pairing, resources, ctx.now?.() ?? new Date()),
    form: pairingFormFromPairing(pairing),
    resources: Object.fromEntries(resources),
  };
}

// ---------------------------------------------------------------------------------------------
// Validating

export type PairingSaveResult =
  | { ok: true; pairing: PairingSummary; sync: OfferSyncResult }
  | {
      ok: false;
      errors: FieldError[];
      /** "stale": changed since it was read; "anchor-taken": the anchor already has another pairing. */
      conflict?: "stale" | "anchor-taken";
    };

/** Merchant input in the domain's shape (see PairingInput); checked by parsePairing, so anything may come in. */
export type PairingRequest = PairingInput | Record<string, unknown>;

interface Checked {
  draft: PairingDraft | null;
  errors: FieldError[];
  resources: Map<string, PairingResource>;
  conflict?: "anchor-taken";
}

/** parsePairing, then Shopify: the anchor and every complement must exist; the anchor may have no other pairing. */
async function check(ctx: PairingServiceContext, input: PairingRequest, pairingId: string | null): Promise<Checked> {
  const parsed = parsePairing(input);
  if (!parsed.ok) return { draft: null, errors: parsed.errors, resources: new Map() };
  const draft = parsed.value;
  const resources = await fetchPairingResources(ctx.admin, [draft.anchor.id, ...draft.complements]);
  const errors: FieldError[] = [];
  const anchor = resources.get(draft.anchor.id);
  if (!anchor || anchor.kind !== draft.anchor.type) {
    errors.push({
      field: "anchor",
      message:
        draft.anchor.type === "product"
          ? PAIRING_SERVICE_MESSAGES.anchorProductMissing
          : PAIRING_SERVICE_MESSAGES.anchorCollectionMissing,
    });
  }
  draft.complements.forEach((id, i) => {
    if (resources.get(id)?.kind !== "product") {
      errors.push({ field: `complements[${i}]`, message: PAIRING_SERVICE_MESSAGES.productMissing });
    }
  });
  const other = await findPairingByAnchor(ctx.shop, draft.anchor.id);
  if (other && other.id !== pairingId) {
    errors.push({ field: "anchor", message: PAIRING_SERVICE_MESSAGES.anchorTaken(anchor?.title ?? "This anchor") });
    return { draft: null, errors, resources, conflict: "anchor-taken" };
  }
  return { draft: errors.length === 0 ? draft : null, errors, resources };
}

// ---------------------------------------------------------------------------------------------
// Publishing to Shopify

type Offer = { anchorType: string; anchorId: string; complements: ReadonlyArray<{ productId: string } | string> };

/** Every product a pairing touches: its anchor (a collection's products) and its complements. */
async function touchedProducts(admin: AdminGraphql, pairings: readonly Offer[]): Promise<string[]> {
  const ids = new Set<string>();
  const expanded = new Map<string, string[]>();
  for (const pairing of pairings) {
    if (pairing.anchorType === "collection") {
      const products = expanded.get(pairing.anchorId) ?? (await collectionProducts(admin, pairing.anchorId));
      expanded.set(pairing.anchorId, products);
      products.forEach((id) => ids.add(id));
    } else {
      ids.add(pairing.anchorId);
    }
    for (const c of pairing.complements) ids.add(typeof c === "string" ? c : c.productId);
  }
  return [...ids];
}

function reason(error: unknown): string {
  return error instanceof ShopifyRequestError ? error.message : String((error as Error)?.message ?? error);
}

/** Runs the offer sync over everything the pairings touch (before and after the change) and records their state. */
async function publish(
  ctx: PairingServiceContext,
  offers: readonly Offer[],
  pairingIds: readonly string[],
): Promise<OfferSyncResult> {
  let productIds: string[];
  try {
    productIds = await touchedProducts(ctx.admin, offers);
  } catch (error) {
    // The change is saved: record that Shopify does not have it yet, as the sync itself would.
    const message = `Not published to Shopify: ${reason(error)}. Retry to publish it.`;
    await shopData(ctx.shop).pairing.updateMany({
      where: { id: { in: [...pairingIds] } },
      data: { syncStatus: "failed", syncError: message },
    });
    return {
      bundles: {},
      pairings: Object.fromEntries(pairingIds.map((id) => [id, { status: "failed" as const, error: message }])),
      productsChanged: [],
      productsFailed: {},
      discountId: null,
    };
  }
  return syncOffers(ctx, { productIds, pairingIds });
}

async function reloadSummary(ctx: PairingServiceContext, id: string): Promise<PairingSummary> {
  const pairing = await findPairing(ctx.shop, id);
  if (!pairing) throw new Error(`Pairing ${id} disappeared while saving`);
  const resources = await fetchPairingResources(ctx.admin, [pairing.anchorId]);
  return summary(pairing, resources, ctx.now?.() ?? new Date());
}

// ---------------------------------------------------------------------------------------------
// Changing

function pairingData(draft: PairingDraft) {
  return {
    anchorType: draft.anchor.type,
    anchorId: draft.anchor.id,
    status: draft.status,
    source: draft.source,
    heading: draft.heading,
    discountPercent: draft.discountPercent,
    syncStatus: "pending",
    syncError: null,
  };
}

const complementRows = (draft: PairingDraft) =>
  draft.complements.map((productId, position) => ({ productId, position }));

const anchorTaken = (title: string): PairingSaveResult => ({
  ok: false,
  errors: [{ field: "anchor", message: PAIRING_SERVICE_MESSAGES.anchorTaken(title) }],
  conflict: "anchor-taken",
});

/** Creates a pairing; `input.source` defaults to "manual" (pass "suggested" for an accepted suggestion). */
export async function createPairing(ctx: PairingServiceContext, input: PairingRequest): Promise<PairingSaveResult> {
  const checked = await check(ctx, input, null);
  if (!checked.draft) return { ok: false, errors: checked.errors, conflict: checked.conflict };
  const draft = checked.draft;
  let id: string;
  try {
    const created = await shopData(ctx.shop).pairing.create({
      data: {
        ...pairingData(draft),
        shop: ctx.shop,
        complements: { create: complementRows(draft).map((row) => ({ ...row, shop: ctx.shop })) },
      },
    });
    id = created.id;
  } catch (error) {
    // Another request paired the same anchor in the meantime (@@unique([shop, anchorId])).
    if (isUniqueViolation(error)) return anchorTaken(checked.resources.get(draft.anchor.id)?.title ?? "This anchor");
    throw error;
  }
  const sync = await publish(
    ctx,
    [{ anchorType: draft.anchor.type, anchorId: draft.anchor.id, complements: draft.complements }],
    [id],
  );
  return { ok: true, pairing: await reloadSummary(ctx, id), sync };
}

class StaleEdit extends Error {}

/**
 * Saves an edit made on the version last updated at `expectedUpdatedAt` (its ISO string); null when the
 * shop has no such pairing. The pairing keeps its source unless `input.source` says otherwise.
 */
export async function updatePairing(
  ctx: PairingServiceContext,
  id: string,
  input: PairingRequest,
  expectedUpdatedAt: string,
): Promise<PairingSaveResult | null> {
  const existing = await findPairing(ctx.shop, id);
  if (!existing) return null;
  const stale: PairingSaveResult = {
    ok: false,
    errors: [{ field: FORM_FIELD, message: PAIRING_SERVICE_MESSAGES.stale }],
    conflict: "stale",
  };
  if (existing.updatedAt.toISOString() !== expectedUpdatedAt) return stale;
  const withSource = isRecord(input) && input.source === undefined ? { ...input, source: existing.source } : input;
  const checked = await check(ctx, withSource, id);
  if (!checked.draft) return { ok: false, errors: checked.errors, conflict: checked.conflict };
  const draft = checked.draft;
  const scoped = shopData(ctx.shop);
  try {
    await scoped.$transaction(async (tx) => {
      // Only the version the merchant edited may be replaced: a concurrent save changed updatedAt.
      const updated = await tx.pairing.updateMany({
        where: { id, updatedAt: existing.updatedAt },
        data: pairingData(draft),
      });
      if (updated.count !== 1) throw new StaleEdit();
      await tx.pairingComplement.deleteMany({ where: { pairingId: id } });
      await tx.pairingComplement.createMany({
        data: complementRows(draft).map((row) => ({ ...row, pairingId: id, shop: ctx.shop })),
      });
    });
  } catch (error) {
    if (error instanceof StaleEdit) return stale;
    if (isUniqueViolation(error)) return anchorTaken(checked.resources.get(draft.anchor.id)?.title ?? "This anchor");
    throw error;
  }
  const sync = await publish(
    ctx,
    [existing, { anchorType: draft.anchor.type, anchorId: draft.anchor.id, complements: draft.complements }],
    [id],
  );
  return { ok: true, pairing: await reloadSummary(ctx, id), sync };
}

export type AddComplementResult =
  | {
      ok: true;
      /** True when the anchor had no pairing and one was created (source "suggested", active). */
      created: boolean;
      /** False when the product already was a complement of the anchor's pairing (nothing changed). */
      added: boolean;
      pairing: PairingSummary;
      sync: OfferSyncResult | null;
    }
  | { ok: false; errors: FieldError[] };

/**
 * Adds one product to the end of the complements of the pairing anchored on `anchorProductId` — creating
 * that pairing (active, source "suggested") when the product has none of its own. A pairing anchored on
 * one of the product's collections is left alone: the product's own pairing wins over it from now on.
 * Adding a product that is already a complement changes nothing. Refused with field errors like the
 * editor's: a product that does not exist in Shopify, the product itself, or an 11th complement.
 */
export async function addComplementToPairing(
  ctx: PairingServiceContext,
  anchorProductId: string,
  complementProductId: string,
): Promise<AddComplementResult> {
  // Two attempts: a concurrent request may create, change or delete the pairing between our read and our write.
  for (let attempt = 1; ; attempt++) {
    const existing = await findPairingByAnchor(ctx.shop, anchorProductId);
    let saved: PairingSaveResult | null;
    if (!existing) {
      saved = await createPairing(ctx, {
        anchor: { type: "product", id: anchorProductId },
        complements: [complementProductId],
        status: "active",
        source: "suggested",
      });
    } else {
      if (existing.complements.some((c) => c.productId === complementProductId)) {
        const resources = await fetchPairingResources(ctx.admin, [existing.anchorId]);
        return {
          ok: true,
          created: false,
          added: false,
          pairing: summary(existing, resources, ctx.now?.() ?? new Date()),
          sync: null,
        };
      }
      saved = await updatePairing(
        ctx,
        existing.id,
        {
          ...pairingFormInput(existing),
          complements: [...existing.complements.map((c) => c.productId), complementProductId],
        },
        existing.updatedAt.toISOString(),
      );
    }
    const conflict = saved === null || (!saved.ok && saved.conflict !== undefined);
    if (conflict && attempt < 2) continue;
    if (saved === null) return { ok: false, errors: [{ field: FORM_FIELD, message: PAIRING_SERVICE_MESSAGES.stale }] };
    if (!saved.ok) return { ok: false, errors: saved.errors };
    return { ok: true, created: !existing, added: true, pairing: saved.pairing, sync: saved.sync };
  }
}

/** A stored pairing as the domain's input. */
function pairingFormInput(pairing: PairingWithComplements): PairingInput {
  return {
    anchor: { type: pairing.anchorType, id: pairing.anchorId } as PairingInput["anchor"],
    complements: pairing.complements.map((c) => c.productId),
    discountPercent: pairing.discountPercent,
    heading: pairing.heading,
    status: pairing.status as PairingDraft["status"],
    source: pairing.source as PairingDraft["source"],
  };
}

export interface PairingDeleteResult {
  deleted: string[];
  sync: OfferSyncResult | null;
  /** Set when nothing was deleted because Shopify could not be reached. */
  error?: string;
}

/** Deletes the shop's pairings among `ids` (others are ignored) and takes them off the storefront. */
export async function deletePairings(ctx: PairingServiceContext, ids: readonly string[]): Promise<PairingDeleteResult> {
  const scoped = shopData(ctx.shop);
  const pairings = await scoped.pairing.findMany({ where: { id: { in: [...ids] } }, include: { complements: true } });
  if (pairings.length === 0) return { deleted: [], sync: null };
  // The products to clean up are known only before the delete (a collection anchor is expanded in Shopify).
  let productIds: string[];
  try {
    productIds = await touchedProducts(ctx.admin, pairings);
  } catch (error) {
    return { deleted: [], sync: null, error: PAIRING_SERVICE_MESSAGES.shopifyUnreachable(reason(error)) };
  }
  const found = pairings.map((p) => p.id);
  await scoped.pairing.deleteMany({ where: { id: { in: found } } });
  const sync = await syncOffers(ctx, { productIds, pairingIds: [] });
  return { deleted: found, sync };
}

/** Pauses or activates the shop's pairings among `ids` and publishes the change. */
export async function setPairingsStatus(
  ctx: PairingServiceContext,
  ids: readonly string[],
  status: "active" | "paused",
): Promise<{ changed: string[]; sync: OfferSyncResult | null }> {
  const scoped = shopData(ctx.shop);
  const pairings = await scoped.pairing.findMany({
    where: { id: { in: [...ids] }, status: { not: status } },
    include: { complements: true },
  });
  const changed = pairings.map((p) => p.id);
  if (changed.length === 0) return { changed, sync: null };
  await scoped.pairing.updateMany({
    where: { id: { in: changed } },
    data: { status, syncStatus: "pending", syncError: null },
  });
  return { changed, sync: await publish(ctx, pairings, changed) };
}

/** Publishes the shop's pairings among `ids` to Shopify again (after a failed sync); null when none is found. */
export async function retryPairingSync(
  ctx: PairingServiceContext,
  ids: readonly string[],
): Promise<OfferSyncResult | null> {
  const pairings = await shopData(ctx.shop).pairing.findMany({
    where: { id: { in: [...ids] } },
    include: { complements: true },
  });
  if (pairings.length === 0) return null;
  return publish(
    ctx,
    pairings,
    pairings.map((p) => p.id),
  );
}
