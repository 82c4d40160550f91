import Database from "better-sqlite3";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, newLocalPage, screenshot } from "./support/browser";

describe("the demo shop's storefront and checkout in local mode", () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await newLocalPage(browser);
  });
  afterAll(() => browser?.close());

  it("sells a product: product page, cart, checkout, and the order reaches the app by signed webhook", async () => {
    const storefront = inject("storefrontUrl");
    await page.goto(`${storefront}/products/nimbus-aurora-laptop`);
    await expect.poll(() => page.locator("h1").textContent()).toContain("Nimbus Aurora Laptop");
    await screenshot(page, "storefront-product");

    await page.getByRole("button", { name: /add to cart/i }).click();
    await page.waitForURL(/\/cart$/);
    await expect.poll(() => page.locator("main").textContent()).toContain("Nimbus Aurora Laptop");
    await screenshot(page, "storefront-cart");

    await page.getByRole("button", { name: /check out/i }).click();
    const orderName = (await page.locator(".order-name").textContent())!;
    expect(orderName).toMatch(/^#\d+$/);
    await screenshot(page, "storefront-order");

    const db = new Database(inject("appDatabaseFile"), { readonly: true });
    try {
      const deliveries = db.prepare("SELECT topic, payload FROM WebhookDelivery").all() as Array<{
        topic: string;
        payload: string;
      }>;
      const order = deliveries.map((d) => ({ topic: d.topic, order: JSON.parse(d.payload) as { name: string } }));
      expect(order).toContainEqual(
        expect.objectContaining({ topic: "ORDERS_CREATE", order: expect.objectContaining({ name: orderName }) }),
      );
    } finally {
      db.close();
    }
  });
});
