// Admin GraphQL documents for pairings: how anchors and complements look in the admin, and the search
// that finds pairings by their anchor's title.

/** Products (with their image) and collections by id, with their titles: a pairing's anchor and complements. */
export const PAIRING_RESOURCES_QUERY = `#graphql
  query AttachPairingResources($ids: [ID!]!) {
    nodes(ids: $ids) {
      __typename
      ... on Product {
        id
        title
        featuredMedia {
          preview {
            image {
              url
              altText
            }
          }
        }
      }
      ... on Collection {
        id
        title
      }
    }
  }
`;

export interface PairingResourceProductNode {
  __typename: "Product";
  id: string;
  title: string;
  featuredMedia: { preview: { image: { url: string; altText: string | null } | null } | null } | null;
}

export interface PairingResourceCollectionNode {
  __typename: "Collection";
  id: string;
  title: string;
}

export interface PairingResourcesData {
  nodes: Array<PairingResourceProductNode | PairingResourceCollectionNode | { __typename: string } | null>;
}

/** Products and collections whose title matches a search (Shopify's search syntax), for the pairings list. */
export const PAIRING_ANCHOR_SEARCH_QUERY = `#graphql
  query AttachPairingAnchorSearch($query: String!, $first: Int!) {
    products(first: $first, query: $query) {
      nodes {
        id
      }
    }
    collections(first: $first, query: $query) {
      nodes {
        id
      }
    }
  }
`;

export interface PairingAnchorSearchData {
  products: { nodes: Array<{ id: string }> };
  collections: { nodes: Array<{ id: string }> };
}
