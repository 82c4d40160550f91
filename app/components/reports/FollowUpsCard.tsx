// Follow-up offers on the reports page: offers scheduled, sent, redeemed and the revenue of the orders that
// redeemed them (definitions: app/domain/follow-up.ts, followUpSummary), and the CSV export of every offer.
import { BlockStack, Button, Card, InlineGrid, InlineStack, Link, Text } from "@shopify/polaris";
import { useState } from "react";
import { formatMoney } from "../../domain/money";
import type { FollowUpSummary } from "../../services/follow-up.server";

export function FollowUpsCard({ summary }: { summary: FollowUpSummary }) {
  const [failed, setFailed] = useState(false);
  const revenue =
    summary.revenue.length === 0
      ? "—"
      : summary.revenue.map(({ amount, currencyCode }) => formatMoney({ amount, currency: currencyCode })).join(" + ");
  // Downloaded with fetch, which App Bridge signs with a session token (a plain link would not be).
  const exportCsv = async () => {
    const response = await fetch("/app/follow-ups.csv");
    setFailed(!response.ok);
    if (!response.ok) return;
    const href = URL.createObjectURL(await response.blob());
    const link = document.createElement("a");
    link.href = href;
    link.download = "attach-follow-ups.csv";
    link.click();
    URL.revokeObjectURL(href);
  };
  const figure = (label: string, value: string) => (
    <BlockStack gap="100">
      <Text as="p" tone="subdued">
        {label}
      </Text>
      <Text as="p" variant="headingLg">
        {value}
      </Text>
    </BlockStack>
  );
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            Follow-up offers
          </Text>
          <Link url="/app/settings">Follow-up settings</Link>
        </InlineStack>
        <InlineGrid columns={{ xs: 2, md: 4 }} gap="400">
          {figure("Scheduled", summary.scheduled.toLocaleString("en-US"))}
          {figure("Sent", summary.sent.toLocaleString("en-US"))}
          {figure("Redeemed", summary.redeemed.toLocaleString("en-US"))}
          {figure("Revenue from redeemed codes", revenue)}
        </InlineGrid>
        <Text as="p" tone="subdued">
          All time. Scheduled: offers planned after an anchor product shipped without its complement (excluded customers
          are not counted). Sent: codes created and handed to your email tool. Revenue: the complement lines of the
          orders that used a code.
        </Text>
        <InlineStack gap="200" blockAlign="center">
          <Button onClick={() => void exportCsv()}>Export follow-up offers (CSV)</Button>
          {failed && (
            <Text as="span" tone="critical">
              The export failed. Try again.
            </Text>
          )}
        </InlineStack>
      </BlockStack>
    </Card>
  );
}
