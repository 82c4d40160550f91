// The storefront widget's event beacon (widget/src/attach-widget.js → /apps/attach/events → the app
// proxy route): what a batch may hold, the events stored from it and what they add to the funnel
// counters of the daily rollups. The body is the widget's, but anyone can post it through the shop's
// proxy URL: the signature proves the shop, never the shopper, so every field is checked here.
//
//   { "v": 1, "events": [{ "key": "k3x9q2m1lz0a8c.1", "type": "impression", "offer": "pairing:<id>",
//                          "page": "product", "product": 59, "at": 1767225600000 }] }
import { z } from "zod";
import { parseOfferLineProperty } from "./offer-metafields-core";
import { rollupDay } from "./order-facts";
import { UTC } from "./shop-time";
import { fieldErrorsFromZod, isRecord, type FieldError } from "./validation";
import { compareText } from "./text-order";

/**
 * Events in one batch at most. More: the whole batch is refused (413). The endpoint takes a batch of 1,000
 * (a replay or a server-side import of a page's queue); the widget itself sends far smaller beacons.
 */
export const MAX_EVENTS_PER_BEACON = 1_000;
/**
 * Bytes of body read at most. 1,000 events as the widget writes them measure about 150 KB (cuid offer ids,
 * 13-digit product ids), 205 KB with every key at its 64-character maximum: 256 KB leaves a margin.
 */
export const MAX_BEACON_BYTES = 256 * 1024;
/**
 * Events in one of the widget's beacons (widget/src/attach-widget.js splits its queue): browsers refuse a
 * sendBeacon once a page's pending beacons pass 64 KB, and 50 events are about 7.5 KB.
 */
export const WIDGET_EVENTS_PER_BEACON = 50;
/**
 * An event's `at` (the shopper's clock) is kept when within a day of the time it is received; otherwise
 * the receipt time replaces it. The widget sends within seconds of the event, so a time further off is
 * a wrong device clock, and refusing it would lose real events.
 */
export const EVENT_TIME_TOLERANCE_MS = 24 * 60 * 60 * 1000;

export const BEACON_EVENT_TYPES = ["impression", "click", "add"] as const;
export type BeaconEventType = (typeof BEACON_EVENT_TYPES)[number];
/** OfferEvent.kind for each beacon type. */
const KIND = { impression: "impression", click: "click", add: "add_to_cart" } as const;
export type OfferEventKind = (typeof KIND)[BeaconEventType];

/** A stored event (OfferEvent without shop and ids). */
export interface OfferEventRecord {
  eventKey: string;
  kind: OfferEventKind;
  offerType: "bundle" | "pairing";
  offerId: string;
  productId: string | null;
  occurredAt: Date;
}

export type BeaconResult =
  { ok: true; events: OfferEventRecord[] } | { ok: false; reason: "too_large" | "invalid"; errors: FieldError[] };

const eventSchema = z.object({
  // Made by the widget: a random id per page view and the event's number in it.
  key: z
    .string({ error: "Expected a string" })
    .regex(/^[A-Za-z0-9._-]{1,64}$/, { error: "Expected 1 to 64 letters, digits, '.', '_' or '-'" }),
  type: z.enum(BEACON_EVENT_TYPES, { error: "Expected impression, click or add" }),
  offer: z
    .string({ error: "Expected a string" })
    .refine((value) => parseOfferLineProperty(value) !== null, { error: "Expected bundle:<id> or pairing:<id>" }),
  page: z.enum(["product", "cart"], { error: "Expected product or cart" }),
  // The product page's product (Shopify's numeric id); null on the cart page.
  product: z
    .number({ error: "Expected a product id or null" })
    .int({ error: "Expected a product id or null" })
    .min(1, { error: "Expected a product id or null" })
    .max(Number.MAX_SAFE_INTEGER, { error: "Expected a product id or null" })
    .nullable(),
  at: z
    .number({ error: "Expected a time in milliseconds" })
    .int({ error: "Expected a time in milliseconds" })
    .min(0, { error: "Expected a time in milliseconds" })
    .max(8.64e15, { error: "Expected a time in milliseconds" }),
});

const beaconSchema = z.object(
  {
    v: z.literal(1, { error: "Unsupported beacon version (expected 1)" }),
    events: z
      .array(eventSchema, { error: "Expected a list of events" })
      .min(1, { error: "Expected at least one event" }),
  },
  { error: "Expected an object with v and events" },
);

/**
 * Reads a beacon body (text, already within MAX_BEACON_BYTES). `now` is the receipt time. Events with
 * the same key in one beacon count once (the first).
 */
export function parseBeacon(text: string, now: Date): BeaconResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, reason: "invalid", errors: [{ field: "form", message: "The body is not JSON" }] };
  }
  if (isRecord(json) && Array.isArray(json.events) && json.events.length > MAX_EVENTS_PER_BEACON) {
    const message = `At most ${MAX_EVENTS_PER_BEACON} events per beacon (got ${json.events.length})`;
    return { ok: false, reason: "too_large", errors: [{ field: "events", message }] };
  }
  const parsed = beaconSchema.safeParse(json);
  if (!parsed.success) return { ok: false, reason: "invalid", errors: fieldErrorsFromZod(parsed.error) };

  const seen = new Set<string>();
  const events: OfferEventRecord[] = [];
  for (const event of parsed.data.events) {
    if (seen.has(event.key)) continue;
    seen.add(event.key);
    const offer = parseOfferLineProperty(event.offer)!;
    events.push({
      eventKey: event.key,
      kind: KIND[event.type],
      offerType: offer.kind,
      offerId: offer.id,
      productId: event.product === null ? null : `gid://shopify/Product/${event.product}`,
      occurredAt: eventTime(event.at, now),
    });
  }
  return { ok: true, events };
}

function eventTime(at: number, now: Date): Date {
  return Math.abs(at - now.getTime()) <= EVENT_TIME_TOLERANCE_MS ? new Date(at) : now;
}

/** "events[3].type: Expected impression, click or add" — the first few errors, for a 4xx answer. */
export function describeBeaconErrors(errors: readonly FieldError[]): string {
  return errors
    .slice(0, 3)
    .map((error) => `${error.field}: ${error.message}`)
    .join("; ");
}

/** What stored events add to one DailyRollup row: an offer's, or the day's "offers" row (offerId ""). */
export interface FunnelIncrement {
  day: string;
  offerType: "bundle" | "pairing" | "offers";
  offerId: string;
  impressions: number;
  clicks: number;
  addsToCart: number;
}

/**
 * The funnel counters the events add, per day of occurrence in the shop's time zone (the days orders
 * count on) and offer, plus each day's "offers" row (all offers' events of the day, offerId ""),
 * sorted so that concurrent batches update rollup rows in the same order.
 */
export function funnelIncrements(events: readonly OfferEventRecord[], timeZone: string = UTC): FunnelIncrement[] {
  const rows = new Map<string, FunnelIncrement>();
  const rowOf = (day: string, offerType: FunnelIncrement["offerType"], offerId: string) => {
    const id = `${day} ${offerType} ${offerId}`;
    let row = rows.get(id);
    if (!row) {
      row = { day, offerType, offerId, impressions: 0, clicks: 0, addsToCart: 0 };
      rows.set(id, row);
    }
    return row;
  };
  for (const event of events) {
    const day = rollupDay(event.occurredAt, timeZone);
    for (const row of [rowOf(day, event.offerType, event.offerId), rowOf(day, "offers", "")]) {
      if (event.kind === "impression") row.impressions += 1;
      else if (event.kind === "click") row.clicks += 1;
      else row.addsToCart += 1;
    }
  }
  return [...rows.entries()].sort(([a], [b]) => compareText(a, b)).map(([, row]) => row);
}

/** The offers a beacon's events name, by type, for checking that they are the shop's. */
export function offerIdsOf(events: readonly OfferEventRecord[]): Record<"bundle" | "pairing", string[]> {
  const ids = { bundle: new Set<string>(), pairing: new Set<string>() };
  for (const event of events) ids[event.offerType].add(event.offerId);
  return { bundle: [...ids.bundle], pairing: [...ids.pairing] };
}
