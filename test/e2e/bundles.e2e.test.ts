import Database from "better-sqlite3";
import type { Browser, FrameLocator, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, newLocalPage, screenshot } from "./support/browser";

const TITLE = "Desk Starter Kit";
const MOUSE = "Glide Wireless Mouse";
const HUB = "Portside 7-in-1 USB-C Hub";
const KEYBOARD = "Keystone Low-Profile Wireless Keyboard";

describe("bundles in the embedded admin, in local mode", () => {
  let browser: Browser;
  let page: Page;
  let app: FrameLocator;
  let shopper: Page;
  let bundleId: string;

  const chrome = () => page.locator("#local-admin-chrome");
  const toast = (text: string) => page.locator("#local-toasts div", { hasText: text });
  const openBundles = async () => {
    await chrome().locator("nav a", { hasText: "Bundles" }).click();
    await expect.poll(() => page.url()).toMatch(/\/app\/bundles$/);
  };
  const bundleRow = () => app.locator("tr", { hasText: TITLE });
  /** The bundle's offer on the mouse's product page, as a shopper loads it (the block is rendered by the server). */
  const storefrontOffer = async () => {
    await shopper.goto(`${inject("storefrontUrl")}/products/glide-wireless-mouse`);
    await shopper.locator("h1", { hasText: MOUSE }).waitFor();
    return shopper.locator(`[data-offer="bundle:${bundleId}"]`);
  };
  const offerTitles = async (offer: Locator) =>
    (await offer.locator(".attach-item__title").allTextContents()).map((t) => t.trim());
  /** The Bundles list, opened again until the bundle's row contains `text` (webhooks are processed after their answer). */
  const bundleRowShows = (text: string) =>
    expect
      .poll(
        async () => {
          await page.goto(`${inject("appUrl")}/app/bundles`);
          await bundleRow().waitFor();
          return bundleRow().textContent();
        },
        { timeout: 60_000, interval: 1_000 },
      )
      .toContain(text);

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await newLocalPage(browser);
    shopper = await newLocalPage(browser);
    app = page.frameLocator("iframe[name=app-iframe]");
  });
  afterAll(() => browser?.close());

  it("creates a bundle: two products from the resource picker, 10% off, saved from the save bar, live on the storefront", async () => {
    await page.goto(`${inject("appUrl")}/app`);
    await app.getByText("Sell the products that complete what your customers buy").waitFor();
    await openBundles();
    // The empty state's action, or the title bar's when other tests left bundles behind.
    const empty = app.getByRole("button", { name: "Create bundle" });
    const titleBar = chrome().locator(".local-title button", { hasText: "Create bundle" });
    // The two live in different frames (the app's iframe, the admin page), so `or` cannot combine them.
    const create = await Promise.any([empty.waitFor().then(() => empty), titleBar.waitFor().then(() => titleBar)]);
    await create.click();
    await expect.poll(() => chrome().locator(".local-title h1").textContent()).toBe("Create bundle");

    await app.getByLabel("Title").fill(TITLE);
    // Saving too early: the server's field errors show next to the fields.
    await chrome().locator(".local-savebar button", { hasText: "Save" }).click();
    await app.getByText("A bundle needs 2 or more different products").waitFor();
    await app.getByText("Percentage off must be a whole number from 1 to 90").waitFor();
    await toast("The bundle was not saved").waitFor();

    await app.getByRole("button", { name: "Add products" }).click();
    const picker = app.getByRole("dialog", { name: "Select products" });
    for (const product of [MOUSE, HUB]) {
      await picker.getByLabel("Search products").fill(product);
      await picker.getByLabel(product, { exact: true }).check();
    }
    await picker.getByRole("button", { name: "Select" }).click();
    await app.getByText("Portside 7-in-1 USB-C Hub").first().waitFor();
    await app.getByLabel("Percentage off").fill("10");
    // The live preview prices the set from Shopify's current prices.
    await app.getByText("Bundle price").waitFor();
    await screenshot(page, "bundle-editor");

    await chrome().locator(".local-savebar button", { hasText: "Save" }).click();
    await toast("Bundle saved").waitFor();
    await expect.poll(() => page.url()).toMatch(/\/app\/bundles\/c[a-z0-9]+$/);
    bundleId = page.url().split("/").pop()!;

    await openBundles();
    await expect.poll(() => bundleRow().textContent()).toContain("Live on storefront");
    expect(await bundleRow().textContent()).toContain("10% off");
    await screenshot(page, "bundles-list");

    const db = new Database(inject("appDatabaseFile"), { readonly: true });
    try {
      const row = db.prepare("SELECT status, syncStatus FROM Bundle WHERE title = ?").get(TITLE);
      expect(row).toEqual({ status: "active", syncStatus: "live" });
    } finally {
      db.close();
    }
  });

  it("edits the bundle: 20% off and the keyboard instead of the hub; the storefront offers the edited bundle", async () => {
    const before = await storefrontOffer();
    expect(await before.getAttribute("data-value")).toBe("10");
    expect((await offerTitles(before)).join(" | ")).toContain(HUB);

    await bundleRow().getByRole("link", { name: TITLE }).click();
    await expect.poll(() => chrome().locator(".local-title h1").textContent()).toBe(TITLE);
    await app.getByRole("button", { name: `Remove ${HUB}` }).click();
    await app.getByRole("button", { name: "Change products" }).click();
    const picker = app.getByRole("dialog", { name: "Select products" });
    await picker.getByLabel("Search products").fill(KEYBOARD);
    await picker.getByLabel(KEYBOARD, { exact: true }).check();
    await picker.getByRole("button", { name: "Select" }).click();
    await app.getByText(KEYBOARD).first().waitFor();
    await app.getByLabel("Percentage off").fill("20");
    await chrome().locator(".local-savebar button", { hasText: "Save" }).click();
    await toast("Bundle saved").waitFor();

    // The creation's "Bundle saved" toast may still be up: the storefront, loaded again, shows the save.
    await expect.poll(async () => (await storefrontOffer()).getAttribute("data-value")).toBe("20");
    const after = await storefrontOffer();
    const titles = (await offerTitles(after)).join(" | ");
    expect(titles).toContain(KEYBOARD);
    expect(titles).not.toContain(HUB);
    await openBundles();
    await expect.poll(() => bundleRow().textContent()).toContain("20% off");
  });

  it("marks the bundle with the reason when its keyboard is archived in Shopify admin, and puts it back when active again", async () => {
    await page.goto(`${inject("appUrl")}/__local/products`);
    await page.getByRole("button", { name: `Archive ${KEYBOARD}` }).click();
    await page
      .getByRole("status")
      .filter({ hasText: `${KEYBOARD} archived` })
      .waitFor();
    await bundleRowShows(`${KEYBOARD} is no longer active in Shopify — edit or delete this bundle`);
    expect(await bundleRow().textContent()).toContain("Sync failed");
    await screenshot(page, "bundles-list-attention");
    expect(await (await storefrontOffer()).count()).toBe(0);

    await page.goto(`${inject("appUrl")}/__local/products`);
    await page.getByRole("button", { name: `Set as active ${KEYBOARD}` }).click();
    await page
      .getByRole("status")
      .filter({ hasText: `${KEYBOARD} set as active` })
      .waitFor();
    await bundleRowShows("Live on storefront");
    expect(await (await storefrontOffer()).count()).toBe(1);
  }, 180_000);

  it("pauses the bundle from the list, then deletes it after confirming", async () => {
    await bundleRow().getByRole("checkbox").check();
    await app.getByRole("button", { name: "Pause" }).click();
    await toast("1 bundle paused").waitFor();
    await expect.poll(() => bundleRow().textContent()).toContain("Paused");
    expect(await bundleRow().textContent()).toContain("Not on storefront");
    expect(await (await storefrontOffer()).count()).toBe(0);

    await bundleRow().getByRole("link", { name: TITLE }).click();
    await expect.poll(() => chrome().locator(".local-title h1").textContent()).toBe(TITLE);
    await app.getByRole("button", { name: "Delete" }).click();
    const confirm = app.getByRole("dialog", { name: "Delete this bundle?" });
    await confirm.getByRole("button", { name: "Delete" }).click();
    await toast("Bundle deleted").waitFor();
    await expect.poll(() => page.url()).toMatch(/\/app\/bundles$/);
    await expect.poll(() => bundleRow().count()).toBe(0);

    const db = new Database(inject("appDatabaseFile"), { readonly: true });
    try {
      expect(db.prepare("SELECT COUNT(*) AS n FROM Bundle WHERE title = ?").get(TITLE)).toEqual({ n: 0 });
    } finally {
      db.close();
    }
  });
});
