// Admin GraphQL documents about products: what a bundle's price preview, price rules and margin floor
// need, and what the offer sync reads before it writes a product's metafields.

/** Products with their variants' prices and unit costs (InventoryItem.unitCost), for pricing bundles. */
export const PRODUCT_PRICING_QUERY = `#graphql
  query AttachProductPricing($ids: [ID!]!) {
    nodes(ids: $ids) {
      __typename
      ... on Product {
        id
        title
        status
        hasOnlyDefaultVariant
        featuredMedia {
          preview {
            image {
              url
              altText
            }
          }
        }
        variants(first: 100) {
          nodes {
            id
            title
            price
            inventoryItem {
              unitCost {
                amount
                currencyCode
              }
            }
          }
        }
      }
    }
  }
`;

export interface PricingVariantNode {
  id: string;
  title: string;
  price: string;
  inventoryItem: { unitCost: { amount: string; currencyCode: string } | null } | null;
}

export interface PricingProductNode {
  __typename: "Product";
  id: string;
  title: string;
  status: "ACTIVE" | "ARCHIVED" | "DRAFT";
  hasOnlyDefaultVariant: boolean;
  featuredMedia: { preview: { image: { url: string; altText: string | null } | null } | null } | null;
  variants: { nodes: PricingVariantNode[] };
}

export interface ProductPricingData {
  nodes: Array<PricingProductNode | { __typename: string } | null>;
}

/**
 * What the offer sync needs of each product it writes: whether it exists and can be sold (status, variants),
 * its collections, its app metafields.
 */
export const PRODUCT_OFFER_STATE_QUERY = `#graphql
  query AttachProductOfferState($ids: [ID!]!, $namespace: String!) {
    nodes(ids: $ids) {
      __typename
      ... on Product {
        id
        title
        status
        variants(first: 50) {
          nodes {
            availableForSale
          }
          pageInfo {
            hasNextPage
          }
        }
        collections(first: 250) {
          nodes {
            id
          }
        }
        metafields(namespace: $namespace, first: 10) {
          nodes {
            key
            type
            value
          }
        }
      }
    }
  }
`;

export interface OfferStateProductNode {
  __typename: "Product";
  id: string;
  title: string;
  status: "ACTIVE" | "ARCHIVED" | "DRAFT";
  variants: { nodes: Array<{ availableForSale: boolean }>; pageInfo: { hasNextPage: boolean } };
  collections: { nodes: Array<{ id: string }> };
  metafields: { nodes: Array<{ key: string; type: string; value: string }> };
}

export interface ProductOfferStateData {
  nodes: Array<OfferStateProductNode | { __typename: string } | null>;
}

/** Titles of pairing anchors (products or collections), for the discount message at checkout. */
export const ANCHOR_TITLES_QUERY = `#graphql
  query AttachAnchorTitles($ids: [ID!]!) {
    nodes(ids: $ids) {
      __typename
      ... on Product {
        id
        title
      }
      ... on Collection {
        id
        title
      }
    }
  }
`;

export interface AnchorTitlesData {
  nodes: Array<{ __typename: string; id?: string; title?: string } | null>;
}
