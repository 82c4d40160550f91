// Reconciliation: generated orders go through the app's ingestion (ingestWebhook, as every transport
// does), every report figure is computed through the app (rollups, and a recount from the facts), and
// the same figures are recounted here independently from the raw payloads and what the generator meant
// each line to be. They must match to the cent. Widget events go through the beacon's service and are
// recounted from what was sent; the comparison period and the daily series are recounted the same way.
// Last, the rollups are rebuilt from the facts and must come out as ingestion left them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import db from "../../app/db.server";
import type { OfferEventRecord } from "../../app/domain/offer-events";
import { withShopJobLock } from "../../app/services/job-lock.server";
import { recordOfferEvents } from "../../app/services/offer-events.server";
import { ingestWebhook, processPendingDeliveries } from "../../app/services/order-ingestion.server";
import { recountReport, uptakeReport } from "../../app/services/reports.server";
import { rebuildRollups, ROLLUP_REBUILD_JOB } from "../../app/services/rollup-rebuild.server";
import { orderPayload, refundPayload, type LineSpec } from "../support/order-webhooks";
import { createBundle, createPairing, customerRollupRows, offerTotalRows } from "./support/ingestion";
import { resetDatabase } from "./support/reset";

const shop = "reconcile.myshopify.com";

/** mulberry32: a small seeded generator, so a failing case can be replayed. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(list: readonly T[]): T => list[int(0, list.length - 1)]!;
  return { chance: (p: number) => next() < p, int, pick };
}

interface Offers {
  bundles: Record<
    "laptop" | "desk" | "duoA" | "duoB" | "kitPro" | "kit" | "retired",
    { id: string; title: string; products: number[]; status: string; unitCosts: Record<number, number> }
  >;
  pairings: Record<"desk" | "untitled", { id: string; heading: string | null; anchor: number; complement: number }>;
}

async function createOffers(): Promise<Offers> {
  const bundle = async (title: string, products: number[], status = "active", unitCosts = {}) => ({
    id: (await createBundle(shop, { title, products, status, unitCosts })).id,
    title,
    products,
    status,
    unitCosts,
  });
  const pairing = async (heading: string | null, anchor: number, complement: number) => ({
    id: (await createPairing(shop, { heading, anchor, complements: [complement] })).id,
    heading,
    anchor,
    complement,
  });
  return {
    bundles: {
      // Shopify knows the cost of one laptop part (the laptop bundle has no margin) and of both desk parts.
      laptop: await bundle("Laptop Essentials", [1, 2], "active", { 1: 1234 }),
      desk: await bundle("Desk Kit", [3, 4], "active", { 3: 500, 4: 700 }),
      duoA: await bundle("Duo", [5]),
      duoB: await bundle("Duo", [6]),
      kitPro: await bundle("Kit — Pro", [7]),
      kit: await bundle("Kit", [8]),
      retired: await bundle("Retired set", [9], "paused"),
    },
    pairings: { desk: await pairing("Desk setup", 20, 21), untitled: await pairing(null, 22, 23) },
  };
}

/** What the generator means a line to count as. */
interface Intended {
  type: "bundle" | "pairing" | "organic" | "none";
  offerId: string | null;
  ourDiscount: number;
}

interface GeneratedOrder {
  id: number;
  customerId: number | null;
  processedAt: string;
  lines: Array<LineSpec & { intended: Intended }>;
  refunds: Array<{ id: number; lines: Array<{ lineItemId: number; quantity: number; subtotal: number }> }>;
  cancelledAt: string | null;
  duplicateCreate: boolean;
  updatedCopy: boolean;
  refundFirst: boolean;
}

const tenPercent = (price: number, quantity: number) => Math.floor((price * quantity) / 10);
const OFFERED = [1, 2, 3, 4, 5, 6, 7, 8, 20, 21, 22, 23];

function generateLine(rng: ReturnType<typeof random>, offers: Offers, id: number): LineSpec & { intended: Intended } {
  const quantity = rng.int(1, 3);
  const price = rng.int(1, 40_000);
  const our = (title: string) => ({ amount: tenPercent(price, quantity), title });
  const base = { id, quantity, price };
  const { bundles, pairings } = offers;
  switch (rng.int(0, 11)) {
    case 0: {
      // The widget's property, with or without our discount.
      const bundle = rng.pick([bundles.laptop, bundles.desk, bundles.duoA, bundles.kitPro]);
      const discounted = rng.chance(0.6);
      return {
        ...base,
        productId: rng.pick(bundle.products),
        properties: [{ name: "_attach_offer", value: `bundle:${bundle.id}` }],
        discounts: discounted ? [our(`Bundle: ${bundle.title} — 10% off`)] : [],
        intended: { type: "bundle", offerId: bundle.id, ourDiscount: discounted ? tenPercent(price, quantity) : 0 },
      };
    }
    case 1: {
      const pairing = rng.pick([pairings.desk, pairings.untitled]);
      const discounted = pairing.heading !== null && rng.chance(0.6);
      return {
        ...base,
        productId: pairing.complement,
        properties: [{ name: "_attach_offer", value: `pairing:${pairing.id}` }],
        discounts: discounted ? [our(`Pairing: ${pairing.heading} — 10% off`)] : [],
        intended: { type: "pairing", offerId: pairing.id, ourDiscount: discounted ? tenPercent(price, quantity) : 0 },
      };
    }
    case 2: {
      // Only our discount names the bundle.
      const bundle = rng.pick([bundles.laptop, bundles.desk, bundles.kit, bundles.kitPro]);
      return {
        ...base,
        productId: rng.pick(bundle.products),
        discounts: [our(`Bundle: ${bundle.title} — 10% off`)],
        intended: { type: "bundle", offerId: bundle.id, ourDiscount: tenPercent(price, quantity) },
      };
    }
    case 3: {
      // A shared title, told apart by the product — or not (a product in neither bundle).
      const product = rng.pick([5, 6, 30]);
      const offerId = product === 5 ? bundles.duoA.id : product === 6 ? bundles.duoB.id : null;
      return {
        ...base,
        productId: product,
        discounts: [our("Bundle: Duo — 10% off")],
        intended: { type: "bundle", offerId, ourDiscount: tenPercent(price, quantity) },
      };
    }
    case 4:
      return {
        ...base,
        productId: pairings.desk.complement,
        discounts: [our("Pairing: Desk setup — 10% off")],
        intended: { type: "pairing", offerId: pairings.desk.id, ourDiscount: tenPercent(price, quantity) },
      };
    case 5:
    case 6: {
      // An offered product bought without the widget; maybe with the merchant's own code.
      const coded = rng.chance(0.4);
      return {
        ...base,
        productId: rng.pick(OFFERED),
        discounts: coded ? [{ amount: tenPercent(price, quantity), title: "SPRING10" }] : [],
        intended: { type: "organic", offerId: null, ourDiscount: 0 },
      };
    }
    case 7:
      // A merchant discount named like ours, but no offer has that title.
      return {
        ...base,
        productId: 31,
        discounts: [{ amount: tenPercent(price, quantity), title: "Bundle: Summer Sale — 20% off" }],
        intended: { type: "none", offerId: null, ourDiscount: 0 },
      };
    case 8:
      // A forged property and a paused bundle's product.
      return {
        ...base,
        productId: rng.pick([9, 32]),
        properties: [{ name: "_attach_offer", value: "bundle:not-one-of-ours" }],
        intended: { type: "none", offerId: null, ourDiscount: 0 },
      };
    default:
      return { ...base, productId: rng.int(30, 39), intended: { type: "none", offerId: null, ourDiscount: 0 } };
  }
}

function generateOrders(seed: number, offers: Offers, count: number): GeneratedOrder[] {
  const rng = random(seed);
  let refundId = 500_000;
  return Array.from({ length: count }, (_, i) => {
    const lines = Array.from({ length: rng.int(1, 5) }, (_, j) => generateLine(rng, offers, (i + 1) * 100 + j));
    const refunds: GeneratedOrder["refunds"] = [];
    if (rng.chance(0.3)) {
      const left = new Map(lines.map((line) => [line.id, line.quantity]));
      for (let r = rng.int(1, 2); r > 0; r--) {
        const refunded = lines
          .filter(() => rng.chance(0.5))
          .flatMap((line) => {
            const quantity = rng.int(0, left.get(line.id)!);
            if (quantity === 0) return [];
            left.set(line.id, left.get(line.id)! - quantity);
            const net = line.price * line.quantity - (line.discounts ?? []).reduce((s, d) => s + d.amount, 0);
            return [{ lineItemId: line.id, quantity, subtotal: Math.floor((net * quantity) / line.quantity) }];
          });
        if (refunded.length > 0) refunds.push({ id: refundId++, lines: refunded });
      }
    }
    const day = rng.int(-3, 25); // some orders fall outside the report's range
    const date = new Date(Date.UTC(2026, 2, 1 + day, rng.int(0, 23), rng.int(0, 59)));
    return {
      id: 10_000 + i,
      customerId: rng.chance(0.25) ? null : rng.int(1, 50),
      processedAt: date.toISOString().replace(/\.\d{3}Z$/, "Z"),
      lines,
      refunds,
      cancelledAt: rng.chance(0.12) ? "2026-03-28T09:00:00Z" : null,
      duplicateCreate: rng.chance(0.3),
      updatedCopy: rng.chance(0.2),
      refundFirst: refunds.length > 0 && rng.chance(0.2),
    };
  });
}

/** Widget events: some sent twice (counted once), some naming an offer the shop does not have (dropped). */
function generateEvents(seed: number, offers: Offers, count: number) {
  const rng = random(seed);
  const offerRefs = [
    ...Object.values(offers.bundles).map((b) => ({ offerType: "bundle" as const, offerId: b.id })),
    ...Object.values(offers.pairings).map((p) => ({ offerType: "pairing" as const, offerId: p.id })),
  ];
  const sent: OfferEventRecord[] = [];
  const retried: OfferEventRecord[] = []; // sent again in a later beacon
  for (let i = 0; i < count; i++) {
    const foreign = rng.chance(0.05);
    const offer = foreign ? { offerType: "bundle" as const, offerId: "not-one-of-ours" } : rng.pick(offerRefs);
    const event: OfferEventRecord = {
      eventKey: `page${i}.1`,
      kind: rng.pick(["impression", "impression", "impression", "click", "add_to_cart"] as const),
      ...offer,
      productId: null,
      occurredAt: new Date(Date.UTC(2026, 2, 1 + rng.int(-20, 25), rng.int(0, 23), rng.int(0, 59))),
    };
    sent.push(event);
    if (rng.chance(0.1)) retried.push({ ...event });
  }
  return { sent, retried };
}

async function ingestAll(orders: GeneratedOrder[]) {
  const send = async (topic: string, webhookId: string, payload: unknown) => {
    const result = await ingestWebhook({ shop, topic, webhookId, payload });
    if (!result.ok) throw new Error(`${topic} ${webhookId} refused: ${JSON.stringify(result.errors)}`);
  };
  const spec = (order: GeneratedOrder) => ({ ...order, cancelledAt: null });
  for (const order of orders) {
    const refunds = () =>
      Promise.all(
        order.refunds.map((refund) =>
          send(
            "refunds/create",
            `refund-${refund.id}`,
            refundPayload({ id: refund.id, orderId: order.id, lines: refund.lines }),
          ),
        ),
      );
    if (order.refundFirst) await refunds(); // before Shopify's orders/create reaches us: retried later
    await send("orders/create", `create-${order.id}`, orderPayload(spec(order)));
    if (order.duplicateCreate) await send("orders/create", `create-${order.id}`, orderPayload(spec(order)));
    if (order.updatedCopy) await send("orders/updated", `update-${order.id}`, orderPayload(spec(order)));
    if (!order.refundFirst) await refunds();
    if (order.cancelledAt) await send("orders/cancelled", `cancel-${order.id}`, orderPayload(order));
  }
  await processPendingDeliveries({ shop });
}

const half = (a: number, b: number) => (b === 0 ? null : Math.floor((2 * a + b) / (2 * b)));

/** Every report figure, recounted from the generated orders alone. */
function expectedReport(
  orders: GeneratedOrder[],
  events: OfferEventRecord[],
  offers: Offers,
  from: string,
  to: string,
) {
  const counted = orders.filter(
    (o) => o.cancelledAt === null && o.processedAt.slice(0, 10) >= from && o.processedAt.slice(0, 10) <= to,
  );
  const refundedOf = (order: GeneratedOrder, lineId: number) =>
    order.refunds
      .flatMap((r) => r.lines)
      .filter((l) => l.lineItemId === lineId)
      .reduce((s, l) => ({ quantity: s.quantity + l.quantity, amount: s.amount + l.subtotal }), {
        quantity: 0,
        amount: 0,
      });
  const subtotalOf = (order: GeneratedOrder) =>
    order.lines.reduce((s, l) => s + l.price * l.quantity - (l.discounts ?? []).reduce((d, a) => d + a.amount, 0), 0);
  const refundsOf = (order: GeneratedOrder) => order.lines.reduce((s, l) => s + refundedOf(order, l.id).amount, 0);
  const keeps = (order: GeneratedOrder, line: GeneratedOrder["lines"][number]) =>
    line.quantity - refundedOf(order, line.id).quantity > 0;
  const credited = (line: GeneratedOrder["lines"][number]) =>
    line.intended.type === "bundle" || line.intended.type === "pairing";
  const attached = counted.filter((o) => o.lines.some((l) => credited(l) && keeps(o, l)));
  // The attach rate: the active offers whose anchor (any bundle product, a pairing's anchor) the order
  // contains, and the offers it takes up.
  const anchorsOf = (order: GeneratedOrder) => {
    const products = new Set(order.lines.map((l) => l.productId));
    return [
      ...Object.values(offers.bundles)
        .filter((b) => b.status === "active" && b.products.some((p) => products.has(p)))
        .map((b) => `bundle:${b.id}`),
      ...Object.values(offers.pairings)
        .filter((p) => products.has(p.anchor))
        .map((p) => `pairing:${p.id}`),
    ];
  };
  const takenUpBy = (order: GeneratedOrder) =>
    new Set(
      order.lines
        .filter((l) => credited(l) && keeps(order, l))
        .map((l) => `${l.intended.type}:${l.intended.offerId ?? ""}`),
    );
  const anchored = counted.filter((o) => anchorsOf(o).length > 0);
  const anchorAttached = anchored.filter((o) => anchorsOf(o).some((key) => takenUpBy(o).has(key)));
  const unitCostOf = (line: GeneratedOrder["lines"][number]): number | null => {
    const bundle = Object.values(offers.bundles).find((b) => b.id === line.intended.offerId);
    return (bundle?.unitCosts as Record<number, number> | undefined)?.[line.productId as number] ?? null;
  };

  const titles = new Map<string, string>([
    ...Object.values(offers.bundles).map((b) => [`bundle:${b.id}`, b.title] as [string, string]),
    ...Object.values(offers.pairings).map(
      (p) => [`pairing:${p.id}`, p.heading ?? "Pairing without a heading"] as [string, string],
    ),
  ]);
  type Row = {
    type: string;
    id: string;
    orders: Set<number>;
    revenue: number;
    discount: number;
    refunded: number;
    impressions: number;
    clicks: number;
    addsToCart: number;
    anchorOrders: number;
    anchorAttachedOrders: number;
    returnedUnits: number;
    cost: number;
    uncostedUnits: number;
  };
  const offerRows = new Map<string, Row>();
  const newRow = (type: string, id: string): Row => ({
    type,
    id,
    orders: new Set<number>(),
    revenue: 0,
    discount: 0,
    refunded: 0,
    impressions: 0,
    clicks: 0,
    addsToCart: 0,
    anchorOrders: 0,
    anchorAttachedOrders: 0,
    returnedUnits: 0,
    cost: 0,
    uncostedUnits: 0,
  });
  let organicRevenue = 0;
  const organicOrders = new Set<number>();
  for (const order of counted) {
    for (const key of anchorsOf(order)) {
      const [type, id] = key.split(":") as [string, string];
      const row = offerRows.get(key) ?? newRow(type, id);
      row.anchorOrders += 1;
      if (takenUpBy(order).has(key)) row.anchorAttachedOrders += 1;
      offerRows.set(key, row);
    }
    for (const line of order.lines) {
      const revenue = line.price * line.quantity - line.intended.ourDiscount;
      const refunded = refundedOf(order, line.id).amount;
      if (line.intended.type === "organic") {
        organicRevenue += revenue - refunded;
        if (keeps(order, line)) organicOrders.add(order.id);
      }
      if (!credited(line)) continue;
      const key = `${line.intended.type}:${line.intended.offerId ?? ""}`;
      const row = offerRows.get(key) ?? newRow(line.intended.type, line.intended.offerId ?? "");
      row.revenue += revenue;
      row.discount += line.intended.ourDiscount;
      row.refunded += refunded;
      if (keeps(order, line)) row.orders.add(order.id);
      const returned = refundedOf(order, line.id).quantity;
      row.returnedUnits += returned;
      const cost = unitCostOf(line);
      if (cost === null) row.uncostedUnits += line.quantity - returned;
      else row.cost += cost * (line.quantity - returned);
      offerRows.set(key, row);
    }
  }
  // Widget events: once per key, the shop's own offers only, on their UTC day.
  const owned = new Set(titles.keys());
  const seen = new Set<string>();
  const funnel = { impressions: 0, clicks: 0, addsToCart: 0 };
  for (const event of events) {
    const key = `${event.offerType}:${event.offerId}`;
    if (seen.has(event.eventKey) || !owned.has(key)) continue;
    seen.add(event.eventKey);
    const day = event.occurredAt.toISOString().slice(0, 10);
    if (day < from || day > to) continue;
    const counter = ({ impression: "impressions", click: "clicks", add_to_cart: "addsToCart" } as const)[event.kind];
    funnel[counter] += 1;
    const row = offerRows.get(key) ?? newRow(event.offerType, event.offerId);
    row[counter] += 1;
    offerRows.set(key, row);
  }

  // Repeat purchases: customers (not guests) of the range with two or more counted orders by its end
  // (earlier ones included), bundle buyers apart.
  const ordersOf = new Map<number, GeneratedOrder[]>();
  for (const order of counted) {
    if (order.customerId !== null) ordersOf.set(order.customerId, [...(ordersOf.get(order.customerId) ?? []), order]);
  }
  const ordersByEnd = (customerId: number) =>
    orders.filter((o) => o.customerId === customerId && o.cancelledAt === null && o.processedAt.slice(0, 10) <= to)
      .length;
  const repeat = { bundle: { customers: 0, repeat: 0 }, other: { customers: 0, repeat: 0 } };
  for (const [customerId, list] of ordersOf) {
    const group = list.some((o) => attached.includes(o)) ? repeat.bundle : repeat.other;
    group.customers += 1;
    if (ordersByEnd(customerId) >= 2) group.repeat += 1;
  }
  const rate = (g: { customers: number; repeat: number }) =>
    g.customers === 0 ? null : { numerator: g.repeat, denominator: g.customers };

  const netSales = counted.reduce((s, o) => s + subtotalOf(o) - refundsOf(o), 0);
  const attachedNet = attached.reduce((s, o) => s + subtotalOf(o) - refundsOf(o), 0);
  const customers =
    new Set(counted.flatMap((o) => (o.customerId === null ? [] : [o.customerId]))).size +
    counted.filter((o) => o.customerId === null).length;
  const offersTable = [...offerRows.values()]
    .map((row) => ({
      type: row.type,
      id: row.id,
      title: row.id === "" ? "Unidentified bundle (several share its title)" : titles.get(`${row.type}:${row.id}`)!,
      orders: row.orders.size,
      anchorOrders: row.anchorOrders,
      anchorAttachedOrders: row.anchorAttachedOrders,
      attachRate:
        row.anchorOrders === 0 ? null : { numerator: row.anchorAttachedOrders, denominator: row.anchorOrders },
      revenueAmount: row.revenue,
      discountAmount: row.discount,
      refundedAmount: row.refunded,
      netRevenueAmount: row.revenue - row.refunded,
      returnedUnits: row.returnedUnits,
      refundRate: row.revenue === 0 ? null : { numerator: row.refunded, denominator: row.revenue },
      costAmount: row.cost,
      uncostedUnits: row.uncostedUnits,
      marginAmount: row.uncostedUnits === 0 && row.cost > 0 ? row.revenue - row.refunded - row.cost : null,
      impressions: row.impressions,
      clicks: row.clicks,
      addsToCart: row.addsToCart,
    }))
    .filter((row) =>
      [
        row.orders,
        row.anchorOrders,
        row.revenueAmount,
        row.discountAmount,
        row.refundedAmount,
        row.impressions,
        row.clicks,
        row.addsToCart,
      ].some((value) => value !== 0),
    );
  const offerRevenue = offersTable.reduce((s, row) => s + row.netRevenueAmount, 0);
  return {
    orders: counted.length,
    attachedOrders: attached.length,
    anchorOrders: anchored.length,
    anchorAttachedOrders: anchorAttached.length,
    attachRate: anchored.length === 0 ? null : { numerator: anchorAttached.length, denominator: anchored.length },
    offerRevenueAmount: offerRevenue,
    discountGivenAmount: counted.reduce((s, o) => s + o.lines.reduce((d, l) => d + l.intended.ourDiscount, 0), 0),
    netSalesAmount: netSales,
    averageOrderValueAmount: half(netSales, counted.length),
    attachedAverageOrderValueAmount: half(attachedNet, attached.length),
    otherAverageOrderValueAmount: half(netSales - attachedNet, counted.length - attached.length),
    customers,
    revenuePerCustomerAmount: half(netSales, customers),
    repeatPurchaseRate: { bundleBuyers: rate(repeat.bundle), otherBuyers: rate(repeat.other) },
    organic: { orders: organicOrders.size, netRevenueAmount: organicRevenue },
    funnel: { ...funnel, orders: attached.length, netRevenueAmount: offerRevenue },
    offers: offersTable,
  };
}

const DAY_MS = 86_400_000;
const shiftDay = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
const daysOf = (from: string, to: string) =>
  Array.from({ length: (Date.parse(to) - Date.parse(from)) / DAY_MS + 1 }, (_, i) => shiftDay(from, i));

/** Rollup rows as stored, without ids and rows left at zero, in a fixed order. */
async function rollupSnapshot() {
  const rows = await db.dailyRollup.findMany({
    where: { shop },
    orderBy: [{ day: "asc" }, { offerType: "asc" }, { offerId: "asc" }],
  });
  return rows
    .map(({ id: _id, ...row }) => row)
    .filter((row) =>
      [
        row.orders,
        row.attachedOrders,
        row.revenueAmount,
        row.discountAmount,
        row.refundedAmount,
        row.impressions,
        row.clicks,
        row.addsToCart,
      ].some((value) => value !== 0),
    );
}

const byOffer = <T extends { type: string; id: string }>(rows: T[]) =>
  [...rows].sort((a, b) => `${a.type}:${a.id}`.localeCompare(`${b.type}:${b.id}`));

describe(`reconciliation of the reports with the orders on ${process.env.ATTACH_TEST_PROVIDER}`, () => {
  let offers: Offers;
  let orders: GeneratedOrder[];
  let events: OfferEventRecord[];

  beforeAll(async () => {
    await resetDatabase();
    await db.shopSettings.create({ data: { shop, currencyCode: "USD" } });
    offers = await createOffers();
    orders = generateOrders(20260301, offers, 120);
    await ingestAll(orders);
    const { sent, retried } = generateEvents(20260302, offers, 300);
    events = [...sent, ...retried];
    for (const beacons of [sent, retried]) {
      for (let i = 0; i < beacons.length; i += 40) await recordOfferEvents(shop, beacons.slice(i, i + 40));
    }
  }, 120_000);
  afterAll(() => db.$disconnect());

  it("processes every delivery: none is left waiting or failed", async () => {
    expect(await db.webhookDelivery.count({ where: { shop, status: { not: "processed" } } })).toBe(0);
    // The generated mix exercises every kind of line and event.
    const kinds = new Set(
      orders.flatMap((o) => o.lines.map((l) => `${l.intended.type}:${l.intended.offerId === null}`)),
    );
    expect(kinds).toEqual(new Set(["bundle:false", "bundle:true", "pairing:false", "organic:true", "none:true"]));
    expect(orders.some((o) => o.refundFirst) && orders.some((o) => o.cancelledAt && o.refunds.length > 0)).toBe(true);
  });

  for (const [from, to, compare] of [
    ["2026-03-01", "2026-03-20", "previous"],
    ["2026-02-01", "2026-03-31", "previous"],
    ["2026-03-07", "2026-03-07", "previous"],
    ["2026-03-05", "2026-03-18", "last_year"],
  ] as const) {
    it(`computes every figure for ${from} to ${to} and the ${compare} period to the cent, from the rollups and from the facts`, async () => {
      const expected = expectedReport(orders, events, offers, from, to);
      const days = daysOf(from, to).length;
      const compared =
        compare === "previous"
          ? { from: shiftDay(from, -days), to: shiftDay(from, -1) }
          : { from: from.replace("2026", "2025"), to: to.replace("2026", "2025") };
      const { offers: _comparedOffers, ...expectedCompared } = expectedReport(
        orders,
        events,
        offers,
        compared.from,
        compared.to,
      );
      const dailyOf = (start: string, end: string) =>
        daysOf(start, end).map((day) => {
          const one = expectedReport(orders, events, offers, day, day);
          return {
            day,
            orders: one.orders,
            attachedOrders: one.attachedOrders,
            anchorOrders: one.anchorOrders,
            anchorAttachedOrders: one.anchorAttachedOrders,
            offerRevenueAmount: one.offerRevenueAmount,
            netSalesAmount: one.netSalesAmount,
          };
        });
      const reports = [
        await uptakeReport(shop, { from, to }, compare),
        await recountReport(shop, { from, to }, compare),
      ];
      for (const report of reports) {
        const { offers: table, currency, timeZone, range, daily, comparison, ...figures } = report;
        const { offers: expectedTable, ...expectedFigures } = expected;
        expect(currency).toBe("USD");
        expect(timeZone).toBe("UTC");
        expect(range).toEqual({ from, to });
        expect(figures).toEqual(expectedFigures);
        expect(byOffer(table)).toEqual(byOffer(expectedTable));
        expect(daily).toEqual(dailyOf(from, to));
        expect(comparison).toEqual({
          kind: compare,
          range: compared,
          figures: expectedCompared,
          daily: dailyOf(compared.from, compared.to),
        });
      }
      // The generated data reaches every new figure.
      expect(expected.funnel.impressions).toBeGreaterThan(0);
      if (days > 1) {
        expect(expected.anchorAttachedOrders).toBeGreaterThan(0);
        expect(expected.anchorOrders).toBeGreaterThan(expected.anchorAttachedOrders);
        const desk = expected.offers.find((row) => row.id === offers.bundles.desk.id)!;
        expect(desk.marginAmount).not.toBeNull();
        expect(expected.offers.find((row) => row.id === offers.bundles.laptop.id)!.marginAmount).toBeNull();
        expect(expected.offers.some((row) => row.returnedUnits > 0)).toBe(true);
      }
    });
  }

  it("has customers who bought again, with and without a bundle, and widget events in every period", () => {
    const march = expectedReport(orders, events, offers, "2026-02-01", "2026-03-31");
    expect(march.repeatPurchaseRate.bundleBuyers?.numerator).toBeGreaterThan(0);
    expect(march.repeatPurchaseRate.otherBuyers?.denominator).toBeGreaterThan(0);
    expect(march.funnel.clicks * march.funnel.addsToCart).toBeGreaterThan(0);
  });

  it("rebuilds the rollups from the facts and events exactly as ingestion left them, one rebuild at a time", async () => {
    const before = await rollupSnapshot();
    expect(before.length).toBeGreaterThan(20);
    const customersBefore = await customerRollupRows(shop);
    expect(customersBefore.length).toBeGreaterThan(20);
    const totalsBefore = await offerTotalRows(shop);
    expect(totalsBefore.rows.length).toBeGreaterThan(20);
    // Spoil them: the rebuild must not start from what is there.
    await db.dailyRollup.updateMany({ where: { shop }, data: { orders: { increment: 7 }, clicks: 3 } });
    await db.dailyRollup.create({
      data: { shop, day: "2026-01-01", offerType: "bundle", offerId: "stale", currencyCode: "USD", orders: 1 },
    });
    await db.customerRollup.updateMany({ where: { shop }, data: { orders: { increment: 2 } } });
    await db.offerWeekTotal.updateMany({ where: { shop }, data: { revenueAmount: { increment: 5 } } });

    const nested = await withShopJobLock(shop, ROLLUP_REBUILD_JOB, 60_000, () => rebuildRollups(shop));
    expect(nested).toMatchObject({ acquired: true, value: { acquired: false } });

    const run = await rebuildRollups(shop);
    expect(run).toMatchObject({ acquired: true, value: { orders: orders.length } });
    expect(await rollupSnapshot()).toEqual(before);
    expect(await customerRollupRows(shop)).toEqual(customersBefore);
    expect(await offerTotalRows(shop)).toEqual(totalsBefore);
    const range = { from: "2026-02-01", to: "2026-03-31" };
    expect(await uptakeReport(shop, range)).toEqual(await recountReport(shop, range));
    expect(await db.shopJobLock.count({ where: { shop } })).toBe(0);
  }, 60_000);
});
