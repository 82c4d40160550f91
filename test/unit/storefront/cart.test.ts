import { describe, expect, it } from "vitest";
import { type PriceCart, lineKey } from "../../../local/storefront/cart";
import {
  CASE_VARIANT,
  CUSTOMER,
  HEADPHONES_VARIANT,
  LAPTOP_GREY,
  LAPTOP_SILVER,
  MOUSE_VARIANT,
} from "../../fixtures/storefront-shop";
import { type CartJs, storefrontClient } from "./helpers";

describe("the cart cookie", () => {
  it("gives a new shopper a cart whose token is the cart cookie", async () => {
    const client = storefrontClient();
    const cart = await client.cartJs();
    expect(cart.token).toMatch(/^[0-9a-f]{32}$/);
    expect(client.cookies.get("cart")).toBe(cart.token);
    expect(client.carts.has(cart.token)).toBe(true);
    expect(cart).toMatchObject({
      item_count: 0,
      items: [],
      total_price: 0,
      currency: "USD",
      note: null,
      attributes: {},
    });
  });

  it("keeps each shopper's cart apart", async () => {
    const carts = new Map();
    const ada = storefrontClient({ carts });
    const bob = storefrontClient({ carts, shop: ada.shop });
    await ada.postJson("/cart/add.js", { id: CASE_VARIANT, quantity: 1 });
    expect((await ada.cartJs()).item_count).toBe(1);
    expect((await bob.cartJs()).item_count).toBe(0);
  });
});

describe("POST /cart/add.js", () => {
  it("adds items and answers with them in Shopify's line item shape", async () => {
    const client = storefrontClient();
    const response = await client.postJson("/cart/add.js", {
      items: [{ id: LAPTOP_GREY, quantity: 1, properties: { _attach_offer: "essentials" } }],
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { items: CartJs["items"] };
    expect(body.items).toHaveLength(1);
    expect(body.items[0]).toMatchObject({
      id: LAPTOP_GREY,
      variant_id: LAPTOP_GREY,
      product_id: 101,
      key: lineKey(LAPTOP_GREY, { _attach_offer: "essentials" }),
      quantity: 1,
      title: "Laptop - Space Grey / 14-inch",
      product_title: "Laptop",
      variant_title: "Space Grey / 14-inch",
      price: 199999,
      line_price: 199999,
      final_price: 199999,
      final_line_price: 199999,
      properties: { _attach_offer: "essentials" },
      url: `/products/laptop?variant=${LAPTOP_GREY}`,
      handle: "laptop",
      sku: `SKU-${LAPTOP_GREY}`,
      options_with_values: [
        { name: "Color", value: "Space Grey" },
        { name: "Size", value: "14-inch" },
      ],
    });
  });

  it("answers a single-item add with the line itself", async () => {
    const client = storefrontClient();
    const body = (await (await client.postJson("/cart/add.js", { id: CASE_VARIANT, quantity: 2 })).json()) as Record<
      string,
      unknown
    >;
    expect(body).toMatchObject({ id: CASE_VARIANT, quantity: 2, title: "Laptop Case", variant_title: null });
  });

  it("merges lines with the same variant and the same properties, whatever their order", async () => {
    const client = storefrontClient();
    await client.postJson("/cart/add.js", {
      items: [{ id: CASE_VARIANT, quantity: 1, properties: { a: "1", b: "2" } }],
    });
    await client.postJson("/cart/add.js", {
      items: [{ id: CASE_VARIANT, quantity: 1, properties: { b: "2", a: "1" } }],
    });
    await client.postJson("/cart/add.js", { items: [{ id: CASE_VARIANT, quantity: 1, properties: { a: "other" } }] });
    const cart = await client.cartJs();
    expect(cart.items.map((i) => [i.quantity, i.properties])).toEqual([
      [2, { a: "1", b: "2" }],
      [1, { a: "other" }],
    ]);
    expect(cart.item_count).toBe(3);
  });

  it("refuses more than the stock of a deny-policy variant with Shopify's 422", async () => {
    const client = storefrontClient();
    await client.postJson("/cart/add.js", { id: CASE_VARIANT, quantity: 3 });
    const response = await client.postJson("/cart/add.js", { id: CASE_VARIANT, quantity: 1 });
    expect(response.status).toBe(422);
    expect(await response.json()).toEqual({
      status: 422,
      message: "Cart Error",
      description: "All 3 Laptop Case are in your cart.",
    });
    expect((await client.cartJs()).item_count).toBe(3);
  });

  it("lets a continue-policy variant sell past its stock", async () => {
    const client = storefrontClient();
    client.shop.products.find((p) => p.handle === "laptop-case")!.variants[0]!.inventoryPolicy = "continue";
    const response = await client.postJson("/cart/add.js", { id: CASE_VARIANT, quantity: 10 });
    expect(response.status).toBe(200);
    expect((await client.cartJs()).item_count).toBe(10);
  });

  it("refuses a sold-out variant", async () => {
    const response = await storefrontClient().postJson("/cart/add.js", { id: HEADPHONES_VARIANT, quantity: 1 });
    expect(response.status).toBe(422);
    expect(await response.json()).toEqual({
      status: 422,
      message: "Cart Error",
      description: "The product 'Headphones' is already sold out.",
    });
  });

  it("answers 404 Cannot find variant for an unknown variant or one of a draft product", async () => {
    for (const id of [999999, MOUSE_VARIANT, "abc"]) {
      const response = await storefrontClient().postJson("/cart/add.js", { id, quantity: 1 });
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({ status: 404, message: "Cart Error", description: "Cannot find variant" });
    }
  });

  it("adds nothing when one of the items fails", async () => {
    const client = storefrontClient();
    const response = await client.postJson("/cart/add.js", {
      items: [
        { id: CASE_VARIANT, quantity: 1 },
        { id: 999999, quantity: 1 },
      ],
    });
    expect(response.status).toBe(404);
    expect((await client.cartJs()).item_count).toBe(0);
  });

  it("accepts a form-encoded add with properties[...] fields", async () => {
    const client = storefrontClient();
    const response = await client.postForm("/cart/add.js", [
      ["id", String(CASE_VARIANT)],
      ["quantity", "2"],
      ["properties[_attach_offer]", "essentials"],
      ["properties[Engraving]", "Ada"],
    ]);
    expect(response.status).toBe(200);
    const cart = await client.cartJs();
    expect(cart.items[0]).toMatchObject({ quantity: 2, properties: { _attach_offer: "essentials", Engraving: "Ada" } });
  });

  it("includes the requested sections, rendered after the add", async () => {
    const client = storefrontClient();
    const body = (await (
      await client.postJson("/cart/add.js", {
        items: [{ id: CASE_VARIANT, quantity: 2 }],
        sections: "cart-icon-bubble,main-cart-items",
      })
    ).json()) as { items: unknown[]; sections: Record<string, string> };
    expect(body.items).toHaveLength(1);
    expect(body.sections["cart-icon-bubble"]).toContain('<span class="cart-count" aria-hidden="true">2</span>');
    expect(body.sections["main-cart-items"]).toContain('<span class="cart-item__total">$99.98</span>');
  });

  it("renders app block sections in the context of sections_url", async () => {
    const client = storefrontClient();
    const body = (await (
      await client.postJson("/cart/add.js", {
        id: CASE_VARIANT,
        sections: ["app-block-complete"],
        sections_url: "/products/laptop",
      })
    ).json()) as { sections: Record<string, string> };
    expect(body.sections["app-block-complete"]).toContain('<p class="attach-title">Goes well with Laptop</p>');
  });
});

describe("POST /cart/add (no JavaScript)", () => {
  it("also takes a GET, like Shopify's cart permalinks", async () => {
    const client = storefrontClient();
    const response = await client.get(`/cart/add?id=${CASE_VARIANT}&quantity=2`);
    expect(response.status).toBe(302);
    expect((await client.cartJs()).items[0]).toMatchObject({ id: CASE_VARIANT, quantity: 2 });
  });

  it("redirects to the cart, as Shopify does", async () => {
    const client = storefrontClient();
    const response = await client.postForm("/cart/add", [
      ["form_type", "product"],
      ["id", String(CASE_VARIANT)],
      ["quantity", "1"],
    ]);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/cart");
    expect((await client.cartJs()).item_count).toBe(1);
  });

  it("accepts the multipart form the product page posts", async () => {
    const client = storefrontClient();
    const form = new FormData();
    form.set("id", String(LAPTOP_SILVER));
    form.set("quantity", "2");
    const response = await client.request("/cart/add", { method: "POST", body: form });
    expect(response.status).toBe(302);
    expect((await client.cartJs()).items[0]).toMatchObject({ id: LAPTOP_SILVER, quantity: 2 });
  });

  it("renders an error page for a failed add", async () => {
    const response = await storefrontClient().postForm("/cart/add", [["id", String(HEADPHONES_VARIANT)]]);
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain("<h1>Cart error</h1>");
    expect(html).toContain("The product &#39;Headphones&#39; is already sold out.");
  });
});

describe("POST /cart/change.js", () => {
  async function cartWithTwoLines() {
    const client = storefrontClient();
    await client.postJson("/cart/add.js", {
      items: [
        { id: CASE_VARIANT, quantity: 1 },
        { id: LAPTOP_GREY, quantity: 1, properties: { _attach_offer: "x" } },
      ],
    });
    return client;
  }

  it("sets a line's quantity by line key", async () => {
    const client = await cartWithTwoLines();
    const key = lineKey(LAPTOP_GREY, { _attach_offer: "x" });
    const cart = (await (await client.postJson("/cart/change.js", { id: key, quantity: 3 })).json()) as CartJs;
    expect(cart.items.find((i) => i.key === key)?.quantity).toBe(3);
    expect(cart.item_count).toBe(4);
  });

  it("sets a line's quantity by variant id and by 1-based line number", async () => {
    const client = await cartWithTwoLines();
    await client.postJson("/cart/change.js", { id: CASE_VARIANT, quantity: 2 });
    await client.postJson("/cart/change.js", { line: 2, quantity: 4 });
    expect((await client.cartJs()).items.map((i) => i.quantity)).toEqual([2, 4]);
  });

  it("removes a line at quantity 0", async () => {
    const client = await cartWithTwoLines();
    const cart = (await (await client.postJson("/cart/change.js", { line: 1, quantity: 0 })).json()) as CartJs;
    expect(cart.items.map((i) => i.id)).toEqual([LAPTOP_GREY]);
  });

  it("lowers a quantity above the stock to the stock", async () => {
    const client = await cartWithTwoLines();
    const cart = (await (
      await client.postJson("/cart/change.js", { id: CASE_VARIANT, quantity: 50 })
    ).json()) as CartJs;
    expect(cart.items.find((i) => i.id === CASE_VARIANT)?.quantity).toBe(3);
  });

  it("replaces a line's properties, merging into an identical line", async () => {
    const client = await cartWithTwoLines();
    await client.postJson("/cart/add.js", { id: LAPTOP_GREY, quantity: 1 });
    await client.postJson("/cart/change.js", { id: lineKey(LAPTOP_GREY, { _attach_offer: "x" }), properties: {} });
    const cart = await client.cartJs();
    expect(cart.items.filter((i) => i.id === LAPTOP_GREY).map((i) => [i.quantity, i.properties])).toEqual([[2, {}]]);
  });

  it("answers 400 for a line that is not in the cart", async () => {
    const client = await cartWithTwoLines();
    const response = await client.postJson("/cart/change.js", { line: 9, quantity: 1 });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ status: 400, message: "Cart Error" });
  });

  it("includes the requested sections", async () => {
    const client = await cartWithTwoLines();
    const body = (await (
      await client.postJson("/cart/change.js", { line: 1, quantity: 0, sections: "cart-icon-bubble" })
    ).json()) as {
      sections: Record<string, string>;
    };
    expect(body.sections["cart-icon-bubble"]).toContain('<span class="cart-count" aria-hidden="true">1</span>');
  });
});

describe("POST /cart/update.js and /cart/clear.js", () => {
  it("updates quantities by key or variant id, adding variants not yet in the cart", async () => {
    const client = storefrontClient();
    await client.postJson("/cart/add.js", { id: CASE_VARIANT, quantity: 1 });
    const cart = (await (
      await client.postJson("/cart/update.js", {
        updates: { [lineKey(CASE_VARIANT, {})]: 2, [LAPTOP_SILVER]: 1 },
        note: "Gift",
        attributes: { source: "attach" },
      })
    ).json()) as CartJs;
    expect(cart.items.map((i) => [i.id, i.quantity])).toEqual([
      [CASE_VARIANT, 2],
      [LAPTOP_SILVER, 1],
    ]);
    expect(cart.note).toBe("Gift");
    expect(cart.attributes).toEqual({ source: "attach" });
  });

  it("updates quantities by line position from an array", async () => {
    const client = storefrontClient();
    await client.postJson("/cart/add.js", { items: [{ id: CASE_VARIANT }, { id: LAPTOP_GREY }] });
    const cart = (await (await client.postJson("/cart/update.js", { updates: [0, 2] })).json()) as CartJs;
    expect(cart.items.map((i) => [i.id, i.quantity])).toEqual([[LAPTOP_GREY, 2]]);
  });

  it("clears every line", async () => {
    const client = storefrontClient();
    await client.postJson("/cart/add.js", { items: [{ id: CASE_VARIANT }, { id: LAPTOP_GREY }] });
    const cart = (await (await client.postJson("/cart/clear.js", {})).json()) as CartJs;
    expect(cart.items).toEqual([]);
    expect(cart.item_count).toBe(0);
  });

  it("lets the cart page's form update quantities and remove lines through links", async () => {
    const client = storefrontClient();
    await client.postJson("/cart/add.js", { items: [{ id: CASE_VARIANT }, { id: LAPTOP_GREY }] });
    const update = await client.postForm("/cart", [
      ["updates[]", "3"],
      ["updates[]", "1"],
    ]);
    expect(update.status).toBe(302);
    expect((await client.cartJs()).items.map((i) => i.quantity)).toEqual([3, 1]);
    const remove = await client.get("/cart/change?line=1&quantity=0");
    expect(remove.headers.get("location")).toBe("/cart");
    expect((await client.cartJs()).items.map((i) => i.id)).toEqual([LAPTOP_GREY]);
  });
});

describe("line discounts from the pricing function", () => {
  // Stands in for the discount Function: $15.00 off the laptop of an "essentials" offer line.
  const priceCart: PriceCart = (cart) => ({
    lineDiscounts: new Map(
      cart.lines
        .filter((line) => line.properties._attach_offer === "essentials")
        .map((line) => [line.key, [{ amount: 1500 * line.quantity, title: "Laptop essentials" }]]),
    ),
  });

  it("are reflected in cart.js line and cart totals", async () => {
    const client = storefrontClient({ priceCart });
    await client.postJson("/cart/add.js", {
      items: [
        { id: LAPTOP_GREY, quantity: 2, properties: { _attach_offer: "essentials" } },
        { id: CASE_VARIANT, quantity: 1 },
      ],
    });
    const cart = await client.cartJs();
    expect(cart.items[0]).toMatchObject({
      price: 199999,
      line_price: 399998,
      total_discount: 3000,
      discounts: [{ amount: 3000, title: "Laptop essentials" }],
      final_line_price: 396998,
      final_price: 198499,
      line_level_total_discount: 3000,
    });
    expect((cart.items[0]!.line_level_discount_allocations as Array<Record<string, unknown>>)[0]).toMatchObject({
      amount: 3000,
      discount_application: { type: "automatic", title: "Laptop essentials", total_allocated_amount: 3000 },
    });
    expect(cart.items[1]).toMatchObject({ total_discount: 0, final_line_price: 4999 });
    expect(cart).toMatchObject({
      original_total_price: 404997,
      total_discount: 3000,
      total_price: 401997,
      items_subtotal_price: 401997,
    });
  });

  it("are shown on the cart page with their title", async () => {
    const client = storefrontClient({ priceCart });
    await client.postJson("/cart/add.js", { id: LAPTOP_GREY, properties: { _attach_offer: "essentials" } });
    const html = await (await client.get("/cart")).text();
    expect(html).toContain('<div class="discount">Laptop essentials (−$15.00)</div>');
    expect(html).toContain('<dt class="discount">Laptop essentials</dt><dd class="discount">−$15.00</dd>');
    expect(html).toContain('<dd class="cart-total">$1,984.99 USD</dd>');
    expect(html).not.toContain("_attach_offer"); // underscore properties are hidden from shoppers
  });

  it("come from a pricing function given each line's key, variant, quantity, unit price, properties and the customer", async () => {
    const inputs: unknown[] = [];
    const client = storefrontClient({
      priceCart: (cart) => {
        inputs.push({
          currency: cart.currency,
          customer: cart.customer?.id ?? null,
          lines: cart.lines.map((l) => [l.key, l.variantId, l.productId, l.quantity, l.unitPrice, l.properties]),
        });
        return { lineDiscounts: new Map() };
      },
    });
    await client.get(`/account/login?customer_id=${CUSTOMER}`);
    await client.postJson("/cart/add.js", { id: LAPTOP_GREY, quantity: 2, properties: { _attach_offer: "o1" } });
    inputs.length = 0;
    await client.cartJs();
    expect(inputs).toEqual([
      {
        currency: "USD",
        customer: CUSTOMER,
        lines: [[lineKey(LAPTOP_GREY, { _attach_offer: "o1" }), LAPTOP_GREY, 101, 2, 199999, { _attach_offer: "o1" }]],
      },
    ]);
  });

  it("never take a line below zero", async () => {
    const client = storefrontClient({
      priceCart: (cart) => ({
        lineDiscounts: new Map(cart.lines.map((l) => [l.key, [{ amount: 10_000_000, title: "Huge" }]])),
      }),
    });
    await client.postJson("/cart/add.js", { id: CASE_VARIANT });
    const cart = await client.cartJs();
    expect(cart.items[0]).toMatchObject({ total_discount: 4999, final_line_price: 0 });
    expect(cart.total_price).toBe(0);
  });
});

describe("checkout", () => {
  it("answers 501 when no checkout hook is configured", async () => {
    const client = storefrontClient();
    await client.postJson("/cart/add.js", { id: CASE_VARIANT });
    expect((await client.postForm("/checkout", [])).status).toBe(501);
  });

  it("hands the priced cart and the customer to the hook, then starts a new cart", async () => {
    const seen: Array<{ total: number; customer: number | null; lines: number }> = [];
    const client = storefrontClient({
      checkout: ({ cart, customer }) => {
        seen.push({ total: cart.total, customer: customer?.id ?? null, lines: cart.lines.length });
        return { orderName: "#1001" };
      },
    });
    await client.get(`/account/login?customer_id=${CUSTOMER}`);
    await client.postJson("/cart/add.js", { items: [{ id: CASE_VARIANT }, { id: LAPTOP_GREY }] });
    const oldToken = client.cookies.get("cart");
    const response = await client.postForm("/checkout", [
      ["updates[]", "2"],
      ["updates[]", "1"],
    ]);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<strong class="order-name">#1001</strong>');
    expect(seen).toEqual([{ total: 2 * 4999 + 199999, customer: CUSTOMER, lines: 2 }]);
    expect(client.cookies.get("cart")).not.toBe(oldToken);
    expect((await client.cartJs()).item_count).toBe(0);
  });
});

describe("customer login emulation", () => {
  it("makes the chosen customer the Liquid customer until logout", async () => {
    const client = storefrontClient();
    const login = await client.get(`/account/login?customer_id=${CUSTOMER}&return_to=/cart`);
    expect(login.status).toBe(302);
    expect(login.headers.get("location")).toBe("/cart");
    const account = await (await client.get("/account")).text();
    expect(account).toContain("Logged in as Ada Lovelace (ada@example.com).");
    await client.get("/account/logout");
    expect(await (await client.get("/account")).text()).toContain("choose a customer to shop as");
  });

  it("refuses to redirect a login to another site", async () => {
    const login = await storefrontClient().get(`/account/login?customer_id=${CUSTOMER}&return_to=//evil.example`);
    expect(login.headers.get("location")).toBe("/account");
  });
});
