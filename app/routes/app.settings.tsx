// Settings: the widget's defaults, the bundle margin floor, who is never targeted, how the app's discount
// combines with others, and the shop-wide pause. Saving publishes what changed to Shopify.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { SaveBar, TitleBar, useAppBridge } from "@shopify/app-bridge-react";
import {
  Banner,
  BlockStack,
  Button,
  Card,
  Checkbox,
  ChoiceList,
  Layout,
  Page,
  Text,
  TextField,
} from "@shopify/polaris";
import { useEffect, useMemo, useState } from "react";
import {
  basisPointsToPercent,
  MAX_WIDGET_ITEMS,
  MIN_WIDGET_ITEMS,
  SETTINGS_DEFAULTS,
  type SettingsFormValues,
} from "../domain/settings";
import { firstErrorByField, type FieldError } from "../domain/validation";
import { publishSettings, saveSettings, settingsEditorData } from "../services/settings.server";
import { authenticate } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return settingsEditorData(session.shop);
};

type ActionResult =
  { ok: false; errors: FieldError[] } | { ok: true; intent: "save" | "publish"; publishErrors: string[] };

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, admin } = await authenticate.admin(request);
  const ctx = { shop: session.shop, admin };
  const form = Object.fromEntries(await request.formData());
  if (form.intent === "publish") {
    const published = await publishSettings(ctx);
    return data<ActionResult>({ ok: true, intent: "publish", publishErrors: published.errors });
  }
  if (form.intent !== "save") {
    return data<ActionResult>({ ok: false, errors: [{ field: "form", message: "Unknown action" }] }, { status: 400 });
  }
  const saved = await saveSettings(ctx, form, String(form.updatedAt ?? ""));
  if (!saved.ok) {
    return data<ActionResult>({ ok: false, errors: saved.errors }, { status: saved.conflict ? 409 : 400 });
  }
  return data<ActionResult>({ ok: true, intent: "save", publishErrors: saved.published.errors });
};

const yes = (value: boolean) => (value ? "on" : "off");

export default function Settings() {
  const editor = useLoaderData<typeof loader>();
  const save = useFetcher<typeof action>();
  const shopify = useAppBridge();

  useEffect(() => {
    const result = save.data;
    if (save.state !== "idle" || !result) return;
    if (!result.ok) shopify.toast.show("The settings were not saved: fix the fields marked in red", { isError: true });
    else if (result.publishErrors.length > 0) shopify.toast.show(result.publishErrors[0]!, { isError: true });
    else shopify.toast.show(result.intent === "save" ? "Settings saved" : "Settings applied in Shopify");
    // Once per answer.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [save.state, save.data]);

  // A fresh form for each saved version: after a save the loader brings the new updatedAt.
  return <SettingsForm key={editor.updatedAt} editor={editor} save={save} />;
}

function SettingsForm({
  editor,
  save,
}: {
  editor: ReturnType<typeof useLoaderData<typeof loader>>;
  save: ReturnType<typeof useFetcher<typeof action>>;
}) {
  const [form, setForm] = useState<SettingsFormValues>(editor.form);
  const dirty = JSON.stringify(form) !== JSON.stringify(editor.form);
  const saving = save.state !== "idle";
  const errors = useMemo(() => firstErrorByField(save.data && !save.data.ok ? save.data.errors : []), [save.data]);
  const publishErrors = save.data?.ok ? save.data.publishErrors : [];

  const set = (key: keyof SettingsFormValues) => (value: string) =>
    setForm((current) => ({ ...current, [key]: value }));
  const toggle = (key: keyof SettingsFormValues) => (checked: boolean) => set(key)(String(checked));
  const checked = (key: keyof SettingsFormValues) => form[key] === "true";

  const submit = (intent: "save" | "publish") => {
    const body = new FormData();
    body.set("intent", intent);
    if (intent === "save") {
      for (const [key, value] of Object.entries(form)) body.set(key, value);
      body.set("updatedAt", editor.updatedAt);
    }
    save.submit(body, { method: "post" });
  };

  return (
    <Page>
      <TitleBar title="Settings" />
      <SaveBar id="settings-save-bar" open={dirty}>
        {/* eslint-disable-next-line react/no-unknown-property -- App Bridge reads `variant` and `loading` */}
        <button variant="primary" onClick={() => submit("save")} disabled={saving} loading={saving ? "" : undefined}>
          Save
        </button>
        <button onClick={() => setForm(editor.form)} disabled={saving}>
          Discard
        </button>
      </SaveBar>
      <BlockStack gap="500">
        {errors.form ? (
          <Banner tone="critical" title="The settings were not saved">
            <p>{errors.form}</p>
          </Banner>
        ) : null}
        {publishErrors.length > 0 ? (
          <Banner
            tone="warning"
            title="Not applied in Shopify yet"
            action={{ content: "Retry", onAction: () => submit("publish"), loading: saving }}
          >
            {publishErrors.map((message) => (
              <p key={message}>{message}</p>
            ))}
          </Banner>
        ) : null}
        <Layout>
          <Layout.AnnotatedSection
            id="pause"
            title="Pause all offers"
            description="One switch for the whole shop, for example during an incident or a stock problem."
          >
            <Card>
              <Checkbox
                label="Pause all offers"
                checked={checked("offersPaused")}
                onChange={toggle("offersPaused")}
                error={errors.offersPaused}
                helpText="While paused, checkout applies no bundle or pairing discount, and the storefront blocks show no offers. Your bundles and pairings are kept as they are. Default: off."
              />
            </Card>
          </Layout.AnnotatedSection>

          <Layout.AnnotatedSection
            id="widget"
            title="Storefront widget"
            description="Defaults for the Attach blocks in your theme, used where a block doesn't set its own."
          >
            <Card>
              <BlockStack gap="400">
                <TextField
                  label="Heading"
                  autoComplete="off"
                  value={form.widgetHeading}
                  onChange={set("widgetHeading")}
                  error={errors.widgetHeading}
                  helpText={`Shown above the recommendations; a pairing can override it. Default: “${SETTINGS_DEFAULTS.widgetHeading}”.`}
                />
                <ChoiceList
                  title="Layout"
                  choices={[
                    { label: "List: one product per row", value: "list" },
                    { label: "Grid: products side by side", value: "grid" },
                  ]}
                  selected={[form.widgetLayout]}
                  onChange={([value]) => set("widgetLayout")(value ?? "list")}
                  error={errors.widgetLayout}
                />
                <TextField
                  label="Products shown"
                  type="number"
                  min={MIN_WIDGET_ITEMS}
                  max={MAX_WIDGET_ITEMS}
                  autoComplete="off"
                  value={form.widgetMaxItems}
                  onChange={set("widgetMaxItems")}
                  error={errors.widgetMaxItems}
                  helpText={`At most this many recommended products, ${MIN_WIDGET_ITEMS} to ${MAX_WIDGET_ITEMS}. Default: ${SETTINGS_DEFAULTS.widgetMaxItems}.`}
                />
                <Checkbox
                  label="Show prices"
                  checked={checked("showPrices")}
                  onChange={toggle("showPrices")}
                  error={errors.showPrices}
                  helpText={`Each product's price and the total. Default: ${yes(SETTINGS_DEFAULTS.showPrices)}.`}
                />
                <Checkbox
                  label="Show savings"
                  checked={checked("showSavings")}
                  onChange={toggle("showSavings")}
                  error={errors.showSavings}
                  helpText={`How much shoppers save with a bundle or pairing discount (needs prices). Default: ${yes(SETTINGS_DEFAULTS.showSavings)}.`}
                />
              </BlockStack>
            </Card>
          </Layout.AnnotatedSection>

          <Layout.AnnotatedSection
            id="margin"
            title="Margin floor"
            description="Protects your margin: the lowest margin any product may keep inside a bundle."
          >
            <Card>
              <TextField
                label="Minimum margin"
                autoComplete="off"
                inputMode="decimal"
                suffix="%"
                value={form.marginFloorBasisPoints}
                onChange={set("marginFloorBasisPoints")}
                error={errors.marginFloorBasisPoints}
                helpText="A bundle that would sell a product below this margin (from its unit cost in Shopify) can't be saved or activated; existing bundles are checked when next saved or activated. Leave empty for no floor (the default)."
              />
            </Card>
          </Layout.AnnotatedSection>

          <Layout.AnnotatedSection
            id="targeting"
            title="Who never sees offers"
            description="Responsible targeting: customers matching any rule are shown no offers and get no bundle discount."
          >
            <Card>
              <BlockStack gap="400">
                <TextField
                  label="Return rate above"
                  autoComplete="off"
                  inputMode="decimal"
                  suffix="%"
                  value={form.excludeReturnRateBasisPoints}
                  onChange={set("excludeReturnRateBasisPoints")}
                  error={errors.excludeReturnRateBasisPoints}
                  helpText={`Customers who returned or were refunded more than this share of what they ordered. Default: ${basisPointsToPercent(SETTINGS_DEFAULTS.excludeReturnRateBasisPoints)}%.`}
                />
                <TextField
                  label="Only after this many orders"
                  type="number"
                  min={1}
                  autoComplete="off"
                  value={form.excludeReturnRateMinOrders}
                  onChange={set("excludeReturnRateMinOrders")}
                  error={errors.excludeReturnRateMinOrders}
                  helpText={`The return rate counts once a customer has at least this many orders, so one return doesn't exclude a new customer. Default: ${SETTINGS_DEFAULTS.excludeReturnRateMinOrders}.`}
                />
                <TextField
                  label="Customer tags"
                  autoComplete="off"
                  value={form.excludeCustomerTags}
                  onChange={set("excludeCustomerTags")}
                  error={errors.excludeCustomerTags}
                  helpText={`Comma-separated. Customers your helpdesk has tagged with any of these, for example during an open complaint. Default: ${SETTINGS_DEFAULTS.excludeCustomerTags.split(",").join(", ")}.`}
                />
                <Checkbox
                  label="Exclude unprofitable customers"
                  checked={checked("excludeUnprofitableCustomers")}
                  onChange={toggle("excludeUnprofitableCustomers")}
                  error={errors.excludeUnprofitableCustomers}
                  helpText={`Customers whose orders, after refunds and returns, have cost you more than they brought in. Default: ${yes(SETTINGS_DEFAULTS.excludeUnprofitableCustomers)}.`}
                />
              </BlockStack>
            </Card>
          </Layout.AnnotatedSection>

          <Layout.AnnotatedSection
            id="follow-ups"
            title="Follow-up offers"
            description="A customer who bought a product without its complement gets a single-use code for the complement some days after delivery. Your email tool sends it: a Shopify Flow trigger (“Follow-up offer ready”), the customer metafield attach.follow_up_offer, or the CSV export. Excluded customers never get one."
          >
            <Card>
              <BlockStack gap="400">
                <Checkbox
                  label="Send follow-up offers"
                  checked={checked("followUpEnabled")}
                  onChange={toggle("followUpEnabled")}
                  error={errors.followUpEnabled}
                  helpText={`One offer per product bought, for the first complement of its pairing not in the order; withdrawn if the order is refunded or cancelled. Default: ${yes(SETTINGS_DEFAULTS.followUpEnabled)}.`}
                />
                <TextField
                  label="Days after delivery"
                  type="number"
                  min={0}
                  autoComplete="off"
                  value={form.followUpDelayDays}
                  onChange={set("followUpDelayDays")}
                  error={errors.followUpDelayDays}
                  helpText={`Counted from the shipment that contains the product. Default: ${SETTINGS_DEFAULTS.followUpDelayDays}.`}
                />
                <TextField
                  label="Discount on the complement"
                  type="number"
                  min={1}
                  suffix="%"
                  autoComplete="off"
                  value={form.followUpDiscountPercent}
                  onChange={set("followUpDiscountPercent")}
                  error={errors.followUpDiscountPercent}
                  helpText={`Off the complement only, for that customer only, usable once. Default: ${SETTINGS_DEFAULTS.followUpDiscountPercent}%.`}
                />
                <TextField
                  label="Days the code works"
                  type="number"
                  min={1}
                  autoComplete="off"
                  value={form.followUpValidDays}
                  onChange={set("followUpValidDays")}
                  error={errors.followUpValidDays}
                  helpText={`The code expires this many days after it is sent. Default: ${SETTINGS_DEFAULTS.followUpValidDays}.`}
                />
                <Text as="p" tone="subdued" variant="bodySm">
                  Reports shows the offers sent, redeemed and their revenue, and exports every offer as CSV.
                </Text>
              </BlockStack>
            </Card>
          </Layout.AnnotatedSection>

          <Layout.AnnotatedSection
            id="combinations"
            title="Combining with other discounts"
            description="Whether a shopper who gets a bundle or pairing discount can also use your other discounts in the same order."
          >
            <Card>
              <BlockStack gap="400">
                <Checkbox
                  label="Combines with order discounts"
                  checked={checked("combinesWithOrderDiscounts")}
                  onChange={toggle("combinesWithOrderDiscounts")}
                  error={errors.combinesWithOrderDiscounts}
                  helpText={`On: a shopper with a bundle or pairing saving can also use a discount on the whole order, like a “10% off your order” code. Off: they get one or the other, not both. Default: ${yes(SETTINGS_DEFAULTS.combinesWithOrderDiscounts)}.`}
                />
                <Checkbox
                  label="Combines with product discounts"
                  checked={checked("combinesWithProductDiscounts")}
                  onChange={toggle("combinesWithProductDiscounts")}
                  error={errors.combinesWithProductDiscounts}
                  helpText={`On: a shopper can also use another product discount (a sale code, another app's discount) in the same order; each product still gets at most one product discount. Off: one or the other, not both. Default: ${yes(SETTINGS_DEFAULTS.combinesWithProductDiscounts)}.`}
                />
                <Checkbox
                  label="Combines with shipping discounts"
                  checked={checked("combinesWithShippingDiscounts")}
                  onChange={toggle("combinesWithShippingDiscounts")}
                  error={errors.combinesWithShippingDiscounts}
                  helpText={`On: a shopper keeps free or discounted shipping alongside the bundle or pairing saving. Off: one or the other, not both. Default: ${yes(SETTINGS_DEFAULTS.combinesWithShippingDiscounts)}.`}
                />
                <Text as="p" tone="subdued" variant="bodySm">
                  Discounts only combine when both allow it: check your other discounts&apos; combination settings too.
                </Text>
              </BlockStack>
            </Card>
          </Layout.AnnotatedSection>
        </Layout>
        <BlockStack inlineAlign="end">
          <Button variant="primary" onClick={() => submit("save")} loading={saving} disabled={!dirty}>
            Save
          </Button>
        </BlockStack>
      </BlockStack>
    </Page>
  );
}
