import { afterAll, beforeEach, describe, expect, it } from "vitest";
import db from "../../app/db.server";
import { loader as csvLoader } from "../../app/routes/app.reports.csv";
import { loader as reportsLoader } from "../../app/routes/app.reports";
import { ingestWebhook } from "../../app/services/order-ingestion.server";
import { signSessionToken } from "../../local/session-token";
import { orderPayload } from "../support/order-webhooks";
import { createBundle } from "./support/ingestion";
import { resetDatabase } from "./support/reset";

const shop = "reports.myshopify.com";
const otherShop = "elsewhere.myshopify.com";

/** A request from the embedded admin: App Bridge's fetch adds a session token, signed with the app's secret. */
function adminRequest(path: string, forShop = shop) {
  const token = signSessionToken({
    shop: forShop,
    apiKey: process.env.SHOPIFY_API_KEY!,
    apiSecret: process.env.SHOPIFY_API_SECRET!,
  });
  return new Request(`https://attach.test${path}`, { headers: { Authorization: `Bearer ${token}` } });
}

async function call<T>(loader: (args: never) => Promise<T>, request: Request): Promise<T | Response> {
  try {
    return await loader({ request, params: {}, context: {} } as never);
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

/** The body of a CSV response, after checking it starts with a UTF-8 byte order mark. */
async function csvText(response: Response) {
  const bytes = new Uint8Array(await response.arrayBuffer());
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return new TextDecoder().decode(bytes);
}

async function seed(target: string, title: string, orderId: number) {
  // The offline session the app stores at installation: with it, no token exchange with Shopify is needed.
  await db.session.create({
    data: { id: `offline_${target}`, shop: target, state: "", isOnline: false, accessToken: "shpat_test" },
  });
  await db.shopSettings.create({ data: { shop: target, currencyCode: "EUR" } });
  const bundle = await createBundle(target, { title, products: [1, 2], unitCosts: { 1: 5000, 2: 1000 } });
  const line = (id: number, productId: number, price: number, discount: number) => ({
    id,
    productId,
    quantity: 1,
    price,
    properties: [{ name: "_attach_offer", value: `bundle:${bundle.id}` }],
    discounts: [{ amount: discount, title: `Bundle: ${title} — 10% off` }],
  });
  await ingestWebhook({
    shop: target,
    topic: "orders/create",
    webhookId: `order-${orderId}`,
    payload: orderPayload({
      id: orderId,
      customerId: 3,
      currency: "EUR",
      processedAt: "2026-03-10T12:00:00Z",
      lines: [line(orderId * 10 + 1, 1, 12000, 1200), line(orderId * 10 + 2, 2, 3000, 300)],
    }),
  });
  await ingestWebhook({
    shop: target,
    topic: "orders/create",
    webhookId: `order-${orderId + 1}`,
    payload: orderPayload({
      id: orderId + 1,
      currency: "EUR",
      processedAt: "2026-03-11T12:00:00Z",
      lines: [{ id: orderId * 10 + 5, productId: 9, quantity: 1, price: 1500 }],
    }),
  });
  return bundle;
}

describe(`report routes on ${process.env.ATTACH_TEST_PROVIDER}`, () => {
  beforeEach(resetDatabase);
  afterAll(() => db.$disconnect());

  it("show the shop's figures for the range, in its currency, and nothing of another shop", async () => {
    const bundle = await seed(shop, "Laptop Essentials", 100);
    await seed(otherShop, "Other shop's kit", 200);
    const data = await call(reportsLoader, adminRequest("/app/reports?from=2026-03-01&to=2026-03-31"));
    if (data instanceof Response) throw new Error(`status ${data.status}`);
    expect(data.range).toEqual({ from: "2026-03-01", to: "2026-03-31" });
    expect(data.errors).toEqual([]);
    expect(Object.fromEntries(data.cards.map((card) => [card.label, card.value]))).toEqual({
      Orders: "2",
      // The other order holds none of the bundle's products: outside the attach rate's denominator.
      "Attach rate": "100.0%",
      "Bundle and pairing orders": "1",
      "Bundle and pairing revenue": "€135.00",
      "Discount given": "€15.00",
      "Net sales": "€150.00",
      "Average order value": "€75.00",
      "Revenue per customer": "€75.00",
      "Repeat purchase rate": "0.0%",
      "Organic co-purchases": "€0.00",
    });
    // Nothing in the 31 days before: no change to show, but said against what.
    expect(data.comparison).toEqual({ range: { from: "2026-01-29", to: "2026-02-28" }, label: "previous 31 days" });
    expect(data.cards[0]!.change).toBe("— vs previous 31 days");
    expect(data.chart.days).toHaveLength(31);
    expect(data.chart.days.find((day) => day.day === "2026-03-10")).toEqual({
      day: "2026-03-10",
      offerRevenueAmount: 13500,
      otherRevenueAmount: 0,
      attachRate: 100,
    });
    const [revenue, profitability, funnel] = data.tables;
    expect(revenue!.rows.map((row) => [row.key, ...row.cells])).toEqual([
      [`bundle:${bundle.id}`, "Laptop Essentials", "Bundle", "1", "€135.00", "€15.00", "€0.00", "100.0% (1 of 1)"],
    ]);
    // €135.00 sold, nothing refunded, €50.00 + €10.00 of goods: a €75.00 margin after discount.
    expect(profitability!.rows.map((row) => row.cells.slice(2))).toEqual([
      ["€135.00", "€0.00", "0.0%", "0", "€60.00", "€75.00"],
    ]);
    expect(funnel!.columns.map((c) => c.label)).toContain("Add-to-cart rate");
    expect(data.tables.flatMap((t) => t.columns).every((c) => c.help.length > 20)).toBe(true);
    expect(data.cards.every((card) => card.help.length > 20)).toBe(true);
  });

  it("fall back to the last 30 days and say why when the range is wrong", async () => {
    await seed(shop, "Laptop Essentials", 100);
    const data = await call(reportsLoader, adminRequest("/app/reports?from=2026-03-31&to=2026-03-01"));
    if (data instanceof Response) throw new Error(`status ${data.status}`);
    expect(data.errors).toEqual([{ field: "to", message: "The end date must be on or after the start date" }]);
  });

  it("compare with the same period last year when asked, and show the change", async () => {
    await seed(shop, "Laptop Essentials", 100);
    const data = await call(
      reportsLoader,
      adminRequest("/app/reports?from=2027-03-01&to=2027-03-31&compare=last_year"),
    );
    if (data instanceof Response) throw new Error(`status ${data.status}`);
    expect(data.compare).toBe("last_year");
    expect(data.comparison.range).toEqual({ from: "2026-03-01", to: "2026-03-31" });
    const orders = data.cards.find((card) => card.label === "Orders")!;
    expect([orders.value, orders.change]).toEqual(["0", "\u2212100% vs same period last year"]);
    const attach = data.cards.find((card) => card.label === "Attach rate")!;
    expect(attach.change).toBe("— vs same period last year"); // no orders this year: no rate to compare
    const unknown = await call(reportsLoader, adminRequest("/app/reports?compare=decade"));
    if (unknown instanceof Response) throw new Error(`status ${unknown.status}`);
    expect(unknown.errors.map((error) => error.field)).toEqual(["compare"]);
  });

  it("export the per-offer table as a CSV download", async () => {
    const bundle = await seed(shop, '=Laptop, "Essentials"', 100);
    const response = await call(csvLoader, adminRequest("/app/reports/csv?from=2026-03-01&to=2026-03-31"));
    if (!(response instanceof Response)) throw new Error("expected a Response");
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toBe(
      'attachment; filename="attach-offers-2026-03-01-to-2026-03-31.csv"',
    );
    expect(await csvText(response)).toBe(
      "Type,Offer,Offer ID,Orders,Orders with its anchor,Anchor orders taking it up,Attach rate,Revenue,Discount given,Refunded,Net revenue,Refund rate,Units returned,Cost of goods,Units without a known cost,Margin after discount,Impressions,Clicks,Adds to cart,Click rate,Add-to-cart rate,Order rate,Currency\r\n" +
        `bundle,"'=Laptop, ""Essentials""",${bundle.id},1,1,1,100.0%,135.00,15.00,0.00,135.00,0.0%,0,60.00,0,75.00,0,0,0,,,,EUR\r\n`,
    );
  });

  it("export the summary with every figure and how it is computed", async () => {
    await seed(shop, "Laptop Essentials", 100);
    const response = await call(
      csvLoader,
      adminRequest("/app/reports/csv?table=summary&from=2026-03-01&to=2026-03-31"),
    );
    if (!(response instanceof Response)) throw new Error("expected a Response");
    const lines = (await csvText(response)).split("\r\n");
    expect(lines[0]).toBe('Figure,Value,"Value, previous 31 days",Change,Currency,How it is computed');
    expect(lines).toContain(
      'Orders,2,0,,,"Orders placed in the range, not counting cancelled orders. Days are calendar days in your shop\'s time zone (Settings › General in Shopify)."',
    );
    expect(lines.find((line) => line.startsWith("Average order value,"))).toMatch(/^Average order value,75\.00,,,EUR,/);
  });

  it("export the daily figures, one row per day", async () => {
    await seed(shop, "Laptop Essentials", 100);
    const response = await call(
      csvLoader,
      adminRequest("/app/reports/csv?table=daily&from=2026-03-10&to=2026-03-12&compare=last_year"),
    );
    if (!(response instanceof Response)) throw new Error("expected a Response");
    expect((await csvText(response)).split("\r\n")).toEqual([
      "Day,Orders,Bundle and pairing orders,Orders with an anchor product,Anchor orders taking their offer up,Attach rate,Bundle and pairing revenue,Other revenue,Net sales,Currency",
      "2026-03-10,1,1,1,1,100.0%,135.00,0.00,135.00,EUR",
      // The day's order holds none of the bundle's products: no attach rate to give.
      "2026-03-11,1,0,0,0,,0.00,15.00,15.00,EUR",
      "2026-03-12,0,0,0,0,,0.00,0.00,0.00,EUR",
      "",
    ]);
  });

  it("refuse an export for an impossible range or an unknown table, and a request without a session token", async () => {
    await seed(shop, "Laptop Essentials", 100);
    const badRange = await call(csvLoader, adminRequest("/app/reports/csv?from=2026-13-01&to=2026-03-31"));
    expect(badRange instanceof Response && badRange.status).toBe(400);
    for (const table of ["customers", "toString"]) {
      const badTable = await call(csvLoader, adminRequest(`/app/reports/csv?table=${table}`));
      expect(badTable instanceof Response && badTable.status).toBe(400);
    }
    const badComparison = await call(csvLoader, adminRequest("/app/reports/csv?compare=decade"));
    if (!(badComparison instanceof Response)) throw new Error("expected a Response");
    expect([badComparison.status, await badComparison.text()]).toEqual([
      400,
      "compare: Compare with the previous period or the same period last year",
    ]);
    const anonymous = await call(
      csvLoader,
      new Request("https://attach.test/app/reports/csv", { headers: { Authorization: "Bearer forged" } }),
    );
    expect(anonymous instanceof Response && anonymous.status).toBe(401);
  });
});
