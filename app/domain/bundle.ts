// Bundles: a set of products sold together at a bundle discount. This module validates what the
// merchant enters, checks it against current prices, and works out each line's share of the
// saving (the cart discount is applied per line, so the line savings must add up exactly).
import { z } from "zod";
import { bundleSaving } from "./bundle-saving";
import {
  allocateAmount,
  currencyDecimals,
  formatMoneyWithCode,
  isCurrencyCode,
  money,
  MoneyError,
  multiplyMoney,
  sumMoney,
  type CurrencyCode,
  type Money,
} from "./money";
import { productGid, variantGid, isShopifyGid } from "./shopify-id";
import {
  dedupeFieldErrors,
  duplicateIndexes,
  fail,
  hasNoControlCharacters,
  isRecord,
  parseWith,
  type FieldError,
  type Result,
} from "./validation";

export const BUNDLE_STATUSES = ["draft", "active", "paused"] as const;
export type BundleStatus = (typeof BUNDLE_STATUSES)[number];

export { DISCOUNT_KINDS, bundleSaving, type DiscountKind } from "./bundle-saving";

export const MIN_BUNDLE_PARTS = 2;
export const MAX_BUNDLE_PARTS = 10;
export const MAX_PART_QUANTITY = 99;
export const MAX_TITLE_LENGTH = 100;
// Business rule: deeper discounts than 90% are almost always typos (e.g. 95 meant as 9.5).
export const MAX_PERCENTAGE_OFF = 90;

export const BUNDLE_MESSAGES = {
  form: "Enter the bundle's details",
  titleMissing: "Give the bundle a title",
  titleTooLong: `Keep the title under ${MAX_TITLE_LENGTH} characters`,
  titleCharacters: "Remove the invisible control characters from the title",
  status: "Choose a status: draft, active or paused",
  currency: "Choose the bundle's currency (a 3-letter code like USD)",
  part: "Each product in the bundle needs a product and a quantity",
  quantity: `Quantity must be a whole number from 1 to ${MAX_PART_QUANTITY}`,
  tooFewParts: `A bundle needs ${MIN_BUNDLE_PARTS} or more different products`,
  tooManyParts: `A bundle can have at most ${MAX_BUNDLE_PARTS} products`,
  duplicateProduct: "This product is already in the bundle — raise its quantity instead",
  discountMissing: "Choose a discount for the bundle",
  discountKind: "Choose a discount type: percentage off, amount off or a fixed bundle price",
  percentage: `Percentage off must be a whole number from 1 to ${MAX_PERCENTAGE_OFF}`,
  amountOff: "The amount off must be more than zero",
  fixedPrice: "The bundle price must be more than zero",
  startsAt: "Enter a valid start date",
  endsAt: "Enter a valid end date",
  endBeforeStart: "The end date must be after the start date",
  priceUnknown: "Price unknown for this product",
  fullPriceTooLarge: "The bundle's full price is too large",
} as const;

// ---------------------------------------------------------------------------------------------
// Schema

const titleSchema = z
  .string({ error: BUNDLE_MESSAGES.titleMissing })
  .trim()
  .min(1, { error: BUNDLE_MESSAGES.titleMissing })
  .max(MAX_TITLE_LENGTH, { error: BUNDLE_MESSAGES.titleTooLong })
  .refine(hasNoControlCharacters, { error: BUNDLE_MESSAGES.titleCharacters });

const currencyCodeSchema = z
  .string({ error: BUNDLE_MESSAGES.currency })
  .refine(isCurrencyCode, { error: BUNDLE_MESSAGES.currency });

const quantitySchema = z
  .number({ error: BUNDLE_MESSAGES.quantity })
  .int({ error: BUNDLE_MESSAGES.quantity })
  .min(1, { error: BUNDLE_MESSAGES.quantity })
  .max(MAX_PART_QUANTITY, { error: BUNDLE_MESSAGES.quantity });

const partSchema = z.object(
  {
    productId: productGid,
    // A part without a variant lets the shopper pick any variant of the product.
    variantId: variantGid.nullable().default(null),
    quantity: quantitySchema,
  },
  { error: BUNDLE_MESSAGES.part },
);

// Cross-field rules below run even when other fields already failed (`when: always`), so the
// merchant sees every problem at once; they therefore read the value defensively.
const always = { when: () => true };

// Only valid ids count as duplicates; an invalid id already has its own error.
const validProductId = (id: unknown) => (isShopifyGid("Product", id) ? id : undefined);

// Length limits are checked here rather than with .min()/.max(): zod runs those on anything with
// a `length`, so a string sent instead of a list would also get "at most 10 products".
const partsSchema = z.array(partSchema, { error: BUNDLE_MESSAGES.tooFewParts }).superRefine((parts: unknown, ctx) => {
  if (!Array.isArray(parts)) return;
  if (parts.length < MIN_BUNDLE_PARTS) ctx.addIssue({ code: "custom", message: BUNDLE_MESSAGES.tooFewParts });
  if (parts.length > MAX_BUNDLE_PARTS) ctx.addIssue({ code: "custom", message: BUNDLE_MESSAGES.tooManyParts });
  const productIdOf = (part: unknown) => (isRecord(part) ? validProductId(part.productId) : undefined);
  for (const i of duplicateIndexes(parts, productIdOf)) {
    ctx.addIssue({ code: "custom", path: [i, "productId"], message: BUNDLE_MESSAGES.duplicateProduct });
  }
}, always);

// Amounts are integer minor units of the bundle's currency (see money.ts).
const discountSchema = z.discriminatedUnion(
  "kind",
  [
    z.object({
      kind: z.literal("percentage"),
      value: z
        .number({ error: BUNDLE_MESSAGES.percentage })
        .int({ error: BUNDLE_MESSAGES.percentage })
        .min(1, { error: BUNDLE_MESSAGES.percentage })
        .max(MAX_PERCENTAGE_OFF, { error: BUNDLE_MESSAGES.percentage }),
    }),
    z.object({
      kind: z.literal("fixed_amount_off"),
      value: z
        .number({ error: BUNDLE_MESSAGES.amountOff })
        .int({ error: BUNDLE_MESSAGES.amountOff })
        .min(1, { error: BUNDLE_MESSAGES.amountOff }),
    }),
    z.object({
      kind: z.literal("fixed_price"),
      value: z
        .number({ error: BUNDLE_MESSAGES.fixedPrice })
        .int({ error: BUNDLE_MESSAGES.fixedPrice })
        .min(1, { error: BUNDLE_MESSAGES.fixedPrice }),
    }),
  ],
  {
    // Not an object at all → no discount chosen; an object with an unknown kind → wrong kind.
    error: (issue) => (isRecord(issue.input) ? BUNDLE_MESSAGES.discountKind : BUNDLE_MESSAGES.discountMissing),
  },
);

/** Optional schedule date: a Date or an ISO 8601 string; missing, null or "" means "no date". */
function scheduleDateSchema(message: string) {
  return z
    .unknown()
    .optional()
    .transform((value, ctx): Date | null => {
      if (value === undefined || value === null || value === "") return null;
      const date = value instanceof Date ? value : typeof value === "string" ? parseIsoDate(value) : null;
      if (date && !Number.isNaN(date.getTime())) return new Date(date.getTime());
      ctx.addIssue({ code: "custom", message });
      return z.NEVER;
    });
}

export const bundleInputSchema = z
  .object(
    {
      title: titleSchema,
      status: z.enum(BUNDLE_STATUSES, { error: BUNDLE_MESSAGES.status }).default("draft"),
      currencyCode: currencyCodeSchema,
      parts: partsSchema,
      discount: discountSchema,
      startsAt: scheduleDateSchema(BUNDLE_MESSAGES.startsAt),
      endsAt: scheduleDateSchema(BUNDLE_MESSAGES.endsAt),
    },
    { error: BUNDLE_MESSAGES.form },
  )
  .superRefine((bundle: unknown, ctx) => {
    if (!isRecord(bundle)) return;
    const { startsAt, endsAt } = bundle;
    if (startsAt instanceof Date && endsAt instanceof Date && endsAt.getTime() <= startsAt.getTime()) {
      ctx.addIssue({
        code: "custom",
        path: ["endsAt"],
        message: BUNDLE_MESSAGES.endBeforeStart,
      });
    }
  }, always);

export type BundleInput = z.input<typeof bundleInputSchema>;
export type BundleDraft = z.output<typeof bundleInputSchema>;
export type BundlePart = BundleDraft["parts"][number];
export type BundleDiscount = BundleDraft["discount"];

// The fields price checks need; validated on their own so price errors show up alongside
// errors in unrelated fields (e.g. a missing title).
const pricedFieldsSchema = z.object({
  currencyCode: currencyCodeSchema,
  parts: partsSchema,
  discount: discountSchema,
});
type PricedFields = z.output<typeof pricedFieldsSchema>;

// ---------------------------------------------------------------------------------------------
// Parsing with price rules

export interface BundlePricing {
  /** Unit price of one unit, keyed by the part's variantId when it has one, else its productId. */
  partPrices: Record<string, Money>;
}

/**
 * Validates merchant input into a BundleDraft. With `pricing`, also checks the discount against
 * the current prices. All errors are collected; this never throws.
 */
export function parseBundle(input: unknown, pricing?: BundlePricing): Result<BundleDraft> {
  const parsed = parseWith(bundleInputSchema, input);
  if (!pricing) return parsed;
  const fields = parsed.ok ? parsed.value : parsePricedFields(input);
  const priceErrors = fields ? priceRuleErrors(fields, pricing.partPrices) : [];
  if (parsed.ok) return priceErrors.length === 0 ? parsed : fail(priceErrors);
  return fail(dedupeFieldErrors([...parsed.errors, ...priceErrors]));
}

function parsePricedFields(input: unknown): PricedFields | null {
  const parsed = pricedFieldsSchema.safeParse(input);
  return parsed.success ? parsed.data : null;
}

function priceRuleErrors(fields: PricedFields, partPrices: Record<string, Money>): FieldError[] {
  const errors: FieldError[] = [];
  let fullPrice = 0n;
  fields.parts.forEach((part, i) => {
    const unit = knownUnitPrice(part, fields.currencyCode, partPrices);
    if (unit === null) {
      errors.push({ field: `parts[${i}]`, message: BUNDLE_MESSAGES.priceUnknown });
    } else {
      fullPrice += BigInt(unit.amount) * BigInt(part.quantity);
    }
  });
  if (errors.length > 0) return errors;
  if (fullPrice > BigInt(Number.MAX_SAFE_INTEGER)) {
    return [{ field: "parts", message: BUNDLE_MESSAGES.fullPriceTooLarge }];
  }
  const full = money(Number(fullPrice), fields.currencyCode);
  const message = discountAbovePriceMessage(fields.discount, full);
  return message ? [{ field: "discount.value", message }] : [];
}

// A fixed discount must leave something to pay; a fixed bundle price must actually save money.
function discountAbovePriceMessage(discount: BundleDiscount, full: Money): string | null {
  if (discount.kind === "percentage" || discount.value < full.amount) return null;
  const value = formatMoneyWithCode(money(discount.value, full.currency));
  const fullText = formatMoneyWithCode(full);
  return discount.kind === "fixed_amount_off"
    ? `The amount off (${value}) must be less than the bundle's full price (${fullText})`
    : `The bundle price (${value}) must be less than the parts bought separately (${fullText})`;
}

/** The key a part's unit price is looked up by: its variant when it has one, else its product. */
export function partPriceKey(part: { productId: string; variantId?: string | null }): string {
  return part.variantId ?? part.productId;
}

/** The part's unit price if known, valid, non-negative and in the bundle's currency. */
function knownUnitPrice(
  part: { productId: string; variantId?: string | null },
  currency: CurrencyCode,
  partPrices: Record<string, Money>,
): Money | null {
  const price: unknown = Object.hasOwn(partPrices, partPriceKey(part)) ? partPrices[partPriceKey(part)] : undefined;
  if (!isRecord(price) || price.currency !== currency) return null;
  const { amount } = price;
  return typeof amount === "number" && Number.isSafeInteger(amount) && amount >= 0 ? { amount, currency } : null;
}

// ---------------------------------------------------------------------------------------------
// Pricing

export interface BundleLinePrice {
  productId: string;
  variantId: string | null;
  quantity: number;
  unitPrice: Money;
  /** unitPrice × quantity. */
  fullPrice: Money;
  /** This line's share of the bundle saving; line savings sum exactly to the bundle saving. */
  saving: Money;
}

export interface BundlePrice {
  fullPrice: Money;
  bundlePrice: Money;
  saving: Money;
  lines: BundleLinePrice[];
}

type PriceableBundle = Pick<BundleDraft, "currencyCode" | "discount"> & {
  parts: ReadonlyArray<{ productId: string; variantId?: string | null; quantity: number }>;
};

/**
 * Works out the bundle's full price, saving and price, and spreads the saving over the lines in
 * proportion to each line's subtotal. Throws MoneyError (field "parts[i]") when a part's price is
 * unknown — run parseBundle with pricing first to report that to the merchant.
 */
export function priceBundle(draft: PriceableBundle, partPrices: Record<string, Money>): BundlePrice {
  const currency = draft.currencyCode;
  currencyDecimals(currency); // validates the code
  const lines = draft.parts.map((part, i) => {
    const unitPrice = knownUnitPrice(part, currency, partPrices);
    if (!unitPrice) throw new MoneyError(BUNDLE_MESSAGES.priceUnknown, `parts[${i}]`);
    return { part, unitPrice, subtotal: multiplyMoney(unitPrice, part.quantity) };
  });
  const full = sumMoney(
    lines.map((line) => line.subtotal),
    currency,
  );
  const saving = bundleSaving(draft.discount, full.amount);
  const shares = allocateAmount(
    saving,
    lines.map((line) => line.subtotal.amount),
  );
  return {
    fullPrice: full,
    bundlePrice: money(full.amount - saving, currency),
    saving: money(saving, currency),
    lines: lines.map(({ part, unitPrice, subtotal }, i) => ({
      productId: part.productId,
      variantId: part.variantId ?? null,
      quantity: part.quantity,
      unitPrice,
      fullPrice: subtotal,
      saving: money(shares[i] ?? 0, currency),
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// Schedule

/** Active and within its schedule: from startsAt (inclusive) until endsAt (exclusive). */
export function isBundleLive(
  bundle: { status: string; startsAt?: Date | null; endsAt?: Date | null },
  now: Date,
): boolean {
  if (bundle.status !== "active") return false;
  const t = now.getTime();
  if (bundle.startsAt && t < bundle.startsAt.getTime()) return false;
  if (bundle.endsAt && t >= bundle.endsAt.getTime()) return false;
  return true;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:\d{2}))?$/;

/**
 * Parses "2025-03-01" (midnight UTC) or "2025-03-01T09:30:00+02:00" / "…Z". A time needs an
 * offset so the moment is unambiguous. Returns null for anything else, including impossible
 * calendar dates such as 2025-02-30 (which Date itself would roll over to March).
 */
export function parseIsoDate(text: string): Date | null {
  const m = ISO_DATE.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map((part) => Number(part ?? 0));
  const millis = Number((m[7] ?? "0").padEnd(3, "0"));
  const offsetMinutes = parseOffset(m[8]);
  if (year === undefined || month === undefined || day === undefined) return null;
  if (month < 1 || month > 12 || day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return null;
  if ((hour ?? 0) > 23 || (minute ?? 0) > 59 || (second ?? 0) > 59 || offsetMinutes === null) return null;
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, millis) - offsetMinutes * 60_000;
  return Number.isNaN(utc) ? null : new Date(utc);
}

function parseOffset(offset: string | undefined): number | null {
  if (offset === undefined || offset === "Z") return 0;
  const sign = offset.startsWith("-") ? -1 : 1;
  const hours = Number(offset.slice(1, 3));
  const minutes = Number(offset.slice(4, 6));
  return hours > 23 || minutes > 59 ? null : sign * (hours * 60 + minutes);
}
