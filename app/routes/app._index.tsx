import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData, useRevalidator } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import {
  Banner,
  BlockStack,
  Button,
  Card,
  InlineStack,
  Layout,
  Page,
  ProgressBar,
  Spinner,
  Text,
} from "@shopify/polaris";
import { useEffect } from "react";
import { backfillOnOpen, backfillView, startBackfill, type BackfillView } from "../services/backfill.server";
import { shopOverview } from "../services/overview.server";
import { authenticate } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session, admin } = await authenticate.admin(request);
  const [overview, history] = await Promise.all([shopOverview(session.shop), backfillOnOpen(session.shop, admin)]);
  return { ...overview, history };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, admin } = await authenticate.admin(request);
  const started = await startBackfill(session.shop, admin);
  return { history: backfillView(started.job), error: started.ok ? null : started.message };
};

/** While an import runs, the page looks again every few seconds (each look also moves it along). */
const POLL_MS = 2000;

export default function Index() {
  const { activeBundles, bundles, pairings, history } = useLoaderData<typeof loader>();
  return (
    <Page>
      <TitleBar title="Attach" />
      <Layout>
        <Layout.Section>
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                Sell the products that complete what your customers buy
              </Text>
              <Text as="p">
                Bundles sell a set of products at a bundle discount. Pairings show the products that complete an anchor
                product on its page and in the cart.
              </Text>
              <Text as="p" tone="subdued">
                {bundles} bundles ({activeBundles} active) · {pairings} pairings
              </Text>
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <OrderHistoryCard history={history} />
        </Layout.Section>
      </Layout>
    </Page>
  );
}

const count = (n: number) => n.toLocaleString("en-US");

function OrderHistoryCard({ history }: { history: BackfillView }) {
  const fetcher = useFetcher<typeof action>();
  const revalidator = useRevalidator();
  const shown = fetcher.data?.history.status === "running" ? fetcher.data.history : history;
  const active = shown.active || fetcher.state !== "idle";

  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle") revalidator.revalidate();
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [active, revalidator]);

  const since = shown.since ? new Date(shown.since).toLocaleDateString("en-US", { dateStyle: "medium" }) : null;
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Order history
        </Text>
        <Text as="p" tone="subdued">
          Reports and suggestions start from your orders of the last 12 months, imported once when you install Attach.
          New orders arrive as they are placed.
        </Text>
        {shown.status === "running" && (
          <InlineStack gap="200" blockAlign="center">
            <Spinner size="small" accessibilityLabel="Gathering orders" />
            <Text as="p" id="order-history-progress">
              Shopify is gathering your orders{since ? ` since ${since}` : ""}
              {shown.ordersExpected !== null ? ` (${count(shown.ordersExpected)} orders)` : ""}…
            </Text>
          </InlineStack>
        )}
        {shown.status === "importing" && (
          <BlockStack gap="200">
            <Text as="p" id="order-history-progress">
              Importing orders: {count(shown.ordersImported)}
              {shown.ordersExpected !== null ? ` of ${count(shown.ordersExpected)}` : ""}
            </Text>
            <ProgressBar progress={shown.percent ?? 0} size="small" ariaLabelledBy="order-history-progress" />
          </BlockStack>
        )}
        {shown.status === "completed" && (
          <Text as="p" id="order-history-progress">
            Imported {count(shown.ordersImported)} orders{since ? ` placed since ${since}` : ""}.
          </Text>
        )}
        {shown.status === "failed" && shown.error && (
          <Banner tone="critical" title="The order history import stopped">
            <p>{shown.error}</p>
          </Banner>
        )}
        {fetcher.data?.error && (
          <Banner tone="warning">
            <p>{fetcher.data.error}</p>
          </Banner>
        )}
        <InlineStack>
          <fetcher.Form method="post">
            <Button submit disabled={active} loading={fetcher.state !== "idle"}>
              {shown.status === "none" ? "Import order history" : "Import again"}
            </Button>
          </fetcher.Form>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}
