// Bundles: list, read, create, edit, duplicate, delete, pause and activate — every query through
// shopData(shop). Merchant input is validated by the bundle domain against Shopify's current prices
// (price rules) and unit costs (the shop's margin floor); nothing is stored when anything is wrong, and
// every change is published to Shopify by the offer sync.
import type { Prisma } from "@prisma/client";
import {
  isBundleLive,
  MAX_TITLE_LENGTH,
  parseBundle,
  priceBundle,
  type BundleDraft,
  type BundlePrice,
} from "../domain/bundle";
import {
  bundleFormFromBundle,
  bundleInputFromForm,
  describeBundleDiscount,
  emptyBundleForm,
  type BundleFormValues,
} from "../domain/bundle-form";
import { bundleMargin, formatBasisPoints, marginFloorErrors, type BundleMargin } from "../domain/bundle-margin";
import { formatMoney, type Money } from "../domain/money";
import { dedupeFieldErrors, FORM_FIELD, type FieldError } from "../domain/validation";
import { databaseTarget } from "../database-target";
import type { AdminGraphql } from "./admin-graphql.server";
import {
  fetchCatalogProducts,
  fetchShopLocale,
  priceParts,
  type CatalogProduct,
  type ShopLocale,
} from "./catalog.server";
import { syncOffers, type OfferSyncResult } from "./offer-sync.server";
import { shopSettings } from "./shop-lifecycle.server";
import { shopData } from "./shop-scope.server";

export interface BundleServiceContext {
  shop: string;
  admin: AdminGraphql;
  now?: () => Date;
}

export const BUNDLE_SERVICE_MESSAGES = {
  stale:
    "This bundle was changed somewhere else (another tab or another staff member) since you opened it, so nothing " +
    "was saved. Reload the page to see the latest version, then make your changes again.",
  productMissing: "This product no longer exists in Shopify: remove it, or pick it again",
  variantMissing: "This variant no longer exists in Shopify: pick the product again",
} as const;

type BundleWithParts = Prisma.BundleGetPayload<{ include: { parts: true } }>;

// ---------------------------------------------------------------------------------------------
// Listing

export const BUNDLE_SORTS = ["updated-desc", "updated-asc", "title-asc", "title-desc", "created-desc"] as const;
export type BundleSort = (typeof BUNDLE_SORTS)[number];
export const BUNDLE_PAGE_SIZE = 20;

export interface BundleListQuery {
  search?: string;
  statuses?: readonly string[];
  sort?: BundleSort;
  /** 1-based. */
  page?: number;
  pageSize?: number;
}

export type SyncLabel = "live" | "scheduled" | "ended" | "off" | "pending" | "failed";

export interface BundleSummary {
  id: string;
  title: string;
  status: string;
  discount: string;
  partCount: number;
  syncStatus: string;
  syncError: string | null;
  /** What shoppers see, in one word: see syncLabel. */
  sync: SyncLabel;
  updatedAt: string;
}

/**
 * "live": on the storefront and discounted at checkout; "scheduled"/"ended": active but outside its
 * dates; "off": draft or paused, and Shopify agrees; "pending"/"failed": Shopify does not match yet.
 */
export function syncLabel(
  bundle: { status: string; syncStatus: string; startsAt: Date | null; endsAt: Date | null },
  now: Date,
): SyncLabel {
  if (bundle.syncStatus === "failed") return "failed";
  if (bundle.syncStatus !== "live") return "pending";
  if (bundle.status !== "active") return "off";
  if (isBundleLive(bundle, now)) return "live";
  return bundle.startsAt && now < bundle.startsAt ? "scheduled" : "ended";
}

function summary(bundle: BundleWithParts, now: Date): BundleSummary {
  return {
    id: bundle.id,
    title: bundle.title,
    status: bundle.status,
    discount: describeBundleDiscount({ kind: bundle.discountKind, value: bundle.discountValue }, bundle.currencyCode),
    partCount: bundle.parts.length,
    syncStatus: bundle.syncStatus,
    syncError: bundle.syncError,
    sync: syncLabel(bundle, now),
    updatedAt: bundle.updatedAt.toISOString(),
  };
}

/** Case-insensitive "contains": SQLite's LIKE already is (for ASCII); PostgreSQL needs the mode. */
export function titleContains(search: string): Prisma.StringFilter {
  const filter = { contains: search } as Prisma.StringFilter;
  if (databaseTarget(process.env.DATABASE_URL).provider === "postgresql") {
    (filter as Record<string, unknown>).mode = "insensitive";
  }
  return filter;
}

const ORDER_BY: Record<BundleSort, Prisma.BundleOrderByWithRelationInput[]> = {
  "updated-desc": [{ updatedAt: "desc" }, { id: "asc" }],
  "updated-asc": [{ updatedAt: "asc" }, { id: "asc" }],
  "title-asc": [{ title: "asc" }, { id: "asc" }],
  "title-desc": [{ title: "desc" }, { id: "asc" }],
  "created-desc": [{ createdAt: "desc" }, { id: "asc" }],
};

export async function listBundles(shop: string, query: BundleListQuery = {}, now = new Date()) {
  const scoped = shopData(shop);
  const pageSize = query.pageSize ?? BUNDLE_PAGE_SIZE;
  const where: Prisma.BundleWhereInput = {};
  const search = query.search?.trim();
  if (search) where.title = titleContains(search);
  if (query.statuses?.length) where.status = { in: [...query.statuses] };
  const [total, any] = await Promise.all([scoped.bundle.count({ where }), scoped.bundle.count()]);
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(1, query.page ?? 1), pageCount);
  const rows = await scoped.bundle.findMany({
    where,
    include: { parts: true },
    orderBy: ORDER_BY[query.sort ?? "updated-desc"],
    skip: (page - 1) * pageSize,
    take: pageSize,
  });
  return { bundles: rows.map((row) => summary(row, now)), total, page, pageCount, hasBundles: any > 0 };
}

// ---------------------------------------------------------------------------------------------
// Evaluating a form: validation, prices, margins

export interface PreviewLine {
  productId: string;
  variantId: string | null;
  title: string;
  variantTitle: string | null;
  imageUrl: string | null;
  quantity: number | null;
  /** Display amounts ("$1,299.99"); null when unknown. */
  unitPrice: string | null;
  fullPrice: string | null;
  bundlePrice: string | null;
  saving: string | null;
  cost: string | null;
  margin: string | null;
  marginPercent: string | null;
  costKnown: boolean;
  exists: boolean;
}

export interface BundlePreview {
  currencyCode: string;
  lines: PreviewLine[];
  /** The whole bundle, once its prices and discount are valid. */
  totals: {
    fullPrice: string;
    bundlePrice: string;
    saving: string;
    /** Over the parts with a known cost. */
    margin: string;
    marginPercent: string | null;
  } | null;
  unknownCostCount: number;
  marginFloor: string | null;
  /** Price rule and margin floor problems (the form's other errors come from saving). */
  errors: FieldError[];
}

interface Evaluation {
  draft: BundleDraft | null;
  /** Each part's priced variant unit cost (minor units, bundle currency), null when Shopify has none. */
  unitCosts: Array<number | null>;
  matchMode: string | null;
  errors: FieldError[];
  preview: BundlePreview;
}

const display = (m: Money | null | undefined) => (m ? formatMoney(m) : null);

async function evaluate(
  ctx: BundleServiceContext,
  form: BundleFormValues,
  locale: ShopLocale,
  marginFloorBasisPoints: number | null,
): Promise<Evaluation> {
  const converted = bundleInputFromForm(form, locale);
  const formParts = form.parts.map((p) => ({ productId: p.productId, variantId: p.variantId || null }));
  const catalog = await fetchCatalogProducts(
    ctx.admin,
    formParts.map((p) => p.productId).filter((id) => /^gid:\/\/shopify\/Product\/\d+$/.test(id)),
    locale.currencyCode,
  );
  const { priced, partPrices } = priceParts(formParts, catalog);
  const catalogErrors: FieldError[] = priced.flatMap((p, i): FieldError[] =>
    !p.product
      ? [{ field: `parts[${i}]`, message: BUNDLE_SERVICE_MESSAGES.productMissing }]
      : !p.variant && formParts[i]?.variantId
        ? [{ field: `parts[${i}]`, message: BUNDLE_SERVICE_MESSAGES.variantMissing }]
        : [],
  );
  const parsed = parseBundle(converted.input, { partPrices });
  let price: BundlePrice | null = null;
  let margin: BundleMargin | null = null;
  const floorErrors: FieldError[] = [];
  if (parsed.ok) {
    price = priceBundle(parsed.value, partPrices);
    margin = bundleMargin(
      price,
      priced.map((p) => p.variant?.unitCost ?? null),
    );
    floorErrors.push(
      ...marginFloorErrors(
        margin,
        marginFloorBasisPoints,
        priced.map((p) => partName(p.product, p.variant?.title ?? null)),
      ),
    );
  }
  const errors = dedupeFieldErrors([
    ...converted.errors,
    ...catalogErrors,
    ...(parsed.ok ? [] : parsed.errors),
    ...floorErrors,
  ]);
  const lines = formParts.map((part, i): PreviewLine => {
    const { product, variant } = priced[i] ?? { product: null, variant: null };
    const line = price?.lines[i];
    const partMargin = margin?.parts[i];
    const quantity = Number(form.parts[i]?.quantity);
    return {
      productId: part.productId,
      variantId: part.variantId,
      title: product?.title ?? "Unknown product",
      variantTitle: part.variantId ? (variant?.title ?? null) : null,
      imageUrl: product?.imageUrl ?? null,
      quantity: Number.isSafeInteger(quantity) ? quantity : null,
      unitPrice: display(variant?.price),
      fullPrice: display(line?.fullPrice),
      bundlePrice: display(partMargin?.revenue),
      saving: display(line?.saving),
      cost: display(partMargin?.cost ?? null),
      margin: display(partMargin?.margin ?? null),
      marginPercent:
        partMargin?.marginBasisPoints === null || partMargin?.marginBasisPoints === undefined
          ? null
          : formatBasisPoints(partMargin.marginBasisPoints),
      costKnown: Boolean(variant?.unitCost),
      exists: product !== null,
    };
  });
  const pricingErrorFields = /^(parts|discount)/;
  return {
    draft: parsed.ok && errors.length === 0 ? parsed.value : null,
    unitCosts: priced.map((p) => p.variant?.unitCost?.amount ?? null),
    matchMode: converted.matchMode,
    errors,
    preview: {
      currencyCode: locale.currencyCode,
      lines,
      totals:
        price && margin
          ? {
              fullPrice: formatMoney(price.fullPrice),
              bundlePrice: formatMoney(price.bundlePrice),
              saving: formatMoney(price.saving),
              margin: formatMoney(margin.known.margin),
              marginPercent:
                margin.known.marginBasisPoints === null ? null : formatBasisPoints(margin.known.marginBasisPoints),
            }
          : null,
      unknownCostCount: lines.filter((l) => l.exists && !l.costKnown).length,
      marginFloor: marginFloorBasisPoints === null ? null : formatBasisPoints(marginFloorBasisPoints),
      errors: errors.filter((e) => pricingErrorFields.test(e.field)),
    },
  };
}

function partName(product: CatalogProduct | null, variantTitle: string | null): string {
  if (!product) return "A product";
  return variantTitle ? `${product.title} (${variantTitle})` : product.title;
}

async function shopContext(ctx: BundleServiceContext) {
  const [locale, settings] = await Promise.all([fetchShopLocale(ctx.admin), shopSettings(ctx.shop)]);
  return { locale, marginFloor: settings.marginFloorBasisPoints };
}

/** The live price preview for a form as the merchant has filled it in so far. */
export async function previewBundle(ctx: BundleServiceContext, form: BundleFormValues): Promise<BundlePreview> {
  const { locale, marginFloor } = await shopContext(ctx);
  return (await evaluate(ctx, form, locale, marginFloor)).preview;
}

// ---------------------------------------------------------------------------------------------
// Reading for the editor

export interface BundleEditorData {
  bundle: {
    id: string;
    title: string;
    updatedAt: string;
    status: string;
    syncStatus: string;
    syncError: string | null;
    sync: SyncLabel;
  } | null;
  form: BundleFormValues;
  shop: { currencyCode: string; timeZone: string; marginFloor: string | null };
  preview: BundlePreview | null;
}

/** The editor's data for a bundle, or null when the shop has no bundle with this id. */
export async function bundleEditorData(ctx: BundleServiceContext, id: string | null): Promise<BundleEditorData | null> {
  const { locale, marginFloor } = await shopContext(ctx);
  const shop = {
    currencyCode: locale.currencyCode,
    timeZone: locale.timeZone,
    marginFloor: marginFloor === null ? null : formatBasisPoints(marginFloor),
  };
  if (id === null) return { bundle: null, form: emptyBundleForm(), shop, preview: null };
  const bundle = await findBundle(ctx.shop, id);
  if (!bundle) return null;
  const form = bundleFormFromBundle(bundle, locale.timeZone);
  const { preview } = await evaluate(ctx, form, locale, marginFloor);
  const now = ctx.now?.() ?? new Date();
  return {
    bundle: {
      id: bundle.id,
      title: bundle.title,
      updatedAt: bundle.updatedAt.toISOString(),
      status: bundle.status,
      syncStatus: bundle.syncStatus,
      syncError: bundle.syncError,
      sync: syncLabel(bundle, now),
    },
    form,
    shop,
    preview,
  };
}

export async function findBundle(shop: string, id: string): Promise<BundleWithParts | null> {
  return shopData(shop).bundle.findUnique({ where: { id }, include: { parts: { orderBy: { position: "asc" } } } });
}

// ---------------------------------------------------------------------------------------------
// Changing

export type SaveResult =
  | { ok: true; bundle: BundleSummary; sync: OfferSyncResult }
  | { ok: false; errors: FieldError[]; preview?: BundlePreview };

function bundleData(draft: BundleDraft, matchMode: string) {
  return {
    title: draft.title,
    status: draft.status,
    discountKind: draft.discount.kind,
    discountValue: draft.discount.value,
    currencyCode: draft.currencyCode,
    startsAt: draft.startsAt,
    endsAt: draft.endsAt,
    matchMode,
    syncStatus: "pending",
    syncError: null,
  };
}

/** The parts to store, with the unit costs the reports' margins use for the bundle's order lines. */
function partRows(draft: BundleDraft, unitCosts: ReadonlyArray<number | null>) {
  return draft.parts.map((part, position) => ({
    productId: part.productId,
    variantId: part.variantId,
    quantity: part.quantity,
    position,
    unitCostAmount: unitCosts[position] ?? null,
  }));
}

async function afterChange(ctx: BundleServiceContext, productIds: readonly string[], bundleIds: readonly string[]) {
  return syncOffers(ctx, { productIds, bundleIds });
}

async function reloadSummary(ctx: BundleServiceContext, id: string): Promise<BundleSummary> {
  const bundle = await findBundle(ctx.shop, id);
  if (!bundle) throw new Error(`Bundle ${id} disappeared while saving`);
  return summary(bundle, ctx.now?.() ?? new Date());
}

export async function createBundle(ctx: BundleServiceContext, form: BundleFormValues): Promise<SaveResult> {
  const { locale, marginFloor } = await shopContext(ctx);
  const evaluation = await evaluate(ctx, form, locale, marginFloor);
  if (!evaluation.draft || !evaluation.matchMode) {
    return { ok: false, errors: evaluation.errors, preview: evaluation.preview };
  }
  const draft = evaluation.draft;
  const created = await shopData(ctx.shop).bundle.create({
    data: {
      ...bundleData(draft, evaluation.matchMode),
      shop: ctx.shop,
      parts: { create: partRows(draft, evaluation.unitCosts).map((row) => ({ ...row, shop: ctx.shop })) },
    },
  });
  const sync = await afterChange(
    ctx,
    draft.parts.map((p) => p.productId),
    [created.id],
  );
  return { ok: true, bundle: await reloadSummary(ctx, created.id), sync };
}

class StaleEdit extends Error {}

/** Saves an edit made on the version last updated at `expectedUpdatedAt`; null when there is no such bundle. */
export async function updateBundle(
  ctx: BundleServiceContext,
  id: string,
  form: BundleFormValues,
  expectedUpdatedAt: string,
): Promise<SaveResult | null> {
  const existing = await findBundle(ctx.shop, id);
  if (!existing) return null;
  const stale: SaveResult = { ok: false, errors: [{ field: FORM_FIELD, message: BUNDLE_SERVICE_MESSAGES.stale }] };
  if (existing.updatedAt.toISOString() !== expectedUpdatedAt) return stale;
  const { locale, marginFloor } = await shopContext(ctx);
  const evaluation = await evaluate(ctx, form, locale, marginFloor);
  if (!evaluation.draft || !evaluation.matchMode) {
    return { ok: false, errors: evaluation.errors, preview: evaluation.preview };
  }
  const draft = evaluation.draft;
  const matchMode = evaluation.matchMode;
  const scoped = shopData(ctx.shop);
  try {
    await scoped.$transaction(async (tx) => {
      // Only the version the merchant edited may be replaced: a concurrent save changed updatedAt.
      const updated = await tx.bundle.updateMany({
        where: { id, updatedAt: existing.updatedAt },
        data: bundleData(draft, matchMode),
      });
      if (updated.count !== 1) throw new StaleEdit();
      await tx.bundlePart.deleteMany({ where: { bundleId: id } });
      await tx.bundlePart.createMany({
        data: partRows(draft, evaluation.unitCosts).map((row) => ({ ...row, bundleId: id, shop: ctx.shop })),
      });
    });
  } catch (error) {
    if (error instanceof StaleEdit) return stale;
    throw error;
  }
  const sync = await afterChange(
    ctx,
    [...existing.parts.map((p) => p.productId), ...draft.parts.map((p) => p.productId)],
    [id],
  );
  return { ok: true, bundle: await reloadSummary(ctx, id), sync };
}

/** A draft copy named "Copy of …"; null when there is no such bundle. */
export async function duplicateBundle(ctx: BundleServiceContext, id: string): Promise<BundleSummary | null> {
  const original = await findBundle(ctx.shop, id);
  if (!original) return null;
  const copy = await shopData(ctx.shop).bundle.create({
    data: {
      shop: ctx.shop,
      title: `Copy of ${original.title}`.slice(0, MAX_TITLE_LENGTH),
      status: "draft",
      discountKind: original.discountKind,
      discountValue: original.discountValue,
      currencyCode: original.currencyCode,
      startsAt: original.startsAt,
      endsAt: original.endsAt,
      matchMode: original.matchMode,
      parts: {
        create: original.parts.map((p) => ({
          shop: ctx.shop,
          productId: p.productId,
          variantId: p.variantId,
          quantity: p.quantity,
          position: p.position,
          unitCostAmount: p.unitCostAmount,
        })),
      },
    },
  });
  // A draft changes nothing on the storefront; the sync records that Shopify agrees.
  await afterChange(
    ctx,
    original.parts.map((p) => p.productId),
    [copy.id],
  );
  return reloadSummary(ctx, copy.id);
}

/** Deletes the shop's bundles among `ids` (others are ignored) and takes them off the storefront. */
export async function deleteBundles(ctx: BundleServiceContext, ids: readonly string[]) {
  const scoped = shopData(ctx.shop);
  const bundles = await scoped.bundle.findMany({ where: { id: { in: [...ids] } }, include: { parts: true } });
  if (bundles.length === 0) return { deleted: [] as string[], sync: null };
  const found = bundles.map((b) => b.id);
  await scoped.bundle.deleteMany({ where: { id: { in: found } } });
  const sync = await afterChange(
    ctx,
    bundles.flatMap((b) => b.parts.map((p) => p.productId)),
    [],
  );
  return { deleted: found, sync };
}

export interface StatusChangeResult {
  changed: string[];
  /** Bundles that could not be activated, with why (prices or margins changed since they were saved). */
  refused: Array<{ id: string; title: string; errors: FieldError[] }>;
  sync: OfferSyncResult | null;
}

/**
 * Pauses, activates or drafts the shop's bundles among `ids`. Activating re-checks each bundle against
 * today's prices and unit costs: a bundle that now breaks a price rule or the margin floor stays as it was.
 */
export async function setBundlesStatus(
  ctx: BundleServiceContext,
  ids: readonly string[],
  status: "active" | "paused" | "draft",
): Promise<StatusChangeResult> {
  const scoped = shopData(ctx.shop);
  const bundles = await scoped.bundle.findMany({
    where: { id: { in: [...ids] } },
    include: { parts: { orderBy: { position: "asc" } } },
  });
  const refused: StatusChangeResult["refused"] = [];
  let allowed = bundles.filter((b) => b.status !== status);
  if (status === "active" && allowed.length > 0) {
    const { locale, marginFloor } = await shopContext(ctx);
    const checked: BundleWithParts[] = [];
    for (const bundle of allowed) {
      const form = { ...bundleFormFromBundle(bundle, locale.timeZone), status: "active" };
      const evaluation = await evaluate(ctx, form, locale, marginFloor);
      if (evaluation.draft) checked.push(bundle);
      else refused.push({ id: bundle.id, title: bundle.title, errors: evaluation.errors });
    }
    allowed = checked;
  }
  const changed = allowed.map((b) => b.id);
  if (changed.length === 0) return { changed, refused, sync: null };
  await scoped.bundle.updateMany({
    where: { id: { in: changed } },
    data: { status, syncStatus: "pending", syncError: null },
  });
  const sync = await afterChange(
    ctx,
    allowed.flatMap((b) => b.parts.map((p) => p.productId)),
    changed,
  );
  return { changed, refused, sync };
}

/** Publishes the shop's bundles among `ids` to Shopify again (after a failed sync). */
export async function retryBundleSync(ctx: BundleServiceContext, ids: readonly string[]) {
  const bundles = await shopData(ctx.shop).bundle.findMany({
    where: { id: { in: [...ids] } },
    include: { parts: true },
  });
  if (bundles.length === 0) return null;
  return afterChange(
    ctx,
    bundles.flatMap((b) => b.parts.map((p) => p.productId)),
    bundles.map((b) => b.id),
  );
}
