// Pairings: the list, with search, a status filter, sorting, pages and bulk pause / activate / delete.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useFetcher, useLoaderData, useNavigate } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import {
  BlockStack,
  Card,
  EmptyState,
  IndexFilters,
  IndexTable,
  InlineStack,
  Layout,
  Link,
  Modal,
  Page,
  Text,
  Thumbnail,
  useIndexResourceState,
  useSetIndexFiltersMode,
  type IndexFiltersProps,
} from "@shopify/polaris";
import { useState } from "react";
import { z } from "zod";
import { useAnswerToast, useListQuery } from "../components/list-page";
import { hasNoControlCharacters, isRecordId } from "../domain/validation";
import { BundleStatusBadge, BundleSyncState } from "../components/bundles/BundleBadges";
import { EMPTY_STATE_IMAGE } from "../components/bundles/empty-state-image";
import {
  deletePairings,
  listPairings,
  PAIRING_SORTS,
  retryPairingSync,
  setPairingsStatus,
} from "../services/pairings.server";
import { authenticate } from "../shopify.server";

const MAX_SEARCH_LENGTH = 255;

const STATUS_TABS = ["all", "active", "paused"] as const;

const listQuery = z.object({
  // A search no anchor title (Shopify: at most 255 characters) or heading can match (longer than any heading, or with control characters) is ignored.
  q: z.string().max(MAX_SEARCH_LENGTH).refine(hasNoControlCharacters).catch(""),
  status: z.enum(STATUS_TABS).catch("all"),
  sort: z.enum(PAIRING_SORTS).catch("updated-desc"),
  page: z.coerce.number().int().min(1).catch(1),
});

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session, admin } = await authenticate.admin(request);
  const params = listQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const list = await listPairings(
    { shop: session.shop, admin },
    {
      search: params.q,
      statuses: params.status === "all" ? [] : [params.status],
      sort: params.sort,
      page: params.page,
    },
  );
  return { ...list, query: params };
};

const bulkAction = z.object({
  intent: z.enum(["activate", "pause", "delete", "retry"]),
  ids: z.array(z.string().refine(isRecordId)).min(1),
});

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, admin } = await authenticate.admin(request);
  const form = await request.formData();
  const parsed = bulkAction.safeParse({ intent: form.get("intent"), ids: form.getAll("ids") });
  if (!parsed.success) return data({ ok: false, message: "Choose one or more pairings first" }, { status: 400 });
  const ctx = { shop: session.shop, admin };
  const { intent, ids } = parsed.data;
  if (intent === "delete") {
    const { deleted, error } = await deletePairings(ctx, ids);
    return error ? { ok: false, message: error } : { ok: true, message: `${plural(deleted.length)} deleted` };
  }
  if (intent === "retry") {
    const sync = await retryPairingSync(ctx, ids);
    if (!sync) return data({ ok: false, message: "These pairings no longer exist" }, { status: 404 });
    const failed = Object.values(sync.pairings).find((s) => s.status === "failed");
    return failed ? { ok: false, message: failed.error } : { ok: true, message: "Published to Shopify" };
  }
  const { changed } = await setPairingsStatus(ctx, ids, intent === "activate" ? "active" : "paused");
  return { ok: true, message: `${plural(changed.length)} ${intent === "activate" ? "activated" : "paused"}` };
};

const plural = (count: number) => `${count} ${count === 1 ? "pairing" : "pairings"}`;

const SORT_OPTIONS: IndexFiltersProps["sortOptions"] = [
  { label: "Updated", value: "updated desc", directionLabel: "Newest first" },
  { label: "Updated", value: "updated asc", directionLabel: "Oldest first" },
  { label: "Created", value: "created desc", directionLabel: "Newest first" },
  { label: "Created", value: "created asc", directionLabel: "Oldest first" },
];

export default function Pairings() {
  const { pairings, total, page, pageCount, hasPairings, query } = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  const bulk = useFetcher<typeof action>();
  const { mode, setMode } = useSetIndexFiltersMode();
  const { setParam, search, setSearch } = useListQuery(query.q);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const { selectedResources, allResourcesSelected, handleSelectionChange, clearSelection } =
    useIndexResourceState(pairings);

  useAnswerToast(bulk, clearSelection);

  const submit = (intent: string, ids: readonly string[]) => {
    const form = new FormData();
    form.set("intent", intent);
    for (const id of ids) form.append("ids", id);
    bulk.submit(form, { method: "post" });
  };

  if (!hasPairings) {
    return (
      <Page>
        <TitleBar title="Pairings" />
        <Layout>
          <Layout.Section>
            <Card>
              <EmptyState
                heading="Recommend what completes a product"
                action={{ content: "Create pairing", onAction: () => navigate("/app/pairings/new") }}
                image={EMPTY_STATE_IMAGE}
              >
                <p>
                  A pairing shows shoppers the products that go with the one they are looking at — a case and a charger
                  next to a phone — in the order you choose, with an optional discount. Pair a single product, or every
                  product in a collection.
                </p>
              </EmptyState>
            </Card>
          </Layout.Section>
        </Layout>
      </Page>
    );
  }

  const selected = allResourcesSelected ? pairings.map((p) => p.id) : selectedResources;
  const tabs = STATUS_TABS.map((id) => ({
    id,
    content: id === "all" ? "All" : id[0]!.toUpperCase() + id.slice(1),
    onAction: () => {},
  }));

  return (
    <Page fullWidth>
      <TitleBar title="Pairings">
        {/* eslint-disable-next-line react/no-unknown-property -- App Bridge reads `variant` on title bar buttons */}
        <button variant="primary" onClick={() => navigate("/app/pairings/new")}>
          Create pairing
        </button>
      </TitleBar>
      <Layout>
        <Layout.Section>
          <Card padding="0">
            <IndexFilters
              tabs={tabs}
              selected={STATUS_TABS.indexOf(query.status)}
              onSelect={(index) => setParam({ status: STATUS_TABS[index] === "all" ? null : STATUS_TABS[index]! })}
              queryValue={search}
              queryPlaceholder="Search by product, collection or heading"
              onQueryChange={setSearch}
              onQueryClear={() => setSearch("")}
              sortOptions={SORT_OPTIONS}
              sortSelected={[query.sort.replace("-", " ")]}
              onSort={([value]) => setParam({ sort: value ? value.replace(" ", "-") : null })}
              filters={[]}
              appliedFilters={[]}
              onClearAll={() => setSearch("")}
              hideFilters
              mode={mode}
              setMode={setMode}
              canCreateNewView={false}
              loading={bulk.state !== "idle"}
            />
            <IndexTable
              resourceName={{ singular: "pairing", plural: "pairings" }}
              itemCount={pairings.length}
              selectedItemsCount={allResourcesSelected ? "All" : selectedResources.length}
              onSelectionChange={handleSelectionChange}
              headings={[
                { title: "Shown with" },
                { title: "Recommends" },
                { title: "Discount" },
                { title: "Status" },
                { title: "On the storefront" },
              ]}
              promotedBulkActions={[
                { content: "Activate", onAction: () => submit("activate", selected) },
                { content: "Pause", onAction: () => submit("pause", selected) },
              ]}
              bulkActions={[{ content: "Delete pairings", onAction: () => setConfirmDelete(true) }]}
              pagination={{
                hasPrevious: page > 1,
                hasNext: page < pageCount,
                onPrevious: () => setParam({ page: String(page - 1) }),
                onNext: () => setParam({ page: String(page + 1) }),
                label: `Page ${page} of ${pageCount} · ${plural(total)}`,
              }}
            >
              {pairings.map((pairing, index) => {
                const title = pairing.anchorTitle ?? `Deleted ${pairing.anchorType}`;
                return (
                  <IndexTable.Row
                    id={pairing.id}
                    key={pairing.id}
                    position={index}
                    selected={selectedResources.includes(pairing.id)}
                  >
                    <IndexTable.Cell>
                      <InlineStack gap="300" blockAlign="center" wrap={false}>
                        {pairing.anchorImageUrl ? (
                          <Thumbnail source={pairing.anchorImageUrl} alt="" size="small" />
                        ) : null}
                        <BlockStack gap="050">
                          <Link url={`/app/pairings/${pairing.id}`} removeUnderline dataPrimaryLink>
                            <Text as="span" fontWeight="semibold">
                              {title}
                            </Text>
                          </Link>
                          <Text as="span" tone="subdued" variant="bodySm">
                            {pairing.anchorType === "collection" ? "Every product in this collection" : "Product"}
                            {pairing.source === "suggested" ? " · from suggestions" : ""}
                          </Text>
                        </BlockStack>
                      </InlineStack>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      {pairing.complementCount} {pairing.complementCount === 1 ? "product" : "products"}
                    </IndexTable.Cell>
                    <IndexTable.Cell>{pairing.discount}</IndexTable.Cell>
                    <IndexTable.Cell>
                      <BundleStatusBadge status={pairing.status} />
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <BundleSyncState
                        sync={pairing.sync}
                        error={pairing.syncError}
                        onRetry={() => submit("retry", [pairing.id])}
                        retrying={bulk.state !== "idle" && bulk.formData?.get("intent") === "retry"}
                      />
                    </IndexTable.Cell>
                  </IndexTable.Row>
                );
              })}
            </IndexTable>
          </Card>
        </Layout.Section>
      </Layout>
      <Modal
        open={confirmDelete}
        onClose={() => setConfirmDelete(false)}
        title={`Delete ${plural(selected.length)}?`}
        primaryAction={{
          content: "Delete",
          destructive: true,
          onAction: () => {
            setConfirmDelete(false);
            submit("delete", selected);
          },
        }}
        secondaryActions={[{ content: "Cancel", onAction: () => setConfirmDelete(false) }]}
      >
        <Modal.Section>
          <Text as="p">
            Shoppers stop seeing these recommendations and checkout stops discounting them. This can&apos;t be undone.
          </Text>
        </Modal.Section>
      </Modal>
    </Page>
  );
}
