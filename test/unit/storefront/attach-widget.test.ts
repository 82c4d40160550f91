// The Attach storefront widget (extensions/attach-widget) rendered by the storefront emulator from
// its real Liquid: the product page block and the cart block, over a shop whose products carry the
// app-owned metafields the admin sync writes (test/fixtures/attach-widget-shop.ts).
import path from "node:path";
import { describe, expect, it } from "vitest";
import { bundleSaving } from "../../../app/domain/bundle-saving";
import { percentageOfAmount } from "../../../app/domain/money";
import {
  SETTINGS_DEFAULTS,
  WIDGET_SETTINGS_METAFIELD_KEY,
  widgetSettingsMetafield,
} from "../../../app/domain/settings";
import type { EmulatedShop } from "../../../local/shop/types";
import { CUSTOMER_COOKIE, type PriceCart } from "../../../local/storefront";
import {
  attachMetafield,
  type BundleInput,
  BAG,
  BAG_VARIANT,
  CAMERA,
  CAMERA_BODY,
  CAMERA_KIT,
  CARD,
  CARD_VARIANT,
  EXCLUDED_CUSTOMER,
  HOSTILE_TITLE,
  LENS,
  LENS_VARIANT,
  STRAP,
  STRAP_BLACK,
  cameraMetafields,
  offerProductsValue,
  pairingValue,
  product,
  variant,
  widgetShop,
} from "../../fixtures/attach-widget-shop";
import { CUSTOMER } from "../../fixtures/storefront-shop";
import { PROJECT_ROOT, accessibilityProblems, storefrontClient } from "./helpers";

const WIDGET = path.join(PROJECT_ROOT, "extensions/attach-widget");
const PRODUCT_SECTION = "app-block-complete-the-solution";
const CART_SECTION = "app-block-cart-complements";

function client(shop: EmulatedShop = widgetShop(), priceCart?: PriceCart) {
  return storefrontClient({ shop, extensionsDir: WIDGET, ...(priceCart ? { priceCart } : {}) });
}

type Client = ReturnType<typeof client>;

/** The widget shop with the shop metafield the settings page writes (widget defaults and the pause). */
function shopWithPause(paused: boolean): EmulatedShop {
  const value = widgetSettingsMetafield({ ...SETTINGS_DEFAULTS, offersPaused: paused });
  return widgetShop({ shop: { metafields: [attachMetafield(WIDGET_SETTINGS_METAFIELD_KEY, "json", value)] } });
}

/**
 * What the block's Liquid rendered, without the section and block wrappers Shopify adds, trimmed: the
 * emulator trims `{%- -%}` less greedily than Shopify, so a block that renders nothing leaves blank lines.
 */
async function block(c: Client, page: string, section: string): Promise<string> {
  const separator = page.includes("?") ? "&" : "?";
  const response = await c.get(`${page}${separator}sections=${section}`);
  expect(response.status).toBe(200);
  const sections = (await response.json()) as Record<string, string | null>;
  const html = sections[section];
  if (html === null || html === undefined) throw new Error(`no section ${section} on ${page}`);
  const wrapped =
    /^<div id="shopify-section-[^"]+" class="shopify-section"><div id="shopify-block-[^"]+" class="shopify-block shopify-app-block">([\s\S]*)<\/div><\/div>$/.exec(
      html,
    );
  if (!wrapped) throw new Error(`unexpected section markup: ${html.slice(0, 200)}`);
  return wrapped[1]!.trim();
}

const productBlock = (c: Client, page = "/products/trail-camera") => block(c, page, PRODUCT_SECTION);
const cartBlock = (c: Client, page = "/cart") => block(c, page, CART_SECTION);

/** Visible text, whitespace collapsed. */
function text(html: string): string {
  return html
    .replace(/<template[\s\S]*?<\/template>/g, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/\s+/g, " ")
    .trim();
}

/** The offer (pairing or bundle) whose _attach_offer reference is `ref`. */
function offer(html: string, ref: string): string {
  const start = html.indexOf(`data-offer="${ref}"`);
  if (start < 0) throw new Error(`no offer ${ref}`);
  const end = html.indexOf('<div class="attach-offer"', start + 1);
  return html.slice(start, end < 0 ? undefined : end);
}

function figures(html: string) {
  const pick = (pattern: RegExp) => pattern.exec(html)?.[1]?.trim() ?? null;
  return {
    total: pick(/data-total>([^<]*)</),
    compare: pick(/data-compare-amount>([^<]*)</),
    saving: pick(/data-saving[^>]*>\s*([^<]*)</),
  };
}

/** The fields a browser without JavaScript posts for a form: in document order, ticked boxes only. */
function formFields(formHtml: string, untick: readonly string[] = []): Array<[string, string]> {
  const fields: Array<[string, string]> = [];
  const attribute = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
  const decode = (value: string) =>
    value
      .replace(/&amp;/g, "&")
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'");
  for (const match of formHtml.matchAll(/<input\b[^>]*>|<select\b[^>]*>[\s\S]*?<\/select>/g)) {
    const tag = match[0];
    const name = attribute(tag, "name");
    if (!name) continue;
    if (tag.startsWith("<select")) {
      const options = [...tag.matchAll(/<option\b[^>]*>/g)].map((o) => o[0]);
      const chosen = options.find((o) => /\sselected\b/.test(o)) ?? options[0];
      if (chosen) fields.push([name, decode(attribute(chosen, "value") ?? "")]);
      continue;
    }
    if (attribute(tag, "type") === "checkbox" && (!/\schecked\b/.test(tag) || untick.includes(attribute(tag, "id")!))) {
      continue;
    }
    fields.push([name, decode(attribute(tag, "value") ?? "")]);
  }
  return fields;
}

function formOf(html: string, ref: string): { action: string; html: string } {
  const scope = offer(html, ref);
  const form = /<form\b[^>]*action="([^"]+)"[^>]*>[\s\S]*?<\/form>/.exec(scope);
  if (!form) throw new Error(`no form in offer ${ref}`);
  return { action: form[1]!, html: form[0] };
}

function withCameraMetafields(metafields: ReturnType<typeof cameraMetafields>): EmulatedShop {
  return widgetShop({ cameraMetafields: metafields });
}

describe("the product page block", () => {
  it("renders nothing at all, not even a wrapper, for a product without offers", async () => {
    expect(await productBlock(client(), "/products/memory-card")).toBe("");
    expect(await productBlock(client(), "/products/camera-bag")).toBe("");
  });

  it("renders nothing when every complement is sold out and no bundle can be completed", async () => {
    const shop = withCameraMetafields(
      cameraMetafields({
        pairing: { id: "camera-pairing", percent: 10, complements: [BAG] },
        bundles: [
          {
            id: "travel-kit",
            title: "Travel kit",
            kind: "percentage",
            value: 10,
            parts: [{ product: CAMERA }, { product: BAG }],
          },
        ],
      }),
    );
    expect(await productBlock(client(shop))).toBe("");
  });

  it("shows the anchor and its complements in the merchant's order, each with image, title and price", async () => {
    const html = offer(await productBlock(client()), "pairing:camera-pairing");
    const labels = [...html.matchAll(/<label for="[^"]+-\d+" class="attach-sr">([^<]+)</g)].map((m) => m[1]);
    expect(labels).toEqual([
      "Include Trail Camera",
      "Include Prime Lens",
      "Include Camera Strap",
      "Include Memory Card",
    ]);
    expect(text(html)).toContain("This item: Trail Camera");
    expect(html).toContain(
      '<img src="/cdn/products/prime-lens.svg?width=160" alt="" width="80" height="80" loading="lazy" class="attach-item__image">',
    );
    expect(html).toContain('<span class="attach-item__price" data-row-price>$199.99</span>');
    expect(text(html)).toContain("Frequently bought together");
    expect(text(html)).toContain("10% off each item bought with Trail Camera");
  });

  it("leaves out sold-out complements and sold-out variants", async () => {
    const html = await productBlock(client());
    expect(html).not.toContain("Camera Bag");
    expect(html).toContain(`<option value="${STRAP_BLACK}" data-price="2999" selected>`);
    expect(html).not.toContain("Tan");
  });

  it("offers a variant choice for a part with several variants, priced per variant", async () => {
    const html = offer(await productBlock(client()), "pairing:camera-pairing");
    expect(html).toMatch(
      new RegExp(`<select class="attach-item__variant" id="[^"]+-0-variant" name="items\\[0\\]\\[id\\]" data-variant>`),
    );
    expect(text(html)).toContain("Body – $500.00");
    expect(text(html)).toContain("Kit – $650.00");
    expect(html).toContain(`<option value="${CAMERA_KIT}" data-price="65000" >`);
  });

  it("preselects the anchor's variant from the page's ?variant=", async () => {
    const html = offer(
      await productBlock(client(), `/products/trail-camera?variant=${CAMERA_KIT}`),
      "pairing:camera-pairing",
    );
    expect(html).toContain(`<option value="${CAMERA_KIT}" data-price="65000" selected>`);
    expect(figures(html).compare).toBe("$899.97");
  });

  it("prices the pairing as the Function does: its percentage off each complement unit, rounded half up", async () => {
    const html = offer(await productBlock(client()), "pairing:camera-pairing");
    const complements = [19999, 2999, 1999];
    const saving = complements.reduce((sum, price) => sum + percentageOfAmount(price, 10), 0);
    expect(saving).toBe(2500);
    expect(figures(html)).toEqual({ total: "$724.97", compare: "$749.97", saving: "You save $25.00" });
    expect(html).toContain('data-type="pairing" data-kind="percentage" data-value="10" data-unit="1"');
  });

  it("prices a bundle as the Function does: its percentage once over the whole set", async () => {
    const html = offer(await productBlock(client()), "bundle:creator-kit");
    const set = 50000 + 19999 + 2 * 1999;
    expect(bundleSaving({ kind: "percentage", value: 15 }, set)).toBe(11100);
    expect(figures(html)).toEqual({ total: "$628.97", compare: "$739.97", saving: "You save $111.00" });
    expect(text(html)).toContain("2 × Memory Card");
    expect(html).toContain('name="items[2][quantity]" value="2" data-qty checked');
  });

  it.each([
    { kind: "percentage" as const, value: 15 },
    { kind: "fixed_amount_off" as const, value: 2500 },
    { kind: "fixed_price" as const, value: 60000 },
    { kind: "fixed_price" as const, value: 90000 },
  ])("shows the same saving as the Function's bundleSaving for a $kind bundle of $value", async ({ kind, value }) => {
    const bundles: BundleInput[] = [
      {
        id: "kit",
        title: "Kit",
        kind,
        value,
        parts: [{ product: CAMERA }, { product: LENS }, { product: CARD, quantity: 2 }],
      },
    ];
    const html = offer(
      await productBlock(client(withCameraMetafields(cameraMetafields({ bundles, pairing: null })))),
      "bundle:kit",
    );
    const set = 50000 + 19999 + 2 * 1999;
    const saving = bundleSaving({ kind, value }, set);
    const money = (cents: number) => `$${(cents / 100).toFixed(2).replace(/\B(?=(\d{3})+(?!\d))/g, ",")}`;
    expect(figures(html)).toEqual({
      total: money(set - saving),
      compare: money(set),
      saving: saving > 0 ? `You save ${money(saving)}` : null,
    });
    expect(html).toContain(`data-kind="${kind}" data-value="${value}" data-unit="1"`);
  });

  it("rounds savings to whole yen in a zero-decimal currency, as the Function does", async () => {
    const shop = widgetShop({
      shop: {
        currencyCode: "JPY",
        moneyFormat: "¥{{amount_no_decimals}}",
        moneyWithCurrencyFormat: "¥{{amount_no_decimals}} JPY",
      },
    });
    for (const p of shop.products)
      for (const v of p.variants) v.price = { [LENS]: 1995, [CARD]: 1995 }[p.id] ?? v.price;
    shop.products.find((p) => p.id === STRAP)!.status = "DRAFT";
    const html = offer(await productBlock(client(shop)), "pairing:camera-pairing");
    // ¥1,995 × 10% = ¥199.5 → ¥200 per complement (in hundredths: 399 yen if rounded only at the end).
    expect(figures(html).saving).toBe("You save ¥400");
    expect(html).toContain('data-unit="100"');
  });

  it("leaves out a bundle with a sold-out part, and bundles outside their schedule", async () => {
    const future = new Date(Date.now() + 86_400_000).toISOString();
    const past = new Date(Date.now() - 86_400_000).toISOString();
    const parts = [{ product: CAMERA }, { product: LENS }];
    const bundles: BundleInput[] = [
      {
        id: "travel-kit",
        title: "Travel kit",
        kind: "percentage",
        value: 10,
        parts: [{ product: CAMERA }, { product: BAG }],
      },
      { id: "later", title: "Later kit", kind: "percentage", value: 10, parts, startsAt: future },
      { id: "over", title: "Over kit", kind: "percentage", value: 10, parts, endsAt: past },
      { id: "now", title: "Now kit", kind: "percentage", value: 10, parts, startsAt: past, endsAt: future },
    ];
    const c = client(withCameraMetafields(cameraMetafields({ bundles, pairing: null })));
    const html = await c.get("/products/trail-camera").then((r) => r.text());
    expect(html).not.toContain("Travel kit");
    expect(html).not.toContain("Later kit");
    expect(html).not.toContain("Over kit");
    expect(html).toContain("Now kit");
  });

  it("shows a fixed-amount bundle in another currency without a saving it cannot price", async () => {
    const bundles: BundleInput[] = [
      {
        id: "euro-kit",
        title: "Euro kit",
        kind: "fixed_amount_off",
        value: 2500,
        currency: "EUR",
        parts: [{ product: CAMERA }, { product: LENS }],
      },
    ];
    const html = offer(
      await productBlock(client(withCameraMetafields(cameraMetafields({ bundles, pairing: null })))),
      "bundle:euro-kit",
    );
    expect(html).toContain('data-kind="fixed_amount_off" data-value="" data-unit="1"');
    expect(figures(html)).toEqual({ total: "$699.99", compare: "$699.99", saving: null });
  });

  it("shows at most the merchant's number of complements and of bundles", async () => {
    const shop = widgetShop();
    const c = storefrontClient({
      shop,
      extensionsDir: WIDGET,
      themeEditorState: {
        templates: {
          product: [{ block: "complete-the-solution", settings: { max_items: 1, max_bundles: 0, layout: "grid" } }],
        },
      },
    });
    const html = await productBlock(c);
    expect(html).toContain('class="attach attach--grid"');
    expect(html).toContain("Prime Lens");
    expect(html).not.toContain("Camera Strap");
    expect(html).not.toContain("bundle:creator-kit");
  });

  it("follows the merchant's settings for heading, button text, prices and after-add behaviour", async () => {
    const c = storefrontClient({
      shop: widgetShop(),
      extensionsDir: WIDGET,
      themeEditorState: {
        templates: {
          product: [
            {
              block: "complete-the-solution",
              settings: { heading: "Pair it with", button_text: "Add the set", show_prices: false, after_add: "cart" },
            },
          ],
        },
      },
    });
    const html = await productBlock(c);
    expect(html).toContain('tabindex="-1">Pair it with</h2>');
    expect(html).toContain('<button type="submit" class="attach-offer__button button">Add the set</button>');
    expect(html).not.toContain("data-total");
    expect(html).not.toContain("data-row-price");
    expect(html).toContain('data-after-add="cart"');
  });

  it("escapes merchant-entered titles and headings, Liquid included", async () => {
    const shop = withCameraMetafields(
      cameraMetafields({
        pairing: {
          id: "camera-pairing",
          heading: "<img src=x onerror=alert(1)> {{ cart.token }}",
          percent: 10,
          complements: [LENS],
        },
      }),
    );
    const html = await productBlock(client(shop));
    expect(html).toContain("Creator &lt;script&gt;alert(1)&lt;/script&gt;{{ shop.name }}{% comment %} kit");
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt; {{ cart.token }}");
    expect(html).not.toContain("<script>alert");
    expect(html).not.toContain("<img src=x");
    expect(html).not.toContain("Attach Test Store");
    expect(HOSTILE_TITLE).toContain("<script>");
  });

  it("shows nothing to a customer the app excluded, and the offers to other customers", async () => {
    const excluded = client();
    excluded.cookies.set(CUSTOMER_COOKIE, String(EXCLUDED_CUSTOMER));
    expect(await productBlock(excluded)).toBe("");
    const other = client();
    other.cookies.set(CUSTOMER_COOKIE, String(CUSTOMER));
    expect(await productBlock(other)).toContain("<attach-widget");
  });

  it("shows nothing to anyone while offers are paused shop-wide, and the offers again once resumed", async () => {
    expect(await productBlock(client(shopWithPause(true)))).toBe("");
    const customer = client(shopWithPause(true));
    customer.cookies.set(CUSTOMER_COOKIE, String(CUSTOMER));
    expect(await productBlock(customer)).toBe("");
    expect(await productBlock(client(shopWithPause(false)))).toContain("<attach-widget");
  });

  it("speaks French on the French storefront", async () => {
    const html = await productBlock(client(), "/fr/products/trail-camera");
    const words = text(html);
    expect(words).toContain("Complétez votre achat");
    expect(words).toContain("Souvent achetés ensemble");
    expect(words).toContain("Cet article : Trail Camera");
    expect(words).toContain("Vous économisez $25.00");
    expect(words).toContain("Ajouter la sélection au panier");
    expect(html).toContain(
      'data-t-stock="Certains de ces articles sont épuisés ou indisponibles dans cette quantité."',
    );
    expect(html).toContain('action="/fr/cart/add"');
  });

  it("loads the widget's script and stylesheet once, deferred, and keeps the page accessible", async () => {
    const page = await client()
      .get("/products/trail-camera")
      .then((r) => r.text());
    expect(
      page.split('<script src="/extensions/attach-widget/assets/attach-widget.js" defer="defer"></script>'),
    ).toHaveLength(2);
    expect(page.split('href="/extensions/attach-widget/assets/attach-widget.css"')).toHaveLength(2);
    expect(accessibilityProblems(page)).toEqual([]);
  });

  it("adds the ticked items with the _attach_offer property through the form alone (no JavaScript)", async () => {
    const c = client();
    const html = await productBlock(c);
    const form = formOf(html, "pairing:camera-pairing");
    const cardCheckbox = /id="([^"]+)"\s+name="items\[3\]\[quantity\]"/.exec(form.html)![1]!;
    const response = await c.postForm(form.action, formFields(form.html, [cardCheckbox]));
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/cart");
    const cart = await c.cartJs();
    expect(cart.items.map((i) => [i.variant_id, i.quantity, i.properties])).toEqual([
      [CAMERA_BODY, 1, { _attach_offer: "pairing:camera-pairing" }],
      [LENS_VARIANT, 1, { _attach_offer: "pairing:camera-pairing" }],
      [STRAP_BLACK, 1, { _attach_offer: "pairing:camera-pairing" }],
    ]);
  });

  it("adds a whole bundle, its quantities included, through the form alone", async () => {
    const c = client();
    const form = formOf(await productBlock(c), "bundle:creator-kit");
    expect((await c.postForm(form.action, formFields(form.html))).status).toBe(302);
    const cart = await c.cartJs();
    expect(cart.items.map((i) => [i.variant_id, i.quantity, i.properties._attach_offer])).toEqual([
      [CAMERA_BODY, 1, "bundle:creator-kit"],
      [LENS_VARIANT, 1, "bundle:creator-kit"],
      [CARD_VARIANT, 2, "bundle:creator-kit"],
    ]);
  });
});

describe("the cart page block", () => {
  async function cartWith(
    c: Client,
    items: Array<{ id: number; quantity: number; properties?: Record<string, string> }>,
  ) {
    expect((await c.postJson("/cart/add.js", { items })).status).toBe(200);
  }

  it("hides itself when nothing applies", async () => {
    const c = client();
    expect(await cartBlock(c)).toBe("");
    await cartWith(c, [{ id: CARD_VARIANT, quantity: 1 }]);
    expect(await cartBlock(c)).toBe("");
  });

  it("suggests the complements of the cart's products that are not in the cart yet, each with one-click add", async () => {
    const c = client();
    await cartWith(c, [
      { id: CAMERA_BODY, quantity: 1 },
      { id: LENS_VARIANT, quantity: 1 },
    ]);
    const html = await cartBlock(c);
    const suggested = [...html.matchAll(/<span class="attach-item__title">\s*([^<]+?)\s*<\/span>/g)].map((m) => m[1]);
    expect(suggested).toEqual(["Camera Strap", "Memory Card", "Travel Tripod"]);
    expect(text(html)).toContain("Complete your order");
    expect(text(html)).toContain("10% off each item bought with Trail Camera");
    expect(text(html)).toContain("Goes with Prime Lens");
    expect(html).toContain('aria-label="Add Memory Card to cart"');
    expect(html).toContain("data-refresh-self");

    const form = /<form\b[^>]*action="([^"]+)"[^>]*>(?:(?!<\/form>)[\s\S])*Memory Card[\s\S]*?<\/form>/.exec(html)!;
    expect((await c.postForm(form[1]!, formFields(form[0]))).status).toBe(302);
    expect((await c.cartJs()).items.at(-1)).toMatchObject({
      variant_id: CARD_VARIANT,
      properties: { _attach_offer: "pairing:camera-pairing" },
    });
    expect(await cartBlock(c)).not.toContain("Memory Card");
  });

  it("says 'Bundle saving applied' next to a completed bundle the Function discounted", async () => {
    const bundleLines = new Set([CAMERA, LENS, CARD]);
    const priceCart: PriceCart = (cart) => ({
      lineDiscounts: new Map(
        cart.lines
          .filter((line) => bundleLines.has(line.productId))
          .map((line) => [line.key, [{ amount: 3700, title: `Bundle: ${HOSTILE_TITLE} — 15% off` }]]),
      ),
    });
    const c = client(widgetShop(), priceCart);
    await cartWith(c, [
      { id: CAMERA_BODY, quantity: 1 },
      { id: LENS_VARIANT, quantity: 1 },
      { id: CARD_VARIANT, quantity: 2 },
    ]);
    const html = await cartBlock(c);
    expect(text(html)).toContain(`${HOSTILE_TITLE} Bundle saving applied −$111.00`);
    expect(html).not.toContain("<script>alert");
  });

  it("does not claim a saving for an incomplete bundle or one the Function did not discount", async () => {
    const discountAll: PriceCart = (cart) => ({
      lineDiscounts: new Map(
        cart.lines.map((line) => [line.key, [{ amount: 100, title: `Bundle: ${HOSTILE_TITLE} — 15% off` }]]),
      ),
    });
    const incomplete = client(widgetShop(), discountAll);
    await cartWith(incomplete, [
      { id: CAMERA_BODY, quantity: 1 },
      { id: LENS_VARIANT, quantity: 1 },
      { id: CARD_VARIANT, quantity: 1 },
    ]);
    expect(text(await cartBlock(incomplete))).not.toContain("Bundle saving applied");

    const undiscounted = client();
    await cartWith(undiscounted, [
      { id: CAMERA_BODY, quantity: 1 },
      { id: LENS_VARIANT, quantity: 1 },
      { id: CARD_VARIANT, quantity: 2 },
    ]);
    expect(text(await cartBlock(undiscounted))).not.toContain("Bundle saving applied");
  });

  it("shows nothing to a customer the app excluded", async () => {
    const c = client();
    c.cookies.set(CUSTOMER_COOKIE, String(EXCLUDED_CUSTOMER));
    await cartWith(c, [{ id: CAMERA_BODY, quantity: 1 }]);
    expect(await cartBlock(c)).toBe("");
  });

  it("shows nothing while offers are paused shop-wide", async () => {
    const paused = client(shopWithPause(true));
    await cartWith(paused, [{ id: CAMERA_BODY, quantity: 1 }]);
    expect(await cartBlock(paused)).toBe("");
    const running = client(shopWithPause(false));
    await cartWith(running, [{ id: CAMERA_BODY, quantity: 1 }]);
    expect(await cartBlock(running)).toContain("<attach-");
  });

  it("speaks French on the French storefront", async () => {
    const c = client();
    await cartWith(c, [{ id: CAMERA_BODY, quantity: 1 }]);
    const words = text(await cartBlock(c, "/fr/cart"));
    expect(words).toContain("Complétez votre commande");
    expect(words).toContain("10 % de réduction sur chaque article acheté avec Trail Camera");
    expect(words).toContain("Ajouter");
  });

  it("leaves out a complement whose only variant needs a selling plan", async () => {
    const shop = widgetShop();
    shop.products.push(
      product({
        id: 507,
        handle: "film-club",
        title: "Film club",
        variants: [variant({ id: 5071, productId: 507, price: 900, requiresSellingPlan: true })],
      }),
    );
    const camera = shop.products.find((p) => p.id === CAMERA)!;
    camera.metafields = [
      attachMetafield("pairing", "json", pairingValue({ id: "camera-pairing", percent: 10, complements: [507, CARD] })),
      attachMetafield("offer_products", "list.product_reference", offerProductsValue([507, CARD])),
    ];
    const c = client(shop);
    expect(await productBlock(c)).not.toContain("Film club");
    await cartWith(c, [{ id: CAMERA_BODY, quantity: 1 }]);
    const html = await cartBlock(c);
    expect(html).toContain("Memory Card");
    expect(html).not.toContain("Film club");
  });
});

describe("the sold-out setting", () => {
  /** A client whose blocks show sold-out complements as unavailable, with `settings` on top. */
  function showingSoldOut(settings: Record<string, unknown> = {}, shop = widgetShop()) {
    const placed = (block: string) => [{ block, settings: { sold_out: "disabled", ...settings } }];
    return storefrontClient({
      shop,
      extensionsDir: WIDGET,
      themeEditorState: {
        templates: { product: placed("complete-the-solution"), cart: placed("cart-complements") },
      },
    });
  }
  const titles = (html: string) =>
    [...html.matchAll(/<span class="attach-item__title">\s*([^<]+?)\s*<\/span>/g)].map((m) => m[1]);

  it("shows a sold-out complement in its place as unavailable: a box that cannot be ticked, not posted, not priced", async () => {
    const html = offer(await productBlock(showingSoldOut()), "pairing:camera-pairing");
    expect(titles(html)).toEqual([
      "This item: Trail Camera",
      "Prime Lens",
      "Camera Bag",
      "Camera Strap",
      "Memory Card",
    ]);
    const bag = /<div class="attach-item attach-item--sold-out">[\s\S]*?<\/div>/.exec(html)![0];
    expect(bag).toMatch(/<input class="attach-item__check" type="checkbox" id="[^"]+-sold-\d+" disabled>/);
    expect(bag).not.toContain("name=");
    expect(bag).not.toContain("data-row");
    expect(text(bag)).toBe("Include Camera Bag Camera Bag Sold out");
    expect(formFields(formOf(html, "pairing:camera-pairing").html).map(([, value]) => value)).not.toContain(
      String(BAG_VARIANT),
    );
    // The same figures as when the bag is left out.
    expect(figures(html)).toEqual(figures(offer(await productBlock(client()), "pairing:camera-pairing")));
  });

  it("counts a sold-out complement towards the most products to suggest", async () => {
    const html = await productBlock(showingSoldOut({ max_items: 2 }));
    expect(titles(offer(html, "pairing:camera-pairing"))).toEqual([
      "This item: Trail Camera",
      "Prime Lens",
      "Camera Bag",
    ]);
  });

  it("leaves sold-out complements out by default, and shows nothing when none can be added either way", async () => {
    expect(await productBlock(client())).not.toContain("Camera Bag");
    const onlyTheBag = withCameraMetafields(
      cameraMetafields({ pairing: { id: "camera-pairing", percent: 10, complements: [BAG] }, bundles: [] }),
    );
    expect(await productBlock(showingSoldOut({}, onlyTheBag))).toBe("");
  });

  it("keeps a bundle with a sold-out part out either way: it could not be completed", async () => {
    expect(await productBlock(showingSoldOut())).not.toContain("bundle:travel-kit");
  });

  it("shows a sold-out complement on the cart page without an add button", async () => {
    const c = showingSoldOut();
    expect((await c.postJson("/cart/add.js", { items: [{ id: CAMERA_BODY, quantity: 1 }] })).status).toBe(200);
    const html = await cartBlock(c);
    expect(titles(html)).toEqual(["Prime Lens", "Camera Bag", "Camera Strap"]);
    const bag = /<li class="attach-offer attach-offer--sold-out">[\s\S]*?<\/li>/.exec(html)![0];
    expect(text(bag)).toBe("Include Camera Bag Camera Bag Sold out Goes with Trail Camera");
    expect(bag).not.toContain("<form");
    expect(bag).not.toContain("data-offer");
    expect(html).not.toContain('aria-label="Add Camera Bag to cart"');
  });

  it("keeps the page accessible with sold-out complements shown", async () => {
    const page = await showingSoldOut()
      .get("/products/trail-camera")
      .then((r) => r.text());
    expect(page).toContain("attach-item--sold-out");
    expect(accessibilityProblems(page)).toEqual([]);
  });
});

describe("the cart drawer app embed", () => {
  /** The offers the embed rendered into its <template> on a page, or null when the embed is not there. */
  async function drawerOffers(c: Client, page: string): Promise<string | null> {
    const response = await c.get(page);
    expect(response.status).toBe(200);
    const html = await response.text();
    return (
      /<attach-drawer id="attach-drawer-cart-drawer"[^>]*>\s*<template>([\s\S]*?)<\/template>/.exec(html)?.[1] ?? null
    );
  }
  const titles = (html: string) =>
    [...html.matchAll(/<span class="attach-item__title">\s*([^<]+?)\s*<\/span>/g)].map((m) => m[1]);

  it("renders the cart page block's offers for the cart into its template, on every page, without refreshing a section of its own", async () => {
    const c = client();
    expect(await drawerOffers(c, "/")).toMatch(/^\s*$/);
    expect(
      (
        await c.postJson("/cart/add.js", {
          items: [
            { id: CAMERA_BODY, quantity: 1 },
            { id: LENS_VARIANT, quantity: 1 },
          ],
        })
      ).status,
    ).toBe(200);
    for (const page of ["/", "/products/trail-camera", "/cart"]) {
      const offers = (await drawerOffers(c, page))!;
      expect(titles(offers), page).toEqual(["Camera Strap", "Memory Card", "Travel Tripod"]);
      expect(offers).toContain('aria-label="Add Memory Card to cart"');
      expect(offers).not.toContain("data-refresh-self");
    }
    expect(titles(await cartBlock(c))).toEqual(titles((await drawerOffers(c, "/"))!));
  });

  it("is left out when the merchant switches it off", async () => {
    const c = storefrontClient({
      shop: widgetShop(),
      extensionsDir: WIDGET,
      themeEditorState: { templates: {}, embeds: [{ block: "cart-drawer", disabled: true }] },
    });
    expect(await drawerOffers(c, "/")).toBeNull();
  });

  it("meets a Dawn-like <cart-drawer> in the previewed drawer theme, which stays previewed, and none in the published one", async () => {
    const c = client();
    expect(await (await c.get("/")).text()).not.toContain("<cart-drawer");
    expect(await (await c.get("/?preview_theme_id=2")).text()).toContain('<cart-drawer class="drawer is-empty">');
    const page = await (await c.get("/products/trail-camera")).text();
    expect(page).toContain('<div id="CartDrawer" class="cart-drawer">');
    expect(page).toContain('<attach-drawer id="attach-drawer-cart-drawer"');
    const sections = (await (await c.get("/?sections=cart-drawer")).json()) as Record<string, string>;
    expect(sections["cart-drawer"]).toContain('<div class="drawer__footer">');
  });
});
