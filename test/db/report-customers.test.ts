// The report's customer figures, from the customer rollups ingestion keeps: orders go through the app's
// ingestion (orders, refunds, cancellations), and the figures of two periods are checked against counts
// worked out here by hand, and against the recount.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import db from "../../app/db.server";
import { customerSumsPlan, sumCustomerRollups, type CustomerRollupKind } from "../../app/domain/customer-rollups";
import { customerFigures, type ReportRange } from "../../app/domain/report";
import { ingestWebhook } from "../../app/services/order-ingestion.server";
import { redactCustomer } from "../../app/services/privacy.server";
import { rebuildRollups } from "../../app/services/rollup-rebuild.server";
import { customersIn, recountReport, uptakeReport } from "../../app/services/reports.server";
import { shopData } from "../../app/services/shop-scope.server";
import { orderPayload, refundPayload, type LineSpec } from "../support/order-webhooks";
import { createBundle, customerRollupRows } from "./support/ingestion";
import { resetDatabase } from "./support/reset";

const shop = "customers.myshopify.com";
const otherShop = "customers-elsewhere.myshopify.com";
const march: ReportRange = { from: "2026-03-01", to: "2026-03-31" };
const february: ReportRange = { from: "2026-01-29", to: "2026-02-28" }; // march's "previous" period

async function send(target: string, topic: string, webhookId: string, payload: unknown) {
  const result = await ingestWebhook({ shop: target, topic, webhookId, payload });
  if (!result.ok) throw new Error(`${topic} ${webhookId} refused: ${JSON.stringify(result.errors)}`);
}

let nextLine = 1;
let bundleId = "";

/** One order: `attached` gives it a line of the shop's bundle (quantity 2), otherwise one plain line. */
async function order(
  target: string,
  id: number,
  customerId: number | null,
  processedAt: string,
  options: { attached?: boolean; cancelled?: boolean; refundBundleUnits?: number } = {},
) {
  const line: LineSpec = options.attached
    ? {
        id: nextLine++,
        productId: 1,
        quantity: 2,
        price: 5000,
        properties: [{ name: "_attach_offer", value: `bundle:${bundleId}` }],
        discounts: [{ amount: 1000, title: "Bundle: Kit — 10% off" }],
      }
    : { id: nextLine++, productId: 9, quantity: 1, price: 3000 };
  const spec = { id, customerId, processedAt, lines: [line] };
  await send(target, "orders/create", `create-${id}`, orderPayload(spec));
  if (options.refundBundleUnits) {
    const units = options.refundBundleUnits;
    await send(
      target,
      "refunds/create",
      `refund-${id}`,
      refundPayload({ id, orderId: id, lines: [{ lineItemId: line.id, quantity: units, subtotal: units * 4500 }] }),
    );
  }
  if (options.cancelled) {
    await send(target, "orders/cancelled", `cancel-${id}`, orderPayload({ ...spec, cancelledAt: processedAt }));
  }
}

describe(`report customer figures on ${process.env.ATTACH_TEST_PROVIDER}`, () => {
  beforeAll(async () => {
    await resetDatabase();
    await db.shopSettings.create({ data: { shop, currencyCode: "USD" } });
    bundleId = (await createBundle(shop, { title: "Kit", products: [1] })).id;
    // March.
    await order(shop, 1, 1, "2026-03-01T00:00:00Z", { attached: true }); // first instant of the range
    await order(shop, 2, 1, "2026-03-20T10:00:00Z");
    await order(shop, 3, 2, "2026-03-05T10:00:00Z", { attached: true });
    await order(shop, 4, 3, "2026-03-06T10:00:00Z");
    await order(shop, 5, 3, "2026-03-31T23:59:59Z"); // last instant of the range
    await order(shop, 6, 4, "2026-03-07T10:00:00Z");
    await order(shop, 7, 4, "2026-03-08T10:00:00Z", { attached: true, cancelled: true });
    await order(shop, 8, 5, "2026-03-09T10:00:00Z", { attached: true, refundBundleUnits: 2 }); // refunded out
    await order(shop, 9, 6, "2026-03-10T10:00:00Z", { attached: true, refundBundleUnits: 1 }); // one unit kept
    await order(shop, 10, null, "2026-03-11T10:00:00Z", { attached: true });
    await order(shop, 11, null, "2026-03-12T10:00:00Z");
    await order(shop, 12, null, "2026-03-13T10:00:00Z", { cancelled: true });
    await order(shop, 13, 7, "2026-03-14T10:00:00Z", { attached: true, cancelled: true });
    await order(shop, 14, 3, "2026-04-01T00:00:00Z", { attached: true }); // after the range
    await order(shop, 15, 9, "2026-03-15T10:00:00Z"); // their first order was in January (order 25)
    await order(shop, 16, 11, "2026-01-05T10:00:00Z");
    await order(shop, 17, 11, "2026-03-16T10:00:00Z", { attached: true });
    // February, march's comparison period.
    await order(shop, 20, 1, "2026-02-28T23:59:59Z", { attached: true });
    await order(shop, 21, 3, "2026-02-10T10:00:00Z");
    await order(shop, 22, 8, "2026-02-11T10:00:00Z", { attached: true });
    await order(shop, 23, 8, "2026-02-12T10:00:00Z", { attached: true });
    await order(shop, 24, null, "2026-02-13T10:00:00Z");
    await order(shop, 25, 9, "2026-01-28T23:59:59Z", { attached: true }); // before the period
    // Another shop, with the same customer ids: none of it counts.
    bundleId = (await createBundle(otherShop, { title: "Kit", products: [1] })).id;
    await order(otherShop, 30, 2, "2026-03-15T10:00:00Z", { attached: true });
    await order(otherShop, 31, 3, "2026-03-16T10:00:00Z", { attached: true });
    await order(otherShop, 32, 10, "2026-03-17T10:00:00Z", { attached: true });
    await order(otherShop, 33, null, "2026-02-17T10:00:00Z");
  });
  afterAll(async () => {
    await resetDatabase();
    await db.$disconnect();
  });

  it("keeps each order's attached flag with its lines, refunds and cancellation", async () => {
    const rows = await db.orderFact.findMany({
      where: { shop, orderId: { in: [1, 7, 8, 9, 10].map((n) => `gid://shopify/Order/${n}`) } },
      select: { orderId: true, attached: true, cancelledAt: true },
      orderBy: { processedAt: "asc" },
    });
    expect(rows.map((row) => [row.orderId.split("/").pop(), row.attached, row.cancelledAt !== null])).toEqual([
      ["1", true, false],
      ["7", true, true], // cancelled: still attached, but not counted
      ["8", false, false], // the bundle line fully refunded
      ["9", true, false], // one of its two units kept
      ["10", true, false],
    ]);
  });

  it("counts customers, guests, bundle buyers and repeat customers of each period", async () => {
    const [current, previous] = await customersIn(shopData(shop), [march, february]);
    // March: bundle buyers 1 (3 orders by the end: repeat), 2 (one order), 6 (one unit kept; one order),
    // 11 (ordered in January: repeat); others 3 (repeat), 4 (its attached order cancelled), 5 (its bundle
    // refunded out), 9 (ordered in January: repeat); guests 10 and 11 (12 cancelled); 7 only cancelled.
    expect(current).toEqual({
      customers: 10,
      bundleBuyers: { customers: 4, repeatCustomers: 2 },
      otherBuyers: { customers: 4, repeatCustomers: 2 },
    });
    // 29 January – 28 February: bundle buyers 1 (its March orders come after the end: one order) and 8
    // (two orders); other 3 (one order); guest 24. Orders 16 and 25 are before the period.
    expect(previous).toEqual({
      customers: 4,
      bundleBuyers: { customers: 2, repeatCustomers: 1 },
      otherBuyers: { customers: 1, repeatCustomers: 0 },
    });
  });

  it("counts nothing in a period without orders, nor for a shop without orders", async () => {
    const none = { customers: 0, bundleBuyers: { customers: 0, repeatCustomers: 0 } };
    const empty = { ...none, otherBuyers: { customers: 0, repeatCustomers: 0 } };
    expect(await customersIn(shopData(shop), [{ from: "2025-03-01", to: "2025-03-31" }])).toEqual([empty]);
    expect(await customersIn(shopData("nobody.myshopify.com"), [march, february])).toEqual([empty, empty]);
  });

  it("gives the report the same customer figures as the recount from the facts", async () => {
    const [report, recount] = await Promise.all([uptakeReport(shop, march), recountReport(shop, march)]);
    const customersOf = (r: typeof report) => ({
      customers: r.customers,
      revenuePerCustomer: r.revenuePerCustomerAmount,
      repeat: r.repeatPurchaseRate,
      comparison: [r.comparison.figures.customers, r.comparison.figures.repeatPurchaseRate],
    });
    expect(customersOf(report)).toEqual(customersOf(recount));
    expect(report.customers).toBe(10);
    expect(report.repeatPurchaseRate.bundleBuyers).toEqual({ numerator: 2, denominator: 4 });
    expect(report.comparison.figures.customers).toBe(4);
  });

  it("sums every range as the rows say, whichever order of the rows each sum is read in", async () => {
    // Ranges before, across, inside and after the shop's days (5 January – 1 April): long ones read by
    // kind, short ones by day, some one way for previous days and the other for next days.
    const days = [
      "2025-12-20",
      "2026-01-05",
      "2026-01-28",
      "2026-02-12",
      "2026-03-01",
      "2026-03-20",
      "2026-04-01",
      "2026-05-01",
    ];
    const ranges = days.flatMap((from) => days.filter((to) => to >= from).map((to) => ({ from, to })));
    const rows = (await customerRollupRows(shop)).map((row) => ({ ...row, kind: row.kind as CustomerRollupKind }));
    const plans = new Set<string>();
    for (const range of ranges) {
      const plan = customerSumsPlan(range.from, range.to, { first: "2026-01-05", last: "2026-04-01" });
      plans.add(`${plan.byPrevious}/${plan.byNext}`);
      expect(await customersIn(shopData(shop), [range]), JSON.stringify(range)).toEqual([
        customerFigures(sumCustomerRollups(rows, range.from, range.to)),
      ]);
    }
    expect(plans).toEqual(new Set(["true/true", "true/false", "false/true", "false/false"]));
  });

  it("counts a redacted customer's orders as guest checkouts, as a rebuild would", async () => {
    // Customer 1: two March orders (a repeat bundle buyer) and one in February.
    await redactCustomer(shop, "gid://shopify/Customer/1", []);
    const report = await uptakeReport(shop, march);
    const customersOf = (r: typeof report) => [r.customers, r.repeatPurchaseRate, r.comparison.figures.customers];
    expect(customersOf(report)).toEqual(customersOf(await recountReport(shop, march)));
    // One customer less, two guest checkouts more; bundle buyers 2, 6 and 11 left, 11 repeat.
    expect(report.customers).toBe(11);
    expect(report.repeatPurchaseRate.bundleBuyers).toEqual({ numerator: 1, denominator: 3 });
    const rows = await customerRollupRows(shop);
    expect(await rebuildRollups(shop)).toMatchObject({ acquired: true });
    expect(await customerRollupRows(shop)).toEqual(rows);
  });
});
