// The bundle form as the merchant fills it in — text fields — and its conversion to the bundle
// domain's input: money typed as decimals ("15.00") becomes exact minor units of the shop currency,
// and schedule times typed in the shop's time zone ("2026-06-01T09:00") become instants.
import { z } from "zod";
import type { DiscountKind } from "./bundle";
import { formatDecimalAmount, formatMoneyWithCode, money, MoneyError, parseDecimalAmount } from "./money";
import { OFFER_MATCH_MODES, type OfferMatchMode } from "./offer-metafields-core";
import { type FieldError, isRecord } from "./validation";

export const BUNDLE_FORM_MESSAGES = {
  amount: "Enter an amount like 15.00",
  matchMode: "Choose which cart items count: any matching items, or only those added from the widget",
  parts: "The bundle's products could not be read: pick them again",
} as const;

export const MATCH_MODE_LABELS: Record<OfferMatchMode, string> = {
  any: "Any matching items in the cart",
  widget: "Only items added from the widget",
};

const text = z.string().catch("");

const formPart = z.object({
  productId: z.string(),
  variantId: z.string().nullable().default(null),
  quantity: z.union([z.string(), z.number()]).transform(String),
});

/** The form's fields, as text. `parts` arrives as JSON text (a hidden field) or as a list. */
export const bundleFormSchema = z.object({
  title: text,
  status: text,
  matchMode: text,
  discountKind: text,
  discountValue: text,
  startsAt: text,
  endsAt: text,
  parts: z.unknown().transform((value, ctx) => {
    let list: unknown = value;
    if (value === undefined || value === null || value === "") list = [];
    else if (typeof value === "string") {
      try {
        list = JSON.parse(value);
      } catch {
        list = null;
      }
    }
    const parsed = z.array(formPart).safeParse(list);
    if (parsed.success) return parsed.data;
    ctx.addIssue({ code: "custom", message: BUNDLE_FORM_MESSAGES.parts });
    return z.NEVER;
  }),
});

export type BundleFormValues = z.output<typeof bundleFormSchema>;
export type BundleFormPart = BundleFormValues["parts"][number];

export function emptyBundleForm(): BundleFormValues {
  return {
    title: "",
    status: "active",
    matchMode: "any",
    discountKind: "percentage",
    discountValue: "",
    startsAt: "",
    endsAt: "",
    parts: [],
  };
}

export interface ShopContext {
  currencyCode: string;
  /** IANA time zone the merchant's schedule times are in. */
  timeZone: string;
}

export interface ConvertedBundleForm {
  /** Input for parseBundle (app/domain/bundle.ts), which does the validation. */
  input: Record<string, unknown>;
  /** Null when the form's choice is not a match mode (see `errors`). */
  matchMode: OfferMatchMode | null;
  /** Problems found while converting text: reported before the domain's own errors. */
  errors: FieldError[];
}

const WHOLE_NUMBER = /^\s*\d+\s*$/;
const DECIMAL = /^\s*\d+(?:\.\d+)?\s*$/;

/** A whole number from text; NaN (which the domain reports) for anything else, undefined when empty. */
function numberFrom(value: string, pattern: RegExp): number | undefined {
  if (value.trim() === "") return undefined;
  return pattern.test(value) ? Number(value) : Number.NaN;
}

export function bundleInputFromForm(form: BundleFormValues, shop: ShopContext): ConvertedBundleForm {
  const errors: FieldError[] = [];
  const kind = form.discountKind;
  let value: number | undefined;
  if (kind === "percentage") {
    value = numberFrom(form.discountValue, DECIMAL);
  } else if (form.discountValue.trim() !== "") {
    try {
      value = parseDecimalAmount(form.discountValue.trim(), shop.currencyCode);
    } catch (error) {
      if (!(error instanceof MoneyError)) throw error;
      errors.push({ field: "discount.value", message: amountMessage(shop.currencyCode) });
    }
  }
  const matchMode = (OFFER_MATCH_MODES as readonly string[]).includes(form.matchMode)
    ? (form.matchMode as OfferMatchMode)
    : null;
  if (matchMode === null) errors.push({ field: "matchMode", message: BUNDLE_FORM_MESSAGES.matchMode });
  return {
    input: {
      title: form.title,
      status: form.status || undefined,
      currencyCode: shop.currencyCode,
      parts: form.parts.map((part) => ({
        productId: part.productId,
        variantId: part.variantId || null,
        quantity: numberFrom(part.quantity, WHOLE_NUMBER),
      })),
      discount: kind ? { kind, value } : undefined,
      startsAt: scheduleInstant(form.startsAt, shop.timeZone),
      endsAt: scheduleInstant(form.endsAt, shop.timeZone),
    },
    matchMode,
    errors,
  };
}

function amountMessage(currencyCode: string): string {
  try {
    return `Enter an amount like ${formatDecimalAmount(money(1500, currencyCode))}`;
  } catch {
    return BUNDLE_FORM_MESSAGES.amount;
  }
}

/** "" → null; a shop-local date or date-time → the instant; anything else is passed on for the domain to refuse. */
function scheduleInstant(value: string, timeZone: string): Date | string | null {
  if (value.trim() === "") return null;
  return localDateTimeToInstant(value.trim(), timeZone) ?? value;
}

/** A stored bundle as the form shows it. */
export function bundleFormFromBundle(
  bundle: {
    title: string;
    status: string;
    matchMode: string;
    discountKind: string;
    discountValue: number;
    currencyCode: string;
    startsAt: Date | null;
    endsAt: Date | null;
    parts: ReadonlyArray<{ productId: string; variantId: string | null; quantity: number }>;
  },
  timeZone: string,
): BundleFormValues {
  return {
    title: bundle.title,
    status: bundle.status,
    matchMode: bundle.matchMode,
    discountKind: bundle.discountKind,
    discountValue:
      bundle.discountKind === "percentage"
        ? String(bundle.discountValue)
        : formatDecimalAmount(money(bundle.discountValue, bundle.currencyCode)),
    startsAt: bundle.startsAt ? instantToLocalDateTime(bundle.startsAt, timeZone) : "",
    endsAt: bundle.endsAt ? instantToLocalDateTime(bundle.endsAt, timeZone) : "",
    parts: bundle.parts.map((p) => ({ productId: p.productId, variantId: p.variantId, quantity: String(p.quantity) })),
  };
}

/** "10% off", "15.00 USD off", "99.00 USD for the set". */
export function describeBundleDiscount(discount: { kind: DiscountKind | string; value: number }, currency: string) {
  if (discount.kind === "percentage") return `${discount.value}% off`;
  const amount = formatMoneyWithCode(money(discount.value, currency));
  return discount.kind === "fixed_price" ? `${amount} for the set` : `${amount} off`;
}

// ---------------------------------------------------------------------------------------------
// Shop-local date-times

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?$/;

/** Local wall-clock time of an instant in `timeZone`, as UTC milliseconds (seconds dropped). */
function wallClock(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
  }).formatToParts(new Date(instant));
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return Date.UTC(part("year"), part("month") - 1, part("day"), part("hour"), part("minute"));
}

/**
 * "2026-06-01T09:00" (or "2026-06-01", midnight) read as a wall-clock time in `timeZone` → the instant.
 * A time skipped by a daylight-saving change resolves to a moment next to the gap. Null when the text
 * is not such a date or the date does not exist.
 */
export function localDateTimeToInstant(text: string, timeZone: string): Date | null {
  const match = LOCAL_DATE_TIME.exec(text);
  if (!match) return null;
  const [year, month, day, hour, minute] = match.slice(1).map((p) => Number(p ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return null;
  if (hour > 23 || minute > 59) return null;
  const wanted = Date.UTC(year, month - 1, day, hour, minute);
  const firstOffset = wallClock(wanted, timeZone) - wanted;
  let instant = wanted - firstOffset;
  const secondOffset = wallClock(instant, timeZone) - instant;
  if (secondOffset !== firstOffset) instant = wanted - secondOffset;
  return new Date(instant);
}

/** An instant as the wall-clock "YYYY-MM-DDTHH:mm" of `timeZone` (what a datetime-local field shows). */
export function instantToLocalDateTime(instant: Date, timeZone: string): string {
  return new Date(wallClock(instant.getTime(), timeZone)).toISOString().slice(0, 16);
}

/** Reads the bundle form from form fields (e.g. Object.fromEntries(formData)). */
export function parseBundleForm(
  fields: unknown,
): { ok: true; value: BundleFormValues } | { ok: false; errors: FieldError[] } {
  const parsed = bundleFormSchema.safeParse(isRecord(fields) ? fields : {});
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, errors: [{ field: "parts", message: BUNDLE_FORM_MESSAGES.parts }] };
}
