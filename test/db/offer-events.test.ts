// The storefront event beacon end to end: requests signed as Shopify's app proxy signs them, through
// the real route (app/routes/proxy.events.tsx), into OfferEvent and the rollups' funnel counters.
import fc from "fast-check";
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import db from "../../app/db.server";
import { MAX_BEACON_BYTES, MAX_EVENTS_PER_BEACON } from "../../app/domain/offer-events";
import { action } from "../../app/routes/proxy.events";
import { beaconLimits } from "../../app/services/offer-events.server";
import { appProxyUrl, signedProxyRequest } from "../support/app-proxy-request";
import { createBundle, createPairing, rollup } from "./support/ingestion";
import { resetDatabase } from "./support/reset";

const shop = "beacons.myshopify.com";
const otherShop = "elsewhere.myshopify.com";
const secret = process.env.SHOPIFY_API_SECRET!;
const DAY = "2026-03-01";
const AT = Date.parse(`${DAY}T10:00:00Z`);

interface BeaconEvent {
  key: unknown;
  type: unknown;
  offer: unknown;
  page: unknown;
  product: unknown;
  at: unknown;
}

const event = (key: string, type: string, offer: string, at = AT): BeaconEvent => ({
  key,
  type,
  offer,
  page: "product",
  product: 59,
  at,
});

async function post(
  body: BodyInit,
  {
    forShop = shop,
    headers,
    customerId,
  }: { forShop?: string; headers?: Record<string, string>; customerId?: number } = {},
) {
  return call(signedProxyRequest("events", { shop: forShop, secret, body, headers, customerId }));
}

async function call(request: Request): Promise<Response> {
  try {
    return await action({ request, params: {}, context: {} } as never);
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

const beacon = (events: unknown[]) => JSON.stringify({ v: 1, events });
const storedKeys = async (forShop = shop) =>
  (await db.offerEvent.findMany({ where: { shop: forShop }, orderBy: { eventKey: "asc" } })).map((e) => e.eventKey);

describe(`the event beacon on ${process.env.ATTACH_TEST_PROVIDER}`, () => {
  let pairing: string;
  let bundle: string;

  beforeEach(async () => {
    // The clock stands still (and a minute after the events): no bucket refills while a test runs.
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(AT + 60_000);
    await resetDatabase();
    beaconLimits.client.reset();
    beaconLimits.shop.reset();
    await db.shopSettings.create({ data: { shop, currencyCode: "EUR" } });
    pairing = (await createPairing(shop, { heading: "Goes with", anchor: 59, complements: [60] })).id;
    bundle = (await createBundle(shop, { title: "Kit", products: [59, 60] })).id;
  });
  afterEach(() => vi.useRealTimers());
  afterAll(() => db.$disconnect());

  it("answers 204, stores each event and adds it to the day's funnel counters of its offer", async () => {
    const response = await post(
      beacon([
        event("view1.1", "impression", `pairing:${pairing}`),
        event("view1.2", "impression", `bundle:${bundle}`),
        event("view1.3", "click", `pairing:${pairing}`),
        event("view1.4", "add", `pairing:${pairing}`, AT + 5_000),
        { ...event("view1.5", "add", `bundle:${bundle}`), page: "cart", product: null },
      ]),
    );
    expect(response.status).toBe(204);
    expect(await response.text()).toBe("");

    const rows = await db.offerEvent.findMany({ where: { shop }, orderBy: { eventKey: "asc" } });
    expect(
      rows.map(({ eventKey, kind, offerType, offerId, productId, occurredAt }) => ({
        eventKey,
        kind,
        offerType,
        offerId,
        productId,
        occurredAt: occurredAt.toISOString(),
      })),
    ).toEqual([
      {
        eventKey: "view1.1",
        kind: "impression",
        offerType: "pairing",
        offerId: pairing,
        productId: "gid://shopify/Product/59",
        occurredAt: "2026-03-01T10:00:00.000Z",
      },
      {
        eventKey: "view1.2",
        kind: "impression",
        offerType: "bundle",
        offerId: bundle,
        productId: "gid://shopify/Product/59",
        occurredAt: "2026-03-01T10:00:00.000Z",
      },
      {
        eventKey: "view1.3",
        kind: "click",
        offerType: "pairing",
        offerId: pairing,
        productId: "gid://shopify/Product/59",
        occurredAt: "2026-03-01T10:00:00.000Z",
      },
      {
        eventKey: "view1.4",
        kind: "add_to_cart",
        offerType: "pairing",
        offerId: pairing,
        productId: "gid://shopify/Product/59",
        occurredAt: "2026-03-01T10:00:05.000Z",
      },
      {
        eventKey: "view1.5",
        kind: "add_to_cart",
        offerType: "bundle",
        offerId: bundle,
        productId: null,
        occurredAt: "2026-03-01T10:00:00.000Z",
      },
    ]);
    expect(await rollup(shop, DAY, "pairing", pairing)).toMatchObject({
      currencyCode: "EUR",
      impressions: 1,
      clicks: 1,
      addsToCart: 1,
      orders: 0,
      revenueAmount: 0,
    });
    expect(await rollup(shop, DAY, "bundle", bundle)).toMatchObject({ impressions: 1, clicks: 0, addsToCart: 1 });
    // The day's "offers" row: both offers' events together, in the shop's currency.
    expect(await rollup(shop, DAY, "offers")).toMatchObject({
      currencyCode: "EUR",
      impressions: 2,
      clicks: 1,
      addsToCart: 2,
      orders: 0,
    });
  });

  it("adds to a day's existing rollup row without touching its order figures", async () => {
    await db.dailyRollup.create({
      data: {
        shop,
        day: DAY,
        offerType: "pairing",
        offerId: pairing,
        currencyCode: "EUR",
        orders: 2,
        revenueAmount: 5000,
        impressions: 7,
      },
    });
    expect((await post(beacon([event("v.1", "impression", `pairing:${pairing}`)]))).status).toBe(204);
    expect(await rollup(shop, DAY, "pairing", pairing)).toMatchObject({
      orders: 2,
      revenueAmount: 5000,
      impressions: 8,
    });
  });

  it("stores a beacon sent twice once, and counts only the new events of an overlapping one", async () => {
    const first = beacon([
      event("v.1", "impression", `pairing:${pairing}`),
      event("v.2", "click", `pairing:${pairing}`),
    ]);
    expect((await post(first)).status).toBe(204);
    expect((await post(first)).status).toBe(204);
    expect(await storedKeys()).toEqual(["v.1", "v.2"]);
    expect(await rollup(shop, DAY, "pairing", pairing)).toMatchObject({ impressions: 1, clicks: 1 });

    const overlapping = beacon([
      event("v.2", "click", `pairing:${pairing}`),
      event("v.3", "click", `pairing:${pairing}`),
    ]);
    expect((await post(overlapping)).status).toBe(204);
    expect(await storedKeys()).toEqual(["v.1", "v.2", "v.3"]);
    expect(await rollup(shop, DAY, "pairing", pairing)).toMatchObject({ impressions: 1, clicks: 2 });
  });

  it("stores the same beacon arriving twice at the same time once", async () => {
    const body = beacon(
      Array.from({ length: 20 }, (_, i) => event(`race.${i}`, i % 2 ? "click" : "impression", `pairing:${pairing}`)),
    );
    const statuses = await Promise.all([post(body), post(body), post(body)]);
    expect(statuses.map((r) => r.status)).toEqual([204, 204, 204]);
    expect(await db.offerEvent.count({ where: { shop } })).toBe(20);
    expect(await rollup(shop, DAY, "pairing", pairing)).toMatchObject({ impressions: 10, clicks: 10 });
  });

  it("stores one batch of 1,000 events sent twice once, and counts each in the rollups once", async () => {
    // As the widget writes them: one page view's key, cuid offer ids.
    const events = Array.from({ length: 1_000 }, (_, i) =>
      event(
        `k3x9q2m1lz0a8cmm4c7b.${i + 1}`,
        ["impression", "click", "add"][i % 3]!,
        i % 2 ? `pairing:${pairing}` : `bundle:${bundle}`,
      ),
    );
    const body = beacon(events);
    expect(events.length).toBe(MAX_EVENTS_PER_BEACON);
    expect(Buffer.byteLength(body)).toBeLessThan(MAX_BEACON_BYTES);
    expect((await post(body)).status).toBe(204);
    expect((await post(body)).status).toBe(204);
    expect(await db.offerEvent.count({ where: { shop } })).toBe(1_000);
    const sums = await db.dailyRollup.aggregate({
      where: { shop, offerType: { in: ["bundle", "pairing"] } },
      _sum: { impressions: true, clicks: true, addsToCart: true },
    });
    expect(sums._sum).toEqual({ impressions: 334, clicks: 333, addsToCart: 333 });
    // The day's "offers" row holds all offers' counters together.
    expect(await rollup(shop, DAY, "offers")).toMatchObject({ impressions: 334, clicks: 333, addsToCart: 333 });
    // Per offer: the even events are the bundle's, the odd ones the pairing's.
    expect(await rollup(shop, DAY, "bundle", bundle)).toMatchObject({ impressions: 167, clicks: 166, addsToCart: 167 });
    expect(await rollup(shop, DAY, "pairing", pairing)).toMatchObject({
      impressions: 167,
      clicks: 167,
      addsToCart: 166,
    });
  });

  it("refuses a beacon without a signature, with a wrong one, or signed for another shop: 401, no body, nothing stored", async () => {
    const body = beacon([event("v.1", "impression", `pairing:${pairing}`)]);
    const signed = appProxyUrl("events", { shop, secret });
    const unsigned = new URL(signed);
    unsigned.searchParams.delete("signature");
    const wrongSecret = appProxyUrl("events", { shop, secret: "not-the-secret" });
    const otherShopParams = new URL(signed);
    otherShopParams.searchParams.set("shop", otherShop);
    const stale = appProxyUrl("events", { shop, secret, now: new Date(Date.now() - 10 * 60_000) });
    for (const url of [unsigned, wrongSecret, otherShopParams, stale]) {
      const response = await call(new Request(url, { method: "POST", body }));
      expect(response.status, url.search).toBe(401);
      expect(await response.text()).toBe("");
    }
    expect(await db.offerEvent.count()).toBe(0);
  });

  it("answers 413 to a body over the cap, whatever its Content-Length says, and stores nothing", async () => {
    const big = beacon([
      { ...event("v.1", "impression", `pairing:${pairing}`), padding: "x".repeat(MAX_BEACON_BYTES) },
    ]);
    const honest = await post(big);
    expect(honest.status).toBe(413);
    expect(await honest.text()).toContain(`larger than ${MAX_BEACON_BYTES} bytes`);
    expect((await post(big, { headers: { "Content-Length": "120" } })).status).toBe(413);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i <= MAX_BEACON_BYTES / 1024; i++)
          controller.enqueue(new TextEncoder().encode("x".repeat(1024)));
        controller.close();
      },
    });
    expect((await post(stream)).status).toBe(413);
    expect(await db.offerEvent.count()).toBe(0);
  });

  it(`answers 413 to more than ${MAX_EVENTS_PER_BEACON} events in one beacon, and stores none of them`, async () => {
    const events = Array.from({ length: MAX_EVENTS_PER_BEACON + 1 }, (_, i) => ({
      key: `m.${i}`,
      type: "click",
      offer: `pairing:${pairing}`,
      page: "cart",
      product: null,
      at: AT,
    }));
    const response = await post(beacon(events));
    expect(response.status).toBe(413);
    expect(await response.text()).toBe(
      `events: At most ${MAX_EVENTS_PER_BEACON} events per beacon (got ${MAX_EVENTS_PER_BEACON + 1})`,
    );
    expect(await db.offerEvent.count()).toBe(0);
  });

  it.each([
    ["malformed JSON", '{"v":1,"events":[', "form: The body is not JSON"],
    [
      "another version",
      JSON.stringify({ v: 2, events: [event("v.1", "click", "pairing:x")] }),
      "v: Unsupported beacon version (expected 1)",
    ],
    ["no events", beacon([]), "events: Expected at least one event"],
    ["not an object", "[1,2]", "form: Expected an object with v and events"],
  ])("answers 400 naming the field to %s", async (_, body, message) => {
    const response = await post(body);
    expect(response.status).toBe(400);
    expect(await response.text()).toBe(message);
  });

  it.each([
    ["a wrong type", { product: "59" }, "events[1].product: Expected a product id or null"],
    ["an unknown kind", { type: "purchase" }, "events[1].type: Expected impression, click or add"],
    ["an offer of no kind", { offer: "coupon:x" }, "events[1].offer: Expected bundle:<id> or pairing:<id>"],
    ["a missing key", { key: undefined }, "events[1].key: Expected a string"],
    ["a negative time", { at: -1 }, "events[1].at: Expected a time in milliseconds"],
  ])("answers 400 naming the field to an event with %s, and stores none of the beacon", async (_, change, message) => {
    const good = event("ok.1", "impression", `pairing:${pairing}`);
    const bad = { ...event("ok.2", "click", `pairing:${pairing}`), ...change };
    const response = await post(beacon([good, bad]));
    expect(response.status).toBe(400);
    expect(await response.text()).toBe(message);
    expect(await db.offerEvent.count()).toBe(0);
    expect(await db.dailyRollup.count()).toBe(0);
  });

  it("answers 400 to a body that is not UTF-8", async () => {
    const response = await post(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]));
    expect(response.status).toBe(400);
    expect(await response.text()).toBe("The body is not UTF-8 text");
  });

  it("answers 429 with Retry-After once a client has used its allowance, while other clients go on", async () => {
    const body = (i: number) => beacon([event(`rl.${i}`, "impression", `pairing:${pairing}`)]);
    const shopper = { "X-Forwarded-For": "203.0.113.7, 10.0.0.1" };
    for (let i = 0; i < beaconLimits.client.capacity; i++) {
      expect((await post(body(i), { headers: shopper })).status).toBe(204);
    }
    const limited = await post(body(999), { headers: shopper });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThanOrEqual(1);
    expect(await storedKeys()).not.toContain("rl.999");
    // Another address, and a logged-in customer behind the same address, have their own allowance.
    expect((await post(body(1000), { headers: { "X-Forwarded-For": "198.51.100.2" } })).status).toBe(204);
    expect((await post(body(1001), { headers: shopper, customerId: 42 })).status).toBe(204);
    // The refused beacon did not spend the shop's allowance: exactly the 62 stored ones did.
    const left = beaconLimits.shop.capacity - beaconLimits.client.capacity - 2;
    expect(beaconLimits.shop.take(shop, left).allowed).toBe(true);
    expect(beaconLimits.shop.take(shop).allowed).toBe(false);
  });

  it("answers 429 once the shop has used its allowance, and other shops go on", async () => {
    await createPairing(otherShop, { heading: null, anchor: 1, complements: [2] });
    expect(beaconLimits.shop.take(shop, beaconLimits.shop.capacity).allowed).toBe(true);
    const response = await post(beacon([event("v.1", "impression", `pairing:${pairing}`)]), {
      headers: { "X-Forwarded-For": "192.0.2.1" },
    });
    expect(response.status).toBe(429);
    expect(response.headers.get("Retry-After")).toBe("1");
    expect(
      (await post(beacon([event("v.1", "impression", `pairing:${pairing}`)]), { forShop: otherShop })).status,
    ).toBe(204);
    expect(await db.offerEvent.count()).toBe(0);
  });

  it("accepts but neither stores nor counts events for another shop's offer or an unknown one", async () => {
    const theirs = (await createPairing(otherShop, { heading: null, anchor: 1, complements: [2] })).id;
    const response = await post(
      beacon([
        event("x.1", "impression", `pairing:${theirs}`),
        event("x.2", "impression", "bundle:made-up"),
        event("x.3", "impression", `pairing:${pairing}`),
      ]),
    );
    expect(response.status).toBe(204);
    expect(await storedKeys()).toEqual(["x.3"]);
    expect(await db.offerEvent.count({ where: { shop: otherShop } })).toBe(0);
    expect(await db.dailyRollup.findMany({ where: { offerId: { in: [theirs, "made-up"] } } })).toEqual([]);
  });

  it("keeps the shopper's time within a day of receipt and uses the receipt time beyond", async () => {
    const now = AT + 60_000;
    const response = await post(
      beacon([
        event("t.1", "impression", `pairing:${pairing}`, now - 60_000),
        event("t.2", "impression", `pairing:${pairing}`, Date.parse("2019-01-01T00:00:00Z")),
      ]),
    );
    expect(response.status).toBe(204);
    const rows = await db.offerEvent.findMany({ where: { shop }, orderBy: { eventKey: "asc" } });
    expect(rows[0]!.occurredAt.getTime()).toBe(now - 60_000);
    expect(rows[1]!.occurredAt.getTime()).toBe(now);
  });

  it("answers any body with 204 or a 4xx, never stores part of a beacon, and keeps the counters equal to the events", async () => {
    const ours = `pairing:${pairing}`;
    let run = 0;
    const statuses = new Set<number>();
    const bodyArb = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value)),
      fc.uint8Array({ maxLength: 200 }),
      // Beacons as the widget sends them, so that the accepting path is always taken too.
      fc
        .array(fc.constantFrom("impression", "click", "add"), { minLength: 1, maxLength: 8 })
        .map((types) => beacon(types.map((type, i) => event(`ok${run}.${i}`, type, ours)))),
      // Beacons of the widget's shape with some fields replaced by anything (hostile strings included).
      fc
        .array(
          fc.record({
            field: fc.constantFrom("key", "type", "offer", "page", "product", "at", "none"),
            value: fc.oneof(
              fc.anything(),
              fc.double(),
              fc.constantFrom("<script>alert(1)</script>", "{{ shop.name }}", "' OR 1=1 --", "x".repeat(5000)),
            ),
          }),
          { minLength: 1, maxLength: 8 },
        )
        .map((changes) =>
          JSON.stringify({
            v: 1,
            events: changes.map(({ field, value }, i) => {
              const changed: Record<string, unknown> = { ...event(`f${run}.${i}`, "impression", ours) };
              if (field !== "none") changed[field] = value;
              return changed;
            }),
          }),
        ),
    );
    await fc.assert(
      fc.asyncProperty(bodyArb, async (body) => {
        run++;
        beaconLimits.client.reset();
        beaconLimits.shop.reset();
        // The keys a successful beacon must store: each key's first event, when it names our offer.
        const first = new Map<unknown, unknown>();
        try {
          const sent = (JSON.parse(typeof body === "string" ? body : "") as { events?: unknown }).events;
          if (Array.isArray(sent))
            for (const e of sent as BeaconEvent[]) if (!first.has(e?.key)) first.set(e?.key, e?.offer);
        } catch {
          // not JSON: must be refused
        }
        const keys = [...first]
          .filter(([key, offer]) => typeof key === "string" && offer === ours)
          .map(([key]) => key as string);
        const storedBefore = keys.length ? await db.offerEvent.count({ where: { shop, eventKey: { in: keys } } }) : 0;
        const before = await db.offerEvent.count({ where: { shop } });

        const response = await post(typeof body === "string" ? body : new Uint8Array(body));
        expect([204, 400, 413]).toContain(response.status);
        statuses.add(response.status);
        const after = await db.offerEvent.count({ where: { shop } });
        if (response.status === 204) {
          expect(after - before).toBe(keys.length - storedBefore);
          expect(await db.offerEvent.count({ where: { shop, eventKey: { in: keys } } })).toBe(keys.length);
        } else {
          expect(after).toBe(before);
        }
        // Per offer, and again in the days' "offers" rows: each stored event counted once in each.
        for (const offerType of [{ in: ["bundle", "pairing"] }, "offers"]) {
          const sums = await db.dailyRollup.aggregate({
            where: { shop, offerType },
            _sum: { impressions: true, clicks: true, addsToCart: true },
          });
          expect((sums._sum.impressions ?? 0) + (sums._sum.clicks ?? 0) + (sums._sum.addsToCart ?? 0)).toBe(after);
        }
      }),
      { numRuns: 150 },
    );
    // Both ways were taken: some beacons stored, some refused.
    expect([...statuses].sort()).toEqual(expect.arrayContaining([204, 400]));
  });
});
