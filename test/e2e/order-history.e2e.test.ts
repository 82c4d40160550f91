// The order history import in local mode: opening the app for the first time (its install) imports the
// demo shop's 12 months of seeded orders through a real bulk operation on the emulator, with a progress
// card on Home; the reports then show that history. Cancelling an order in the emulated Shopify admin
// reaches the app by webhook and takes it out of the figures.
import type { Browser, FrameLocator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, newLocalPage, screenshot } from "./support/browser";

describe("the order history import in local mode", () => {
  let browser: Browser;
  let admin: Page;
  let app: FrameLocator;

  beforeAll(async () => {
    browser = await launchBrowser();
    admin = await newLocalPage(browser);
    app = admin.frameLocator("iframe[name=app-iframe]");
    // Pages load while the import writes thousands of orders: allow them more time than usual.
    admin.setDefaultTimeout(60_000);
    admin.setDefaultNavigationTimeout(60_000);
  });
  afterAll(() => browser?.close());

  // The "Orders" figure on Reports: the value under its heading.
  const ordersFigure = async () => {
    const value = app
      .getByRole("heading", { name: "Orders", exact: true })
      .locator("xpath=ancestor::div[contains(@class,'Polaris-BlockStack')][1]//p[1]");
    return Number((await value.textContent())?.replace(/\D/g, ""));
  };

  it("imports the seeded orders on first open, with its progress on Home", async () => {
    await admin.goto(`${inject("appUrl")}/app`);
    // The card's status line: "Shopify is gathering…", "Importing orders: n of m", then "Imported n orders…".
    const progress = app.locator("#order-history-progress");
    await progress.waitFor({ timeout: 90_000 });
    // Importing ~5,000 orders takes a while on a busy machine: the page polls until it is done.
    await expect
      .poll(async () => (await progress.textContent()) ?? "", { timeout: 300_000, interval: 2_000 })
      .toMatch(/Imported [\d,]+ orders placed since/);
    const imported = Number((await progress.textContent())!.match(/Imported ([\d,]+) orders/)![1]!.replace(/,/g, ""));
    expect(imported).toBeGreaterThan(4000);
    await screenshot(admin, "order-history-imported");

    // The last 30 days of reports now hold seeded orders.
    await admin.goto(`${inject("appUrl")}/app/reports`);
    await app.getByText("Attach rate").first().waitFor({ timeout: 60_000 });
    expect(await ordersFigure()).toBeGreaterThan(100);
  }, 360_000);

  it("a cancellation in Shopify admin reaches the app and leaves the report", async () => {
    await admin.goto(`${inject("appUrl")}/app/reports`);
    await app.getByText("Attach rate").first().waitFor();
    const before = await ordersFigure();

    await admin.goto(`${inject("appUrl")}/__local/orders`);
    const open = admin.locator("tr", { has: admin.getByRole("button", { name: /^Cancel order/, disabled: false }) });
    const name = (await open.first().locator("th").textContent())!;
    await open
      .first()
      .getByRole("button", { name: `Cancel order ${name}` })
      .click();
    await admin
      .getByRole("status")
      .filter({ hasText: `Order ${name} cancelled` })
      .waitFor();

    await expect
      .poll(
        async () => {
          await admin.goto(`${inject("appUrl")}/app/reports`);
          await app.getByText("Attach rate").first().waitFor();
          return ordersFigure();
        },
        { timeout: 20_000 },
      )
      .toBe(before - 1);
  });
});
