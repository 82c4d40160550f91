// Where a pairing shows: one product, or every product of a collection, picked with App Bridge's resource picker.
import { useAppBridge } from "@shopify/app-bridge-react";
import { BlockStack, Button, Card, ChoiceList, InlineError, InlineStack, Text, Thumbnail } from "@shopify/polaris";
import { displayOfPicked, type PickedResource, type ResourceDisplay } from "./PairingComplementsCard";

export function PairingAnchorCard({
  anchorType,
  anchorId,
  display,
  error,
  onChange,
}: {
  anchorType: string;
  anchorId: string;
  display: Record<string, ResourceDisplay>;
  error: string | undefined;
  onChange: (anchor: { anchorType: string; anchorId: string }, picked: Record<string, ResourceDisplay>) => void;
}) {
  const shopify = useAppBridge();
  const kind = anchorType === "collection" ? "collection" : "product";
  const shown = anchorId ? display[anchorId] : undefined;

  const pick = async () => {
    const selected = (await shopify.resourcePicker({
      type: kind,
      action: "select",
      multiple: false,
      ...(kind === "product" ? { filter: { variants: false } } : {}),
      selectionIds: anchorId ? [{ id: anchorId }] : [],
    })) as unknown as PickedResource[] | undefined;
    const [resource] = selected ?? [];
    if (!resource) return;
    onChange({ anchorType: kind, anchorId: resource.id }, { [resource.id]: displayOfPicked(resource) });
  };

  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Shown with
        </Text>
        <ChoiceList
          title="Recommend these products next to"
          choices={[
            { label: "One product", value: "product" },
            { label: "Every product in a collection", value: "collection" },
          ]}
          selected={[kind]}
          onChange={([value]) => {
            if (value && value !== kind) onChange({ anchorType: value, anchorId: "" }, {});
          }}
        />
        <InlineStack gap="300" blockAlign="center" wrap={false}>
          {shown?.imageUrl ? <Thumbnail source={shown.imageUrl} alt="" size="small" /> : null}
          <Text as="span" fontWeight={anchorId ? "medium" : "regular"} tone={anchorId ? undefined : "subdued"}>
            {anchorId ? (shown?.title ?? `Deleted ${kind}`) : `No ${kind} chosen yet`}
          </Text>
          <div style={{ marginLeft: "auto" }}>
            <Button onClick={pick}>{anchorId ? `Change ${kind}` : `Choose ${kind}`}</Button>
          </div>
        </InlineStack>
        {kind === "collection" ? (
          <Text as="p" tone="subdued" variant="bodySm">
            A product with a pairing of its own shows that one instead of its collection&apos;s.
          </Text>
        ) : null}
        {error ? <InlineError message={error} fieldID="anchor" /> : null}
      </BlockStack>
    </Card>
  );
}
