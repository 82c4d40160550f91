// One pairing: create ("new") or edit — the anchor, the ordered complements, an optional discount, a
// heading override and the status; save, delete and retry the sync.
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
import { PairingAnchorCard } from "../components/pairings/PairingAnchorCard";
import { PairingComplementsCard, type ResourceDisplay } from "../components/pairings/PairingComplementsCard";
import { SuggestedComplements } from "../components/pairings/SuggestedComplements";
import { MAX_HEADING_LENGTH, MAX_PAIRING_DISCOUNT_PERCENT } from "../domain/pairing";
import { pairingInputFromForm, parsePairingForm, type PairingFormValues } from "../domain/pairing-form";
import { firstErrorByField, isRecordId, type FieldError } from "../domain/validation";
import {
  createPairing,
  deletePairings,
  pairingEditorData,
  retryPairingSync,
  updatePairing,
} from "../services/pairings.server";
import { shopSettings } from "../services/shop-lifecycle.server";
import { authenticate } from "../shopify.server";

const notFound = () => new Response("Pairing not found", { status: 404 });

/** The pairing id of the URL: null for "new"; an id no pairing can have is not found. */
function pairingId(param: string | undefined): string | null {
  if (param === "new") return null;
  if (!param || !isRecordId(param)) throw notFound();
  return param;
}

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session, admin } = await authenticate.admin(request);
  const [editor, settings] = await Promise.all([
    pairingEditorData({ shop: session.shop, admin }, pairingId(params.id)),
    shopSettings(session.shop),
  ]);
  if (!editor) throw notFound();
  return { ...editor, defaultHeading: settings.widgetHeading };
};

type ActionResult =
  | { ok: false; errors: FieldError[] }
  | { ok: true; intent: "save"; created: boolean; id: string; sync: string; syncError: string | null }
  | { ok: true; intent: "delete" | "sync"; message: string; isError?: boolean };

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { session, admin } = await authenticate.admin(request);
  const ctx = { shop: session.shop, admin };
  const id = pairingId(params.id);
  const form = await request.formData();
  const intent = form.get("intent");

  if (intent === "save") {
    const parsed = parsePairingForm(Object.fromEntries(form));
    if (!parsed.ok) return data<ActionResult>({ ok: false, errors: parsed.errors }, { status: 400 });
    const input = pairingInputFromForm(parsed.value);
    const saved =
      id === null
        ? await createPairing(ctx, input)
        : await updatePairing(ctx, id, input, String(form.get("updatedAt") ?? ""));
    if (saved === null) throw notFound();
    if (!saved.ok) {
      // A stale edit or an anchor that already has a pairing conflicts with what is stored: 409.
      return data<ActionResult>({ ok: false, errors: saved.errors }, { status: saved.conflict ? 409 : 400 });
    }
    const { pairing } = saved;
    return data<ActionResult>({
      ok: true,
      intent,
      created: id === null,
      id: pairing.id,
      sync: pairing.sync,
      syncError: pairing.syncError,
    });
  }
  if (id === null) throw notFound();
  if (intent === "delete") {
    const { deleted, error } = await deletePairings(ctx, [id]);
    if (error) return data<ActionResult>({ ok: true, intent, message: error, isError: true });
    if (deleted.length === 0) throw notFound();
    return data<ActionResult>({ ok: true, intent, message: "Pairing deleted" });
  }
  if (intent === "sync") {
    const sync = await retryPairingSync(ctx, [id]);
    if (!sync) throw notFound();
    const state = sync.pairings[id];
    return data<ActionResult>({
      ok: true,
      intent,
      message: state?.status === "failed" ? state.error : "Published to Shopify",
      isError: state?.status === "failed",
    });
  }
  return data<ActionResult>({ ok: false, errors: [{ field: "form", message: "Unknown action" }] }, { status: 400 });
};

// After a delete the pairing is gone: do not reload it (the page navigates back to the list).
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionResult, defaultShouldRevalidate }) => {
  const result = actionResult as ActionResult | undefined;
  return result?.ok && result.intent === "delete" && !result.isError ? false : defaultShouldRevalidate;
};

const STATUSES = [
  { label: "Active", value: "active" },
  { label: "Paused", value: "paused" },
];

type ActionFetcher = ReturnType<typeof useFetcher<typeof action>>;
type Editor = ReturnType<typeof useLoaderData<typeof loader>>;

export default function PairingEditor() {
  const editor = useLoaderData<typeof loader>();
  const shopify = useAppBridge();
  const navigate = useNavigate();
  // The fetchers live here, above the form that is recreated for every saved version.
  const save = useFetcher<typeof action>();
  const other = useFetcher<typeof action>();

  useSaveAnswer(save, { noun: "Pairing", basePath: "/app/pairings" });

  useEffect(() => {
    const result = other.data;
    if (other.state !== "idle" || !result?.ok || result.intent === "save") return;
    shopify.toast.show(result.message, { isError: result.isError });
    if (result.intent === "delete" && !result.isError) navigate("/app/pairings");
    // Once per answer.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [other.state, other.data]);

  // A fresh form for each saved version: after a save the loader brings the new updatedAt.
  return <PairingForm key={editor.pairing?.updatedAt ?? "new"} editor={editor} save={save} other={other} />;
}

function PairingForm({ editor, save, other }: { editor: Editor; save: ActionFetcher; other: ActionFetcher }) {
  const { pairing } = editor;
  const [form, setForm] = useState<PairingFormValues>(editor.form);
  const [display, setDisplay] = useState<Record<string, ResourceDisplay>>(() =>
    Object.fromEntries(
      Object.entries(editor.resources).map(([id, r]) => [id, { title: r.title, imageUrl: r.imageUrl }]),
    ),
  );
  const [confirmDelete, setConfirmDelete] = useState(false);
  const dirty = JSON.stringify(form) !== JSON.stringify(editor.form);
  const saving = save.state !== "idle";
  const errors = useMemo(() => firstErrorByField(save.data && !save.data.ok ? save.data.errors : []), [save.data]);

  const set = <K extends keyof PairingFormValues>(key: K, value: PairingFormValues[K]) =>
    setForm((current) => ({ ...current, [key]: value }));
  const remember = (picked: Record<string, ResourceDisplay>) => setDisplay((current) => ({ ...current, ...picked }));

  const submitSave = () => {
    const body = new FormData();
    body.set("intent", "save");
    for (const [key, value] of Object.entries(form)) {
      body.set(key, key === "complements" ? JSON.stringify(value) : String(value));
    }
    if (pairing) body.set("updatedAt", pairing.updatedAt);
    save.submit(body, { method: "post" });
  };
  const submitOther = (intent: "delete" | "sync") => other.submit({ intent }, { method: "post" });
  const discard = () => setForm(editor.form);
  const anchorTitle = pairing ? (pairing.anchorTitle ?? `Deleted ${pairing.anchorType}`) : null;

  return (
    <Page>
      <TitleBar title={anchorTitle ? `Pairing for ${anchorTitle}` : "Create pairing"} />
      <SaveBar id="pairing-save-bar" open={dirty}>
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
          <Banner tone="critical" title="The pairing was not saved">
            <p>{errors.form}</p>
          </Banner>
        ) : null}
        {pairing ? (
          <InlineStack gap="200" blockAlign="center">
            <BundleStatusBadge status={pairing.status} />
            <BundleSyncState
              sync={pairing.sync}
              error={pairing.syncError}
              onRetry={() => submitOther("sync")}
              retrying={other.state !== "idle"}
            />
          </InlineStack>
        ) : null}
        <Layout>
          <Layout.Section>
            <BlockStack gap="400">
              <PairingAnchorCard
                anchorType={form.anchorType}
                anchorId={form.anchorId}
                display={display}
                error={errors.anchor ?? errors["anchor.id"] ?? errors["anchor.type"]}
                onChange={(anchor, picked) => {
                  remember(picked);
                  setForm((current) => ({ ...current, ...anchor }));
                }}
              />
              <PairingComplementsCard
                complements={form.complements}
                display={display}
                errors={errors}
                onChange={(complements, picked) => {
                  remember(picked);
                  set("complements", complements);
                }}
              />
              {/* From order history (the suggestions issue); nothing for a collection anchor or no data. */}
              <SuggestedComplements
                anchor={form.anchorId ? { type: form.anchorType, id: form.anchorId } : null}
                complements={form.complements}
                onAdd={(productId, shown) => {
                  remember({ [productId]: shown });
                  if (!form.complements.includes(productId)) set("complements", [...form.complements, productId]);
                }}
              />
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
                  helpText="Only active pairings are shown to shoppers."
                />
              </Card>
              <Card>
                <BlockStack gap="300">
                  <TextField
                    label="Discount on the recommended products"
                    autoComplete="off"
                    inputMode="numeric"
                    suffix="%"
                    value={form.discountPercent}
                    onChange={(value) => set("discountPercent", value)}
                    error={errors.discountPercent}
                    helpText={`Optional, 1 to ${MAX_PAIRING_DISCOUNT_PERCENT}. Shoppers get it on each recommended product bought together with this one. Leave empty for no discount.`}
                  />
                  <TextField
                    label="Heading"
                    autoComplete="off"
                    value={form.heading}
                    onChange={(value) => set("heading", value)}
                    error={errors.heading}
                    maxLength={MAX_HEADING_LENGTH}
                    placeholder={editor.defaultHeading}
                    helpText="Shown above the recommendations. Leave empty to use the heading from Settings."
                  />
                </BlockStack>
              </Card>
            </BlockStack>
          </Layout.Section>
        </Layout>
        <PageActions
          primaryAction={{
            content: "Save",
            onAction: submitSave,
            loading: saving,
            disabled: !dirty && pairing !== null,
          }}
          secondaryActions={
            pairing ? [{ content: "Delete", destructive: true, onAction: () => setConfirmDelete(true) }] : []
          }
        />
      </BlockStack>
      <Modal
        open={confirmDelete}
        onClose={() => setConfirmDelete(false)}
        title="Delete this pairing?"
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
            Shoppers stop seeing these recommendations next to {anchorTitle ?? "this product"}, and checkout stops
            discounting them. This can&apos;t be undone.
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
            heading="This pairing doesn't exist"
            action={{ content: "Back to pairings", url: "/app/pairings" }}
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
