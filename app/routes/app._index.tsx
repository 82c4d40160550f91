import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { BlockStack, Card, Layout, Page, Text } from "@shopify/polaris";
import { shopOverview } from "../services/overview.server";
import { authenticate } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return shopOverview(session.shop);
};

export default function Index() {
  const { activeBundles, bundles, pairings } = useLoaderData<typeof loader>();
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
      </Layout>
    </Page>
  );
}
