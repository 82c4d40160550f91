// Admin GraphQL documents for pairing suggestions: what decides whether a product may be suggested.

/**
 * Products by id: title, status, gift card or not, and whether they can be bought (each variant's
 * availableForSale, which accounts for inventory tracking and "continue selling when out of stock"). Only
 * the first 25 variants are read, to keep the query's cost low; past them the inventory total decides.
 */
export const SUGGESTION_PRODUCTS_QUERY = `#graphql
  query AttachSuggestionProducts($ids: [ID!]!) {
    nodes(ids: $ids) {
      __typename
      ... on Product {
        id
        title
        status
        isGiftCard
        tracksInventory
        totalInventory
        variantsCount {
          count
        }
        variants(first: 25) {
          nodes {
            availableForSale
          }
        }
      }
    }
  }
`;

export interface SuggestionProductNode {
  __typename: "Product";
  id: string;
  title: string;
  status: string;
  isGiftCard: boolean;
  tracksInventory: boolean;
  totalInventory: number;
  variantsCount: { count: number } | null;
  variants: { nodes: Array<{ availableForSale: boolean }> };
}

export interface SuggestionProductsData {
  nodes: Array<SuggestionProductNode | { __typename: string } | null>;
}
