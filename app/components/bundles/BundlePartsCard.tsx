// The bundle's products: picked with App Bridge's resource picker (variants allowed), each with a quantity.
import { useAppBridge } from "@shopify/app-bridge-react";
import { BlockStack, Button, Card, InlineError, InlineStack, Text, TextField, Thumbnail } from "@shopify/polaris";
import type { BundleFormPart } from "../../domain/bundle-form";

export interface PartDisplay {
  title: string;
  variantTitle: string | null;
  imageUrl: string | null;
}

export interface PickedPart {
  part: BundleFormPart;
  display: PartDisplay;
}

interface PickerVariant {
  id?: string;
  title?: string;
}

interface PickerProduct {
  id: string;
  title: string;
  images?: Array<{ originalSrc?: string; url?: string }>;
  variants?: PickerVariant[];
  hasOnlyDefaultVariant?: boolean;
  totalVariants?: number;
}

/** One variant chosen out of several: the part is that variant; otherwise any variant of the product. */
export function partFromPicker(product: PickerProduct, quantity = "1"): PickedPart {
  const variants = product.variants ?? [];
  const only = variants.length === 1 ? variants[0] : undefined;
  const specific =
    only?.id && !product.hasOnlyDefaultVariant && (product.totalVariants ?? 2) > 1 && only.title !== "Default Title";
  const image = product.images?.[0];
  return {
    part: { productId: product.id, variantId: specific ? only.id! : null, quantity },
    display: {
      title: product.title,
      variantTitle: specific ? (only.title ?? null) : null,
      imageUrl: image?.originalSrc ?? image?.url ?? null,
    },
  };
}

export function BundlePartsCard({
  parts,
  display,
  errors,
  onChange,
}: {
  parts: BundleFormPart[];
  display: Record<string, PartDisplay>;
  errors: Record<string, string>;
  onChange: (parts: PickedPart[]) => void;
}) {
  const shopify = useAppBridge();
  const current = (): PickedPart[] =>
    parts.map((part) => ({
      part,
      display: display[part.productId] ?? { title: "Product", variantTitle: null, imageUrl: null },
    }));

  const pick = async () => {
    const selected = await shopify.resourcePicker({
      type: "product",
      action: "select",
      multiple: true,
      filter: { variants: true },
      selectionIds: parts.map((p) => ({
        id: p.productId,
        ...(p.variantId ? { variants: [{ id: p.variantId }] } : {}),
      })),
    });
    if (!selected) return;
    const quantities = new Map(parts.map((p) => [p.productId, p.quantity]));
    onChange(
      (selected as unknown as PickerProduct[]).map((product) =>
        partFromPicker(product, quantities.get(product.id) ?? "1"),
      ),
    );
  };

  const update = (index: number, quantity: string) =>
    onChange(current().map((item, i) => (i === index ? { ...item, part: { ...item.part, quantity } } : item)));
  const remove = (index: number) => onChange(current().filter((_, i) => i !== index));

  return (
    <Card>
      <BlockStack gap="400">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            Products
          </Text>
          <Button onClick={pick}>{parts.length === 0 ? "Add products" : "Change products"}</Button>
        </InlineStack>
        {parts.length === 0 ? (
          <Text as="p" tone="subdued">
            Pick two or more products that shoppers buy together. Choose a single variant to limit the bundle to it.
          </Text>
        ) : null}
        {current().map(({ part, display: shown }, index) => {
          const error =
            errors[`parts[${index}]`] ?? errors[`parts[${index}].productId`] ?? errors[`parts[${index}].variantId`];
          return (
            <BlockStack key={part.productId} gap="100">
              <InlineStack gap="300" blockAlign="center" wrap={false}>
                {shown.imageUrl ? <Thumbnail source={shown.imageUrl} alt={shown.title} size="small" /> : null}
                <BlockStack gap="050">
                  <Text as="span" fontWeight="medium">
                    {shown.title}
                  </Text>
                  <Text as="span" tone="subdued" variant="bodySm">
                    {shown.variantTitle ?? "Any variant"}
                  </Text>
                </BlockStack>
                <div style={{ marginLeft: "auto", width: "7rem" }}>
                  <TextField
                    label={`Quantity of ${shown.title}`}
                    labelHidden
                    type="number"
                    min={1}
                    max={99}
                    autoComplete="off"
                    value={part.quantity}
                    onChange={(value) => update(index, value)}
                    error={errors[`parts[${index}].quantity`]}
                  />
                </div>
                <Button
                  variant="plain"
                  tone="critical"
                  onClick={() => remove(index)}
                  accessibilityLabel={`Remove ${shown.title}`}
                >
                  Remove
                </Button>
              </InlineStack>
              {error ? <InlineError message={error} fieldID={`part-${index}`} /> : null}
            </BlockStack>
          );
        })}
        {errors.parts ? <InlineError message={errors.parts} fieldID="parts" /> : null}
      </BlockStack>
    </Card>
  );
}
