// The shop's settings: read for the settings page, save (checked by app/domain/settings.ts, only over the
// version the merchant opened), and publish what changed to Shopify — the app's automatic discount
// (combination flags; the pause, which the discount Function honours) and the shop-level widget metafield
// (widget defaults and the pause, for the theme blocks).
import { applyExclusionSettings } from "./customer-signals.server";
import { inBackground } from "./jobs.server";
import {
  parseSettingsForm,
  settingsFormFromSettings,
  WIDGET_SETTINGS_METAFIELD_KEY,
  widgetSettingsMetafield,
  type SettingsDraft,
  type SettingsFormValues,
} from "../domain/settings";
import { OFFER_METAFIELD_NAMESPACE, OFFER_METAFIELD_TYPE } from "../domain/offer-metafields-core";
import { FORM_FIELD, type FieldError } from "../domain/validation";
import { METAFIELDS_SET_MUTATION, type MetafieldsSetData } from "../graphql/metafields";
import { SHOP_WIDGET_SETTINGS_QUERY, type ShopWidgetSettingsData } from "../graphql/settings";
import { adminRequest, describeUserErrors, ShopifyRequestError, type AdminGraphql } from "./admin-graphql.server";
import { ensureAppDiscount } from "./offer-sync.server";
import { shopSettings } from "./shop-lifecycle.server";
import { shopData } from "./shop-scope.server";

export interface SettingsServiceContext {
  shop: string;
  admin: AdminGraphql;
  now?: () => Date;
}

export const SETTINGS_SERVICE_MESSAGES = {
  stale:
    "The settings were changed somewhere else (another tab or another staff member) since you opened them, so " +
    "nothing was saved. Reload the page to see the latest settings, then make your changes again.",
  discountFailed: (reason: string) =>
    `Saved, but checkout does not have the new discount settings yet: ${reason}. Retry to apply them.`,
  widgetFailed: (reason: string) =>
    `Saved, but the storefront does not have the new widget settings yet: ${reason}. Retry to apply them.`,
} as const;

type StoredSettings = Awaited<ReturnType<typeof shopSettings>>;

export interface SettingsEditorData {
  form: SettingsFormValues;
  updatedAt: string;
}

export async function settingsEditorData(shop: string): Promise<SettingsEditorData> {
  const settings = await shopSettings(shop);
  return { form: settingsFormFromSettings(settings), updatedAt: settings.updatedAt.toISOString() };
}

/** What reached Shopify: "unchanged" when nothing it holds depends on what changed. */
export interface SettingsPublished {
  discount: "unchanged" | "applied" | "failed";
  widget: "unchanged" | "applied" | "failed";
  /** Merchant-worded reasons for the failures. */
  errors: string[];
}

export type SaveSettingsResult =
  | { ok: true; published: SettingsPublished; editor: SettingsEditorData }
  | { ok: false; errors: FieldError[]; conflict?: "stale" };

const DISCOUNT_FIELDS = [
  "combinesWithOrderDiscounts",
  "combinesWithProductDiscounts",
  "combinesWithShippingDiscounts",
  "offersPaused",
] as const satisfies ReadonlyArray<keyof SettingsDraft>;
const WIDGET_FIELDS = [
  "widgetHeading",
  "widgetLayout",
  "widgetMaxItems",
  "showPrices",
  "showSavings",
  "offersPaused",
] as const satisfies ReadonlyArray<keyof SettingsDraft>;

/** The responsible-targeting rules: changing one re-evaluates every customer of the shop. */
const TARGETING_FIELDS = [
  "excludeReturnRateBasisPoints",
  "excludeReturnRateMinOrders",
  "excludeCustomerTags",
  "excludeUnprofitableCustomers",
] as const satisfies ReadonlyArray<keyof SettingsDraft>;

const changed = (fields: ReadonlyArray<keyof SettingsDraft>, before: StoredSettings, after: SettingsDraft) =>
  fields.some((field) => before[field] !== after[field]);

/**
 * Saves the settings form over the version last updated at `expectedUpdatedAt` and publishes what changed.
 * Nothing is stored when a field is invalid or the settings changed since they were opened.
 */
export async function saveSettings(
  ctx: SettingsServiceContext,
  fields: Record<string, unknown>,
  expectedUpdatedAt: string,
): Promise<SaveSettingsResult> {
  const parsed = parseSettingsForm(fields);
  if (!parsed.ok) return { ok: false, errors: parsed.errors };
  const draft = parsed.value;
  const current = await shopSettings(ctx.shop);
  const stale: SaveSettingsResult = {
    ok: false,
    errors: [{ field: FORM_FIELD, message: SETTINGS_SERVICE_MESSAGES.stale }],
    conflict: "stale",
  };
  if (current.updatedAt.toISOString() !== expectedUpdatedAt) return stale;
  // Only the version the merchant edited may be replaced: a concurrent save changed updatedAt.
  const { count } = await shopData(ctx.shop).shopSettings.updateMany({
    where: { updatedAt: current.updatedAt },
    data: draft,
  });
  if (count !== 1) return stale;
  const published = await publishSettings(ctx, {
    discount: changed(DISCOUNT_FIELDS, current, draft),
    widget: changed(WIDGET_FIELDS, current, draft),
  });
  if (changed(TARGETING_FIELDS, current, draft)) {
    inBackground(`re-evaluate exclusions of ${ctx.shop}`, () => applyExclusionSettings(ctx));
  }
  return { ok: true, published, editor: await settingsEditorData(ctx.shop) };
}

function reason(error: unknown): string {
  return error instanceof ShopifyRequestError ? error.message : String((error as Error)?.message ?? error);
}

/** Writes the settings Shopify holds (both by default: the Retry after a failure); each write is skipped when up to date. */
export async function publishSettings(
  ctx: SettingsServiceContext,
  which: { discount: boolean; widget: boolean } = { discount: true, widget: true },
): Promise<SettingsPublished> {
  const settings = await shopSettings(ctx.shop);
  const published: SettingsPublished = { discount: "unchanged", widget: "unchanged", errors: [] };
  if (which.discount) {
    try {
      await ensureAppDiscount(ctx, settings, ctx.now?.() ?? new Date());
      published.discount = "applied";
    } catch (error) {
      published.discount = "failed";
      published.errors.push(SETTINGS_SERVICE_MESSAGES.discountFailed(reason(error)));
    }
  }
  if (which.widget) {
    try {
      await writeWidgetSettings(ctx.admin, settings);
      published.widget = "applied";
    } catch (error) {
      published.widget = "failed";
      published.errors.push(SETTINGS_SERVICE_MESSAGES.widgetFailed(reason(error)));
    }
  }
  return published;
}

/** The shop-level widget metafield, written only when its value differs from what Shopify holds. */
async function writeWidgetSettings(admin: AdminGraphql, settings: StoredSettings) {
  const key = { namespace: OFFER_METAFIELD_NAMESPACE, key: WIDGET_SETTINGS_METAFIELD_KEY };
  const { shop } = await adminRequest<ShopWidgetSettingsData>(admin, SHOP_WIDGET_SETTINGS_QUERY, key);
  const value = JSON.stringify(widgetSettingsMetafield(settings));
  if (shop.metafield?.value === value && shop.metafield.type === OFFER_METAFIELD_TYPE) return;
  const data = await adminRequest<MetafieldsSetData>(admin, METAFIELDS_SET_MUTATION, {
    metafields: [{ ...key, ownerId: shop.id, type: OFFER_METAFIELD_TYPE, value }],
  });
  const problem = describeUserErrors(data.metafieldsSet?.userErrors);
  if (problem) throw new ShopifyRequestError(problem);
}
