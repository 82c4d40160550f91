// The bundle editor's price preview: each part's price, the bundle price, the saving and the margin per
// part and in total — parts without a cost in Shopify are flagged, not counted as free.
import { Badge, Banner, BlockStack, Card, DataTable, InlineStack, List, Text } from "@shopify/polaris";
import type { BundlePreview } from "../../services/bundles.server";

export function BundlePricePreview({ preview, loading }: { preview: BundlePreview | null; loading: boolean }) {
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            Price preview
          </Text>
          {loading ? (
            <Text as="span" tone="subdued" variant="bodySm">
              Updating…
            </Text>
          ) : null}
        </InlineStack>
        {!preview || preview.lines.length === 0 ? (
          <Text as="p" tone="subdued">
            Add products to see what the bundle costs shoppers and what you earn on it.
          </Text>
        ) : (
          <PreviewTable preview={preview} />
        )}
      </BlockStack>
    </Card>
  );
}

function PreviewTable({ preview }: { preview: BundlePreview }) {
  const { lines, totals } = preview;
  const rows = lines.map((line) => [
    <BlockStack key="name" gap="050">
      <Text as="span" fontWeight="medium">
        {line.title}
      </Text>
      {line.variantTitle ? (
        <Text as="span" tone="subdued" variant="bodySm">
          {line.variantTitle}
        </Text>
      ) : null}
    </BlockStack>,
    line.quantity ?? "–",
    line.unitPrice ?? "–",
    line.bundlePrice ?? "–",
    line.costKnown ? (line.cost ?? "–") : <Badge tone="attention">No cost in Shopify</Badge>,
    line.margin ? `${line.margin} (${line.marginPercent ?? "–"})` : "–",
  ]);
  return (
    <BlockStack gap="300">
      <DataTable
        columnContentTypes={["text", "numeric", "numeric", "numeric", "numeric", "numeric"]}
        headings={["Product", "Qty", "Unit price", "In the bundle", "Cost", "Margin"]}
        rows={rows}
      />
      {totals ? (
        <BlockStack gap="100">
          <Figure label="Bought separately" value={totals.fullPrice} />
          <Figure label="Bundle price" value={totals.bundlePrice} strong />
          <Figure label="Shoppers save" value={totals.saving} />
          <Figure
            label={preview.unknownCostCount > 0 ? "Margin (products with a known cost)" : "Margin"}
            value={`${totals.margin}${totals.marginPercent ? ` (${totals.marginPercent})` : ""}`}
          />
          {preview.marginFloor ? (
            <Text as="p" tone="subdued" variant="bodySm">
              Your margin floor: {preview.marginFloor} on every product of a bundle.
            </Text>
          ) : null}
        </BlockStack>
      ) : null}
      {preview.unknownCostCount > 0 ? (
        <Banner tone="warning">
          <p>
            {preview.unknownCostCount === 1 ? "One product has" : `${preview.unknownCostCount} products have`} no cost
            in Shopify, so its margin is unknown and not counted. Add the cost per item in the product&apos;s inventory
            settings to check it.
          </p>
        </Banner>
      ) : null}
      {preview.errors.length > 0 ? (
        <Banner tone="critical" title="This bundle can't be saved as it is">
          <List>
            {preview.errors.map((error) => (
              <List.Item key={`${error.field}:${error.message}`}>{error.message}</List.Item>
            ))}
          </List>
        </Banner>
      ) : null}
    </BlockStack>
  );
}

function Figure({ label, value, strong }: { label: string; value: string; strong?: boolean }) {
  return (
    <InlineStack align="space-between">
      <Text as="span" fontWeight={strong ? "semibold" : "regular"}>
        {label}
      </Text>
      <Text as="span" fontWeight={strong ? "semibold" : "regular"}>
        {value}
      </Text>
    </InlineStack>
  );
}
