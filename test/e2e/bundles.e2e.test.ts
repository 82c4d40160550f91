import Database from "better-sqlite3";
import type { Browser, FrameLocator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, newLocalPage, screenshot } from "./support/browser";

const TITLE = "Desk Starter Kit";

describe("bundles in the embedded admin, in local mode", () => {
  let browser: Browser;
  let page: Page;
  let app: FrameLocator;

  const chrome = () => page.locator("#local-admin-chrome");
  const toast = (text: string) => page.locator("#local-toasts div", { hasText: text });
  const openBundles = async () => {
    await chrome().locator("nav a", { hasText: "Bundles" }).click();
    await expect.poll(() => page.url()).toMatch(/\/app\/bundles$/);
  };
  const bundleRow = () => app.locator("tr", { hasText: TITLE });

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await newLocalPage(browser);
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
    for (const product of ["Glide Wireless Mouse", "Portside 7-in-1 USB-C Hub"]) {
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

  it("pauses the bundle from the list, then deletes it after confirming", async () => {
    await bundleRow().getByRole("checkbox").check();
    await app.getByRole("button", { name: "Pause" }).click();
    await toast("1 bundle paused").waitFor();
    await expect.poll(() => bundleRow().textContent()).toContain("Paused");
    expect(await bundleRow().textContent()).toContain("Not on storefront");

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
