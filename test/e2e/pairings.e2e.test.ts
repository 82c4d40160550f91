// Pairings and the shop-wide pause in local mode, as a merchant and a shopper would click them: the merchant
// creates a pairing (an anchor and two complements, reordered by dragging and with the Move buttons), the
// shopper sees the complements in that order on the anchor's page and gets the pairing's discount in the
// cart; then the merchant pauses all offers in Settings: the block disappears and the discount no longer
// applies. The last step (and afterAll, should a step fail) switches the pause off again: the other browser
// tests share this shop.
import type { Browser, FrameLocator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, newLocalPage, screenshot } from "./support/browser";

const ANCHOR = "Pulse Whey Protein Powder";
const SHAKER = "Pulse Shaker Bottle";
const TOWEL = "Pulse Microfibre Gym Towel";
// Patience, not a time limit: the machine running the tests may be busy with other work.
const PATIENCE = { timeout: 60_000 };
const STEP_TIMEOUT = 180_000;

interface CartJs {
  items: Array<{ product_title: string; properties: Record<string, string> }>;
  total_discount: number;
}

describe("pairings and the shop-wide pause in local mode", () => {
  let browser: Browser;
  let admin: Page;
  let shopper: Page;
  let app: FrameLocator;
  let pairingId: string;

  const chrome = () => admin.locator("#local-admin-chrome");
  const toast = (text: string) => admin.locator("#local-toasts div", { hasText: text }).last();
  const saveBar = () => chrome().locator(".local-savebar button", { hasText: "Save" });
  const complementTitles = async () =>
    (await app.locator("ol[aria-label='Recommended products, in order'] li").allTextContents()).map((text) =>
      [SHAKER, TOWEL].find((title) => text.includes(title)),
    );
  const cart = async () =>
    (await (await shopper.request.get(`${inject("storefrontUrl")}/cart.js`, PATIENCE)).json()) as CartJs;

  /** Opens an app page and waits until it has hydrated: a click or a keystroke before that would be lost. */
  async function openApp(path: string) {
    await admin.goto(`${inject("appUrl")}${path}`);
    const frame = await (await app.locator("body").elementHandle())!.ownerFrame();
    await frame!.waitForFunction(() => {
      const router = (window as { __remixRouter?: { state: { initialized: boolean } } }).__remixRouter;
      return router?.state.initialized === true;
    });
  }

  async function setPause(paused: boolean) {
    await openApp("/app/settings");
    await chrome().locator(".local-title h1", { hasText: "Settings" }).waitFor();
    const pause = app.getByLabel("Pause all offers");
    if ((await pause.isChecked()) === paused) return;
    await pause.setChecked(paused);
    await saveBar().click();
    await toast("Settings saved").waitFor();
  }

  beforeAll(async () => {
    browser = await launchBrowser();
    admin = await newLocalPage(browser);
    shopper = await newLocalPage(browser);
    app = admin.frameLocator("iframe[name=app-iframe]");
    for (const page of [admin, shopper]) page.setDefaultTimeout(PATIENCE.timeout);
  }, STEP_TIMEOUT);
  afterAll(async () => {
    try {
      if (admin && !admin.isClosed()) await setPause(false);
    } finally {
      await browser?.close();
    }
  }, STEP_TIMEOUT);

  it(
    "creates a pairing: an anchor and two complements from the resource picker, reordered, saved from the save bar",
    async () => {
      await openApp("/app/pairings");
      for (const link of ["Pairings", "Settings"]) await chrome().locator("nav a", { hasText: link }).waitFor();
      // The empty state's action, or the title bar's when another run left pairings behind.
      const empty = app.getByRole("button", { name: "Create pairing" });
      const titleBar = chrome().locator(".local-title button", { hasText: "Create pairing" });
      const create = await Promise.any([empty.waitFor().then(() => empty), titleBar.waitFor().then(() => titleBar)]);
      await create.click();
      await chrome().locator(".local-title h1", { hasText: "Create pairing" }).waitFor();

      // Saving too early: the server's field errors show next to the fields.
      await app.getByLabel("Discount on the recommended products").fill("10");
      await saveBar().click();
      await app.getByText("Choose a product or collection to pair with").waitFor();
      await app.getByText("Add at least one product to recommend").waitFor();
      await toast("The pairing was not saved").waitFor();

      await app.getByRole("button", { name: "Choose product" }).click();
      const anchorPicker = app.getByRole("dialog", { name: "Select products" });
      await anchorPicker.getByLabel("Search products").fill(ANCHOR);
      await anchorPicker.getByLabel(ANCHOR, { exact: true }).check();
      await anchorPicker.getByRole("button", { name: "Select" }).click();
      await app.getByRole("button", { name: "Change product" }).waitFor();

      await app.getByRole("button", { name: "Add products" }).click();
      // The emulated picker's dialog is labelled "Select products" whatever its action.
      const picker = app.getByRole("dialog", { name: "Select products" });
      for (const product of [SHAKER, TOWEL]) {
        await picker.getByLabel("Search products").fill(product);
        await picker.getByLabel(product, { exact: true }).check();
      }
      await picker.getByRole("button", { name: "Add" }).click();
      await expect.poll(complementTitles, PATIENCE).toEqual([SHAKER, TOWEL]);

      // Drag the towel above the shaker, then the same with the keyboard-friendly buttons, down and back up.
      const row = (title: string) =>
        app.locator("ol[aria-label='Recommended products, in order'] li", { hasText: title });
      await row(TOWEL).dragTo(row(SHAKER));
      await expect.poll(complementTitles, PATIENCE).toEqual([TOWEL, SHAKER]);
      await app.getByRole("button", { name: `Move ${TOWEL} down` }).click();
      await expect.poll(complementTitles, PATIENCE).toEqual([SHAKER, TOWEL]);
      await app.getByRole("button", { name: `Move ${TOWEL} up` }).click();
      await expect.poll(complementTitles, PATIENCE).toEqual([TOWEL, SHAKER]);
      await screenshot(admin, "pairing-editor");

      await saveBar().click();
      await toast("Pairing saved").waitFor();
      await admin.waitForURL(/\/app\/pairings\/c[a-z0-9]+$/);
      pairingId = admin.url().split("/").pop()!;
      await chrome()
        .locator(".local-title h1", { hasText: `Pairing for ${ANCHOR}` })
        .waitFor();

      await chrome().locator("nav a", { hasText: "Pairings" }).click();
      const listed = app.locator("tr", { hasText: ANCHOR });
      await expect.poll(() => listed.textContent(), PATIENCE).toContain("Live on storefront");
      expect(await listed.textContent()).toContain("2 products");
      await screenshot(admin, "pairings-list");
    },
    STEP_TIMEOUT,
  );

  it(
    "shows the complements on the anchor's product page in the merchant's order, and the cart gets the discount",
    async () => {
      await shopper.goto(`${inject("storefrontUrl")}/products/pulse-whey-protein-powder`);
      const offer = shopper.locator(`[data-offer="pairing:${pairingId}"]`);
      await offer.waitFor();
      const titles = (await offer.locator(".attach-item__title").allTextContents()).map((t) => t.trim());
      expect(titles).toEqual([`This item: ${ANCHOR}`, TOWEL, SHAKER]);
      await screenshot(shopper, "pairing-widget");

      await offer.getByRole("button", { name: "Add selected to cart" }).click();
      await expect.poll(() => offer.locator("[data-status]").textContent(), PATIENCE).toBe("Added to your cart.");
      const added = await cart();
      expect(added.items.map((i) => i.properties._attach_offer)).toEqual(Array(3).fill(`pairing:${pairingId}`));
      // 10% of each complement: 1.999 → 2.00 (towel) and 1.499 → 1.50 (shaker).
      expect(added.total_discount).toBe(350);
    },
    STEP_TIMEOUT,
  );

  /** Opens the pairing's editor, lets `change` edit it, and saves from the save bar. */
  async function editPairing(change: () => Promise<void>) {
    await openApp(`/app/pairings/${pairingId}`);
    await chrome()
      .locator(".local-title h1", { hasText: `Pairing for ${ANCHOR}` })
      .waitFor();
    await change();
    await saveBar().click();
    await toast("Pairing saved").waitFor();
  }
  const productPageOffer = async () => {
    await shopper.goto(`${inject("storefrontUrl")}/products/pulse-whey-protein-powder`);
    await shopper.locator("h1", { hasText: ANCHOR }).waitFor();
    return shopper.locator(`[data-offer="pairing:${pairingId}"]`);
  };

  it(
    "edits the pairing's heading and order: the product page shows the new heading and the complements reordered",
    async () => {
      await editPairing(async () => {
        await app.getByLabel("Heading").fill("Train better together");
        await app.getByRole("button", { name: `Move ${SHAKER} up` }).click();
        await expect.poll(complementTitles, PATIENCE).toEqual([SHAKER, TOWEL]);
      });
      const offer = await productPageOffer();
      expect((await offer.locator(".attach-offer__title").textContent())?.trim()).toBe("Train better together");
      const titles = (await offer.locator(".attach-item__title").allTextContents()).map((t) => t.trim());
      expect(titles).toEqual([`This item: ${ANCHOR}`, SHAKER, TOWEL]);
    },
    STEP_TIMEOUT,
  );

  it(
    "pauses this pairing only: its offer and discount go, and come back when it is active again",
    async () => {
      await editPairing(() =>
        app
          .getByLabel("Status")
          .selectOption("paused")
          .then(() => undefined),
      );
      expect(await (await productPageOffer()).count()).toBe(0);
      expect((await cart()).total_discount).toBe(0);
      await openApp("/app/pairings");
      await expect.poll(() => app.locator("tr", { hasText: ANCHOR }).textContent(), PATIENCE).toContain("Paused");

      await editPairing(() =>
        app
          .getByLabel("Status")
          .selectOption("active")
          .then(() => undefined),
      );
      await (await productPageOffer()).waitFor();
      expect((await cart()).total_discount).toBe(350);
    },
    STEP_TIMEOUT,
  );

  it(
    "pauses all offers in Settings: the product page shows no offer and checkout applies no discount",
    async () => {
      await setPause(true);
      expect((await cart()).total_discount).toBe(0);

      // The block is rendered by the server (Liquid), so a loaded page without it has none.
      await shopper.goto(`${inject("storefrontUrl")}/products/pulse-whey-protein-powder`);
      await shopper.locator("h1", { hasText: ANCHOR }).waitFor();
      expect(await shopper.locator(`[data-offer="pairing:${pairingId}"]`).count()).toBe(0);
      await screenshot(shopper, "pairing-widget-paused");
    },
    STEP_TIMEOUT,
  );

  it(
    "switches the pause off again and deletes the pairing after confirming",
    async () => {
      await setPause(false);
      expect((await cart()).total_discount).toBe(350);
      await shopper.goto(`${inject("storefrontUrl")}/products/pulse-whey-protein-powder`);
      await shopper.locator(`[data-offer="pairing:${pairingId}"]`).waitFor();

      await openApp(`/app/pairings/${pairingId}`);
      await app.getByRole("button", { name: "Delete" }).click();
      const confirm = app.getByRole("dialog", { name: "Delete this pairing?" });
      await confirm.getByRole("button", { name: "Delete" }).click();
      await toast("Pairing deleted").waitFor();
      await admin.waitForURL(/\/app\/pairings$/);

      await shopper.goto(`${inject("storefrontUrl")}/products/pulse-whey-protein-powder`);
      await shopper.locator("h1", { hasText: ANCHOR }).waitFor();
      expect(await shopper.locator(`[data-offer="pairing:${pairingId}"]`).count()).toBe(0);
    },
    STEP_TIMEOUT,
  );
});
