import { describe, expect, it } from "vitest";
import {
  formatAmount,
  formatMoney,
  formatMoneyWithoutCurrency,
  formatMoneyWithoutTrailingZeros,
  toShopifyCents,
} from "../../../local/storefront/money-format";
import { createShopifyLiquid } from "../../../local/storefront/liquid";
import { fixtureShop } from "../../fixtures/storefront-shop";
import { storefrontClient } from "./helpers";

describe("Shopify money formats", () => {
  it("formats 199999 cents with ${{amount}} as $1,999.99", () => {
    expect(formatMoney(199999, "${{amount}}")).toBe("$1,999.99");
  });

  it("keeps every digit of large and small amounts exact, without floating point", () => {
    expect(formatMoney(900719925474099, "${{amount}}")).toBe("$9,007,199,254,740.99");
    expect(formatMoney(5, "${{amount}}")).toBe("$0.05");
    expect(formatMoney(10, "${{amount}}")).toBe("$0.10");
    expect(formatMoney(0, "${{amount}}")).toBe("$0.00");
    expect(formatMoney(-1505, "${{amount}}")).toBe("$-15.05");
  });

  it("rounds amount_no_decimals half up and groups thousands", () => {
    expect(formatMoney(123450, "{{amount_no_decimals}} kr")).toBe("1,235 kr");
    expect(formatMoney(123449, "{{amount_no_decimals}} kr")).toBe("1,234 kr");
  });

  it("writes every separator style Shopify's placeholders name", () => {
    expect(formatMoney(123456789, "{{amount_with_comma_separator}} €")).toBe("1.234.567,89 €");
    expect(formatMoney(123456789, "{{ amount_no_decimals_with_comma_separator }} €")).toBe("1.234.568 €");
    expect(formatAmount(123456789, "amount_with_apostrophe_separator")).toBe("1'234'567.89");
    expect(formatAmount(123456789, "amount_with_space_separator")).toBe("1 234 567,89");
    expect(formatAmount(123456789, "amount_no_decimals_with_space_separator")).toBe("1 234 568");
    expect(formatAmount(123456789, "amount_with_period_and_space_separator")).toBe("1 234 567.89");
  });

  it("drops trailing zeros only from whole amounts", () => {
    expect(formatMoneyWithoutTrailingZeros(1000, "${{amount}}")).toBe("$10");
    expect(formatMoneyWithoutTrailingZeros(1050, "${{amount}}")).toBe("$10.50");
    expect(formatMoneyWithoutTrailingZeros(250000, "{{amount_with_comma_separator}} €")).toBe("2.500 €");
  });

  it("writes the amount without the currency symbol for money_without_currency", () => {
    expect(formatMoneyWithoutCurrency(199999, "${{amount}}")).toBe("1,999.99");
    expect(formatMoneyWithoutCurrency(199999, "{{amount_with_comma_separator}} €")).toBe("1.999,99");
  });

  it("expresses money in hundredths of the major unit for every currency, as Shopify's storefront does", () => {
    expect(toShopifyCents(1999, "USD")).toBe(1999);
    expect(toShopifyCents(1500, "JPY")).toBe(150000);
    expect(toShopifyCents(12345, "KWD")).toBe(1235);
  });
});

describe("the money filters", () => {
  const liquid = createShopifyLiquid({
    kind: "theme",
    moneyFormat: "${{amount}}",
    moneyWithCurrencyFormat: "${{amount}} USD",
    locale: "en",
  });
  const render = (source: string, scope: object = {}) => liquid.parseAndRender(source, scope);

  it("use the shop's money formats", async () => {
    expect(await render("{{ 199999 | money }}")).toBe("$1,999.99");
    expect(await render("{{ 199999 | money_with_currency }}")).toBe("$1,999.99 USD");
    expect(await render("{{ 199999 | money_without_currency }}")).toBe("1,999.99");
    expect(await render("{{ 2000 | money_without_trailing_zeros }}")).toBe("$20");
  });

  it("render nothing for nil and accept numeric strings", async () => {
    expect(await render("[{{ missing | money }}]")).toBe("[]");
    expect(await render("{{ '4999' | money }}")).toBe("$49.99");
  });

  it("show a JPY shop's prices in whole yen on the product page", async () => {
    const shop = fixtureShop({
      currencyCode: "JPY",
      moneyFormat: "¥{{amount_no_decimals}}",
      moneyWithCurrencyFormat: "¥{{amount_no_decimals}} JPY",
    });
    shop.products[1]!.variants[0]!.price = 1500; // ¥1,500 in ISO minor units
    const client = storefrontClient({ shop });
    const html = await (await client.get("/products/laptop-case")).text();
    expect(html).toContain('<span class="price__current">¥1,500</span>');
    const product = (await (await client.get("/products/laptop-case.js")).json()) as { price: number };
    expect(product.price).toBe(150000);
    await client.postJson("/cart/add.js", { id: 1021, quantity: 2 });
    const cart = await client.cartJs();
    expect(cart).toMatchObject({ currency: "JPY", total_price: 300000 });
    expect(cart.items[0]).toMatchObject({ price: 150000, line_price: 300000 });
    expect(await (await client.get("/cart")).text()).toContain('<dd class="cart-total">¥3,000 JPY</dd>');
  });
});
