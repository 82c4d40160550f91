// The whole loop in local mode, as a merchant and a shopper would click it: the merchant creates a bundle
// in the admin, the shopper sees it on the product page, adds the set, checks out with the bundle discount
// (priced by the real discount Function), and the order, delivered to the app by webhook, counts in the
// merchant's uptake report.
import type { Browser, FrameLocator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, newLocalPage, screenshot } from "./support/browser";

const TITLE = "Espresso Starter Set";
const MACHINE = "Brewline Compact Espresso Machine";
const GRINDER = "Brewline Conical Burr Grinder";
// $349.00 + $199.00 at 10% off: the saving the widget promises and checkout must give.
const SAVING = "$54.80";

interface CartJs {
  items: Array<{ product_title: string; properties: Record<string, string>; total_discount: number }>;
  total_discount: number;
}

describe("the whole loop in local mode", () => {
  let browser: Browser;
  let admin: Page;
  let shopper: Page;
  let app: FrameLocator;
  let bundleId: string;
  let orderName: string;
  let promisedMargin: string | null;

  beforeAll(async () => {
    browser = await launchBrowser();
    admin = await newLocalPage(browser);
    shopper = await newLocalPage(browser);
    app = admin.frameLocator("iframe[name=app-iframe]");
  });
  afterAll(() => browser?.close());

  const chrome = () => admin.locator("#local-admin-chrome");

  it("1. the merchant creates a bundle in the admin, and it goes live on the storefront", async () => {
    await admin.goto(`${inject("appUrl")}/app/bundles/new`);
    await app.getByLabel("Title").fill(TITLE);
    await app.getByRole("button", { name: "Add products" }).click();
    const picker = app.getByRole("dialog", { name: "Select products" });
    for (const product of [MACHINE, GRINDER]) {
      await picker.getByLabel("Search products").fill(product);
      await picker.getByLabel(product, { exact: true }).check();
    }
    await picker.getByRole("button", { name: "Select" }).click();
    await app.getByLabel("Percentage off").fill("10");
    await app.getByText("Bundle price").waitFor();
    // The margin the editor promises for one set, when Shopify knows every part's cost: the report must agree.
    const marginLabel = app.locator("span", { hasText: /^Margin( \(products with a known cost\))?$/ });
    const marginValue = (await marginLabel.locator("xpath=following-sibling::*[1]").textContent())!;
    promisedMargin = (await marginLabel.textContent()) === "Margin" ? marginValue.split(" ")[0]! : null;
    await chrome().locator(".local-savebar button", { hasText: "Save" }).click();
    await admin.locator("#local-toasts div", { hasText: "Bundle saved" }).waitFor();
    await expect.poll(() => admin.url()).toMatch(/\/app\/bundles\/c[a-z0-9]+$/);
    bundleId = admin.url().split("/").pop()!;
    await screenshot(admin, "loop-1-bundle-created");

    await chrome().locator("nav a", { hasText: "Bundles" }).click();
    await expect.poll(() => app.locator("tr", { hasText: TITLE }).textContent()).toContain("Live on storefront");
  });

  it("2. the shopper sees the bundle on the product page and adds the set", async () => {
    await shopper.goto(`${inject("storefrontUrl")}/products/brewline-compact-espresso-machine`);
    const offer = shopper.locator(`[data-offer="bundle:${bundleId}"]`);
    await offer.waitFor();
    expect(await offer.textContent()).toContain(GRINDER);
    expect(await offer.locator("[data-saving]").textContent()).toContain(SAVING);
    await screenshot(shopper, "loop-2-widget");

    await offer.getByRole("button", { name: "Add selected to cart" }).click();
    await expect.poll(() => offer.locator("[data-status]").textContent()).toBe("Added to your cart.");
    const cart = (await (await shopper.request.get(`${inject("storefrontUrl")}/cart.js`)).json()) as CartJs;
    expect(cart.items.map((i) => [i.product_title, i.properties._attach_offer])).toEqual(
      expect.arrayContaining([
        [MACHINE, `bundle:${bundleId}`],
        [GRINDER, `bundle:${bundleId}`],
      ]),
    );
  });

  it("3. checkout gives exactly the promised saving, named after the bundle, and places the order", async () => {
    await shopper.goto(`${inject("storefrontUrl")}/cart`);
    const main = shopper.locator("main");
    await expect.poll(() => main.textContent()).toContain(`Bundle: ${TITLE}`);
    expect(await main.textContent()).toContain(SAVING);
    const cart = (await (await shopper.request.get(`${inject("storefrontUrl")}/cart.js`)).json()) as CartJs;
    expect(cart.total_discount).toBe(5480);
    await screenshot(shopper, "loop-3-cart");

    await shopper.getByRole("button", { name: /check out/i }).click();
    orderName = (await shopper.locator(".order-name").textContent())!;
    expect(orderName).toMatch(/^#\d+$/);
    await screenshot(shopper, "loop-3-order");
  });

  it("4. the order counts in the merchant's uptake report, which exports as CSV", async () => {
    await chrome().locator("nav a", { hasText: "Reports" }).click();
    await expect.poll(() => chrome().locator(".local-title h1").textContent()).toBe("Reports");
    await app.getByText("Attach rate").first().waitFor();
    const row = app.locator("tr", { hasText: TITLE });
    // The webhook is processed just after Shopify gets its answer: the report may need a reload to show it.
    await expect
      .poll(
        async () => {
          if ((await row.count()) === 0) await admin.reload();
          return row.count();
        },
        { timeout: 20_000 },
      )
      .toBe(1);
    const cells = await row.locator("td, th").allTextContents();
    // Offer, type, orders, net revenue, discount given, refunded, attach rate (of the orders holding one of
    // the bundle's products: the imported order history may hold some too).
    expect(cells.slice(2, 6)).toEqual(["1", "$493.20", "$54.80", "$0.00"]);
    expect(cells[6]).toMatch(/^\d+\.\d% \([1-9]\d* of \d+\)$/);
    await screenshot(admin, "loop-4-report");

    // Profitability: net revenue, refunded, refund rate, units returned, cost of goods, margin after discount.
    await app.getByRole("tab", { name: "Profitability" }).click();
    const profit = await app.locator("tr", { hasText: TITLE }).locator("td, th").allTextContents();
    expect(profit.slice(2, 6)).toEqual(["$493.20", "$0.00", "0.0%", "0"]);
    expect(profit[7]).toBe(promisedMargin ?? "—");
    await screenshot(admin, "loop-4-profitability");
    await app.getByRole("tab", { name: "Revenue and refunds" }).click();

    // Sorting asks the server for the table in that order (it sorts every offer and sends one page):
    // the page comes back sorted by the offer's title, as the query says.
    const frame = () => admin.frames().find((f) => f.name() === "app-iframe")!;
    await app.locator("button.Polaris-DataTable__Heading", { hasText: /^sort \w+ byOffer$/ }).click();
    await expect.poll(() => new URL(frame().url()).searchParams.get("sort")).toBe("0");
    const order = new URL(frame().url()).searchParams.get("order");
    expect(["ascending", "descending"]).toContain(order);
    await expect.poll(() => app.locator("[role=tabpanel] thead th").first().getAttribute("aria-sort")).toBe(order);
    await expect.poll(() => app.locator("[role=tabpanel] tr", { hasText: TITLE }).count()).toBe(1);

    const download = admin.waitForEvent("download");
    await app.getByRole("button", { name: "Export CSV" }).click();
    const csv = await (
      await download
    )
      .path()
      .then((file) => import("node:fs").then((fs) => fs.readFileSync(file!, "utf8")));
    expect(csv).toContain(TITLE);
    expect(csv.split("\n")[0]).toMatch(/Offer/);
  });

  it("5. the merchant refunds the order in Shopify admin, and the report subtracts it", async () => {
    await admin.locator("#local-admin-header a", { hasText: "Orders" }).click();
    const order = admin.locator("tr", { has: admin.locator("th", { hasText: orderName }) });
    await order.getByRole("button", { name: `Refund all items ${orderName}` }).click();
    await admin
      .getByRole("status")
      .filter({ hasText: `Order ${orderName} refunded` })
      .waitFor();
    expect(await order.locator(".status").textContent()).toBe("Refunded");
    await screenshot(admin, "loop-5-refunded");

    await admin.goto(`${inject("appUrl")}/app/reports`);
    const row = app.locator("tr", { hasText: TITLE });
    // Offer, type, orders, net revenue, discount given, refunded: the refund webhook is processed after its answer.
    await expect
      .poll(
        async () => {
          await admin.reload();
          await row.waitFor();
          return (await row.locator("td, th").allTextContents()).slice(2, 6);
        },
        { timeout: 20_000 },
      )
      .toEqual(["0", "$0.00", "$54.80", "$493.20"]);
  });
});
