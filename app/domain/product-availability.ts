// Whether a product can still be offered, and how an offer that uses one that cannot reads to merchants.
// Shopify sells a product only while it is active and has a variant available for sale: a bundle with a
// part that cannot be sold is left off the storefront and out of the discount Function's rules, a pairing
// drops the complements that cannot be sold (and is left out when its anchor cannot), and each is marked
// for the merchant's attention until the product is back.

export type ProductProblem = "deleted" | "inactive" | "unavailable";

export interface ProductSaleState {
  status: "ACTIVE" | "ARCHIVED" | "DRAFT";
  /** Some variant is available for sale; null when not known (the product has more variants than were read). */
  anyVariantAvailable: boolean | null;
}

/** What stops the product being sold; `undefined` state: Shopify no longer has the product. */
export function productProblem(state: ProductSaleState | undefined): ProductProblem | null {
  if (!state) return "deleted";
  if (state.status !== "ACTIVE") return "inactive";
  if (state.anyVariantAvailable === false) return "unavailable";
  return null;
}

const WHAT: Record<ProductProblem, string> = {
  deleted: "was deleted in Shopify",
  inactive: "is no longer active in Shopify",
  unavailable: "has no variant available for sale in Shopify",
};

export interface ProblemProduct {
  productId: string;
  /** The product's title, or its last known one once deleted; null when nobody knows it any more. */
  title: string | null;
  problem: ProductProblem;
}

function name(product: ProblemProduct, offer: "bundle" | "pairing") {
  const number = product.productId.split("/").pop();
  return product.title ?? `A product in this ${offer} (Shopify product ${number})`;
}

/** "Lens Cap was deleted in Shopify — edit or delete this bundle". */
export function bundleAttention(part: ProblemProduct): string {
  return `${name(part, "bundle")} ${WHAT[part.problem]} — edit or delete this bundle`;
}

/** The anchor cannot be sold: the pairing is left out. A complement cannot: the others are still recommended. */
export function pairingAttention(product: ProblemProduct, role: "anchor" | "complement"): string {
  const consequence =
    role === "anchor" ? "so this pairing is not shown" : "so it is no longer recommended with the others";
  return `${name(product, "pairing")} ${WHAT[product.problem]}, ${consequence} — edit or delete this pairing`;
}
