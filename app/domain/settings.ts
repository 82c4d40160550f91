// The shop's settings as the merchant edits them: the widget's defaults, the bundle margin floor, the
// responsible-targeting exclusions, how the app's discount combines with others, the shop-wide pause, and
// follow-up offers (app/domain/follow-up.ts).
// The form sends text ("20", "12.5", "true"); parseSettingsForm checks it and turns it into stored values
// (percentages become basis points). Also the shop-level widget metafield the storefront can read.
import { z } from "zod";
import { MAX_HEADING_LENGTH } from "./pairing";
import { fail, fieldErrorsFromZod, hasNoControlCharacters, ok, type Result } from "./validation";

export const WIDGET_LAYOUTS = ["list", "grid"] as const;
export type WidgetLayout = (typeof WIDGET_LAYOUTS)[number];
export const MIN_WIDGET_ITEMS = 1;
export const MAX_WIDGET_ITEMS = 10;
/** Shopify's limit on a customer tag's length. */
export const MAX_TAG_LENGTH = 255;
export const MAX_EXCLUDED_TAGS = 50;
export const MAX_MIN_ORDERS = 1000;
export const MAX_FOLLOW_UP_DELAY_DAYS = 90;
export const MAX_FOLLOW_UP_VALID_DAYS = 90;
export const MAX_FOLLOW_UP_PERCENT = 90;

/** The stored defaults (prisma/schema.prisma, ShopSettings), for the settings page's explanations. */
export const SETTINGS_DEFAULTS = {
  widgetHeading: "Complete the solution",
  widgetLayout: "list",
  widgetMaxItems: 4,
  showPrices: true,
  showSavings: true,
  marginFloorBasisPoints: null,
  excludeReturnRateBasisPoints: 4000,
  excludeReturnRateMinOrders: 3,
  excludeCustomerTags: "complaint-open,vip-handle-manually",
  excludeUnprofitableCustomers: true,
  combinesWithOrderDiscounts: false,
  combinesWithProductDiscounts: false,
  combinesWithShippingDiscounts: true,
  offersPaused: false,
  followUpEnabled: false,
  followUpDelayDays: 3,
  followUpDiscountPercent: 10,
  followUpValidDays: 14,
} as const;

export const SETTINGS_MESSAGES = {
  widgetHeading: "Enter the heading shoppers see above the recommendations",
  widgetHeadingTooLong: `Keep the heading to ${MAX_HEADING_LENGTH} characters or fewer`,
  characters: "Remove the control characters (such as tabs or invisible characters) from this text",
  widgetLayout: "Choose a layout: list or grid",
  widgetMaxItems: `Products shown must be a whole number from ${MIN_WIDGET_ITEMS} to ${MAX_WIDGET_ITEMS}`,
  marginFloor: "Margin floor must be a percentage from 0 to 99.99 (at most 2 decimals), or empty for none",
  returnRate: "Return rate must be a percentage from 1 to 100 (at most 2 decimals)",
  minOrders: `Minimum orders must be a whole number from 1 to ${MAX_MIN_ORDERS}`,
  tagTooLong: `Each tag can be at most ${MAX_TAG_LENGTH} characters`,
  tooManyTags: `List at most ${MAX_EXCLUDED_TAGS} tags`,
  followUpDelayDays: `Days after delivery must be a whole number from 0 to ${MAX_FOLLOW_UP_DELAY_DAYS}`,
  followUpDiscountPercent: `Follow-up discount must be a whole percentage from 1 to ${MAX_FOLLOW_UP_PERCENT}`,
  followUpValidDays: `Days the code works must be a whole number from 1 to ${MAX_FOLLOW_UP_VALID_DAYS}`,
  toggle: (name: string) => `Choose whether to ${name}: on or off`,
} as const;

/** A percentage with at most 2 decimals ("12.5") in basis points (1250); NaN for anything else. */
export function percentToBasisPoints(text: string): number {
  const match = /^\s*(\d{1,3})(?:\.(\d{1,2}))?\s*%?\s*$/.exec(text);
  if (!match) return Number.NaN;
  return Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
}

/** 1250 → "12.5", 2000 → "20": basis points as the percentage the merchant typed. */
export function basisPointsToPercent(basisPoints: number): string {
  const whole = Math.floor(basisPoints / 100);
  const fraction = String(basisPoints % 100)
    .padStart(2, "0")
    .replace(/0+$/, "");
  return fraction ? `${whole}.${fraction}` : String(whole);
}

/** "a, b,,A" → ["a", "b"]: trimmed, empty items dropped, duplicates (Shopify tags ignore case) dropped. */
export function splitTags(text: string): string[] {
  const seen = new Set<string>();
  const tags: string[] = [];
  for (const raw of text.split(",")) {
    const tag = raw.trim();
    if (!tag || seen.has(tag.toLowerCase())) continue;
    seen.add(tag.toLowerCase());
    tags.push(tag);
  }
  return tags;
}

const text = z.string().catch("");
const toggle = (name: string) =>
  z.enum(["true", "false"], { error: SETTINGS_MESSAGES.toggle(name) }).transform((value) => value === "true");
const basisPoints = (message: string, min: number, max: number) =>
  text
    .transform(percentToBasisPoints)
    .pipe(z.number({ error: message }).min(min, { error: message }).max(max, { error: message }));
const wholeNumber = (message: string, min: number, max: number) =>
  text
    .transform((value) => (/^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN))
    .pipe(
      z.number({ error: message }).int({ error: message }).min(min, { error: message }).max(max, { error: message }),
    );

/** The settings form (every field as text) into the values stored in ShopSettings. */
export const settingsFormSchema = z.object({
  widgetHeading: text
    .transform((value) => value.trim())
    .pipe(
      z
        .string()
        .min(1, { error: SETTINGS_MESSAGES.widgetHeading })
        .max(MAX_HEADING_LENGTH, { error: SETTINGS_MESSAGES.widgetHeadingTooLong })
        .refine(hasNoControlCharacters, { error: SETTINGS_MESSAGES.characters }),
    ),
  widgetLayout: z.enum(WIDGET_LAYOUTS, { error: SETTINGS_MESSAGES.widgetLayout }),
  widgetMaxItems: wholeNumber(SETTINGS_MESSAGES.widgetMaxItems, MIN_WIDGET_ITEMS, MAX_WIDGET_ITEMS),
  showPrices: toggle("show prices"),
  showSavings: toggle("show savings"),
  // Empty: no floor.
  marginFloorBasisPoints: text.transform((value, ctx) => {
    if (value.trim() === "") return null;
    const parsed = percentToBasisPoints(value);
    if (Number.isNaN(parsed) || parsed > 9999) {
      ctx.addIssue({ code: "custom", message: SETTINGS_MESSAGES.marginFloor });
      return z.NEVER;
    }
    return parsed;
  }),
  excludeReturnRateBasisPoints: basisPoints(SETTINGS_MESSAGES.returnRate, 100, 10_000),
  excludeReturnRateMinOrders: wholeNumber(SETTINGS_MESSAGES.minOrders, 1, MAX_MIN_ORDERS),
  excludeCustomerTags: text.transform((value, ctx) => {
    const tags = splitTags(value);
    if (tags.some((tag) => tag.length > MAX_TAG_LENGTH)) {
      ctx.addIssue({ code: "custom", message: SETTINGS_MESSAGES.tagTooLong });
    }
    if (tags.length > MAX_EXCLUDED_TAGS) ctx.addIssue({ code: "custom", message: SETTINGS_MESSAGES.tooManyTags });
    if (!hasNoControlCharacters(value)) ctx.addIssue({ code: "custom", message: SETTINGS_MESSAGES.characters });
    return tags.join(",");
  }),
  excludeUnprofitableCustomers: toggle("exclude unprofitable customers"),
  combinesWithOrderDiscounts: toggle("combine with order discounts"),
  combinesWithProductDiscounts: toggle("combine with product discounts"),
  combinesWithShippingDiscounts: toggle("combine with shipping discounts"),
  offersPaused: toggle("pause all offers"),
  followUpEnabled: toggle("send follow-up offers"),
  followUpDelayDays: wholeNumber(SETTINGS_MESSAGES.followUpDelayDays, 0, MAX_FOLLOW_UP_DELAY_DAYS),
  followUpDiscountPercent: wholeNumber(SETTINGS_MESSAGES.followUpDiscountPercent, 1, MAX_FOLLOW_UP_PERCENT),
  followUpValidDays: wholeNumber(SETTINGS_MESSAGES.followUpValidDays, 1, MAX_FOLLOW_UP_VALID_DAYS),
});

export type SettingsFormValues = { [K in keyof z.input<typeof settingsFormSchema>]: string };
export type SettingsDraft = z.output<typeof settingsFormSchema>;

/** Checks the settings form; every problem is reported at once, each under its field. */
export function parseSettingsForm(fields: Record<string, unknown>): Result<SettingsDraft> {
  const parsed = settingsFormSchema.safeParse(fields);
  return parsed.success ? ok(parsed.data) : fail(fieldErrorsFromZod(parsed.error));
}

/** Stored settings as the form shows them. */
export function settingsFormFromSettings(settings: { [K in keyof SettingsDraft]: unknown }): SettingsFormValues {
  const form = {} as SettingsFormValues;
  for (const key of Object.keys(settingsFormSchema.shape) as Array<keyof SettingsDraft>) {
    const value = settings[key];
    if (key === "marginFloorBasisPoints" || key === "excludeReturnRateBasisPoints") {
      form[key] = typeof value === "number" ? basisPointsToPercent(value) : "";
    } else {
      form[key] = value === null ? "" : String(value);
    }
  }
  return form;
}

// ---------------------------------------------------------------------------------------------
// The shop-level widget metafield

/**
 * On the Shop, namespace `$app:attach`, type json: the widget defaults from the settings and the
 * shop-wide pause, `{"v":1,"heading","layout","maxItems","showPrices","showSavings","paused"}`, for the
 * theme blocks to fall back on (shop.metafields['$app:attach'].widget_settings.value).
 */
export const WIDGET_SETTINGS_METAFIELD_KEY = "widget_settings";

export interface WidgetSettingsMetafieldV1 {
  v: 1;
  heading: string;
  layout: WidgetLayout;
  maxItems: number;
  showPrices: boolean;
  showSavings: boolean;
  /** Every offer is paused: the discount Function applies none, and the blocks should show none. */
  paused: boolean;
}

export function widgetSettingsMetafield(settings: {
  widgetHeading: string;
  widgetLayout: string;
  widgetMaxItems: number;
  showPrices: boolean;
  showSavings: boolean;
  offersPaused: boolean;
}): WidgetSettingsMetafieldV1 {
  return {
    v: 1,
    heading: settings.widgetHeading,
    layout: (WIDGET_LAYOUTS as readonly string[]).includes(settings.widgetLayout)
      ? (settings.widgetLayout as WidgetLayout)
      : "list",
    maxItems: settings.widgetMaxItems,
    showPrices: settings.showPrices,
    showSavings: settings.showSavings,
    paused: settings.offersPaused,
  };
}
