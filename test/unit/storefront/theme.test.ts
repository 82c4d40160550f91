import { describe, expect, it } from "vitest";
import type { ThemeEditorState } from "../../../local/storefront/theme";
import { CASE_VARIANT, LAPTOP_SILVER } from "../../fixtures/storefront-shop";
import { accessibilityProblems, storefrontClient, writeExtension } from "./helpers";

const count = (text: string, needle: string) => text.split(needle).length - 1;

async function page(path: string, state?: ThemeEditorState) {
  const client = storefrontClient(state ? { themeEditorState: state } : {});
  const response = await client.get(path);
  return { status: response.status, html: await response.text() };
}

describe("the product page", () => {
  it("shows the product's title, price, variants, quantity and an Add to cart form posting to /cart/add", async () => {
    const { status, html } = await page("/products/laptop");
    expect(status).toBe(200);
    expect(html).toContain('<h1 class="product__title">Laptop</h1>');
    expect(html).toContain(
      '<span class="price__current"><span class="visually-hidden">Sale price</span> $1,999.99</span>',
    );
    expect(html).toMatch(/<form method="post" action="\/cart\/add"[^>]*>/);
    expect(html).toContain('<option value="1011" selected>Space Grey / 14-inch – $1,999.99</option>');
    expect(html).toContain('<input id="product-quantity" type="number" name="quantity" value="1" min="1">');
    expect(html).toContain('<button type="submit" name="add">Add to cart</button>');
  });

  it("preselects the ?variant= of the URL", async () => {
    const { html } = await page(`/products/laptop?variant=${LAPTOP_SILVER}`);
    expect(html).toContain(`<option value="${LAPTOP_SILVER}" selected>`);
    expect(html).toContain("$2,499.99</span>");
  });

  it("disables Add to cart for a sold-out product", async () => {
    const { html } = await page("/products/headphones");
    expect(html).toContain('<button type="submit" name="add" disabled>Sold out</button>');
  });

  it("renders the app block the theme editor placed, reading the product's app-owned metafields", async () => {
    const { html } = await page("/products/laptop");
    expect(html).toContain('<div id="shopify-section-app-block-complete" class="shopify-section">');
    expect(html).toContain('<div id="shopify-block-complete" class="shopify-block shopify-app-block">');
    expect(html).toContain('<p class="attach-title">Goes well with Laptop</p>');
    expect(html).toContain('<p class="attach-offer">Laptop essentials: Save $15.00</p>');
    expect(html).toContain('<a href="/products/laptop-case">Laptop Case</a>');
    expect(html).toContain('<span class="attach-sold-out">Sold out</span>');
    expect(html).not.toContain("/products/mouse"); // a draft pairing is not on the storefront
    expect(html).toContain('<p class="attach-count">2 items</p>');
  });

  it("fills block.settings from the schema defaults", async () => {
    const { html } = await page("/products/laptop");
    expect(html).toContain('<h2 id="attach-heading-complete">Complete the set</h2>');
    expect(html).toContain('<span class="attach-price">$49.99</span>'); // show_prices defaults to true
    expect(html).toContain('<p class="attach-setting-product">laptop</p>'); // autofilled product setting
  });

  it("lets the merchant's values override the schema defaults", async () => {
    const { html } = await page("/products/laptop", {
      templates: {
        product: [{ block: "complete", settings: { heading: "Buy it together", show_prices: false, max_items: 1 } }],
      },
    });
    expect(html).toContain('<h2 id="attach-heading-complete">Buy it together</h2>');
    expect(html).not.toContain("attach-price");
    expect(count(html, 'class="attach-item"')).toBe(1);
  });

  it("links a block's javascript and stylesheet once per page, however many blocks name them", async () => {
    const { html } = await page("/products/laptop", {
      templates: { product: [{ block: "complete" }, { block: "complete" }] },
      embeds: [{ block: "beacon" }],
    });
    expect(count(html, 'id="shopify-block-complete"')).toBe(1);
    expect(count(html, 'id="shopify-block-complete-2"')).toBe(1);
    expect(count(html, '<script src="/extensions/attach-test/assets/x.js" defer="defer"></script>')).toBe(1);
    expect(count(html, '<link href="/extensions/attach-test/assets/x.css" rel="stylesheet"')).toBe(1);
    expect(html.indexOf("assets/x.js")).toBeLessThan(html.indexOf("</head>"));
  });

  it("links no block assets when no block is on the page", async () => {
    const { html } = await page("/products/laptop", { templates: {}, embeds: [] });
    expect(html).not.toContain("attach-complete");
    expect(html).not.toContain("/extensions/attach-test/assets/");
  });

  it("injects enabled app embeds before </body> and leaves hidden ones out", async () => {
    const on = await page("/products/laptop", { embeds: [{ block: "beacon" }] });
    expect(on.html).toMatch(
      /<div id="shopify-block-beacon" class="shopify-block shopify-app-block"><script type="application\/json" id="attach-config">\{"beacon":true,"note":"\\u003c\/script\\u003e"\}<\/script>\s*<\/div>\s*<\/body>/,
    );
    const off = await page("/products/laptop", { embeds: [{ block: "beacon", disabled: true }] });
    expect(off.html).not.toContain("attach-config");
  });

  it("refuses to place a block on a template its enabled_on excludes", async () => {
    const { status, html } = await page("/", { templates: { index: [{ block: "complete" }] } });
    expect(status).toBe(500);
    expect(html).toContain("cannot be placed on the index template");
  });

  it("answers 404 with the theme's not-found page for an unknown or draft product", async () => {
    for (const path of ["/products/nope", "/products/mouse"]) {
      const { status, html } = await page(path);
      expect(status).toBe(404);
      expect(html).toContain("<h1>Page not found</h1>");
    }
    const client = storefrontClient();
    expect((await client.get("/products/mouse.js")).status).toBe(404);
  });

  it("serves the Ajax Product API shape at /products/<handle>.js", async () => {
    const client = storefrontClient();
    const product = (await (await client.get("/products/laptop.js")).json()) as Record<string, unknown>;
    expect(product).toMatchObject({
      id: 101,
      handle: "laptop",
      price: 199999,
      price_max: 249999,
      price_varies: true,
      available: true,
      url: "/products/laptop",
      options: [
        { name: "Color", position: 1, values: ["Space Grey", "Silver"] },
        { name: "Size", position: 2, values: ["14-inch", "16-inch"] },
      ],
    });
    expect((product.variants as unknown[])[0]).toMatchObject({
      id: 1011,
      option1: "Space Grey",
      price: 199999,
      available: true,
    });
  });
});

describe("translations and locales", () => {
  it("serves /fr/ pages in French, with the extension's fr.json and localized routes", async () => {
    const { status, html } = await page("/fr/products/laptop");
    expect(status).toBe(200);
    expect(html).toMatch(/^<!doctype html>\s*<html lang="fr">/);
    expect(html).toContain('<p class="attach-title">Va bien avec Laptop</p>');
    expect(html).toContain('<span class="attach-sold-out">Épuisé</span>');
    expect(html).toContain('<p class="attach-offer">Laptop essentials: Économisez $15.00</p>');
    expect(html).toContain('action="/fr/cart/add"');
    expect(html).toContain('<a href="/fr/products/laptop-case">Laptop Case</a>');
    expect(html).toContain('"routes":{"root":"/fr/"}');
  });
});

describe("other pages", () => {
  it("lists published products on the home page, not drafts", async () => {
    const { html } = await page("/");
    expect(html).toContain("<h1>Attach Test Store</h1>");
    expect(html).toContain('<span class="card__title">Laptop Case</span>');
    expect(html).toContain('<span class="card__title">Headphones</span></a>');
    expect(html).not.toContain("Mouse");
  });

  it("shows a collection's published products and 404s an unknown collection", async () => {
    const { html } = await page("/collections/laptops");
    expect(html).toContain("<h1>Laptops</h1>");
    expect(html).toContain('<span class="card__title">Laptop</span>');
    expect(html).not.toContain("Headphones");
    expect(html).not.toContain("Mouse");
    expect((await page("/collections/nope")).status).toBe(404);
  });

  it.each([
    "/",
    "/products/laptop",
    "/products/headphones",
    "/collections/laptops",
    "/collections/all",
    "/cart",
    "/nope",
    "/account/login",
    "/fr/products/laptop",
  ])("renders %s as accessible HTML (lang, one h1, labelled controls, buttons with text)", async (path) => {
    const client = storefrontClient();
    await client.postJson("/cart/add.js", { id: CASE_VARIANT, quantity: 1, properties: { Engraving: "Ada" } });
    const html = await (await client.get(path)).text();
    expect(accessibilityProblems(html)).toEqual([]);
  });
});

describe("the Section Rendering API", () => {
  it("returns the requested sections' HTML as JSON, null for unknown ones", async () => {
    const client = storefrontClient();
    await client.postJson("/cart/add.js", { id: CASE_VARIANT, quantity: 2 });
    const response = await client.get("/products/laptop?sections=cart-icon-bubble,app-block-complete,nope");
    expect(response.headers.get("content-type")).toContain("application/json");
    const sections = (await response.json()) as Record<string, string | null>;
    expect(Object.keys(sections)).toEqual(["cart-icon-bubble", "app-block-complete", "nope"]);
    expect(sections["cart-icon-bubble"]).toBe(
      '<div id="shopify-section-cart-icon-bubble" class="shopify-section"><span>Cart</span> <span class="cart-count" aria-hidden="true">2</span><span class="visually-hidden">2 items</span></div>',
    );
    expect(sections["app-block-complete"]).toContain('<p class="attach-title">Goes well with Laptop</p>');
    expect(sections.nope).toBeNull();
  });

  it("returns one section's HTML for ?section_id=, and 404 for an unknown one", async () => {
    const client = storefrontClient();
    const response = await client.get("/products/laptop?section_id=main-product");
    expect(response.headers.get("content-type")).toContain("text/html");
    const html = await response.text();
    expect(html.startsWith('<div id="shopify-section-main-product" class="shopify-section">')).toBe(true);
    expect(html).toContain('<h1 class="product__title">Laptop</h1>');
    expect(html).not.toContain("<html");
    expect((await client.get("/products/laptop?section_id=nope")).status).toBe(404);
  });
});

describe("broken extensions", () => {
  it("fail the page with an error naming the file and the unknown filter", async () => {
    const dir = writeExtension({
      "blocks/bad.liquid": '{{ product.title | shout }}{% schema %}{"name": "Bad", "target": "section"}{% endschema %}',
    });
    const client = storefrontClient({ extensionsDir: dir });
    const response = await client.get("/products/laptop");
    expect(response.status).toBe(500);
    const html = await response.text();
    expect(html).toContain("undefined filter: shout");
    expect(html).toContain("blocks/bad.liquid");
  });

  it("fail the page with an error naming the forbidden tag and the snippet", async () => {
    const dir = writeExtension({
      "blocks/ok.liquid": `{% render 'inner' %}{% schema %}{"name": "Ok", "target": "section"}{% endschema %}`,
      "snippets/inner.liquid": "{% javascript %}alert(1){% endjavascript %}",
    });
    const html = await (await storefrontClient({ extensionsDir: dir }).get("/")).text();
    expect(html).toContain("the &quot;javascript&quot; tag is not allowed in theme app extensions");
    expect(html).toContain("snippets/inner.liquid");
  });

  it("hide a block whose available_if is false, and show it when the app metafield turns it on", async () => {
    const dir = writeExtension({
      "blocks/gated.liquid":
        '<p class="gated">on</p>{% schema %}{"name": "Gated", "target": "section", "available_if": "{{ app.metafields.attach.enabled }}"}{% endschema %}',
    });
    const client = storefrontClient({ extensionsDir: dir });
    expect(await (await client.get("/products/laptop")).text()).not.toContain("gated");
    client.shop.appMetafields.push({
      namespace: "attach",
      key: "enabled",
      type: "boolean",
      value: "true",
      updatedAt: "",
    });
    expect(await (await client.get("/products/laptop")).text()).toContain('<p class="gated">on</p>');
  });
});
