// Responsible targeting (rules and definitions: app/domain/customer-signals.ts).
// - Signals are kept by difference: order ingestion's recordChange (webhooks and the backfill alike)
//   adds each order's change (addCustomerSignalChange) and writes the transaction's changes before it
//   commits (writeCustomerSignalChanges); customers/update deliveries (the inbox)
//   call applyCustomerUpdate, which keeps the customer's helpdesk tags. Each re-evaluates that customer.
// - Enforcement: excluded customers carry the app-owned tag `attach-excluded` in Shopify, which the theme
//   blocks (Liquid `customer.tags`) and the discount Function (`hasAnyTag`) read. syncExclusionTags makes
//   Shopify's tagged customers equal to the excluded rows (tagsAdd / tagsRemove, only the differences).
// - The background sweep (app/services/jobs.server.ts) calls runCustomerTargeting every minute: shops whose
//   exclusions changed in this process get their tags synced; once a day each shop is re-evaluated in full
//   (figures from the facts, helpdesk tags from Shopify, the rules) and synced, which fixes any drift.
import type { ShopSettings } from "@prisma/client";
import db from "../db.server";
import { databaseTarget } from "../database-target";
import {
  evaluateExclusion,
  EXCLUSION_KINDS,
  exclusionRulesFromSettings,
  matchingSupportTags,
  signalDelta,
  signalsFromOrders,
  tagsFromText,
  type CustomerSignalFigures,
  type ExclusionKind,
  type ExclusionRules,
  type OrderSignalFigures,
  type SignalOrder,
} from "../domain/customer-signals";
import { lineRevenue, type OrderFacts } from "../domain/order-facts";
import { EXCLUDED_CUSTOMER_TAG } from "../domain/offer-metafields-core";
import type { CustomerInput } from "../domain/order-payload";
import { SETTINGS_DEFAULTS } from "../domain/settings";
import {
  CUSTOMER_TAGS_ADD_MUTATION,
  CUSTOMER_TAGS_REMOVE_MUTATION,
  CUSTOMERS_BY_SEARCH_QUERY,
  type CustomersBySearchData,
  type TagsAddData,
  type TagsRemoveData,
} from "../graphql/customers";
import { adminRequest, describeUserErrors, type AdminGraphql } from "./admin-graphql.server";
import { withShopJobLock } from "./job-lock.server";
import { isTransient } from "./order-ingestion.server";
import { addToCounters, type Tx } from "./sql.server";
import { shopSettings } from "./shop-lifecycle.server";
import { shopData } from "./shop-scope.server";
import { compareText } from "../domain/text-order";

/** A shop is re-evaluated in full when one of its rows was last evaluated this long ago. */
export const REEVALUATE_AFTER_MS = 24 * 60 * 60_000;
/** ShopJobLock kind of the full re-evaluation: one per shop at a time. */
export const CUSTOMER_SIGNALS_JOB = "customer-signals";
const TRANSACTION_TIMEOUT_MS = 5 * 60_000;
const ATTEMPTS = 5;
const PAGE_SIZE = 1000;

/** Shops whose exclusions changed in this process since their tags were last synced (the sweep syncs them). */
const tagSyncDue = new Set<string>();
/** Shops this process has re-evaluated in full; the first change after a start (e.g. the import) re-evaluates. */
const reevaluated = new Set<string>();

type SignalRow = CustomerSignalFigures & {
  id: string;
  customerId: string;
  excluded: boolean;
  exclusionReason: string | null;
};

async function rulesIn(tx: Tx): Promise<ExclusionRules> {
  return exclusionRulesFromSettings((await tx.shopSettings.findFirst()) ?? SETTINGS_DEFAULTS);
}

/** A row with nothing in it is not kept: no orders counted, no helpdesk tag, no service cost. */
const isEmpty = (row: CustomerSignalFigures) =>
  row.orders === 0 &&
  row.returnedOrders === 0 &&
  row.grossAmount === 0 &&
  row.refundedAmount === 0 &&
  row.serviceCostAmount === 0 &&
  row.supportTags === "";

/** Applies the rules to a row just changed: stores the outcome, or deletes the row when it is empty. */
async function settle(tx: Tx, shop: string, row: SignalRow, rules: ExclusionRules) {
  const { excluded, reason } = evaluateExclusion(row, rules);
  if (excluded !== row.excluded) tagSyncDue.add(shop);
  if (isEmpty(row)) {
    await tx.customerSignal.deleteMany({ where: { id: row.id } });
  } else if (excluded !== row.excluded || reason !== row.exclusionReason) {
    await tx.customerSignal.update({ where: { id: row.id }, data: { excluded, exclusionReason: reason } });
  }
}

/** Changes to customers' figures by a transaction's orders, summed by customer, with their first order's currency. */
export type CustomerSignalChanges = Map<string, { currencyCode: string; change: OrderSignalFigures }>;

export const noCustomerSignalChanges = (): CustomerSignalChanges => new Map();

const SIGNAL_FIGURES = ["orders", "returnedOrders", "grossAmount", "refundedAmount"] as const satisfies ReadonlyArray<
  keyof OrderSignalFigures
>;

/**
 * Adds how an order moves its customers' figures: from what it contributed (`previous`, null when first
 * seen) to what it contributes now (`next`).
 */
export function addCustomerSignalChange(changes: CustomerSignalChanges, previous: OrderFacts | null, next: OrderFacts) {
  for (const { customerId, change } of signalDelta(previous, next)) {
    const sum = changes.get(customerId);
    if (!sum) changes.set(customerId, { currencyCode: next.order.currencyCode, change: { ...change } });
    else for (const key of SIGNAL_FIGURES) sum.change[key] += change[key];
  }
}

/**
 * Writes the summed changes, and starts the sums again: one statement adds them to the customers' rows by
 * increment, creating a customer's first row (see addToCounters), in customer id order so concurrent
 * transactions neither lose updates nor deadlock; then each changed customer is re-evaluated by the rules
 * of `settings` (the shop's, read in the transaction; null: none saved yet).
 */
export async function writeCustomerSignalChanges(
  tx: Tx,
  shop: string,
  changes: CustomerSignalChanges,
  settings: ShopSettings | null,
) {
  if (changes.size === 0) return;
  const evaluatedAt = new Date();
  const rows = [...changes]
    .sort(([a], [b]) => compareText(a, b))
    .map(([customerId, { currencyCode, change }]) => ({ customerId, currencyCode, ...change, evaluatedAt }));
  changes.clear();
  const rules = exclusionRulesFromSettings(settings ?? SETTINGS_DEFAULTS);
  const written = await addToCounters<SignalRow>(
    tx,
    "CustomerSignal",
    { shop, key: ["customerId"], add: SIGNAL_FIGURES, set: ["evaluatedAt"], returning: true },
    rows,
  );
  for (const row of written) await settle(tx, shop, row, rules);
}

/** customers/update: keeps the customer's tags that are on the helpdesk list, and re-evaluates them. */
export async function applyCustomerUpdate(tx: Tx, shop: string, customer: CustomerInput) {
  if (customer.tags === null) return;
  const rules = await rulesIn(tx);
  const supportTags = matchingSupportTags(customer.tags, rules.tags).join(",");
  const stored = await tx.customerSignal.findFirst({ where: { customerId: customer.customerId } });
  if (!stored && supportTags === "") return;
  const evaluatedAt = new Date();
  const row = stored
    ? stored.supportTags === supportTags
      ? stored
      : await tx.customerSignal.update({ where: { id: stored.id }, data: { supportTags, evaluatedAt } })
    : await tx.customerSignal.create({
        data: {
          shop,
          customerId: customer.customerId,
          currencyCode: (await tx.shopSettings.findFirst())?.currencyCode ?? "USD",
          supportTags,
          evaluatedAt,
        },
      });
  await settle(tx, shop, row, rules);
}

// ---------------------------------------------------------------------------------------------
// Full re-evaluation

export interface Reevaluation {
  customers: number;
  excluded: number;
  /** Rows whose figures, tags or outcome the re-evaluation corrected. */
  corrected: number;
  tags: TagSync | null;
}

/**
 * Rebuilds every customer's row from the order facts and the rules, with the helpdesk tags read from
 * Shopify when `admin` is given (the stored ones otherwise), then syncs the exclusion tag. Corrects any
 * drift; on a shop whose rows are right it changes nothing but evaluatedAt. One run per shop at a time.
 */
export async function reevaluateCustomerSignals(shop: string, admin: AdminGraphql | null, now = new Date()) {
  const rules = exclusionRulesFromSettings(await shopSettings(shop));
  const supportTags = admin ? await customersWithTags(admin, rules.tags) : null;
  // Both clients share the SQLite client's types, which know only Serializable; PostgreSQL takes RepeatableRead.
  const isolation =
    databaseTarget(process.env.DATABASE_URL).provider === "postgresql"
      ? ({ isolationLevel: "RepeatableRead" } as unknown as { isolationLevel: "Serializable" })
      : {};
  return withShopJobLock(shop, CUSTOMER_SIGNALS_JOB, TRANSACTION_TIMEOUT_MS * 2, async (lease) => {
    let result: Reevaluation;
    for (let attempt = 1; ; attempt++) {
      await lease.extend();
      try {
        result = await shopData(shop).$transaction((tx) => rebuild(tx, shop, rules, supportTags, now), {
          maxWait: 10_000,
          timeout: TRANSACTION_TIMEOUT_MS,
          ...isolation,
        });
        break;
      } catch (error) {
        if (isTransient(error) && attempt < ATTEMPTS) continue;
        throw error;
      }
    }
    if (admin) {
      result.tags = await syncExclusionTags(shop, admin);
      reevaluated.add(shop);
    }
    return result;
  });
}

async function rebuild(
  tx: Tx,
  shop: string,
  rules: ExclusionRules,
  tagsFromShopify: Map<string, string[]> | null,
  now: Date,
): Promise<Reevaluation> {
  const orders: SignalOrder[] = [];
  const currencies = new Map<string, string>();
  for (let after: string | undefined; ;) {
    const page = await tx.orderFact.findMany({
      where: { customerId: { not: null }, ...(after !== undefined && { id: { gt: after } }) },
      orderBy: { id: "asc" },
      take: PAGE_SIZE,
      select: {
        id: true,
        customerId: true,
        currencyCode: true,
        subtotalAmount: true,
        cancelledAt: true,
        lines: { select: { refundedQuantity: true, refundedAmount: true } },
      },
    });
    for (const fact of page) {
      currencies.set(fact.customerId!, fact.currencyCode);
      orders.push({ order: fact, lines: fact.lines });
    }
    if (page.length < PAGE_SIZE) break;
    after = page[page.length - 1]!.id;
  }
  const figures = signalsFromOrders(orders);
  const stored = new Map((await tx.customerSignal.findMany()).map((row) => [row.customerId, row]));
  const customers = new Set([...figures.keys(), ...stored.keys(), ...(tagsFromShopify?.keys() ?? [])]);
  const settingsCurrency = (await tx.shopSettings.findFirst())?.currencyCode ?? "USD";
  let corrected = 0;
  let excludedCount = 0;
  for (const customerId of [...customers].sort()) {
    const row = stored.get(customerId);
    const fromOrders = figures.get(customerId) ?? { orders: 0, returnedOrders: 0, grossAmount: 0, refundedAmount: 0 };
    const tags = tagsFromShopify
      ? (tagsFromShopify.get(customerId) ?? [])
      : matchingSupportTags(tagsFromText(row?.supportTags), rules.tags);
    const next: CustomerSignalFigures = {
      currencyCode: row?.currencyCode ?? currencies.get(customerId) ?? settingsCurrency,
      serviceCostAmount: row?.serviceCostAmount ?? 0,
      supportTags: tags.join(","),
      ...fromOrders,
    };
    const { excluded, reason } = evaluateExclusion(next, rules);
    const data = { ...next, excluded, exclusionReason: reason, evaluatedAt: now };
    if (isEmpty(next)) {
      if (row) {
        await tx.customerSignal.delete({ where: { id: row.id } });
        corrected += 1;
      }
      continue;
    }
    if (excluded) excludedCount += 1;
    if (!row) {
      await tx.customerSignal.create({ data: { shop, customerId, ...data } });
      corrected += 1;
    } else if (
      (["orders", "returnedOrders", "grossAmount", "refundedAmount", "supportTags"] as const).some(
        (key) => row[key] !== next[key],
      ) ||
      row.excluded !== excluded ||
      row.exclusionReason !== reason
    ) {
      await tx.customerSignal.update({ where: { id: row.id }, data });
      corrected += 1;
    }
  }
  await tx.customerSignal.updateMany({ data: { evaluatedAt: now } });
  return { customers: customers.size, excluded: excludedCount, corrected, tags: null };
}

// ---------------------------------------------------------------------------------------------
// The exclusion tag in Shopify

export interface TagSync {
  added: number;
  removed: number;
  /** Customers Shopify refused to change (e.g. deleted meanwhile), with its reason. */
  failed: Array<{ customerId: string; reason: string }>;
}

/** Every customer matching the search, with their tags. */
async function searchCustomers(admin: AdminGraphql, query: string) {
  const found: Array<{ id: string; tags: string[] }> = [];
  for (let after: string | null = null; ;) {
    const data: CustomersBySearchData = await adminRequest<CustomersBySearchData>(admin, CUSTOMERS_BY_SEARCH_QUERY, {
      query,
      after,
    });
    found.push(...data.customers.nodes);
    if (!data.customers.pageInfo.hasNextPage) return found;
    after = data.customers.pageInfo.endCursor;
  }
}

/** Shopify's search syntax: a tag quoted, so tags with spaces or colons match whole. */
const tagTerm = (tag: string) => `tag:'${tag.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;

/** The customers having one of the helpdesk tags, each with their matching tags. */
async function customersWithTags(admin: AdminGraphql, tags: readonly string[]) {
  const byCustomer = new Map<string, string[]>();
  if (tags.length === 0) return byCustomer;
  for (const customer of await searchCustomers(admin, tags.map(tagTerm).join(" OR "))) {
    const matching = matchingSupportTags(customer.tags, tags);
    if (matching.length > 0) byCustomer.set(customer.id, matching);
  }
  return byCustomer;
}

/**
 * Makes the customers tagged `attach-excluded` in Shopify exactly the excluded ones: tags those missing
 * it, untags the others (the tag is the app's: anyone else's use of it is undone). Idempotent.
 */
export async function syncExclusionTags(shop: string, admin: AdminGraphql): Promise<TagSync> {
  tagSyncDue.delete(shop);
  const tagged = new Set(
    (await searchCustomers(admin, tagTerm(EXCLUDED_CUSTOMER_TAG)))
      // Shopify's search matches words; only the exact tag counts.
      .filter((customer) => customer.tags.some((tag) => tag.toLowerCase() === EXCLUDED_CUSTOMER_TAG))
      .map((customer) => customer.id),
  );
  const excludedRows = await shopData(shop).customerSignal.findMany({
    where: { excluded: true },
    select: { customerId: true },
  });
  const excluded = new Set(excludedRows.map((row) => row.customerId));
  const result: TagSync = { added: 0, removed: 0, failed: [] };
  const change = async (customerId: string, add: boolean) => {
    const variables = { id: customerId, tags: [EXCLUDED_CUSTOMER_TAG] };
    const errors = add
      ? (await adminRequest<TagsAddData>(admin, CUSTOMER_TAGS_ADD_MUTATION, variables)).tagsAdd?.userErrors
      : (await adminRequest<TagsRemoveData>(admin, CUSTOMER_TAGS_REMOVE_MUTATION, variables)).tagsRemove?.userErrors;
    const problem = describeUserErrors(errors);
    if (problem) result.failed.push({ customerId, reason: problem });
    else if (add) result.added += 1;
    else result.removed += 1;
  };
  for (const customerId of [...excluded].filter((id) => !tagged.has(id)).sort()) await change(customerId, true);
  for (const customerId of [...tagged].filter((id) => !excluded.has(id)).sort()) await change(customerId, false);
  if (result.failed.length > 0) {
    console.error(
      `Exclusion tag sync of ${shop}: ${result.failed.length} customers could not be changed`,
      result.failed,
    );
  }
  return result;
}

/** Whether a shop's exclusions changed in this process since its tags were last synced. */
export function tagSyncPending(shop: string): boolean {
  return tagSyncDue.has(shop);
}

/**
 * The sweep's step (every minute): syncs the tags of shops whose exclusions changed, and re-evaluates in
 * full the installed shops not re-evaluated for a day, and a changed shop this process has not re-evaluated
 * yet (so the first order history import also picks up the helpdesk tags customers already carry).
 * A failure in one shop does not stop the others.
 */
export async function runCustomerTargeting(adminFor: (shop: string) => Promise<AdminGraphql>, now = new Date()) {
  // Across shops, shop names only (like the inbox sweep): each shop is then worked on through shopData.
  const stale = await db.customerSignal.findMany({
    where: { evaluatedAt: { lt: new Date(now.getTime() - REEVALUATE_AFTER_MS) } },
    select: { shop: true },
    distinct: ["shop"],
  });
  const daily = new Set(stale.map((row) => row.shop));
  const shops = [...new Set([...tagSyncDue, ...daily])];
  if (shops.length === 0) return;
  // Only installed shops have an offline session (app/uninstalled deletes it) to call Shopify with.
  const sessions = await db.session.findMany({
    where: { shop: { in: shops }, isOnline: false },
    select: { shop: true },
    distinct: ["shop"],
  });
  const installed = new Set(sessions.map((row) => row.shop));
  for (const shop of shops) {
    // Left pending: a shop that installs again is synced at once.
    if (!installed.has(shop)) continue;
    try {
      const admin = await adminFor(shop);
      if (daily.has(shop) || !reevaluated.has(shop)) await reevaluateCustomerSignals(shop, admin, now);
      else await syncExclusionTags(shop, admin);
    } catch (error) {
      tagSyncDue.add(shop);
      console.error(`Responsible targeting of ${shop} could not be brought up to date`, error);
    }
  }
}

/**
 * For the settings page's save: the exclusion rules changed, so every customer is re-evaluated (helpdesk
 * tags read again from Shopify, for tags added to the list) and the exclusion tag synced.
 */
export async function applyExclusionSettings(ctx: { shop: string; admin: AdminGraphql }) {
  return reevaluateCustomerSignals(ctx.shop, ctx.admin);
}

// ---------------------------------------------------------------------------------------------
// Reports

export interface ExclusionSummary {
  excluded: number;
  /** Excluded customers per rule (a customer may match several). */
  byKind: Record<ExclusionKind, number>;
  /**
   * What excluded customers bought through bundles and pairings (credited lines of orders not cancelled,
   * after refunds), per currency (the shop's currency, 0, when there is none): the offer revenue at
   * stake now that they are shown no offers.
   */
  offerRevenue: Array<{ amount: number; currency: string }>;
}

const ID_CHUNK = 500;

export async function exclusionSummary(shop: string): Promise<ExclusionSummary> {
  const scoped = shopData(shop);
  const settings = await shopSettings(shop);
  const rules = exclusionRulesFromSettings(settings);
  const rows = await scoped.customerSignal.findMany({ where: { excluded: true } });
  const byKind = Object.fromEntries(EXCLUSION_KINDS.map((kind) => [kind, 0])) as Record<ExclusionKind, number>;
  for (const row of rows) for (const { kind } of evaluateExclusion(row, rules).reasons) byKind[kind] += 1;
  const revenue = new Map<string, number>();
  const ids = rows.map((row) => row.customerId);
  for (let i = 0; i < ids.length; i += ID_CHUNK) {
    const lines = await scoped.orderLineFact.findMany({
      where: {
        attribution: { in: ["bundle", "pairing"] },
        order: { customerId: { in: ids.slice(i, i + ID_CHUNK) }, cancelledAt: null },
      },
      select: {
        unitPriceAmount: true,
        quantity: true,
        discountAmount: true,
        refundedAmount: true,
        order: { select: { currencyCode: true } },
      },
    });
    for (const line of lines) {
      const currency = line.order.currencyCode;
      revenue.set(currency, (revenue.get(currency) ?? 0) + lineRevenue(line) - line.refundedAmount);
    }
  }
  if (revenue.size === 0) revenue.set(settings.currencyCode, 0);
  return {
    excluded: rows.length,
    byKind,
    offerRevenue: [...revenue]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([currency, amount]) => ({ amount, currency })),
  };
}
