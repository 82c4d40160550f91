// Runs the app's discount Function as Shopify's checkout does, for every active automatic app discount
// that uses it: the Function's own input query is executed against Shopify's Function API schema over the
// cart (so the input has exactly the shape and only the fields Shopify would send), the Function runs on
// that input, its output is validated against the schema's result type, and its candidates become line
// discounts. Shopify's limits are checked: 128,000 bytes of input, 20,000 bytes of output.
import fs from "node:fs";
import path from "node:path";
import { buildSchema, coerceInputValue, execute, parse, validate, type GraphQLInputType } from "graphql";
import { allocateAmount, formatDecimalAmount, parseDecimalAmount, percentageOfAmount } from "../app/domain/money";
import { projectRoot } from "../app/database-target";
import { shopifySchemaPath } from "../scripts/shopify-schemas";
import type { ShopView } from "./admin-api/store";
import type { CartPricing, CartPricingInput, LineDiscount, PriceCart } from "./storefront";

const SCHEMA_FILE = shopifySchemaPath("discount-function-2026-04.schema.graphql");
const FUNCTION_DIR = path.join(projectRoot, "extensions", "bundle-discount");
const MAX_INPUT_BYTES = 128_000;
const MAX_OUTPUT_BYTES = 20_000;

/** The id the emulator gives the app's discount Function (Shopify's are UUIDs). */
export const LOCAL_FUNCTION_ID = "01a7ac4e-0000-4000-8000-000000000001";

type Run = (input: unknown) => unknown;

interface FunctionOutput {
  operations: Array<{
    productDiscountsAdd?: {
      selectionStrategy: "ALL" | "FIRST" | "MAXIMUM";
      candidates: Array<{
        message?: string | null;
        targets: Array<{ cartLine: { id: string; quantity?: number | null } }>;
        value: {
          fixedAmount?: { amount: string; appliesToEachItem?: boolean | null };
          percentage?: { value: string | number };
        };
      }>;
    };
  }>;
}

export async function discountFunctionPricing(shop: () => ShopView): Promise<PriceCart> {
  const schema = buildSchema(fs.readFileSync(SCHEMA_FILE, "utf8"));
  const query = parse(
    fs.readFileSync(path.join(FUNCTION_DIR, "src", "cart_lines_discounts_generate_run.graphql"), "utf8"),
  );
  const errors = validate(schema, query);
  if (errors.length)
    throw new Error(`The Function's input query is invalid: ${errors.map((e) => e.message).join("; ")}`);
  const { cartLinesDiscountsGenerateRun } = (await import(path.join(FUNCTION_DIR, "src", "index.ts"))) as {
    cartLinesDiscountsGenerateRun: Run;
  };
  const resultType = schema.getType("CartLinesDiscountsGenerateRunResult") as GraphQLInputType;

  return async (cart: CartPricingInput): Promise<CartPricing> => {
    const lineDiscounts = new Map<string, LineDiscount[]>();
    const discounts = shop().automaticAppDiscounts.filter(
      (d) => d.functionId === LOCAL_FUNCTION_ID && d.status === "ACTIVE",
    );
    for (const discount of discounts) {
      const root = functionInputRoot(shop(), cart, discount);
      const executed = await execute({ schema, document: query, rootValue: root });
      if (executed.errors?.length)
        throw new Error(`Function input: ${executed.errors.map((e) => e.message).join("; ")}`);
      const input = JSON.stringify(executed.data);
      if (Buffer.byteLength(input) > MAX_INPUT_BYTES)
        throw new Error(`Function input is ${Buffer.byteLength(input)} bytes, over Shopify's ${MAX_INPUT_BYTES}`);
      const output = cartLinesDiscountsGenerateRun(JSON.parse(input));
      const outputText = JSON.stringify(output);
      if (Buffer.byteLength(outputText) > MAX_OUTPUT_BYTES)
        throw new Error(`Function output is over Shopify's ${MAX_OUTPUT_BYTES} bytes`);
      coerceInputValue(output, resultType, (path, _value, error) => {
        throw new Error(`Function output does not match the schema at ${path.join(".")}: ${error.message}`);
      });
      applyCandidates(output as FunctionOutput, cart, lineDiscounts);
    }
    return { lineDiscounts };
  };
}

const cartLineId = (index: number) => `gid://shopify/CartLine/${index + 1}`;

/** The cart, the buyer and the shop as the Function API's `Input` type, for the Function's own query. */
function functionInputRoot(
  shop: ShopView,
  cart: CartPricingInput,
  discount: ShopView["automaticAppDiscounts"][number],
) {
  const money = (minor: number) => ({
    amount: formatDecimalAmount({ amount: minor, currency: cart.currency }),
    currencyCode: cart.currency,
  });
  const metafield =
    (list: ReadonlyArray<{ namespace: string; key: string; type: string; value: string }>) =>
    ({ namespace, key }: { namespace: string; key: string }) => {
      const found = list.find((m) => m.namespace === namespace && m.key === key);
      if (!found) return null;
      const jsonValue = found.type === "json" || found.type.startsWith("list.") ? JSON.parse(found.value) : found.value;
      return { type: found.type, value: found.value, jsonValue };
    };
  const subtotal = cart.lines.reduce((sum, line) => sum + line.unitPrice * line.quantity, 0);
  return {
    cart: {
      buyerIdentity: cart.customer
        ? {
            email: cart.customer.email,
            isAuthenticated: true,
            customer: {
              id: `gid://shopify/Customer/${cart.customer.id}`,
              hasAnyTag: ({ tags }: { tags: string[] }) => cart.customer!.tags.some((t) => tags.includes(t)),
              hasTags: ({ tags }: { tags: string[] }) =>
                tags.map((tag) => ({ tag, hasTag: cart.customer!.tags.includes(tag) })),
            },
          }
        : null,
      cost: { totalAmount: money(subtotal), subtotalAmount: money(subtotal) },
      lines: cart.lines.map((line, index) => ({
        id: cartLineId(index),
        quantity: line.quantity,
        attribute: ({ key }: { key: string }) => (key in line.properties ? { key, value: line.properties[key] } : null),
        sellingPlanAllocation: null,
        cost: {
          amountPerQuantity: money(line.unitPrice),
          subtotalAmount: money(line.unitPrice * line.quantity),
          totalAmount: money(line.unitPrice * line.quantity),
        },
        merchandise: {
          __typename: "ProductVariant",
          id: `gid://shopify/ProductVariant/${line.variantId}`,
          sku: line.variant.sku,
          title: line.variant.title,
          requiresShipping: true,
          product: {
            id: `gid://shopify/Product/${line.productId}`,
            handle: line.product.handle,
            title: line.product.title,
            isGiftCard: line.product.isGiftCard,
            metafield: metafield(shop.products.find((p) => p.id === line.productId)?.metafields ?? []),
          },
        },
      })),
    },
    discount: { discountClasses: discount.discountClasses, metafield: metafield(discount.metafields) },
    presentmentCurrencyRate: "1.0",
    shop: { localTime: { date: new Date().toLocaleDateString("en-CA", { timeZone: shop.ianaTimezone }) } },
  };
}

/** Shopify applies each candidate's value to its targets; a fixed amount is spread by the targets' cost. */
function applyCandidates(output: FunctionOutput, cart: CartPricingInput, into: Map<string, LineDiscount[]>) {
  const lineIndex = new Map(cart.lines.map((line, index) => [cartLineId(index), line]));
  for (const operation of output.operations) {
    const add = operation.productDiscountsAdd;
    if (!add) continue;
    const candidates = add.selectionStrategy === "FIRST" ? add.candidates.slice(0, 1) : add.candidates;
    for (const candidate of candidates) {
      const targets = candidate.targets.map((t) => {
        const line = lineIndex.get(t.cartLine.id);
        if (!line) throw new Error(`Function output targets an unknown cart line ${t.cartLine.id}`);
        const quantity = Math.min(t.cartLine.quantity ?? line.quantity, line.quantity);
        return { line, cost: line.unitPrice * quantity };
      });
      const title = candidate.message ?? "Discount";
      let amounts: number[];
      if (candidate.value.percentage) {
        const percent = Number(candidate.value.percentage.value);
        if (!Number.isInteger(percent)) throw new Error(`The emulator applies whole percentages only; got ${percent}`);
        amounts = targets.map((t) => percentageOfAmount(t.cost, percent));
      } else {
        const fixed = parseDecimalAmount(candidate.value.fixedAmount!.amount, cart.currency);
        amounts = candidate.value.fixedAmount!.appliesToEachItem
          ? targets.map((t) => Math.min(t.cost, fixed * (t.cost / t.line.unitPrice)))
          : allocateAmount(
              Math.min(
                fixed,
                targets.reduce((s, t) => s + t.cost, 0),
              ),
              targets.map((t) => t.cost),
            );
      }
      targets.forEach((target, i) => {
        if (!amounts[i]) return;
        const list = into.get(target.line.key) ?? [];
        list.push({ amount: amounts[i]!, title });
        into.set(target.line.key, list);
      });
    }
  }
}
