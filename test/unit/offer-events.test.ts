import { describe, expect, it } from "vitest";
import {
  EVENT_TIME_TOLERANCE_MS,
  funnelIncrements,
  MAX_EVENTS_PER_BEACON,
  offerIdsOf,
  parseBeacon,
  type OfferEventRecord,
} from "../../app/domain/offer-events";

const NOW = new Date("2026-03-01T23:59:59Z");
const event = (key: string, type = "impression", offer = "pairing:p1", at = NOW.getTime() - 1000) => ({
  key,
  type,
  offer,
  page: "product",
  product: 59,
  at,
});
const parse = (body: unknown) => parseBeacon(JSON.stringify(body), NOW);

describe("parseBeacon", () => {
  it("reads the widget's beacon into stored events: kinds, offers, product gids and times", () => {
    const result = parse({
      v: 1,
      events: [
        event("a.1"),
        event("a.2", "click", "bundle:b1"),
        { ...event("a.3", "add"), page: "cart", product: null },
      ],
    });
    expect(result).toEqual({
      ok: true,
      events: [
        {
          eventKey: "a.1",
          kind: "impression",
          offerType: "pairing",
          offerId: "p1",
          productId: "gid://shopify/Product/59",
          occurredAt: new Date(NOW.getTime() - 1000),
        },
        {
          eventKey: "a.2",
          kind: "click",
          offerType: "bundle",
          offerId: "b1",
          productId: "gid://shopify/Product/59",
          occurredAt: new Date(NOW.getTime() - 1000),
        },
        {
          eventKey: "a.3",
          kind: "add_to_cart",
          offerType: "pairing",
          offerId: "p1",
          productId: null,
          occurredAt: new Date(NOW.getTime() - 1000),
        },
      ],
    });
  });

  it("ignores fields it does not know and keeps the first event of a repeated key", () => {
    const result = parse({ v: 1, extra: true, events: [{ ...event("k"), note: "x" }, event("k", "click")] });
    expect(result.ok && result.events.map((e) => [e.eventKey, e.kind])).toEqual([["k", "impression"]]);
  });

  it("keeps the shopper's time within a day of receipt, and takes the receipt time beyond", () => {
    const at = (offset: number) => {
      const result = parse({ v: 1, events: [event("k", "click", "pairing:p", NOW.getTime() + offset)] });
      return result.ok ? result.events[0]!.occurredAt.toISOString() : null;
    };
    expect(at(-EVENT_TIME_TOLERANCE_MS)).toBe("2026-02-28T23:59:59.000Z");
    expect(at(EVENT_TIME_TOLERANCE_MS)).toBe("2026-03-02T23:59:59.000Z");
    expect(at(-EVENT_TIME_TOLERANCE_MS - 1)).toBe(NOW.toISOString());
    expect(at(EVENT_TIME_TOLERANCE_MS + 1)).toBe(NOW.toISOString());
  });

  it(`refuses more than ${MAX_EVENTS_PER_BEACON} events as too large, whatever they hold`, () => {
    const events = Array.from({ length: MAX_EVENTS_PER_BEACON + 1 }, () => "junk");
    expect(parse({ v: 1, events })).toEqual({
      ok: false,
      reason: "too_large",
      errors: [
        {
          field: "events",
          message: `At most ${MAX_EVENTS_PER_BEACON} events per beacon (got ${MAX_EVENTS_PER_BEACON + 1})`,
        },
      ],
    });
    const most = Array.from({ length: MAX_EVENTS_PER_BEACON }, (_, i) => event(`k${i}`));
    expect(parse({ v: 1, events: most }).ok).toBe(true);
  });

  it.each([
    ["not JSON", "{", "form", "The body is not JSON"],
    ["a number", "42", "form", "Expected an object with v and events"],
    ["version 2", JSON.stringify({ v: 2, events: [event("k")] }), "v", "Unsupported beacon version (expected 1)"],
    ["no events list", JSON.stringify({ v: 1, events: "x" }), "events", "Expected a list of events"],
    [
      "a key with spaces",
      JSON.stringify({ v: 1, events: [event("a b")] }),
      "events[0].key",
      "Expected 1 to 64 letters, digits, '.', '_' or '-'",
    ],
    [
      "a key too long",
      JSON.stringify({ v: 1, events: [event("k".repeat(65))] }),
      "events[0].key",
      "Expected 1 to 64 letters, digits, '.', '_' or '-'",
    ],
    [
      "an unknown type",
      JSON.stringify({ v: 1, events: [event("k", "view")] }),
      "events[0].type",
      "Expected impression, click or add",
    ],
    [
      "an offer id too long",
      JSON.stringify({ v: 1, events: [event("k", "click", `bundle:${"x".repeat(65)}`)] }),
      "events[0].offer",
      "Expected bundle:<id> or pairing:<id>",
    ],
    [
      "an unknown page",
      JSON.stringify({ v: 1, events: [{ ...event("k"), page: "home" }] }),
      "events[0].page",
      "Expected product or cart",
    ],
    [
      "a fractional product",
      JSON.stringify({ v: 1, events: [{ ...event("k"), product: 1.5 }] }),
      "events[0].product",
      "Expected a product id or null",
    ],
    [
      "an unsafe product id",
      JSON.stringify({ v: 1, events: [{ ...event("k"), product: 2 ** 53 }] }),
      "events[0].product",
      "Expected a product id or null",
    ],
    [
      "a time as text",
      JSON.stringify({ v: 1, events: [{ ...event("k"), at: "now" }] }),
      "events[0].at",
      "Expected a time in milliseconds",
    ],
  ])("refuses %s, naming the field", (_, text, field, message) => {
    const result = parseBeacon(text, NOW);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toBe("invalid");
    expect(!result.ok && result.errors[0]).toEqual({ field, message });
  });
});

describe("funnelIncrements", () => {
  const stored = (
    kind: OfferEventRecord["kind"],
    offerId: string,
    occurredAt: string,
    offerType = "pairing" as const,
  ) => ({
    eventKey: `${kind}-${offerId}-${occurredAt}`,
    kind,
    offerType,
    offerId,
    productId: null,
    occurredAt: new Date(occurredAt),
  });

  it("counts impressions, clicks and adds per UTC day and offer, and all offers' per day, in a fixed order", () => {
    const rows = funnelIncrements([
      stored("add_to_cart", "p2", "2026-03-02T00:00:00Z"),
      stored("impression", "p1", "2026-03-01T23:59:59Z"),
      stored("impression", "p1", "2026-03-01T08:00:00Z"),
      stored("click", "p1", "2026-03-01T09:00:00Z"),
      { ...stored("impression", "p1", "2026-03-01T09:00:00Z"), offerType: "bundle" as const },
    ]);
    expect(rows).toEqual([
      { day: "2026-03-01", offerType: "bundle", offerId: "p1", impressions: 1, clicks: 0, addsToCart: 0 },
      // The day's "offers" row: every offer's events of the day, bundles and pairings together.
      { day: "2026-03-01", offerType: "offers", offerId: "", impressions: 3, clicks: 1, addsToCart: 0 },
      { day: "2026-03-01", offerType: "pairing", offerId: "p1", impressions: 2, clicks: 1, addsToCart: 0 },
      { day: "2026-03-02", offerType: "offers", offerId: "", impressions: 0, clicks: 0, addsToCart: 1 },
      { day: "2026-03-02", offerType: "pairing", offerId: "p2", impressions: 0, clicks: 0, addsToCart: 1 },
    ]);
  });

  it("lists the offers named, once each, by type", () => {
    expect(
      offerIdsOf([
        stored("click", "p1", "2026-03-01T00:00:00Z"),
        stored("impression", "p1", "2026-03-01T00:00:00Z"),
        { ...stored("click", "b1", "2026-03-01T00:00:00Z"), offerType: "bundle" as const },
      ]),
    ).toEqual({ bundle: ["b1"], pairing: ["p1"] });
  });
});
