import { describe, expect, it } from "vitest";
import { createShopifyLiquid } from "../../../local/storefront/liquid";
import { StorefrontObjects, liquidNamespace } from "../../../local/storefront/objects";
import { CUSTOMER, fixtureShop } from "../../fixtures/storefront-shop";
import { API_CLIENT_ID, storefrontClient, writeExtension } from "./helpers";

function setup() {
  const shop = fixtureShop();
  const objects = new StorefrontObjects({
    shop,
    apiClientId: API_CLIENT_ID,
    locale: "en",
    localePrefix: "",
    origin: "http://shop.test",
  });
  const liquid = createShopifyLiquid({
    kind: "app-extension",
    moneyFormat: "${{amount}}",
    moneyWithCurrencyFormat: "${{amount}} USD",
    locale: "en",
  });
  const render = (source: string, scope: Record<string, unknown> = {}) =>
    liquid.parseAndRender(source, {
      product: objects.productByHandle("laptop"),
      app: { metafields: objects.metafields(shop.appMetafields) },
      ...scope,
    });
  return { shop, objects, render };
}

describe("app-owned metafields in Liquid", () => {
  it("name the $app:attach namespace app--<client id>--attach, as Shopify does", () => {
    expect(liquidNamespace("$app:attach", "123456")).toBe("app--123456--attach");
    expect(liquidNamespace("$app", "123456")).toBe("app--123456");
    expect(liquidNamespace("custom", "123456")).toBe("custom");
  });

  it("are reachable as app--<client id>--attach and through the $app:attach prefix of theme app extensions", async () => {
    const { render } = setup();
    expect(await render(`{{ product.metafields["app--${API_CLIENT_ID}--attach"].offer.value.title }}`)).toBe(
      "Laptop essentials",
    );
    expect(await render('{{ product.metafields["$app:attach"].offer.value.title }}')).toBe("Laptop essentials");
    expect(await render('[{{ product.metafields["app--999--attach"].offer.value.title }}]')).toBe("[]");
    expect(await render("{{ product.metafields.custom.warranty.value }}")).toBe("2 years");
  });

  it("parse json values into objects and keep the type", async () => {
    const { render } = setup();
    expect(
      await render('{% assign m = product.metafields["$app:attach"].offer %}{{ m.type }}:{{ m.value.saving | money }}'),
    ).toBe("json:$15.00");
  });

  it("resolve list.product_reference values to published product drops", async () => {
    const { render } = setup();
    expect(
      await render(
        '{% for p in product.metafields["$app:attach"].pairs.value %}{{ p.handle }}={{ p.price | money }}/{{ p.available }};{% endfor %}',
      ),
    ).toBe("laptop-case=$49.99/true;headphones=$129.00/false;");
    expect(await render('{{ product.metafields["$app:attach"].pairs.value.size }}')).toBe("2");
  });

  it("parse number_integer values into numbers", async () => {
    const { render } = setup();
    expect(await render('{{ product.metafields["$app:attach"].rank.value | plus: 3 }}')).toBe("10");
  });

  it("print their stored value when output without .value", async () => {
    const { render } = setup();
    expect(await render('{{ product.metafields["$app:attach"].pairs }}')).toBe(
      '["gid://shopify/Product/102","gid://shopify/Product/103","gid://shopify/Product/104"]',
    );
  });

  it("read nil for a malformed stored value instead of failing the page", async () => {
    const { shop, render } = setup();
    shop.products[0]!.metafields[0]!.value = "{not json";
    expect(await render('[{{ product.metafields["$app:attach"].offer.value }}]')).toBe("[]");
  });

  it("include the app's installation metafields as app.metafields", async () => {
    const { render } = setup();
    expect(await render("{{ app.metafields.attach.config.value.beacon }}")).toBe("true");
  });
});

describe("Liquid objects", () => {
  it("describe a product with Shopify's fields", async () => {
    const { render } = setup();
    expect(
      await render(
        "{{ product.id }}|{{ product.url }}|{{ product.price }}|{{ product.compare_at_price }}|{{ product.selected_or_first_available_variant.id }}|{{ product.variants[1].option2 }}|{{ product.options_with_values[0].values | join: ',' }}|{{ product.featured_image | image_url: width: 100 }}|{{ product.tags | join: ',' }}|{{ product.type }}|{{ product.vendor }}|{{ product.requires_selling_plan }}",
      ),
    ).toBe(
      "101|/products/laptop|199999|219999|1011|16-inch|Space Grey,Silver|http://shop.test/cdn/laptop.png?width=100|computers|Computer|Attach Labs|false",
    );
  });

  it("describe the first available variant when the first one is sold out", async () => {
    const { shop, objects, render } = setup();
    shop.products[0]!.variants[0]!.inventoryQuantity = 0;
    expect(
      await render("{{ product.selected_or_first_available_variant.id }}", {
        product: objects.productByHandle("laptop"),
      }),
    ).toBe("1012");
  });

  it("keep the emulator's internals (unit costs, raw records) out of templates' reach", async () => {
    const { render } = setup();
    expect(
      await render(
        "[{{ product.product.id }}{{ product.objects }}{{ product.variants[0].variant.unitCost }}{{ product.metafields.constructor }}]",
      ),
    ).toBe("[]");
  });

  it("give customers their id, email and tags, and nil when logged out", async () => {
    const { shop, objects, render } = setup();
    const customer = objects.customer(shop.customers.find((c) => c.id === CUSTOMER)!);
    expect(await render("{{ customer.id }}|{{ customer.email }}|{{ customer.tags | join: ',' }}", { customer })).toBe(
      "201|ada@example.com|vip",
    );
    expect(await render("{% if customer %}in{% else %}out{% endif %}", { customer: objects.customer(null) })).toBe(
      "out",
    );
  });

  it("expose shop, request, routes, localization and cart to blocks", async () => {
    const dir = writeExtension({
      "blocks/probe.liquid": `{{ shop.name }}|{{ shop.currency }}|{{ shop.money_format }}|{{ shop.permanent_domain }}|{{ request.locale.iso_code }}|{{ request.page_type }}|{{ request.path }}|{{ routes.cart_add_url }}|{{ localization.language.iso_code }}|{{ cart.item_count }}|{{ cart.currency.iso_code }}|{{ customer.email }}
{% schema %}{"name": "Probe", "target": "section"}{% endschema %}`,
    });
    const client = storefrontClient({ extensionsDir: dir, publishedLocales: ["en", "fr"] });
    await client.postJson("/cart/add.js", { id: 1021, quantity: 2 });
    await client.get(`/account/login?customer_id=${CUSTOMER}`);
    const html = await (await client.get("/fr/products/laptop")).text();
    expect(html).toContain(
      "Attach Test Store|USD|${{amount}}|attach-test.myshopify.com|fr|product|/fr/products/laptop|/fr/cart/add|fr|2|USD|ada@example.com",
    );
  });
});
