// "Suggested complements" for a pairing's anchor product, from order history (the Suggestions page's
// ranking and exclusions, loaded from /app/suggested-complements). Each "Add" puts the product in the
// editor's list of recommended products; nothing is saved until the pairing is. Shows nothing for a
// collection anchor, or when the order history suggests nothing.
import { useFetcher } from "@remix-run/react";
import { BlockStack, Button, Card, InlineStack, Text } from "@shopify/polaris";
import { useEffect } from "react";
import type { loader } from "../../routes/app.suggested-complements";
import type { ResourceDisplay } from "./PairingComplementsCard";

export interface SuggestedComplementsProps {
  anchor: { type: string; id: string } | null;
  complements: readonly string[];
  onAdd: (productId: string, display: ResourceDisplay) => void;
}

export function SuggestedComplements({ anchor, complements, onAdd }: SuggestedComplementsProps) {
  const fetcher = useFetcher<typeof loader>();
  const anchorProduct = anchor?.type === "product" ? anchor.id : null;

  useEffect(() => {
    if (anchorProduct) fetcher.load(`/app/suggested-complements?anchor=${encodeURIComponent(anchorProduct)}`);
    // Loads again only when the anchor changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [anchorProduct]);

  const loadedFor = fetcher.data && anchorProduct ? fetcher.data.suggestions[0]?.anchorId : undefined;
  const suggestions = (loadedFor === anchorProduct ? (fetcher.data?.suggestions ?? []) : []).filter(
    (s) => !complements.includes(s.complementId),
  );
  if (!anchorProduct || suggestions.length === 0) return null;

  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Suggested complements
        </Text>
        <Text as="p" tone="subdued">
          Products customers buy with this one more often than chance, from your order history.
        </Text>
        {suggestions.map((s) => (
          <InlineStack key={s.complementId} align="space-between" blockAlign="center" gap="300" wrap={false}>
            <BlockStack gap="050">
              <Text as="span" fontWeight="medium">
                {s.complementTitle}
              </Text>
              <Text as="span" tone="subdued">
                {s.evidence}
              </Text>
            </BlockStack>
            <Button
              size="slim"
              accessibilityLabel={`Add ${s.complementTitle}`}
              onClick={() => onAdd(s.complementId, { title: s.complementTitle, imageUrl: null })}
            >
              Add
            </Button>
          </InlineStack>
        ))}
      </BlockStack>
    </Card>
  );
}
