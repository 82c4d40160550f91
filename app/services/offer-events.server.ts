// The storefront event beacon: rate limits, the body read within its cap, the events checked
// (app/domain/offer-events.ts) and stored once each with their funnel counters. The route
// (app/routes/proxy.events.tsx) has verified Shopify's app proxy signature, which gives the shop.
//
// - Once: OfferEvent is unique per (shop, eventKey); a batch stores only the keys not stored yet, and a
//   concurrent batch with the same keys fails on the unique key and is retried, finding them stored.
// - Nothing partial: the new events (in statements of 100) and the rollup increments commit in one transaction.
// - Only the shop's offers: events naming an offer the shop does not have (deleted, another shop's, made
//   up) are dropped without an error, so a forged beacon can neither create rollup rows for offers that
//   do not exist nor learn which ids exist elsewhere.
import { type Prisma } from "@prisma/client";
import {
  describeBeaconErrors,
  funnelIncrements,
  MAX_BEACON_BYTES,
  offerIdsOf,
  parseBeacon,
  type OfferEventRecord,
} from "../domain/offer-events";
import { zeroTotals } from "../domain/offer-totals";
import { addToOfferTotals } from "./offer-totals.server";
import { isTransient } from "./order-ingestion.server";
import type { Tx } from "./sql.server";
import { TokenBuckets } from "./rate-limit.server";
import { readBodyText } from "./request-body.server";
import { shopData } from "./shop-scope.server";

/**
 * Beacons per client (a logged-in customer, else an IP address): a page view sends two or three, so 60
 * at once and one a second after that leave room for fast browsing and for a few shoppers behind one
 * address. Per shop: 1,000 at once and 200 a second, per app instance (see rate-limit.server.ts).
 */
export const beaconLimits = {
  client: new TokenBuckets({ capacity: 60, refillPerSecond: 1 }),
  shop: new TokenBuckets({ capacity: 1_000, refillPerSecond: 200 }),
};

const TRANSACTION_RETRIES = 3;
/**
 * Keys looked up, and rows inserted, per statement: a batch may hold 1,000 events, and Prisma's SQLite
 * adapter refuses a statement of more than 999 bound values (an OfferEvent row binds 9).
 */
const CHUNK = 100;
const DEFAULT_CURRENCY = "USD";

export type BeaconOutcome =
  { status: 204 } | { status: 400 | 413; message: string } | { status: 429; retryAfterSeconds: number };

/**
 * Who sent a beacon, for the per-client limit: the proxy's signed `logged_in_customer_id` when the
 * shopper is logged in, else the first address of X-Forwarded-For (Shopify's proxy sets it to the
 * shopper's IP), else one shared "anonymous" client.
 */
export function beaconClient(query: URLSearchParams, headers: Headers): string {
  const customer = query.get("logged_in_customer_id");
  if (customer) return `customer:${customer.slice(0, 32)}`;
  const address = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return address ? `ip:${address.slice(0, 64)}` : "anonymous";
}

/** Handles a verified beacon: limits, size, shape, then stores it. Never throws for a client's mistake. */
export async function acceptBeacon({
  shop,
  client,
  request,
  now = new Date(),
}: {
  shop: string;
  client: string;
  request: Request;
  now?: Date;
}): Promise<BeaconOutcome> {
  // The shop's allowance is only spent on beacons the client's allowance lets through.
  const byClient = beaconLimits.client.take(`${shop} ${client}`);
  const allowance = byClient.allowed ? beaconLimits.shop.take(shop) : byClient;
  if (!allowance.allowed) return { status: 429, retryAfterSeconds: allowance.retryAfterSeconds };
  const body = await readBodyText(request, MAX_BEACON_BYTES);
  if (!body.ok) {
    return body.reason === "too_large"
      ? { status: 413, message: `The body is larger than ${MAX_BEACON_BYTES} bytes` }
      : { status: 400, message: "The body is not UTF-8 text" };
  }
  const beacon = parseBeacon(body.text, now);
  if (!beacon.ok)
    return { status: beacon.reason === "too_large" ? 413 : 400, message: describeBeaconErrors(beacon.errors) };
  await recordOfferEvents(shop, beacon.events);
  return { status: 204 };
}

/** Stores the events not stored yet for the shop's own offers, and adds them to the daily funnel counters. */
export async function recordOfferEvents(
  shop: string,
  events: readonly OfferEventRecord[],
): Promise<{ stored: number }> {
  const scoped = shopData(shop);
  const ids = offerIdsOf(events);
  const [bundles, pairings] = await Promise.all([
    ids.bundle.length ? scoped.bundle.findMany({ where: { id: { in: ids.bundle } }, select: { id: true } }) : [],
    ids.pairing.length ? scoped.pairing.findMany({ where: { id: { in: ids.pairing } }, select: { id: true } }) : [],
  ]);
  const owned = new Set([...bundles.map((b) => `bundle:${b.id}`), ...pairings.map((p) => `pairing:${p.id}`)]);
  const known = events.filter((event) => owned.has(`${event.offerType}:${event.offerId}`));
  if (known.length === 0) return { stored: 0 };

  for (let attempt = 1; ; attempt++) {
    try {
      return await scoped.$transaction((tx) => storeNew(tx, shop, known));
    } catch (error) {
      // A concurrent beacon stored some of these keys, or created a rollup row, first: retrying finds them.
      if (isTransient(error) && attempt < TRANSACTION_RETRIES) continue;
      throw error;
    }
  }
}

async function storeNew(tx: Tx, shop: string, events: readonly OfferEventRecord[]): Promise<{ stored: number }> {
  const storedKeys = new Set<string>();
  for (let i = 0; i < events.length; i += CHUNK) {
    const stored = await tx.offerEvent.findMany({
      where: { eventKey: { in: events.slice(i, i + CHUNK).map((event) => event.eventKey) } },
      select: { eventKey: true },
    });
    for (const row of stored) storedKeys.add(row.eventKey);
  }
  const fresh = events.filter((event) => !storedKeys.has(event.eventKey));
  if (fresh.length === 0) return { stored: 0 };
  for (let i = 0; i < fresh.length; i += CHUNK) {
    await tx.offerEvent.createMany({ data: fresh.slice(i, i + CHUNK).map((event) => ({ ...event, shop })) });
  }

  // Days in the shop's time zone; a row's first figures in the shop's currency, the one reports are in.
  const settings = await tx.shopSettings.findFirst({ select: { currencyCode: true, timeZone: true } });
  const currencyCode = settings?.currencyCode ?? DEFAULT_CURRENCY;
  const increments = funnelIncrements(fresh, settings?.timeZone);
  for (const { day, offerType, offerId, impressions, clicks, addsToCart } of increments) {
    const counters = { impressions, clicks, addsToCart };
    const { count } = await tx.dailyRollup.updateMany({
      where: { day, offerType, offerId },
      data: {
        impressions: { increment: impressions },
        clicks: { increment: clicks },
        addsToCart: { increment: addsToCart },
      } satisfies Prisma.DailyRollupUpdateManyMutationInput,
    });
    if (count > 0) continue;
    await tx.dailyRollup.create({ data: { shop, day, offerType, offerId, currencyCode, ...counters } });
  }
  await addToOfferTotals(
    tx,
    shop,
    increments.flatMap(({ day, offerType, offerId, impressions, clicks, addsToCart }) =>
      offerType === "bundle" || offerType === "pairing"
        ? [{ day, offerType, offerId, figures: { ...zeroTotals(), impressions, clicks, addsToCart } }]
        : [],
    ),
  );
  return { stored: fresh.length };
}
