// One bundle: create ("new") or edit, with the live price preview; save, duplicate and delete.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import {
  isRouteErrorResponse,
  useFetcher,
  useLoaderData,
  useNavigate,
  useRouteError,
  type ShouldRevalidateFunction,
} from "@remix-run/react";
import { SaveBar, TitleBar, useAppBridge } from "@shopify/app-bridge-react";
import {
  Banner,
  BlockStack,
  Card,
  ChoiceList,
  EmptyState,
  InlineStack,
  Layout,
  Modal,
  Page,
  PageActions,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { useEffect, useMemo, useState } from "react";
import { useSaveAnswer } from "../components/editor-page";
import { BundleStatusBadge, BundleSyncState } from "../components/bundles/BundleBadges";
import { EMPTY_STATE_IMAGE } from "../components/bundles/empty-state-image";
import { BundlePartsCard, type PartDisplay, type PickedPart } from "../components/bundles/BundlePartsCard";
import { BundlePricePreview } from "../components/bundles/BundlePricePreview";
import { MATCH_MODE_LABELS, parseBundleForm, type BundleFormValues } from "../domain/bundle-form";
import { firstErrorByField, isRecordId, type FieldError } from "../domain/validation";
import {
  bundleEditorData,
  createBundle,
  deleteBundles,
  duplicateBundle,
  retryBundleSync,
  updateBundle,
  type BundlePreview,
} from "../services/bundles.server";
import { authenticate } from "../shopify.server";

const notFound = () => new Response("Bundle not found", { status: 404 });

/** The bundle id of the URL: null for "new"; an id no bundle can have is not found. */
function bundleId(param: string | undefined): string | null {
  if (param === "new") return null;
  if (!param || !isRecordId(param)) throw notFound();
  return param;
}

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session, admin } = await authenticate.admin(request);
  const editor = await bundleEditorData({ shop: session.shop, admin }, bundleId(params.id));
  if (!editor) throw notFound();
  return editor;
};

type ActionResult =
  | { ok: false; errors: FieldError[] }
  | { ok: true; intent: "save"; created: boolean; id: string; sync: string; syncError: string | null }
  | { ok: true; intent: "delete" | "duplicate" | "sync"; id: string | null; message: string; isError?: boolean };

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { session, admin } = await authenticate.admin(request);
  const ctx = { shop: session.shop, admin };
  const id = bundleId(params.id);
  const form = await request.formData();
  const intent = form.get("intent");

  if (intent === "save") {
    const parsed = parseBundleForm(Object.fromEntries(form));
    if (!parsed.ok) return data<ActionResult>({ ok: false, errors: parsed.errors }, { status: 400 });
    const saved =
      id === null
        ? await createBundle(ctx, parsed.value)
        : await updateBundle(ctx, id, parsed.value, String(form.get("updatedAt") ?? ""));
    if (saved === null) throw notFound();
    if (!saved.ok) return data<ActionResult>({ ok: false, errors: saved.errors }, { status: 400 });
    const { bundle } = saved;
    return data<ActionResult>({
      ok: true,
      intent,
      created: id === null,
      id: bundle.id,
      sync: bundle.sync,
      syncError: bundle.syncError,
    });
  }
  if (id === null) throw notFound();
  if (intent === "delete") {
    const { deleted } = await deleteBundles(ctx, [id]);
    if (deleted.length === 0) throw notFound();
    return data<ActionResult>({ ok: true, intent, id: null, message: "Bundle deleted" });
  }
  if (intent === "duplicate") {
    const copy = await duplicateBundle(ctx, id);
    if (!copy) throw notFound();
    return data<ActionResult>({ ok: true, intent, id: copy.id, message: "Bundle duplicated as a draft" });
  }
  if (intent === "sync") {
    const sync = await retryBundleSync(ctx, [id]);
    if (!sync) throw notFound();
    const state = sync.bundles[id];
    return data<ActionResult>({
      ok: true,
      intent,
      id,
      message: state?.status === "failed" ? state.error : "Published to Shopify",
      isError: state?.status === "failed",
    });
  }
  return data<ActionResult>({ ok: false, errors: [{ field: "form", message: "Unknown action" }] }, { status: 400 });
};

// After a delete the bundle is gone: do not reload it (the page navigates back to the list).
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionResult, defaultShouldRevalidate }) =>
  (actionResult as ActionResult | undefined)?.ok && (actionResult as { intent?: string }).intent === "delete"
    ? false
    : defaultShouldRevalidate;

const DISCOUNT_KINDS = [
  { label: "Percentage off", value: "percentage" },
  { label: "Amount off the set", value: "fixed_amount_off" },
  { label: "Fixed price for the set", value: "fixed_price" },
];

const STATUSES = [
  { label: "Active", value: "active" },
  { label: "Draft", value: "draft" },
  { label: "Paused", value: "paused" },
];

type ActionFetcher = ReturnType<typeof useFetcher<typeof action>>;

export default function BundleEditor() {
  const editor = useLoaderData<typeof loader>();
  const shopify = useAppBridge();
  const navigate = useNavigate();
  // The fetchers live here, above the form that is recreated for every saved version.
  const save = useFetcher<typeof action>();
  const other = useFetcher<typeof action>();

  useSaveAnswer(save, { noun: "Bundle", basePath: "/app/bundles" });

  useEffect(() => {
    const result = other.data;
    if (other.state !== "idle" || !result?.ok || result.intent === "save") return;
    shopify.toast.show(result.message, { isError: result.isError });
    if (result.intent === "delete") navigate("/app/bundles");
    if (result.intent === "duplicate" && result.id) navigate(`/app/bundles/${result.id}`);
    // Once per answer.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [other.state, other.data]);

  // A fresh form for each saved version: after a save the loader brings the new updatedAt.
  return <BundleForm key={editor.bundle?.updatedAt ?? "new"} editor={editor} save={save} other={other} />;
}

function BundleForm({
  editor,
  save,
  other,
}: {
  editor: ReturnType<typeof useLoaderData<typeof loader>>;
  save: ActionFetcher;
  other: ActionFetcher;
}) {
  const { bundle, shop } = editor;
  const previewFetcher = useFetcher<{ preview: BundlePreview | null }>();
  const [form, setForm] = useState<BundleFormValues>(editor.form);
  const [display, setDisplay] = useState<Record<string, PartDisplay>>(() =>
    Object.fromEntries(
      (editor.preview?.lines ?? []).map((l) => [
        l.productId,
        { title: l.title, variantTitle: l.variantTitle, imageUrl: l.imageUrl },
      ]),
    ),
  );
  const [confirmDelete, setConfirmDelete] = useState(false);
  const dirty = JSON.stringify(form) !== JSON.stringify(editor.form);
  const saving = save.state !== "idle";
  const errors = useMemo(() => firstErrorByField(save.data && !save.data.ok ? save.data.errors : []), [save.data]);

  const set = <K extends keyof BundleFormValues>(key: K, value: BundleFormValues[K]) =>
    setForm((current) => ({ ...current, [key]: value }));
  const setParts = (picked: PickedPart[]) => {
    setDisplay((current) => ({ ...current, ...Object.fromEntries(picked.map((p) => [p.part.productId, p.display])) }));
    set(
      "parts",
      picked.map((p) => p.part),
    );
  };

  // The live preview follows the products and the discount.
  const pricing = JSON.stringify([form.parts, form.discountKind, form.discountValue]);
  const pristinePricing = JSON.stringify([editor.form.parts, editor.form.discountKind, editor.form.discountValue]);
  useEffect(() => {
    if (pricing === pristinePricing && previewFetcher.data === undefined) return;
    const timer = setTimeout(
      () => previewFetcher.load(`/app/bundles/preview?form=${encodeURIComponent(JSON.stringify(form))}`),
      350,
    );
    return () => clearTimeout(timer);
    // Only a change in pricing inputs asks for a new preview.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [pricing]);
  const preview = previewFetcher.data ? previewFetcher.data.preview : editor.preview;

  const submitSave = () => {
    const body = new FormData();
    body.set("intent", "save");
    for (const [key, value] of Object.entries(form)) {
      body.set(key, key === "parts" ? JSON.stringify(value) : String(value));
    }
    if (bundle) body.set("updatedAt", bundle.updatedAt);
    save.submit(body, { method: "post" });
  };
  const submitOther = (intent: "delete" | "duplicate" | "sync") => other.submit({ intent }, { method: "post" });
  const discard = () => setForm(editor.form);

  const valueLabel =
    form.discountKind === "percentage"
      ? "Percentage off"
      : form.discountKind === "fixed_price"
        ? "Price of the set"
        : "Amount off the set";

  return (
    <Page>
      <TitleBar title={bundle ? bundle.title : "Create bundle"} />
      <SaveBar id="bundle-save-bar" open={dirty}>
        {/* eslint-disable-next-line react/no-unknown-property -- App Bridge reads `variant` and `loading` */}
        <button variant="primary" onClick={submitSave} disabled={saving} loading={saving ? "" : undefined}>
          Save
        </button>
        <button onClick={discard} disabled={saving}>
          Discard
        </button>
      </SaveBar>
      <BlockStack gap="400">
        {errors.form ? (
          <Banner tone="critical" title="The bundle was not saved">
            <p>{errors.form}</p>
          </Banner>
        ) : null}
        {bundle ? (
          <InlineStack gap="200" blockAlign="center">
            <BundleStatusBadge status={bundle.status} />
            <BundleSyncState
              sync={bundle.sync}
              error={bundle.syncError}
              onRetry={() => submitOther("sync")}
              retrying={other.state !== "idle"}
            />
          </InlineStack>
        ) : null}
        <Layout>
          <Layout.Section>
            <BlockStack gap="400">
              <Card>
                <TextField
                  label="Title"
                  helpText="Shoppers see it on the product page and at checkout."
                  autoComplete="off"
                  value={form.title}
                  onChange={(value) => set("title", value)}
                  error={errors.title}
                  maxLength={100}
                />
              </Card>
              <BundlePartsCard parts={form.parts} display={display} errors={errors} onChange={setParts} />
              <Card>
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">
                    Discount
                  </Text>
                  <InlineStack gap="300" wrap={false}>
                    <Select
                      label="Discount type"
                      options={DISCOUNT_KINDS}
                      value={form.discountKind}
                      onChange={(value) => set("discountKind", value)}
                      error={
                        errors["discount.kind"] ??
                        (errors.discount && !errors["discount.value"] ? errors.discount : undefined)
                      }
                    />
                    <TextField
                      label={valueLabel}
                      autoComplete="off"
                      inputMode="decimal"
                      value={form.discountValue}
                      onChange={(value) => set("discountValue", value)}
                      suffix={form.discountKind === "percentage" ? "%" : shop.currencyCode}
                      error={errors["discount.value"]}
                    />
                  </InlineStack>
                </BlockStack>
              </Card>
              <BundlePricePreview preview={preview} loading={previewFetcher.state !== "idle"} />
            </BlockStack>
          </Layout.Section>
          <Layout.Section variant="oneThird">
            <BlockStack gap="400">
              <Card>
                <Select
                  label="Status"
                  options={STATUSES}
                  value={form.status}
                  onChange={(value) => set("status", value)}
                  error={errors.status}
                  helpText="Only active bundles are shown to shoppers."
                />
              </Card>
              <Card>
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">
                    Schedule
                  </Text>
                  <TextField
                    label="Starts"
                    type="datetime-local"
                    autoComplete="off"
                    value={form.startsAt}
                    onChange={(value) => set("startsAt", value)}
                    error={errors.startsAt}
                  />
                  <TextField
                    label="Ends"
                    type="datetime-local"
                    autoComplete="off"
                    value={form.endsAt}
                    onChange={(value) => set("endsAt", value)}
                    error={errors.endsAt}
                    helpText={`Times are in the shop's time zone (${shop.timeZone}). Leave empty for no limit.`}
                  />
                </BlockStack>
              </Card>
              <Card>
                <ChoiceList
                  title="Which cart items count"
                  choices={Object.entries(MATCH_MODE_LABELS).map(([value, label]) => ({ value, label }))}
                  selected={[form.matchMode]}
                  onChange={([value]) => set("matchMode", value ?? "any")}
                  error={errors.matchMode}
                />
              </Card>
            </BlockStack>
          </Layout.Section>
        </Layout>
        <PageActions
          primaryAction={{
            content: "Save",
            onAction: submitSave,
            loading: saving,
            disabled: !dirty && bundle !== null,
          }}
          secondaryActions={
            bundle
              ? [
                  { content: "Delete", destructive: true, onAction: () => setConfirmDelete(true) },
                  { content: "Duplicate", onAction: () => submitOther("duplicate"), disabled: dirty },
                ]
              : []
          }
        />
      </BlockStack>
      <Modal
        open={confirmDelete}
        onClose={() => setConfirmDelete(false)}
        title="Delete this bundle?"
        primaryAction={{
          content: "Delete",
          destructive: true,
          loading: other.state !== "idle",
          onAction: () => {
            setConfirmDelete(false);
            submitOther("delete");
          },
        }}
        secondaryActions={[{ content: "Cancel", onAction: () => setConfirmDelete(false) }]}
      >
        <Modal.Section>
          <Text as="p">
            Shoppers stop seeing “{bundle?.title}” and checkout stops discounting it. This can&apos;t be undone.
          </Text>
        </Modal.Section>
      </Modal>
    </Page>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 404) {
    return (
      <Page>
        <Card>
          <EmptyState
            heading="This bundle doesn't exist"
            action={{ content: "Back to bundles", url: "/app/bundles" }}
            image={EMPTY_STATE_IMAGE}
          >
            <p>It may have been deleted, or the link is wrong.</p>
          </EmptyState>
        </Card>
      </Page>
    );
  }
  throw error;
}
