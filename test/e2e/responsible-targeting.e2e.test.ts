// Responsible targeting in local mode: the first order history import finds the demo shop's chronic
// returners, the background sweep tags them `attach-excluded` in the emulated Shopify, and then, for one of
// them logged in on the storefront, the product block shows no offer and checkout gives no bundle discount,
// while an anonymous shopper sees the offer and gets the discount.
import Database from "better-sqlite3";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, newLocalPage, screenshot } from "./support/browser";

const ADMIN_API = "/admin/api/2026-04/graphql.json";
const ACCESS_TOKEN = "shpat_attach_local";
const TITLE = "Laptop Mouse Set";
const LAPTOP = "Vertex Air 13 Laptop";
const MOUSE = "Glide Wireless Mouse";

interface CartJs {
  total_discount: number;
  items: Array<{ product_title: string }>;
}

describe("responsible targeting in local mode", () => {
  let browser: Browser;
  let admin: Page;
  let returnerId: number;
  let bundleId: string;

  beforeAll(async () => {
    browser = await launchBrowser();
    admin = await newLocalPage(browser);
  });
  afterAll(async () => {
    // Other files offer the mouse too (the widget shows one bundle a product): delete this file's bundle.
    if (bundleId) {
      await admin.goto(`${inject("appUrl")}/app/bundles/${bundleId}`, { timeout: 120_000 });
      const app = admin.frameLocator("iframe[name=app-iframe]");
      await app.getByRole("button", { name: "Delete" }).click();
      await app.getByRole("dialog", { name: "Delete this bundle?" }).getByRole("button", { name: "Delete" }).click();
      await admin.locator("#local-toasts div", { hasText: "Bundle deleted" }).waitFor();
    }
    await browser?.close();
  });

  async function customerTags(id: number): Promise<string[]> {
    const response = await fetch(`${inject("storefrontUrl")}${ADMIN_API}`, {
      method: "POST",
      headers: { "content-type": "application/json", "X-Shopify-Access-Token": ACCESS_TOKEN },
      body: JSON.stringify({ query: `{ customer(id: "gid://shopify/Customer/${id}") { tags } }` }),
    });
    const body = (await response.json()) as { data: { customer: { tags: string[] } } };
    return body.data.customer.tags;
  }

  it("excludes the demo shop's chronic returners after the first import and tags them in Shopify", async () => {
    // Opening the app for the first time imports the seeded order history (~5,000 orders: minutes on a busy
    // machine); the import's progress is read from the app's database rather than the Home card.
    await admin.goto(`${inject("appUrl")}/app`, { timeout: 120_000 });
    const importStatus = () => {
      const database = new Database(inject("appDatabaseFile"), { readonly: true });
      try {
        return (database.prepare("SELECT status FROM BackfillJob").get() as { status: string } | undefined)?.status;
      } finally {
        database.close();
      }
    };
    await expect.poll(importStatus, { timeout: 480_000, interval: 3_000 }).toBe("completed");

    const database = new Database(inject("appDatabaseFile"), { readonly: true });
    try {
      const returners = database
        .prepare(
          "SELECT customerId, orders, returnedOrders, exclusionReason FROM CustomerSignal WHERE excluded = 1 AND exclusionReason LIKE 'Returned%' ORDER BY orders DESC",
        )
        .all() as Array<{ customerId: string; orders: number; returnedOrders: number; exclusionReason: string }>;
      // The seed has 5 chronic returners (5–9 orders each, more than half returned).
      expect(returners.length).toBeGreaterThanOrEqual(5);
      for (const returner of returners) expect(returner.returnedOrders * 10).toBeGreaterThan(returner.orders * 4);
      returnerId = Number(returners[0]!.customerId.split("/").pop());
    } finally {
      database.close();
    }
    // The sweep (every minute) puts the app's tag on them.
    await expect
      .poll(() => customerTags(returnerId), { timeout: 150_000, interval: 3_000 })
      .toContain("attach-excluded");
  }, 720_000);

  it("hides the offer from the logged-in chronic returner and shows it to an anonymous shopper", async () => {
    await admin.goto(`${inject("appUrl")}/app/bundles/new`, { timeout: 120_000 });
    const app = admin.frameLocator("iframe[name=app-iframe]");
    await app.getByLabel("Title").fill(TITLE);
    await app.getByRole("button", { name: "Add products" }).click();
    const picker = app.getByRole("dialog", { name: "Select products" });
    for (const product of [LAPTOP, MOUSE]) {
      await picker.getByLabel("Search products").fill(product);
      await picker.getByLabel(product, { exact: true }).check();
    }
    await picker.getByRole("button", { name: "Select" }).click();
    await app.getByLabel("Percentage off").fill("10");
    await app.getByText("Bundle price").waitFor();
    await admin.locator("#local-admin-chrome .local-savebar button", { hasText: "Save" }).click();
    await admin.locator("#local-toasts div", { hasText: "Bundle saved" }).waitFor({ timeout: 120_000 });
    await expect.poll(() => admin.url()).toMatch(/\/app\/bundles\/c[a-z0-9]+$/);
    bundleId = admin.url().split("/").pop()!;

    const storefront = inject("storefrontUrl");
    const anonymous = await newLocalPage(browser);
    await anonymous.goto(`${storefront}/products/vertex-air-13-laptop`);
    await anonymous.locator(`[data-offer="bundle:${bundleId}"]`).waitFor({ timeout: 60_000 });

    const returner = await newLocalPage(browser);
    await returner.goto(`${storefront}/account/login`);
    await returner.locator("#login-customer").selectOption(String(returnerId));
    await returner.getByRole("button", { name: "Log in" }).click();
    await expect.poll(() => returner.locator("main").textContent()).toContain("Logged in as");
    await returner.goto(`${storefront}/products/vertex-air-13-laptop`);
    await expect.poll(() => returner.locator("h1").textContent()).toContain(LAPTOP);
    expect(await returner.locator("attach-widget").count()).toBe(0);
    expect(await returner.locator("[data-offer]").count()).toBe(0);
    await screenshot(returner, "targeting-returner-product");

    // The same set in both carts: the discount Function gives the anonymous shopper the bundle saving only.
    const addSet = async (page: Page) => {
      const product = async (handle: string) =>
        (
          (await (await page.request.get(`${storefront}/products/${handle}.js`)).json()) as {
            variants: Array<{ id: number }>;
          }
        ).variants[0]!.id;
      const items = [
        { id: await product("vertex-air-13-laptop"), quantity: 1 },
        { id: await product("glide-wireless-mouse"), quantity: 1 },
      ];
      expect((await page.request.post(`${storefront}/cart/add.js`, { data: { items } })).ok()).toBe(true);
      return (await (await page.request.get(`${storefront}/cart.js`)).json()) as CartJs;
    };
    const anonymousCart = await addSet(anonymous);
    expect(anonymousCart.items).toHaveLength(2);
    expect(anonymousCart.total_discount).toBeGreaterThan(0);
    const returnerCart = await addSet(returner);
    expect(returnerCart.items).toHaveLength(2);
    expect(returnerCart.total_discount).toBe(0);

    await returner.goto(`${storefront}/cart`);
    expect(await returner.locator("main").textContent()).not.toContain(`Bundle: ${TITLE}`);
    await returner.getByRole("button", { name: /check out/i }).click();
    expect(await returner.locator(".order-name").textContent()).toMatch(/^#\d+$/);
    expect(await returner.locator("main").textContent()).not.toContain(`Bundle: ${TITLE}`);
    await screenshot(returner, "targeting-returner-order");
  }, 300_000);
});
