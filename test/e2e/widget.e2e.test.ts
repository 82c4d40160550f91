// The Attach storefront widget (extensions/attach-widget) in a real browser against local mode. Local
// mode seeds the demo shop without offers, so beforeAll writes the app-owned metafields the admin sync
// will write ($app:attach offers, pairing, offer_products) through the Admin API emulator, which the
// shop's domain serves in local mode, and afterAll deletes them again. The app's database gets a paused
// pairing with the storefront pairing's id, so that the beacon's events count for one of the shop's offers.
import Database from "better-sqlite3";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { offerProductsValue, offersValue, pairingValue } from "../fixtures/attach-widget-shop";
import { launchBrowser, newLocalPage, screenshot } from "./support/browser";

const ADMIN_API = "/admin/api/2026-04/graphql.json";
const DEMO_SHOP = "attach-demo.myshopify.com";
const ACCESS_TOKEN = "shpat_attach_local";

interface AjaxProduct {
  id: number;
  title: string;
  variants: Array<{ id: number; title: string; price: number; available: boolean }>;
}

interface CartJs {
  item_count: number;
  items: Array<{ variant_id: number; quantity: number; properties: Record<string, string> }>;
}

const HANDLES = {
  camera: "aperture-m50-mirrorless-camera",
  lens: "aperture-50mm-f-1-8-prime-lens",
  soldOut: "elevate-walnut-laptop-stand-limited-edition",
  card: "velocity-uhs-ii-sd-memory-card",
  backpack: "trailhead-camera-backpack",
  strap: "trailhead-padded-camera-strap",
};

describe("the Attach widget on the demo storefront", () => {
  const storefront = inject("storefrontUrl");
  let browser: Browser;
  const products = {} as Record<keyof typeof HANDLES, AjaxProduct>;
  const written: Array<{ ownerId: string; namespace: string; key: string }> = [];

  async function admin(query: string, variables: Record<string, unknown>) {
    const response = await fetch(`${storefront}${ADMIN_API}`, {
      method: "POST",
      headers: { "content-type": "application/json", "X-Shopify-Access-Token": ACCESS_TOKEN },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: Record<string, { userErrors: unknown[] }>; errors?: unknown };
    expect(body.errors).toBeUndefined();
    for (const result of Object.values(body.data ?? {})) expect(result.userErrors).toEqual([]);
  }

  async function setOffers(productId: number, values: Record<string, [type: string, value: unknown]>) {
    const ownerId = `gid://shopify/Product/${productId}`;
    const metafields = Object.entries(values).map(([key, [type, value]]) => ({
      ownerId,
      namespace: "$app:attach",
      key,
      type,
      value: JSON.stringify(value),
    }));
    await admin(
      `mutation Set($metafields: [MetafieldsSetInput!]!) {
        metafieldsSet(metafields: $metafields) { metafields { id } userErrors { field message } }
      }`,
      { metafields },
    );
    written.push(...metafields.map(({ ownerId: owner, namespace, key }) => ({ ownerId: owner, namespace, key })));
  }

  const appDatabase = () => new Database(inject("appDatabaseFile"));

  beforeAll(async () => {
    browser = await launchBrowser();
    const database = appDatabase();
    try {
      const now = new Date().toISOString().replace("Z", "+00:00");
      database
        .prepare(
          `INSERT INTO Pairing (id, shop, anchorType, anchorId, status, createdAt, updatedAt)
           VALUES ('e2e-camera', ?, 'product', 'gid://shopify/Product/0', 'paused', ?, ?)`,
        )
        .run(DEMO_SHOP, now, now);
    } finally {
      database.close();
    }
    for (const [name, handle] of Object.entries(HANDLES)) {
      const response = await fetch(`${storefront}/products/${handle}.js`);
      expect(response.status).toBe(200);
      products[name as keyof typeof HANDLES] = (await response.json()) as AjaxProduct;
    }
    const { camera, lens, soldOut, card, backpack, strap } = products;
    const card128 = card.variants.find((v) => v.title === "128 GB")!;
    const strapBlack = strap.variants.find((v) => v.title === "Black")!;
    await setOffers(camera.id, {
      pairing: [
        "json",
        pairingValue({ id: "e2e-camera", percent: 10, complements: [lens.id, soldOut.id, card.id, backpack.id] }),
      ],
      offers: [
        "json",
        offersValue([
          {
            id: "e2e-creator-kit",
            title: "Creator kit",
            kind: "percentage",
            value: 15,
            parts: [
              { product: camera.id },
              { product: lens.id },
              { product: card.id, variant: card128.id, quantity: 2 },
            ],
          },
        ]),
      ],
      offer_products: ["list.product_reference", offerProductsValue([lens.id, soldOut.id, card.id, backpack.id])],
    });
    // A bundle asking for more straps than the shop has: the cart refuses it (422).
    await setOffers(backpack.id, {
      offers: [
        "json",
        offersValue([
          {
            id: "e2e-strap-kit",
            title: "Strap kit",
            kind: "percentage",
            value: 10,
            parts: [{ product: backpack.id }, { product: strap.id, variant: strapBlack.id, quantity: 30 }],
          },
        ]),
      ],
      offer_products: ["list.product_reference", offerProductsValue([strap.id])],
    });
  });

  afterAll(async () => {
    const database = appDatabase();
    try {
      for (const table of ["OfferEvent", "DailyRollup"]) {
        database.prepare(`DELETE FROM ${table} WHERE shop = ? AND offerId = 'e2e-camera'`).run(DEMO_SHOP);
      }
      database.prepare("DELETE FROM Pairing WHERE id = 'e2e-camera'").run();
    } finally {
      database.close();
    }
    if (written.length) {
      await admin(
        `mutation Delete($metafields: [MetafieldIdentifierInput!]!) {
          metafieldsDelete(metafields: $metafields) { deletedMetafields { key } userErrors { field message } }
        }`,
        { metafields: written },
      );
    }
    await browser?.close();
  });

  const pairing = (page: Page) => page.locator('[data-offer="pairing:e2e-camera"]');
  const bundle = (page: Page) => page.locator('[data-offer="bundle:e2e-creator-kit"]');
  const total = (offer: ReturnType<typeof pairing>) => offer.locator("[data-total]").textContent();
  const cartJs = async (page: Page) => (await (await page.request.get(`${storefront}/cart.js`)).json()) as CartJs;

  async function openCamera(options: Parameters<typeof newLocalPage>[1] = {}, locale = "") {
    const page = await newLocalPage(browser, options);
    await page.goto(`${storefront}${locale}/products/${HANDLES.camera}`);
    return page;
  }

  it("shows the block on the product page: the camera, its complements and its bundle, priced as the Function prices them", async () => {
    const page = await openCamera();
    const widget = page.locator("attach-widget");
    await widget.getByRole("heading", { name: "Complete the solution" }).waitFor();
    const titles = await pairing(page).locator(".attach-item__title").allTextContents();
    expect(titles.map((t) => t.trim())).toEqual([
      "This item: Aperture M50 Mirrorless Camera",
      "Aperture 50mm f/1.8 Prime Lens",
      "Velocity UHS-II SD Memory Card",
      "Trailhead Camera Backpack",
    ]);
    // 899.00 + 219.00 + 19.99 + 129.00, less 10% of each complement (21.90 + 2.00 + 12.90).
    expect(await total(pairing(page))).toBe("$1,230.19");
    expect(await pairing(page).locator("[data-saving]").textContent()).toContain("You save $36.80");
    // 899.00 + 219.00 + 2 × 29.99, less 15% of the set (176.70).
    expect(await total(bundle(page))).toBe("$1,001.28");
    await widget.scrollIntoViewIfNeeded();
    await screenshot(page, "widget-product");
    await page.context().close();
  });

  it("updates the total live when the shopper leaves a part out or picks another variant", async () => {
    const page = await openCamera();
    await pairing(page).getByLabel("Include Trailhead Camera Backpack").uncheck();
    expect(await total(pairing(page))).toBe("$1,114.09");
    expect(await pairing(page).locator("[data-saving]").textContent()).toContain("You save $23.90");
    await pairing(page)
      .getByLabel("Option for Aperture M50 Mirrorless Camera")
      .selectOption({ label: "With 18-55mm lens – $1,099.00" });
    expect(await total(pairing(page))).toBe("$1,314.09");

    await bundle(page).getByLabel("Include Velocity UHS-II SD Memory Card").uncheck();
    expect(await total(bundle(page))).toBe("$1,118.00");
    expect(await bundle(page).locator("[data-saving]").isHidden()).toBe(true);
    expect(await bundle(page).locator("[data-hint]").textContent()).toContain("Add all 3 items to save $176.70");
    await bundle(page).getByLabel("Include Velocity UHS-II SD Memory Card").check();
    expect(await total(bundle(page))).toBe("$1,001.28");
    await page.context().close();
  });

  it("adds the ticked items with the _attach_offer property, refreshes the cart count and sends batched events", async () => {
    const page = await openCamera();
    const beacons: string[] = [];
    page.on("request", (request) => {
      if (request.url().endsWith("/apps/attach/events")) beacons.push(request.postData() ?? "");
    });
    await pairing(page).getByLabel("Include Velocity UHS-II SD Memory Card").uncheck();
    await pairing(page).getByRole("button", { name: "Add selected to cart" }).click();
    await expect.poll(() => pairing(page).locator("[data-status]").textContent()).toBe("Added to your cart.");

    const cart = await cartJs(page);
    const { camera, lens, backpack } = products;
    expect(cart.items.map((i) => [i.variant_id, i.quantity, i.properties])).toEqual([
      [camera.variants[0]!.id, 1, { _attach_offer: "pairing:e2e-camera" }],
      [lens.variants[0]!.id, 1, { _attach_offer: "pairing:e2e-camera" }],
      [backpack.variants[0]!.id, 1, { _attach_offer: "pairing:e2e-camera" }],
    ]);
    expect(await page.locator("#cart-icon-bubble .cart-count").textContent()).toBe("3");

    await expect.poll(() => beacons.length).toBeGreaterThan(0);
    const events = beacons.flatMap((b) => (JSON.parse(b) as { events: Array<{ type: string; offer: string }> }).events);
    expect(events).toContainEqual(expect.objectContaining({ type: "impression", offer: "pairing:e2e-camera" }));
    expect(events).toContainEqual(expect.objectContaining({ type: "add", offer: "pairing:e2e-camera" }));
    await page.context().close();
  });

  it("sends its events through the app proxy into the app's tables: impression and add, once each, counted in the day's rollup", async () => {
    const page = await openCamera();
    const keys: string[] = [];
    page.on("request", (request) => {
      if (!request.url().endsWith("/apps/attach/events")) return;
      const { events } = JSON.parse(request.postData() ?? "{}") as { events: Array<{ key: string; offer: string }> };
      keys.push(...events.filter((e) => e.offer === "pairing:e2e-camera").map((e) => e.key));
    });
    const answers: number[] = [];
    page.on("response", (response) => {
      if (response.url().endsWith("/apps/attach/events")) answers.push(response.status());
    });
    const database = appDatabase();
    const day = new Date().toISOString().slice(0, 10);
    const counters = () =>
      (database
        .prepare(
          "SELECT impressions, addsToCart FROM DailyRollup WHERE shop = ? AND day = ? AND offerType = 'pairing' AND offerId = 'e2e-camera'",
        )
        .get(DEMO_SHOP, day) as { impressions: number; addsToCart: number } | undefined) ?? {
        impressions: 0,
        addsToCart: 0,
      };
    try {
      const before = counters();
      await pairing(page).scrollIntoViewIfNeeded();
      await pairing(page).getByRole("button", { name: "Add selected to cart" }).click();
      await expect.poll(() => pairing(page).locator("[data-status]").textContent()).toBe("Added to your cart.");
      await expect.poll(() => answers.length).toBeGreaterThan(0);
      expect(answers.every((status) => status === 204)).toBe(true);

      const stored = () =>
        keys.length === 0
          ? []
          : database
              .prepare(
                `SELECT kind FROM OfferEvent WHERE shop = ? AND offerType = 'pairing' AND offerId = 'e2e-camera'
               AND eventKey IN (${keys.map(() => "?").join(",")}) ORDER BY occurredAt`,
              )
              .all(DEMO_SHOP, ...keys)
              .map((row) => (row as { kind: string }).kind);
      await expect.poll(stored).toEqual(["impression", "add_to_cart"]);
      const after = counters();
      expect(after.impressions).toBeGreaterThanOrEqual(1);
      expect(after.addsToCart - before.addsToCart).toBeGreaterThanOrEqual(1);
    } finally {
      database.close();
    }
    await page.context().close();
  });

  it("still adds the set without JavaScript, through a plain form post to /cart/add", async () => {
    const page = await openCamera({ javaScriptEnabled: false });
    await bundle(page).getByRole("button", { name: "Add selected to cart" }).click();
    await page.waitForURL(/\/cart$/);
    await expect.poll(() => page.locator("main").textContent()).toContain("Velocity UHS-II SD Memory Card");
    const cart = await cartJs(page);
    expect(cart.items.map((i) => [i.quantity, i.properties._attach_offer])).toEqual([
      [1, "bundle:e2e-creator-kit"],
      [1, "bundle:e2e-creator-kit"],
      [2, "bundle:e2e-creator-kit"],
    ]);
    await page.context().close();
  });

  it("works from the keyboard alone, with a visible focus", async () => {
    const page = await openCamera();
    const pressTabUntil = async (check: () => Promise<boolean>) => {
      for (let i = 0; i < 80; i++) {
        await page.keyboard.press("Tab");
        if (await check()) return;
      }
      throw new Error("never reached by Tab");
    };
    const focusedLabel = () =>
      page.evaluate(() => {
        const active = document.activeElement as HTMLInputElement | null;
        return active?.labels?.[0]?.textContent?.trim() ?? active?.textContent?.trim() ?? "";
      });
    await pressTabUntil(async () => (await focusedLabel()) === "Include Trailhead Camera Backpack");
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    expect(outline).toBe("solid");
    await page.keyboard.press("Space");
    expect(await total(pairing(page))).toBe("$1,114.09");
    await pressTabUntil(
      async () =>
        (await focusedLabel()) === "Add selected to cart" &&
        (await page.evaluate(() => !!document.activeElement?.closest('[data-offer="pairing:e2e-camera"]'))),
    );
    await page.keyboard.press("Enter");
    await expect.poll(() => pairing(page).locator("[data-status]").textContent()).toBe("Added to your cart.");
    expect((await cartJs(page)).items).toHaveLength(3);
    await page.context().close();
  });

  it("offers the cart's missing complements on the cart page, and adds one in one click", async () => {
    const page = await newLocalPage(browser);
    await page.request.post(`${storefront}/cart/add.js`, {
      data: { items: [{ id: products.camera.variants[0]!.id, quantity: 1 }] },
    });
    await page.goto(`${storefront}/cart`);
    const block = page.locator("attach-widget");
    await block.getByRole("heading", { name: "Complete your order" }).waitFor();
    const titles = (await block.locator(".attach-item__title").allTextContents()).map((t) => t.trim());
    expect(titles).toEqual([
      "Aperture 50mm f/1.8 Prime Lens",
      "Velocity UHS-II SD Memory Card",
      "Trailhead Camera Backpack",
    ]);

    await block.getByRole("button", { name: "Add Velocity UHS-II SD Memory Card to cart" }).click();
    await expect.poll(() => page.locator(".cart-items").textContent()).toContain("Velocity UHS-II SD Memory Card");
    await expect
      .poll(async () =>
        (await page.locator("attach-widget .attach-item__title").allTextContents()).map((t) => t.trim()),
      )
      .toEqual(["Aperture 50mm f/1.8 Prime Lens", "Trailhead Camera Backpack"]);
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe("Complete your order");
    expect(await page.locator("attach-widget [data-widget-status]").textContent()).toBe("Added to your cart.");
    expect((await cartJs(page)).items.at(-1)?.properties).toEqual({ _attach_offer: "pairing:e2e-camera" });
    await screenshot(page, "widget-cart");
    await page.context().close();
  });

  it("shows the cart's complements in a theme's cart drawer (app embed) after the theme's own add, with a working one-click add", async () => {
    // Theme 2 of the emulator is Dawn-like: its product form adds by Ajax and opens a <cart-drawer>.
    const page = await newLocalPage(browser);
    await page.goto(`${storefront}/products/${HANDLES.camera}?preview_theme_id=2`);
    await page.locator("#product-form").getByRole("button", { name: "Add to cart" }).click();
    const drawer = page.locator("cart-drawer.active");
    await drawer.getByRole("heading", { name: "Your cart" }).waitFor();
    const offers = drawer.locator("attach-widget");
    await offers.getByRole("heading", { name: "Complete your order" }).waitFor();
    const titles = async () => (await offers.locator(".attach-item__title").allTextContents()).map((t) => t.trim());
    expect(await titles()).toEqual([
      "Aperture 50mm f/1.8 Prime Lens",
      "Velocity UHS-II SD Memory Card",
      "Trailhead Camera Backpack",
    ]);
    await screenshot(page, "widget-cart-drawer");

    await offers.getByRole("button", { name: "Add Velocity UHS-II SD Memory Card to cart" }).click();
    await expect
      .poll(() => drawer.locator(".cart-drawer__items").textContent())
      .toContain("Velocity UHS-II SD Memory Card");
    await expect.poll(titles).toEqual(["Aperture 50mm f/1.8 Prime Lens", "Trailhead Camera Backpack"]);
    const cart = await cartJs(page);
    expect(cart.items.map((i) => i.variant_id)).toEqual([
      products.camera.variants[0]!.id,
      products.card.variants.find((v) => v.available)!.id,
    ]);
    expect(cart.items.at(-1)?.properties).toEqual({ _attach_offer: "pairing:e2e-camera" });
    expect(await page.locator("#cart-icon-bubble .cart-count").textContent()).toBe("2");
    await page.context().close();
  });

  it("speaks French on the French storefront, cart errors included", async () => {
    const page = await openCamera({}, "/fr");
    const widget = page.locator("attach-widget");
    await widget.getByRole("heading", { name: "Complétez votre achat" }).waitFor();
    expect(await pairing(page).getByRole("button").textContent()).toBe("Ajouter la sélection au panier");
    expect(await pairing(page).locator("[data-saving]").textContent()).toContain("Vous économisez $36.80");
    await pairing(page).getByLabel("Inclure Trailhead Camera Backpack").uncheck();
    expect(await pairing(page).locator("[data-saving]").textContent()).toContain("Vous économisez $23.90");

    await page.goto(`${storefront}/fr/products/${HANDLES.backpack}`);
    const kit = page.locator('[data-offer="bundle:e2e-strap-kit"]');
    await kit.getByRole("button", { name: "Ajouter la sélection au panier" }).click();
    await expect
      .poll(() => kit.locator("[data-status]").textContent())
      .toBe("Certains de ces articles sont épuisés ou indisponibles dans cette quantité.");
    expect((await cartJs(page)).item_count).toBe(0);
    await page.context().close();
  });
});
