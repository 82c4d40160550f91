// Suggestions: for each product, the products customers buy with it more often than chance, with the
// evidence in words; one click adds a suggestion to the product's pairing, makes a draft bundle of the two,
// or hides the suggested product.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import {
  BlockStack,
  Box,
  Button,
  ButtonGroup,
  Card,
  EmptyState,
  IndexFilters,
  IndexTable,
  InlineStack,
  Layout,
  Page,
  Text,
  useSetIndexFiltersMode,
  type IndexFiltersProps,
} from "@shopify/polaris";
import { Fragment } from "react";
import { z } from "zod";
import { useAnswerToast, useListQuery } from "../components/list-page";
import { EMPTY_STATE_IMAGE } from "../components/bundles/empty-state-image";
import { RULE_SORTS } from "../domain/co-purchase";
import { productGid } from "../domain/shopify-id";
import { formatLift, formatShare, MIN_ORDERS_TOGETHER, RANKING_EXPLANATION, SORT_LABELS } from "../domain/suggestions";
import { fieldErrorsFromZod } from "../domain/validation";
import { addComplementToPairing } from "../services/pairings.server";
import {
  createSuggestedBundle,
  hideSuggestionProduct,
  showSuggestionProduct,
  suggestionsPage,
} from "../services/suggestions.server";
import { authenticate } from "../shopify.server";

const pageQuery = z.object({
  q: z.string().catch(""),
  sort: z.enum(RULE_SORTS).catch("lift"),
  page: z.coerce.number().int().min(1).catch(1),
});

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session, admin } = await authenticate.admin(request);
  const query = pageQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const page = await suggestionsPage(
    { shop: session.shop, admin },
    { sort: query.sort, search: query.q, page: query.page },
  );
  return { ...page, query };
};

const pairOfProducts = { anchorId: productGid, complementId: productGid };
const suggestionAction = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("pair"), ...pairOfProducts }),
    z.object({ intent: z.literal("bundle"), ...pairOfProducts }),
    z.object({ intent: z.literal("hide"), productId: productGid }),
    z.object({ intent: z.literal("show"), productId: productGid }),
  ],
  { error: "Choose what to do with the suggestion: create a pairing, create a bundle, hide or show the product" },
);

const FIELD_LABELS: Record<string, string> = {
  anchorId: "Product",
  complementId: "Suggested product",
  productId: "Product",
  intent: "Action",
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, admin } = await authenticate.admin(request);
  const parsed = suggestionAction.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) {
    const [first] = fieldErrorsFromZod(parsed.error);
    const message = first ? `${FIELD_LABELS[first.field] ?? first.field}: ${first.message}` : "Nothing to do";
    return data({ ok: false, message }, { status: 400 });
  }
  const ctx = { shop: session.shop, admin };
  const input = parsed.data;
  switch (input.intent) {
    case "pair": {
      const result = await addComplementToPairing(ctx, input.anchorId, input.complementId);
      if (!result.ok) return data({ ok: false, message: result.errors[0]!.message }, { status: 400 });
      const message = result.created ? "Pairing created" : result.added ? "Added to the pairing" : "Already paired";
      return { ok: true, message };
    }
    case "bundle": {
      const result = await createSuggestedBundle(ctx, input.anchorId, input.complementId);
      if (!result.ok) return data({ ok: false, message: result.errors[0]!.message }, { status: 400 });
      return { ok: true, message: `Draft bundle “${result.bundle.title}” created` };
    }
    case "hide":
      await hideSuggestionProduct(session.shop, input.productId);
      return { ok: true, message: "Product hidden from suggestions" };
    case "show":
      await showSuggestionProduct(session.shop, input.productId);
      return { ok: true, message: "Product shown in suggestions again" };
  }
};

const SORT_OPTIONS: IndexFiltersProps["sortOptions"] = RULE_SORTS.map((sort) => ({
  label: SORT_LABELS[sort],
  value: `${sort} desc`,
  directionLabel: "Highest first",
}));

const count = new Intl.NumberFormat("en-US");

export default function Suggestions() {
  const { orders, groups, page, pageCount, totalGroups, hidden, query } = useLoaderData<typeof loader>();
  const fetcher = useFetcher<typeof action>();
  const { mode, setMode } = useSetIndexFiltersMode();
  const { setParam, search, setSearch } = useListQuery(query.q);

  useAnswerToast(fetcher);

  const submit = (fields: Record<string, string>) => fetcher.submit(fields, { method: "post" });
  const busy = (intent: string, id: string) =>
    fetcher.state !== "idle" &&
    fetcher.formData?.get("intent") === intent &&
    (fetcher.formData?.get("complementId") === id || fetcher.formData?.get("productId") === id);

  if (orders === 0) {
    return (
      <Page>
        <TitleBar title="Suggestions" />
        <Layout>
          <Layout.Section>
            <Card>
              <EmptyState heading="No order history to learn from yet" image={EMPTY_STATE_IMAGE}>
                <p>
                  Suggestions come from your orders: once customers have bought two products together in at least{" "}
                  {MIN_ORDERS_TOGETHER} orders, more often than chance, the pair shows up here with the evidence.
                </p>
              </EmptyState>
            </Card>
          </Layout.Section>
        </Layout>
      </Page>
    );
  }

  let position = 0;
  return (
    <Page fullWidth>
      <TitleBar title="Suggestions" />
      <Layout>
        <Layout.Section>
          <Card>
            <BlockStack gap="200">
              <Text as="p">
                Products your customers buy together, from {count.format(orders)} {orders === 1 ? "order" : "orders"}{" "}
                (cancelled and fully refunded orders are left out). Products already paired, gift cards, products out of
                stock and products you hid are not suggested.
              </Text>
              <Text as="p" tone="subdued">
                {RANKING_EXPLANATION}
              </Text>
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card padding="0">
            <IndexFilters
              tabs={[]}
              selected={0}
              queryValue={search}
              queryPlaceholder="Filter by product title"
              onQueryChange={setSearch}
              onQueryClear={() => setSearch("")}
              sortOptions={SORT_OPTIONS}
              sortSelected={[`${query.sort} desc`]}
              onSort={([value]) => setParam({ sort: value ? value.split(" ")[0]! : null })}
              filters={[]}
              appliedFilters={[]}
              onClearAll={() => setSearch("")}
              hideFilters
              mode={mode}
              setMode={setMode}
              canCreateNewView={false}
              loading={fetcher.state !== "idle"}
            />
            <IndexTable
              resourceName={{ singular: "suggestion", plural: "suggestions" }}
              itemCount={groups.length}
              selectable={false}
              emptyState={
                <Box padding="400">
                  <Text as="p" tone="subdued">
                    {query.q
                      ? `No product matching “${query.q}” has suggestions.`
                      : `No two products have been bought together in at least ${MIN_ORDERS_TOGETHER} orders more ` +
                        "often than chance yet."}
                  </Text>
                </Box>
              }
              headings={[
                { title: "Suggested product" },
                { title: "Evidence" },
                { title: "Support", alignment: "end" },
                { title: "Confidence", alignment: "end" },
                { title: "Lift", alignment: "end" },
                { title: "Actions" },
              ]}
              pagination={{
                hasPrevious: page > 1,
                hasNext: page < pageCount,
                onPrevious: () => setParam({ page: String(page - 1) }),
                onNext: () => setParam({ page: String(page + 1) }),
                label: `Page ${page} of ${pageCount} · ${totalGroups} ${totalGroups === 1 ? "product" : "products"}`,
              }}
            >
              {groups.map((group) => (
                <Fragment key={group.anchor.id}>
                  <IndexTable.Row rowType="subheader" id={`anchor-${group.anchor.id}`} position={position++}>
                    <IndexTable.Cell colSpan={6} scope="colgroup" as="th" id={`anchor-${group.anchor.id}`}>
                      {`${group.anchor.title} · bought in ${count.format(group.anchor.orders)} orders`}
                    </IndexTable.Cell>
                  </IndexTable.Row>
                  {group.suggestions.map((s) => (
                    <IndexTable.Row id={`${s.anchorId} ${s.complementId}`} key={s.complementId} position={position++}>
                      <IndexTable.Cell>
                        <Text as="span" fontWeight="semibold">
                          {s.complementTitle}
                        </Text>
                      </IndexTable.Cell>
                      <IndexTable.Cell>
                        <div style={{ whiteSpace: "normal", minWidth: "18rem" }}>{s.evidence}</div>
                      </IndexTable.Cell>
                      <IndexTable.Cell>
                        <Text as="span" alignment="end" numeric>
                          {formatShare(s.support)}
                        </Text>
                      </IndexTable.Cell>
                      <IndexTable.Cell>
                        <Text as="span" alignment="end" numeric>
                          {formatShare(s.confidence)}
                        </Text>
                      </IndexTable.Cell>
                      <IndexTable.Cell>
                        <Text as="span" alignment="end" numeric>
                          {formatLift(s.lift)}
                        </Text>
                      </IndexTable.Cell>
                      <IndexTable.Cell>
                        <ButtonGroup noWrap>
                          <Button
                            size="slim"
                            variant="primary"
                            loading={busy("pair", s.complementId)}
                            accessibilityLabel={`Create pairing: ${s.complementTitle} with ${group.anchor.title}`}
                            onClick={() =>
                              submit({ intent: "pair", anchorId: s.anchorId, complementId: s.complementId })
                            }
                          >
                            Create pairing
                          </Button>
                          <Button
                            size="slim"
                            loading={busy("bundle", s.complementId)}
                            accessibilityLabel={`Create draft bundle: ${group.anchor.title} and ${s.complementTitle}`}
                            onClick={() =>
                              submit({ intent: "bundle", anchorId: s.anchorId, complementId: s.complementId })
                            }
                          >
                            Create draft bundle
                          </Button>
                          <Button
                            size="slim"
                            variant="tertiary"
                            loading={busy("hide", s.complementId)}
                            accessibilityLabel={`Hide product: ${s.complementTitle}`}
                            onClick={() => submit({ intent: "hide", productId: s.complementId })}
                          >
                            Hide product
                          </Button>
                        </ButtonGroup>
                      </IndexTable.Cell>
                    </IndexTable.Row>
                  ))}
                </Fragment>
              ))}
            </IndexTable>
          </Card>
        </Layout.Section>
        {hidden.length > 0 && (
          <Layout.Section>
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingSm">
                  Hidden from suggestions
                </Text>
                {hidden.map((product) => (
                  <InlineStack key={product.id} align="space-between" blockAlign="center">
                    <Text as="span">{product.title}</Text>
                    <Button
                      size="slim"
                      loading={busy("show", product.id)}
                      accessibilityLabel={`Show ${product.title} in suggestions again`}
                      onClick={() => submit({ intent: "show", productId: product.id })}
                    >
                      Show again
                    </Button>
                  </InlineStack>
                ))}
              </BlockStack>
            </Card>
          </Layout.Section>
        )}
      </Layout>
    </Page>
  );
}
