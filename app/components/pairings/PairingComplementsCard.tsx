// A pairing's complements, in the order shoppers see them: added with App Bridge's resource picker,
// reordered by dragging or with the Move up / Move down buttons (for keyboards and screen readers), removed.
import { useAppBridge } from "@shopify/app-bridge-react";
import { BlockStack, Button, Card, InlineError, InlineStack, Text, Thumbnail } from "@shopify/polaris";
import { useState } from "react";
import { MAX_COMPLEMENTS } from "../../domain/pairing";

export interface ResourceDisplay {
  title: string;
  imageUrl: string | null;
}

export interface PickedResource {
  id: string;
  title: string;
  images?: Array<{ originalSrc?: string; url?: string }>;
  image?: { originalSrc?: string; url?: string } | null;
}

/** How a picked product or collection is shown until the page reloads it from Shopify. */
export function displayOfPicked(resource: PickedResource): ResourceDisplay {
  const image = resource.images?.[0] ?? resource.image ?? null;
  return { title: resource.title, imageUrl: image?.originalSrc ?? image?.url ?? null };
}

/** `list` with the item at `from` moved to `to`. */
export function moveItem<T>(list: readonly T[], from: number, to: number): T[] {
  if (from === to || from < 0 || to < 0 || from >= list.length || to >= list.length) return [...list];
  const next = [...list];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item as T);
  return next;
}

export function PairingComplementsCard({
  complements,
  display,
  errors,
  onChange,
}: {
  complements: string[];
  display: Record<string, ResourceDisplay>;
  errors: Record<string, string>;
  onChange: (complements: string[], picked: Record<string, ResourceDisplay>) => void;
}) {
  const shopify = useAppBridge();
  const [dragging, setDragging] = useState<number | null>(null);
  const titleOf = (id: string) => display[id]?.title ?? "Deleted product";

  const add = async () => {
    const selected = (await shopify.resourcePicker({
      type: "product",
      action: "add",
      multiple: true,
      filter: { variants: false },
      selectionIds: complements.map((id) => ({ id })),
    })) as unknown as PickedResource[] | undefined;
    if (!selected) return;
    const chosen = new Set(selected.map((r) => r.id));
    // Products kept stay where the merchant put them; new ones go at the end, in the picker's order.
    const kept = complements.filter((id) => chosen.has(id));
    const added = selected.map((r) => r.id).filter((id) => !complements.includes(id));
    onChange([...kept, ...added], Object.fromEntries(selected.map((r) => [r.id, displayOfPicked(r)])));
  };
  const move = (from: number, to: number) => onChange(moveItem(complements, from, to), {});
  const remove = (index: number) =>
    onChange(
      complements.filter((_, i) => i !== index),
      {},
    );

  return (
    <Card>
      <BlockStack gap="400">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            Recommended products
          </Text>
          <Button onClick={add}>{complements.length === 0 ? "Add products" : "Change products"}</Button>
        </InlineStack>
        <Text as="p" tone="subdued">
          Shoppers see them in this order, up to {MAX_COMPLEMENTS}. Drag a product, or use Move up and Move down, to
          reorder.
        </Text>
        <ol aria-label="Recommended products, in order" style={{ listStyle: "none", margin: 0, padding: 0 }}>
          {complements.map((id, index) => {
            const title = titleOf(id);
            const imageUrl = display[id]?.imageUrl;
            const error = errors[`complements[${index}]`];
            return (
              <li
                key={id}
                draggable
                data-complement={id}
                onDragStart={(event) => {
                  setDragging(index);
                  event.dataTransfer.effectAllowed = "move";
                  event.dataTransfer.setData("text/plain", String(index));
                }}
                onDragOver={(event) => {
                  if (dragging === null) return;
                  event.preventDefault();
                  event.dataTransfer.dropEffect = "move";
                }}
                onDrop={(event) => {
                  event.preventDefault();
                  if (dragging !== null) move(dragging, index);
                  setDragging(null);
                }}
                onDragEnd={() => setDragging(null)}
                style={{
                  padding: "var(--p-space-200) 0",
                  borderTop: index === 0 ? undefined : "var(--p-border-width-025) solid var(--p-color-border)",
                  opacity: dragging === index ? 0.5 : 1,
                  cursor: "grab",
                }}
              >
                <BlockStack gap="100">
                  <InlineStack gap="300" blockAlign="center" wrap={false}>
                    <span aria-hidden="true" style={{ color: "var(--p-color-icon-secondary)" }}>
                      ⠿
                    </span>
                    <Text as="span" tone="subdued">
                      {index + 1}.
                    </Text>
                    {imageUrl ? <Thumbnail source={imageUrl} alt="" size="small" /> : null}
                    <Text as="span" fontWeight="medium">
                      {title}
                    </Text>
                    <div style={{ marginLeft: "auto" }}>
                      <InlineStack gap="200" wrap={false}>
                        <Button
                          size="slim"
                          onClick={() => move(index, index - 1)}
                          disabled={index === 0}
                          accessibilityLabel={`Move ${title} up`}
                        >
                          Move up
                        </Button>
                        <Button
                          size="slim"
                          onClick={() => move(index, index + 1)}
                          disabled={index === complements.length - 1}
                          accessibilityLabel={`Move ${title} down`}
                        >
                          Move down
                        </Button>
                        <Button
                          variant="plain"
                          tone="critical"
                          onClick={() => remove(index)}
                          accessibilityLabel={`Remove ${title}`}
                        >
                          Remove
                        </Button>
                      </InlineStack>
                    </div>
                  </InlineStack>
                  {error ? <InlineError message={error} fieldID={`complement-${index}`} /> : null}
                </BlockStack>
              </li>
            );
          })}
        </ol>
        {errors.complements ? <InlineError message={errors.complements} fieldID="complements" /> : null}
      </BlockStack>
    </Card>
  );
}
