// Bundles: the list, with search, a status filter, sorting, pages and bulk pause / activate / delete.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useFetcher, useLoaderData, useNavigate } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import {
  Card,
  EmptyState,
  IndexFilters,
  IndexTable,
  Layout,
  Link,
  Modal,
  Page,
  Text,
  useIndexResourceState,
  useSetIndexFiltersMode,
  type IndexFiltersProps,
} from "@shopify/polaris";
import { useState } from "react";
import { z } from "zod";
import { useAnswerToast, useListQuery } from "../components/list-page";
import { BundleStatusBadge, BundleSyncState } from "../components/bundles/BundleBadges";
import { EMPTY_STATE_IMAGE } from "../components/bundles/empty-state-image";
import { MAX_TITLE_LENGTH } from "../domain/bundle";
import { hasNoControlCharacters, isRecordId } from "../domain/validation";
import {
  BUNDLE_SORTS,
  deleteBundles,
  listBundles,
  retryBundleSync,
  setBundlesStatus,
  type BundleSort,
} from "../services/bundles.server";
import { authenticate } from "../shopify.server";

const STATUS_TABS = ["all", "active", "draft", "paused"] as const;

const listQuery = z.object({
  // A search no title can match (longer than any title, or with control characters) is ignored.
  q: z.string().max(MAX_TITLE_LENGTH).refine(hasNoControlCharacters).catch(""),
  status: z.enum(STATUS_TABS).catch("all"),
  sort: z.enum(BUNDLE_SORTS).catch("updated-desc"),
  page: z.coerce.number().int().min(1).catch(1),
});

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const params = listQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const list = await listBundles(session.shop, {
    search: params.q,
    statuses: params.status === "all" ? [] : [params.status],
    sort: params.sort,
    page: params.page,
  });
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
  if (!parsed.success) return data({ ok: false, message: "Choose one or more bundles first" }, { status: 400 });
  const ctx = { shop: session.shop, admin };
  const { intent, ids } = parsed.data;
  if (intent === "delete") {
    const { deleted } = await deleteBundles(ctx, ids);
    return { ok: true, message: `${plural(deleted.length)} deleted` };
  }
  if (intent === "retry") {
    const sync = await retryBundleSync(ctx, ids);
    const failed = Object.values(sync?.bundles ?? {}).find((s) => s.status === "failed");
    return failed ? { ok: false, message: failed.error } : { ok: true, message: "Published to Shopify" };
  }
  const result = await setBundlesStatus(ctx, ids, intent === "activate" ? "active" : "paused");
  const done = `${plural(result.changed.length)} ${intent === "activate" ? "activated" : "paused"}`;
  if (result.refused.length === 0) return { ok: true, message: done };
  const [first] = result.refused;
  return {
    ok: false,
    message: `${done}. “${first?.title}” was not activated: ${first?.errors[0]?.message ?? "it needs changes"}`,
  };
};

const plural = (count: number) => `${count} ${count === 1 ? "bundle" : "bundles"}`;

const SORT_OPTIONS: IndexFiltersProps["sortOptions"] = [
  { label: "Updated", value: "updated desc", directionLabel: "Newest first" },
  { label: "Updated", value: "updated asc", directionLabel: "Oldest first" },
  { label: "Title", value: "title asc", directionLabel: "A–Z" },
  { label: "Title", value: "title desc", directionLabel: "Z–A" },
];
const sortValue = (sort: BundleSort) => (sort === "created-desc" ? "updated desc" : sort.replace("-", " "));

export default function Bundles() {
  const { bundles, total, page, pageCount, hasBundles, query } = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  const bulk = useFetcher<typeof action>();
  const { mode, setMode } = useSetIndexFiltersMode();
  const { setParam, search, setSearch } = useListQuery(query.q);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const { selectedResources, allResourcesSelected, handleSelectionChange, clearSelection } =
    useIndexResourceState(bundles);

  useAnswerToast(bulk, clearSelection);

  const submit = (intent: string, ids: readonly string[]) => {
    const form = new FormData();
    form.set("intent", intent);
    for (const id of ids) form.append("ids", id);
    bulk.submit(form, { method: "post" });
  };

  if (!hasBundles) {
    return (
      <Page>
        <TitleBar title="Bundles" />
        <Layout>
          <Layout.Section>
            <Card>
              <EmptyState
                heading="Sell products together with a bundle"
                action={{ content: "Create bundle", onAction: () => navigate("/app/bundles/new") }}
                image={EMPTY_STATE_IMAGE}
              >
                <p>
                  A bundle is a set of products shoppers buy together at a saving — say a laptop, its sleeve and a mouse
                  for 10% less. Shoppers see it on each product&apos;s page and get the saving at checkout once the
                  whole set is in their cart.
                </p>
              </EmptyState>
            </Card>
          </Layout.Section>
        </Layout>
      </Page>
    );
  }

  const selected = allResourcesSelected ? bundles.map((b) => b.id) : selectedResources;
  const tabs = STATUS_TABS.map((id) => ({
    id,
    content: id === "all" ? "All" : id[0]!.toUpperCase() + id.slice(1),
    onAction: () => {},
  }));

  return (
    <Page fullWidth>
      <TitleBar title="Bundles">
        {/* eslint-disable-next-line react/no-unknown-property -- App Bridge reads `variant` on title bar buttons */}
        <button variant="primary" onClick={() => navigate("/app/bundles/new")}>
          Create bundle
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
              queryPlaceholder="Search bundles by title"
              onQueryChange={setSearch}
              onQueryClear={() => setSearch("")}
              sortOptions={SORT_OPTIONS}
              sortSelected={[sortValue(query.sort)]}
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
              resourceName={{ singular: "bundle", plural: "bundles" }}
              itemCount={bundles.length}
              selectedItemsCount={allResourcesSelected ? "All" : selectedResources.length}
              onSelectionChange={handleSelectionChange}
              headings={[
                { title: "Bundle" },
                { title: "Status" },
                { title: "On the storefront" },
                { title: "Discount" },
              ]}
              promotedBulkActions={[
                { content: "Activate", onAction: () => submit("activate", selected) },
                { content: "Pause", onAction: () => submit("pause", selected) },
              ]}
              bulkActions={[{ content: "Delete bundles", onAction: () => setConfirmDelete(true) }]}
              pagination={{
                hasPrevious: page > 1,
                hasNext: page < pageCount,
                onPrevious: () => setParam({ page: String(page - 1) }),
                onNext: () => setParam({ page: String(page + 1) }),
                label: `Page ${page} of ${pageCount} · ${total} ${total === 1 ? "bundle" : "bundles"}`,
              }}
            >
              {bundles.map((bundle, index) => (
                <IndexTable.Row
                  id={bundle.id}
                  key={bundle.id}
                  position={index}
                  selected={selectedResources.includes(bundle.id)}
                >
                  <IndexTable.Cell>
                    <Link url={`/app/bundles/${bundle.id}`} removeUnderline dataPrimaryLink>
                      <Text as="span" fontWeight="semibold">
                        {bundle.title}
                      </Text>
                    </Link>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <BundleStatusBadge status={bundle.status} />
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <BundleSyncState
                      sync={bundle.sync}
                      error={bundle.syncError}
                      onRetry={() => submit("retry", [bundle.id])}
                      retrying={bulk.state !== "idle" && bulk.formData?.get("intent") === "retry"}
                    />
                  </IndexTable.Cell>
                  <IndexTable.Cell>{bundle.discount}</IndexTable.Cell>
                </IndexTable.Row>
              ))}
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
            Shoppers stop seeing these bundles and checkout stops discounting them. This can&apos;t be undone.
          </Text>
        </Modal.Section>
      </Modal>
    </Page>
  );
}
