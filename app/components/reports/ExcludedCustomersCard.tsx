// Responsible targeting on the reports page: how many customers are shown no offers, under which rule, and
// the offer revenue at stake (definitions: app/domain/customer-signals.ts, exclusionSummary).
import { BlockStack, Card, InlineStack, Link, List, Text } from "@shopify/polaris";
import { EXCLUSION_KIND_LABELS, EXCLUSION_KINDS } from "../../domain/customer-signals";
import { formatMoney } from "../../domain/money";
import type { ExclusionSummary } from "../../services/customer-signals.server";

export function ExcludedCustomersCard({ summary }: { summary: ExclusionSummary }) {
  const revenue = summary.offerRevenue.map((money) => formatMoney(money)).join(" + ");
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            Customers shown no offers
          </Text>
          <Link url="/app/settings">Exclusion rules</Link>
        </InlineStack>
        <Text as="p" variant="headingLg">
          {summary.excluded === 1 ? "1 customer" : `${summary.excluded.toLocaleString("en-US")} customers`}
        </Text>
        {summary.excluded > 0 && (
          <List>
            {EXCLUSION_KINDS.filter((kind) => summary.byKind[kind] > 0).map((kind) => (
              <List.Item key={kind}>
                {EXCLUSION_KIND_LABELS[kind]}: {summary.byKind[kind].toLocaleString("en-US")}
              </List.Item>
            ))}
          </List>
        )}
        <BlockStack gap="100">
          <Text as="h3" variant="headingSm">
            Offer revenue from these customers: {revenue}
          </Text>
          <Text as="p" tone="subdued">
            What they bought through bundles and pairings (after refunds) before they were excluded: the offer revenue
            you forgo by not showing them offers. Product and cart blocks hide offers for them, and checkout gives them
            no bundle discount. A customer may match more than one rule.
          </Text>
        </BlockStack>
      </BlockStack>
    </Card>
  );
}
