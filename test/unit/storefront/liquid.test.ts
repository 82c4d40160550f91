import { describe, expect, it } from "vitest";
import {
  createShopifyLiquid,
  FORBIDDEN_APP_EXTENSION_TAGS,
  type ShopifyLiquidOptions,
  translate,
  type Translations,
} from "../../../local/storefront/liquid";
import type { TranslationTree } from "../../../local/storefront/extensions";

const translations: Translations = {
  defaultLocale: "en",
  locales: new Map<string, TranslationTree>([
    [
      "en",
      {
        widget: {
          title: "Goes well with {{ product }}",
          items: { one: "{{ count }} item", other: "{{ count }} items" },
          empty: { zero: "Nothing yet", one: "{{ count }} thing", other: "{{ count }} things" },
          english_only: "Only in English",
          link_html: "<a href='/x'>{{ name }}</a>",
        },
      },
    ],
    [
      "fr",
      {
        widget: {
          title: "Va bien avec {{ product }}",
          items: { one: "{{ count }} article", other: "{{ count }} articles" },
        },
      },
    ],
  ]),
};

function engine(overrides: Partial<ShopifyLiquidOptions> = {}) {
  return createShopifyLiquid({
    kind: "app-extension",
    moneyFormat: "${{amount}}",
    moneyWithCurrencyFormat: "${{amount}} USD",
    locale: "en",
    translations,
    snippets: new Map([
      ["snippets/price.liquid", "<b>{{ amount | money }}</b>"],
      ["snippets/sneaky.liquid", "{% include 'price' %}"],
    ]),
    assetUrl: (file) => `/extensions/attach/assets/${file}`,
    ...overrides,
  });
}

async function renderError(source: string, file = "blocks/widget.liquid", options: Partial<ShopifyLiquidOptions> = {}) {
  const liquid = engine(options);
  try {
    await liquid.render(liquid.parse(source, file), {});
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`expected ${source} to fail`);
}

describe("the t filter", () => {
  it("interpolates keyword arguments into the request locale's translation", async () => {
    const liquid = engine({ locale: "fr" });
    expect(await liquid.parseAndRender("{{ 'widget.title' | t: product: name }}", { name: "Laptop" })).toBe(
      "Va bien avec Laptop",
    );
  });

  it("falls back to the default locale's file for keys the locale lacks", () => {
    expect(translate(translations, "fr", "widget.english_only")).toBe("Only in English");
    expect(translate(translations, "fr-CA", "widget.title", { product: "X" })).toBe("Va bien avec X");
  });

  it("picks the plural form by count with the locale's plural rules", () => {
    expect(translate(translations, "en", "widget.items", { count: 1 })).toBe("1 item");
    expect(translate(translations, "en", "widget.items", { count: 0 })).toBe("0 items");
    expect(translate(translations, "fr", "widget.items", { count: 0 })).toBe("0 article");
    expect(translate(translations, "fr", "widget.items", { count: 2 })).toBe("2 articles");
    expect(translate(translations, "en", "widget.empty", { count: 0 })).toBe("Nothing yet");
  });

  it("escapes interpolated values unless the key ends in _html", () => {
    expect(translate(translations, "en", "widget.title", { product: "<b>" })).toBe("Goes well with &lt;b&gt;");
    expect(translate(translations, "en", "widget.link_html", { name: "<i>x</i>" })).toBe("<a href='/x'><i>x</i></a>");
  });

  it("says which translation is missing, as Shopify does", () => {
    expect(translate(translations, "fr", "widget.nope")).toBe("translation missing: fr.widget.nope");
  });
});

describe("strict Liquid", () => {
  it("rejects an unknown filter at parse time, naming it and the file", async () => {
    const message = await renderError("{{ product.title | shout }}");
    expect(message).toContain("undefined filter: shout");
    expect(message).toContain("blocks/widget.liquid");
  });

  it("rejects filters LiquidJS has but Shopify does not", async () => {
    expect(await renderError("{{ 'a b' | slugify }}")).toContain("undefined filter: slugify");
    expect(await renderError("{{ list | push: 1 }}")).toContain("undefined filter: push");
  });

  it("rejects an unknown tag", async () => {
    expect(await renderError("{% frobnicate %}")).toContain('tag "frobnicate" not found');
  });

  it("says a known Shopify filter is not emulated rather than silently passing it", async () => {
    expect(await renderError("{{ 'x' | font_face }}")).toContain('the Shopify filter "font_face" is not emulated');
  });

  it("renders undefined variables as nothing, like Shopify", async () => {
    expect(await engine().parseAndRender("[{{ nothing.here }}]")).toBe("[]");
  });
});

describe("app extension restrictions", () => {
  it.each(Object.keys(FORBIDDEN_APP_EXTENSION_TAGS))(
    "refuses the %s tag in a block, naming the tag and the file",
    async (tag) => {
      const message = await renderError(`before {% ${tag} 'x' %}`, "blocks/complete.liquid");
      expect(message).toContain(`the "${tag}" tag is not allowed in theme app extensions`);
      expect(message).toContain("blocks/complete.liquid");
    },
  );

  it("refuses a forbidden tag inside a rendered snippet, naming the snippet", async () => {
    const message = await renderError("{% render 'sneaky' %}");
    expect(message).toContain('the "include" tag is not allowed');
    expect(message).toContain("snippets/sneaky.liquid");
  });

  it("refuses a forbidden tag written inside a {% liquid %} tag", async () => {
    expect(await renderError("{% liquid\n  include 'price'\n%}")).toContain('the "include" tag is not allowed');
  });

  it("renders the extension's own snippets with the arguments passed", async () => {
    expect(await engine().parseAndRender("{% render 'price', amount: 4999 %}")).toBe("<b>$49.99</b>");
  });

  it("only renders snippets named by a literal, and never a path", async () => {
    expect(await renderError("{% render name %}")).toContain('the "render" tag takes a quoted snippet name');
    expect(await renderError("{% render '../blocks/widget' %}")).toContain("takes a quoted snippet name");
    expect(await renderError("{% render 'missing' %}")).toContain('Failed to lookup "missing"');
  });

  it("hides variables assigned in the block from snippets, as Shopify's render does", async () => {
    const liquid = engine({
      snippets: new Map([["snippets/peek.liquid", "[{{ secret }}]"]]),
    });
    expect(await liquid.parseAndRender("{% assign secret = 'x' %}{% render 'peek' %}")).toBe("[]");
  });
});

describe("Shopify tags", () => {
  it("writes {% form 'product', product %} as Shopify's add-to-cart form", async () => {
    const html = await engine({ localePrefix: "/fr" }).parseAndRender(
      "{% form 'product', product, class: 'attach-form', data-attach: 'yes' %}<button>Add</button>{% endform %}",
      { product: { id: 101 } },
    );
    expect(html).toBe(
      '<form method="post" action="/fr/cart/add" accept-charset="UTF-8" enctype="multipart/form-data" id="product_form_101" class="attach-form" data-attach="yes">' +
        '<input type="hidden" name="form_type" value="product" /><input type="hidden" name="utf8" value="✓" />' +
        "<button>Add</button></form>",
    );
  });

  it("writes {% form 'cart', cart %} posting to /cart", async () => {
    const html = await engine().parseAndRender("{% form 'cart', cart %}x{% endform %}", { cart: {} });
    expect(html).toContain('action="/cart"');
    expect(html).toContain('name="form_type" value="cart"');
  });

  it("skips {% schema %} and wraps {% style %} in a data-shopify style element", async () => {
    const html = await engine().parseAndRender(
      '{% style %}.a { color: {{ c }}; }{% endstyle %}{% schema %}{"name": "x {{ y }}"}{% endschema %}',
      { c: "red" },
    );
    expect(html).toBe("<style data-shopify>.a { color: red; }</style>");
  });
});

describe("Shopify filters", () => {
  it("json escapes </script> so it is safe inside a script element", async () => {
    expect(await engine().parseAndRender("{{ v | json }}", { v: { a: "</script>&" } })).toBe(
      '{"a":"\\u003c/script\\u003e\\u0026"}',
    );
  });

  it("image_url adds the size to the URL and image_tag keeps the image's alt text", async () => {
    const html = await engine().parseAndRender(
      "{{ image | image_url: width: 300, height: 200 | image_tag: loading: 'lazy' }}",
      {
        image: { src: "/cdn/a.png", alt: "A laptop" },
      },
    );
    expect(html).toBe(
      '<img src="/cdn/a.png?width=300&amp;height=200" alt="A laptop" width="300" height="200" loading="lazy">',
    );
  });

  it("asset_url points at the extension's assets", async () => {
    expect(await engine().parseAndRender("{{ 'x.js' | asset_url | script_tag }}")).toBe(
      '<script src="/extensions/attach/assets/x.js" type="text/javascript"></script>',
    );
  });

  it("handleize, pluralize and the standard filters behave as on Shopify", async () => {
    const liquid = engine();
    expect(await liquid.parseAndRender("{{ \"Laptop Case (Grey) 14''\" | handleize }}")).toBe("laptop-case-grey-14");
    expect(await liquid.parseAndRender("{{ 2 | pluralize: 'item', 'items' }}")).toBe("items");
    expect(
      await liquid.parseAndRender(
        "{{ list | where: 'ok' | map: 'n' | join: ',' }}|{{ 7 | at_most: 5 | plus: 1 }}|{{ '<p>Hi</p>' | strip_html | upcase }}|{{ nil | default: 'd' }}",
        {
          list: [
            { n: 1, ok: true },
            { n: 2, ok: false },
            { n: 3, ok: true },
          ],
        },
      ),
    ).toBe("1,3|6|HI|d");
  });
});
